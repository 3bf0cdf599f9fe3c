using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ForecastWatch.Storage;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace ForecastWatch.Mailing;

/// <summary>
/// Sends through the SMTP server of <see cref="MailServerOptions"/> (section <c>Mail:Smtp</c>) with MailKit. A
/// delivery run (<see cref="OpenSession"/>) keeps one connection for many messages, because providers throttle
/// connection rates and a backlog must not open one TLS session per message. Reply codes become
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
            return (await session.SendAsync(entry, raw, cancellationToken).ConfigureAwait(false)).ReplyCode;
        }
    }

    public IMailTransportSession OpenSession() => new SmtpMailSession(connector, timeProvider);
}

/// <summary>
/// One SMTP connection reused across messages: RSET after a failed transaction (RFC 5321 section 4.1.1.5), NOOP
/// after an idle spell and a new connection when that fails, a new connection after
/// <see cref="MailEndpointOptions.MaxMessagesPerSession"/> messages and after a 421, QUIT on dispose. The outbox
/// row's bytes go out as they are: MAIL FROM is the row's envelope sender (else the From address).
/// </summary>
internal sealed partial class SmtpMailSession(MailServerConnector connector, TimeProvider timeProvider) : IMailTransportSession
{
    private const int Accepted = 250;

    // Nothing may be re-encoded or re-folded: the bytes the outbox stored are the bytes the server receives.
    private static readonly FormatOptions Format = CreateFormat();

    private DeskSmtpClient? _client;
    private int _transactions;
    private bool _lastFailed;
    private DateTimeOffset _lastUsed;

