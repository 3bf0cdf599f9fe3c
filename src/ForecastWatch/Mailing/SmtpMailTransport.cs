using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;
using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>
/// Sends through the SMTP server of <see cref="MailServerOptions"/> (section <c>Mail:Smtp</c>, secrets from the
/// environment). A delivery run (<see cref="OpenSession"/>) keeps one connection for many messages, because
/// providers throttle connection rates and a backlog must not open one TLS session per message. Reply codes become
/// <see cref="MailDeliveryException"/>: 4xx transient, 5xx permanent (RFC 5321 section 4.2.1).
/// </summary>
internal sealed class SmtpMailTransport(MailServerConnector connector, TimeProvider timeProvider) : IMailTransport
{
    public string Name => MailTransports.Smtp;

    public async Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        var session = OpenSession();
        await using (session.ConfigureAwait(false))
        {
            return await session.SendAsync(entry, raw, cancellationToken).ConfigureAwait(false);
        }
    }

    public IMailTransportSession OpenSession() => new SmtpMailSession(connector, timeProvider);
}

/// <summary>
/// One SMTP connection reused across messages: RSET after a failed transaction (RFC 5321 section 4.1.1.5), NOOP
/// after an idle spell and a new connection when that fails, a new connection after
/// <see cref="MailEndpointOptions.MaxMessagesPerSession"/> messages, QUIT on dispose.
/// </summary>
internal sealed class SmtpMailSession(MailServerConnector connector, TimeProvider timeProvider) : IMailTransportSession
{
    private SmtpClient? _client;
    private int _transactions;
    private bool _lastFailed;
    private DateTimeOffset _lastUsed;

    public async Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var reused = await PrepareAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendOnceAsync(entry, raw, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (reused && IsSessionLost(ex) && !cancellationToken.IsCancellationRequested)
            {
                // The server dropped a connection kept from an earlier message (421 or a closed socket, RFC 5321
                // section 3.8). That says nothing about this message, which a connection of its own would have
                // carried, so it gets one try on a fresh connection instead of a retry delay and a breaker failure.
                await CloseAsync().ConfigureAwait(false);
                await PrepareAsync(cancellationToken).ConfigureAwait(false);
                return await SendOnceAsync(entry, raw, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SmtpCommandException ex)
        {
            throw new MailDeliveryException(ex.Message, ex.IsTransient, ex.ReplyCode, ex.EnhancedStatus?.ToString(), ex);
        }
        catch (MailProtocolException ex)
        {
            throw new MailDeliveryException("SMTP protocol error: " + ex.Message, isTransient: true, innerException: ex);
        }
    }

    /// <summary>QUIT, quietly if the server has already gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await client.DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Makes sure a usable connection is open; true when it was kept from an earlier message.</summary>
    private async Task<bool> PrepareAsync(CancellationToken ct)
    {
        var options = connector.Options.Smtp;
        if (_client is { IsConnected: true } client)
        {
            if (_transactions >= options.MaxMessagesPerSession)
            {
                await DisposeAsync().ConfigureAwait(false);
            }
            else if (_lastFailed)
            {
                await ProbeAsync(client.ResetAsync, ct).ConfigureAwait(false);
            }
            else if (timeProvider.GetUtcNow() - _lastUsed >= options.SessionIdleCheck)
            {
                await ProbeAsync(client.NoOpAsync, ct).ConfigureAwait(false);
            }

            if (_client is not null)
            {
                _lastFailed = false;
                return true;
            }
        }

        await CloseAsync().ConfigureAwait(false);
        _client = await connector.ConnectSmtpAsync(null, ct).ConfigureAwait(false);
        _transactions = 0;
        _lastFailed = false;
        _lastUsed = timeProvider.GetUtcNow();
        return false;
    }

    /// <summary>Runs RSET or NOOP; a connection that does not answer it well is dropped (a new one is opened next).</summary>
    private async Task ProbeAsync(Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        try
        {
            await probe(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmtpCommandException or IOException or MailProtocolException or TimeoutException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task<int?> SendOnceAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken ct)
    {
        var client = _client ?? throw new InvalidOperationException("No SMTP connection.");
        _transactions++;
        SmtpSendResult result;
        try
        {
            result = await client.SendAsync(entry.EnvelopeFrom, entry.Recipients, raw, ct).ConfigureAwait(false);
            _lastFailed = false;
        }
        catch
        {
            _lastFailed = true;
            throw;
        }
        finally
        {
            _lastUsed = timeProvider.GetUtcNow();
        }

        if (result.Rejected.FirstOrDefault() is { } rejected)
        {
            // One recipient per row in practice; a partial refusal is still a refusal of this row.
            throw new MailDeliveryException(
                $"SMTP RCPT <{rejected.Mailbox}> refused: {rejected.Reply.Code} {rejected.Reply.EnhancedStatus} {rejected.Reply.Text}",
                rejected.Reply.Code is >= 400 and < 500,
                rejected.Reply.Code,
                rejected.Reply.EnhancedStatus?.ToString());
        }

        return result.Reply.Code;
    }

    private static bool IsSessionLost(Exception ex) =>
        ex is IOException or MailProtocolException or SmtpCommandException { ReplyCode: 421 };

    private async Task CloseAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
