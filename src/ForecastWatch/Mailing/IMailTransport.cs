using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>
/// Hands one finished message to its destination. Throws <see cref="MailDeliveryException"/>, IOException or
/// TimeoutException on failure.
/// </summary>
public interface IMailTransport
{
    string Name { get; }

    /// <summary>Sends one message on its own; returns the server's final reply code, if there is one.</summary>
    Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a delivery run whose messages may share one connection; disposing the session ends it (SMTP: QUIT).
    /// The default sends each message on its own through <see cref="SendAsync"/>.
    /// </summary>
    IMailTransportSession OpenSession() => new PerMessageSession(this);

    private sealed class PerMessageSession(IMailTransport transport) : IMailTransportSession
    {
        public async Task<MailSendResult> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken) =>
            new(await transport.SendAsync(entry, raw, cancellationToken).ConfigureAwait(false));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// One delivery run on a transport: messages are sent one at a time, and each has the outcome it would have had
/// through <see cref="IMailTransport.SendAsync"/>. Not thread-safe.
/// </summary>
public interface IMailTransportSession : IAsyncDisposable
{
    /// <summary>Sends one message; returns the server's final reply and the recipients it refused while accepting others.</summary>
    Task<MailSendResult> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken);
}

/// <summary>
/// A message the server accepted for at least one recipient. <paramref name="Refused"/> describes the recipients it
/// refused (RCPT TO answered 4xx/5xx) while taking the others, or is null when all were accepted.
/// </summary>
public sealed record MailSendResult(int? ReplyCode, string? Refused = null, string? EnhancedStatus = null);