    public async Task<MailSendResult> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var message = await OutboundMessage.LoadAsync(raw, cancellationToken).ConfigureAwait(false);
        try
        {
            var reused = await PrepareOrRefuseAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendOnceAsync(entry, message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (reused && IsSessionLost(ex) && !cancellationToken.IsCancellationRequested)
            {
                // The server dropped a connection kept from an earlier message (421 or a closed socket, RFC 5321
                // section 3.8). That says nothing about this message, which a connection of its own would have
                // carried, so it gets one try on a fresh connection instead of a retry delay and a breaker failure.
                await CloseAsync().ConfigureAwait(false);
                await PrepareOrRefuseAsync(cancellationToken).ConfigureAwait(false);
                return await SendOnceAsync(entry, message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            var status = EnhancedStatus(code, ex.Message);
            var what = ex.ErrorCode switch
            {
                SmtpErrorCode.SenderNotAccepted => $"MAIL FROM <{ex.Mailbox?.Address}> refused",
                SmtpErrorCode.RecipientNotAccepted => $"RCPT TO <{ex.Mailbox?.Address}> refused",
                SmtpErrorCode.MessageNotAccepted => "message refused",
                _ => "server answered",
            };
            if (code == 421)
            {
                await CloseAsync().ConfigureAwait(false);
            }

            throw new MailDeliveryException(
                string.Create(CultureInfo.InvariantCulture, $"SMTP {what}: {code} {ex.Message.Trim()}"), code is >= 400 and < 500, code,
                status, ex);
        }
        catch (Exception ex) when (IsSessionLost(ex) && !cancellationToken.IsCancellationRequested)
        {
            await CloseAsync().ConfigureAwait(false);
            throw new MailDeliveryException("SMTP connection lost: " + ex.Message, isTransient: true, innerException: ex);
        }
    }

    /// <summary>QUIT, quietly if the server has already gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (IsSessionLost(ex) || ex is SmtpCommandException or OperationCanceledException)
            {
                // The server went first; the socket is closed below either way.
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    internal static string? EnhancedStatus(int code, string text)
    {
        var match = EnhancedStatusPattern().Match(text);
        return match.Success && match.Value[0] - '0' == code / 100 ? match.Value : null;
    }

    /// <summary>
    /// <see cref="PrepareAsync"/>, with a refused sign-in (password, OAuth2 token or the token provider itself) or a
    /// setting that does not fit the server turned into a session failure: the message is not at fault and stays queued.
    /// </summary>
    private async Task<bool> PrepareOrRefuseAsync(CancellationToken ct)
    {
        try
        {
            return await PrepareAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MailKit.Security.AuthenticationException or MailSetupException)
        {
            await CloseAsync().ConfigureAwait(false);
            var what = ex is MailSetupException ? "SMTP server cannot be used as configured" : "SMTP sign-in failed";
            throw new MailDeliveryException($"{what}: {ex.Message}", isTransient: false, innerException: ex) { IsSessionFailure = true };
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
                await ProbeAsync(client.NoOpAsync, reset: true, ct).ConfigureAwait(false);
            }
            else if (timeProvider.GetUtcNow() - _lastUsed >= options.SessionIdleCheck)
            {
                await ProbeAsync(client.NoOpAsync, reset: false, ct).ConfigureAwait(false);
            }

            if (_client is not null)
            {
                _lastFailed = false;
                return true;
            }
        }

        await CloseAsync().ConfigureAwait(false);
        _client = await connector.ConnectSmtpAsync(ct).ConfigureAwait(false);
        _transactions = 0;
        _lastFailed = false;
        _lastUsed = timeProvider.GetUtcNow();
        return false;
    }

    /// <summary>RSET (after a failed transaction) or NOOP; a connection that does not answer well is dropped.</summary>
    private async Task ProbeAsync(Func<CancellationToken, Task> noop, bool reset, CancellationToken ct)
    {
        try
        {
            if (reset)
            {
                // RFC 5321 section 4.1.1.5: abort whatever the failed transaction left behind.
                var response = await _client!.ResetAsync(ct).ConfigureAwait(false);
                if ((int)response.StatusCode != Accepted)
                {
                    await CloseAsync().ConfigureAwait(false);
                }
            }
            else
            {
                await noop(ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SmtpCommandException || IsSessionLost(ex)
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task<MailSendResult> SendOnceAsync(OutboxEntry entry, MimeMessage message, CancellationToken ct)
    {
        var client = _client ?? throw new InvalidOperationException("No SMTP connection.");
        _transactions++;
        client.BeginTransaction();
        var data = new DataProgress();
        try
        {
            var sender = string.IsNullOrWhiteSpace(entry.EnvelopeFrom)
                ? message.From.Mailboxes.FirstOrDefault() ?? throw new MailDeliveryException(
                    "The message has no From address and the outbox row no envelope sender.", isTransient: false)
                : new MailboxAddress(null, entry.EnvelopeFrom);
            var recipients = entry.Recipients.Select(static r => new MailboxAddress(null, r)).ToList();
            await client.SendAsync(Format, message, sender, recipients, ct, data).ConfigureAwait(false);
            _lastFailed = false;
        }
        catch (Exception ex) when (data.Started && ex is not SmtpCommandException and not MailDeliveryException)
        {
            // The message data went out (the server had answered DATA with 354) and no reply to it arrived: the
            // connection broke or the reply timed out. The server may have accepted the message (RFC 5321 section
            // 4.1.1.4: it takes responsibility on its 250, which is what was lost), so this is not retried here or on
            // a fresh connection; the row keeps its attempt open and the copy sent later is counted as uncertain.
            _lastFailed = true;
            await CloseAsync().ConfigureAwait(false);
            throw new MailDeliveryException(
                "SMTP connection lost after the message data was sent, before the server's reply: it may have been accepted ("
                + ex.GetType().Name + ": " + ex.Message + ")", isTransient: true, innerException: ex) { MayHaveBeenAccepted = true };
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

        if (client.Refused.Count == 0)
        {
            return new MailSendResult(Accepted);
        }

        var refused = string.Join("; ", client.Refused.Select(static r =>
            string.Create(CultureInfo.InvariantCulture,
                $"RCPT TO <{r.Mailbox.Address}> refused: {(int)r.Response.StatusCode} {r.Response.Response.Trim()}")));
        var first = client.Refused[0].Response;
        return new MailSendResult(Accepted, refused, EnhancedStatus((int)first.StatusCode, first.Response));
    }

    private static bool IsSessionLost(Exception ex) =>
        ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException
            or SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

    private Task CloseAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            client.Dispose();
        }

        return Task.CompletedTask;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = false;
        return format;
    }

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedStatusPattern();
}

/// <summary>
/// Notes whether any of the message data was written after DATA (MailKit reports the bytes as they go out), which
/// only happens once the server answered DATA with 354: from then on the server may accept the message.
/// </summary>
internal sealed class DataProgress : ITransferProgress
{
    public bool Started { get; private set; }

    public void Report(long bytesTransferred, long totalSize) => Started |= bytesTransferred > 0;

    public void Report(long bytesTransferred) => Started |= bytesTransferred > 0;
}

/// <summary>Where the outbox bytes become a MimeKit message for MailKit's SMTP client (the one parse on the way out).</summary>
internal static class OutboundMessage
{
    public static Task<MimeMessage> LoadAsync(ReadOnlyMemory<byte> raw, CancellationToken ct)
    {
        var stream = new MemoryStream(raw.ToArray(), writable: false);
        return MimeMessage.LoadAsync(stream, persistent: false, ct);
    }
}
