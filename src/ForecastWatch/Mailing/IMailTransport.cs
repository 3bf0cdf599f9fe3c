using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>Hands one finished message to its destination. Throws <see cref="MailDeliveryException"/>, IOException or TimeoutException on failure.</summary>
public interface IMailTransport
{
    string Name { get; }

    /// <summary>Returns the server's final reply code, if there is one.</summary>
    Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken);
}
