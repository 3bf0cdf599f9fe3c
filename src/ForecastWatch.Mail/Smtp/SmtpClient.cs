using System.Buffers;
using System.Globalization;
using System.Security.Authentication;
using System.Text;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Smtp;

/// <summary>
/// An SMTP client (RFC 5321) for submission: EHLO with HELO fallback, STARTTLS or implicit TLS, AUTH PLAIN/LOGIN/XOAUTH2,
/// SIZE, 8BITMIME, PIPELINING and per-recipient results. Not thread-safe: one transaction at a time.
/// It never retries; a <see cref="SmtpCommandException"/> says whether a retry can succeed.
/// </summary>
public sealed class SmtpClient : IAsyncDisposable
{
    private const int MaxLineLength = 64 * 1024;
    private const int MaxReplyLines = 1000;
    private const int ServiceClosing = 421;

    private readonly SmtpClientOptions options;
    private MailConnection? connection;

    /// <summary>Creates a client.</summary>
    public SmtpClient(SmtpClientOptions? options = null)
    {
        this.options = options ?? new SmtpClientOptions();
    }

    /// <summary>What the server announced in its last EHLO reply.</summary>
    public SmtpCapabilities Capabilities { get; private set; } = SmtpCapabilities.None;

    /// <summary>The server's greeting.</summary>
    public SmtpReply? Greeting { get; private set; }

    /// <summary>Whether a connection is open.</summary>
    public bool IsConnected => connection is { IsConnected: true };

    /// <summary>Whether the connection is protected by TLS.</summary>
    public bool IsSecure => connection is { IsSecure: true };

    /// <summary>Whether AUTH succeeded.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>The negotiated TLS protocol, when secure.</summary>
    public SslProtocols? TlsProtocol => connection?.TlsStream?.SslProtocol;

    /// <summary>Connects, reads the greeting, says EHLO and (for <see cref="MailTlsMode.StartTls"/>) upgrades to TLS.</summary>
    public async Task ConnectAsync(string host, int port, MailTlsMode tlsMode, CancellationToken ct = default)
    {
        CheckNotConnected();
        connection = await MailConnection.ConnectAsync(
            host, port, tlsMode == MailTlsMode.Implicit, options.Tls, options.Logger, options.TimeProvider, options.Timeout, ct).ConfigureAwait(false);
        await HandshakeAsync(tlsMode, ct).ConfigureAwait(false);
    }

    /// <summary>Runs the protocol over a stream the caller opened (tests, proxies). <paramref name="host"/> is used for TLS.</summary>
    public async Task ConnectAsync(Stream stream, string host, MailTlsMode tlsMode, CancellationToken ct = default)
    {
        CheckNotConnected();
        connection = MailConnection.FromStream(stream, host, options.Logger, options.TimeProvider, options.Timeout);
        if (tlsMode == MailTlsMode.Implicit)
        {
            await RunAsync(c => connection.StartTlsAsync(options.Tls, c), ct).ConfigureAwait(false);
        }

        await HandshakeAsync(tlsMode, ct).ConfigureAwait(false);
    }

    /// <summary>Authenticates with a user name and password: PLAIN (RFC 4616) if offered, else LOGIN.</summary>
    public Task AuthenticateAsync(string userName, string password, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        var mechanisms = CheckCanAuthenticate();
        if (mechanisms.Contains("PLAIN"))
        {
            var response = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{userName}\0{password}"));
            return AuthenticateAsync("PLAIN", [response], ct);
        }

        if (mechanisms.Contains("LOGIN"))
        {
            return AuthenticateLoginAsync(userName, password, ct);
        }

        throw new NotSupportedException($"The server offers no password mechanism this client supports (offered: {string.Join(' ', mechanisms)}).");
    }

    /// <summary>Authenticates with an OAuth 2.0 bearer token (XOAUTH2).</summary>
    public Task AuthenticateOAuth2Async(string userName, string accessToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var mechanisms = CheckCanAuthenticate();
        if (!mechanisms.Contains("XOAUTH2"))
        {
            throw new NotSupportedException("The server does not offer AUTH XOAUTH2.");
        }

        return AuthenticateAsync("XOAUTH2", [SaslXOAuth2.InitialResponse(userName, accessToken)], ct);
    }

    /// <summary>
    /// Sends one message. Recipients the server refuses are reported in the result; if it refuses all of them,
    /// an <see cref="SmtpCommandException"/> with <see cref="SmtpErrorCode.RecipientNotAccepted"/> is thrown.
    /// </summary>
    /// <param name="from">The envelope sender (may be empty for a null reverse-path).</param>
    /// <param name="recipients">The envelope recipients.</param>
    /// <param name="message">The message in RFC 5322 form; line endings are normalized and dot-stuffed on the way.</param>
    /// <param name="ct">Cancels the transaction; the connection is then closed because its state is unknown.</param>
    public async Task<SmtpSendResult> SendAsync(string from, IEnumerable<string> recipients, Stream message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(message);
        var rcpts = recipients.ToArray();
        if (rcpts.Length == 0)
        {
            throw new ArgumentException("At least one recipient is required.", nameof(recipients));
        }

        ValidateAddress(from, nameof(from), allowEmpty: true);
        foreach (var r in rcpts)
        {
            ValidateAddress(r, nameof(recipients), allowEmpty: false);
        }

        var conn = CheckConnected();
        var mail = new StringBuilder("MAIL FROM:<").Append(from).Append('>');
        if (message.CanSeek)
        {
            var length = message.Length - message.Position;
            if (Capabilities.MaxSize is { } max && length > max)
            {
                throw new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, "MAIL", new SmtpReply(552, [$"5.3.4 Message of {length} octets exceeds the server's SIZE limit of {max}"]));
            }

            if (Capabilities.Has(SmtpExtensions.Size))
            {
                mail.Append(CultureInfo.InvariantCulture, $" SIZE={length}");
            }

            if (await HasEightBitAsync(message, ct).ConfigureAwait(false))
            {
                if (!Capabilities.Has(SmtpExtensions.EightBitMime))
                {
                    throw new NotSupportedException("The message contains 8-bit data but the server does not announce 8BITMIME (RFC 6152); encode it as 7-bit first.");
                }

                mail.Append(" BODY=8BITMIME");
            }
        }
        else if (Capabilities.Has(SmtpExtensions.EightBitMime))
        {
            // Unknown content: declaring 8BITMIME is harmless for 7-bit data and required for 8-bit (RFC 6152 section 3).
            mail.Append(" BODY=8BITMIME");
        }

        mail.Append("\r\n");
        return await RunAsync(c => SendCoreAsync(conn, mail.ToString(), from, rcpts, message, c), ct).ConfigureAwait(false);
    }

    /// <summary>Sends a message held in memory.</summary>
    public async Task<SmtpSendResult> SendAsync(string from, IEnumerable<string> recipients, ReadOnlyMemory<byte> message, CancellationToken ct = default)
    {
        using var stream = new MemoryStream(message.ToArray(), writable: false);
        return await SendAsync(from, recipients, stream, ct).ConfigureAwait(false);
    }

    /// <summary>NOOP: checks that the connection is alive.</summary>
    public async Task NoOpAsync(CancellationToken ct = default)
    {
        var conn = CheckConnected();
        await RunAsync(async c => Expect(await CommandAsync(conn, "NOOP\r\n", c).ConfigureAwait(false), SmtpErrorCode.Other, "NOOP"), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// RSET (RFC 5321 section 4.1.1.5): abandons whatever transaction the server may still hold, so the next
    /// <see cref="SendAsync(string, IEnumerable{string}, Stream, CancellationToken)"/> starts clean on the same connection.
    /// </summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        var conn = CheckConnected();
        await RunAsync(async c => Expect(await CommandAsync(conn, "RSET\r\n", c).ConfigureAwait(false), SmtpErrorCode.Other, "RSET"), ct).ConfigureAwait(false);
    }

    /// <summary>Says QUIT and closes the connection (quietly, if the server has already gone).</summary>
    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        if (connection is not { } conn)
        {
            return;
        }

        try
        {
            using var cts = conn.CreateTimeout(ct);
            await CommandAsync(conn, "QUIT\r\n", cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or MailProtocolException or ObjectDisposedException)
        {
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => CloseAsync();

    private async ValueTask CloseAsync()
    {
        var conn = connection;
        connection = null;
        IsAuthenticated = false;
        if (conn is not null)
        {
            await conn.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandshakeAsync(MailTlsMode tlsMode, CancellationToken ct)
    {
        var conn = connection!;
        try
        {
            await RunAsync(
                async c =>
                {
                    Greeting = await ReadReplyAsync(conn, c).ConfigureAwait(false);
                    if (Greeting.Code != 220)
                    {
                        throw new SmtpCommandException(SmtpErrorCode.Greeting, "greeting", Greeting);
                    }

                    await HelloAsync(conn, c).ConfigureAwait(false);
                    if (tlsMode == MailTlsMode.StartTls)
                    {
                        if (!Capabilities.Has(SmtpExtensions.StartTls))
                        {
                            throw new NotSupportedException($"The server {conn.Host} does not offer STARTTLS; refusing to continue without TLS.");
                        }

                        Expect(await CommandAsync(conn, "STARTTLS\r\n", c).ConfigureAwait(false), SmtpErrorCode.StartTls, "STARTTLS");
                        await conn.StartTlsAsync(options.Tls, c).ConfigureAwait(false);

                        // RFC 3207 section 4.2: forget everything learned before TLS and say EHLO again.
                        await HelloAsync(conn, c).ConfigureAwait(false);
                    }
                },
                ct).ConfigureAwait(false);
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task HelloAsync(MailConnection conn, CancellationToken ct)
    {
        var reply = await CommandAsync(conn, $"EHLO {options.LocalDomain}\r\n", ct).ConfigureAwait(false);
        if (reply.IsSuccess)
        {
            Capabilities = SmtpCapabilities.Parse(reply);
            return;
        }

        // RFC 5321 section 3.2: a server that does not know EHLO answers 500/502; fall back to HELO.
        if (reply.Code is 500 or 501 or 502 or 504 or 550)
        {
            reply = await CommandAsync(conn, $"HELO {options.LocalDomain}\r\n", ct).ConfigureAwait(false);
            Expect(reply, SmtpErrorCode.Hello, "HELO");
            Capabilities = SmtpCapabilities.None;
            return;
        }

        throw new SmtpCommandException(SmtpErrorCode.Hello, "EHLO", reply);
    }

    private IReadOnlySet<string> CheckCanAuthenticate()
    {
        var conn = CheckConnected();
        if (IsAuthenticated)
        {
            throw new InvalidOperationException("Already authenticated.");
        }

        if (!conn.IsSecure && !options.AllowInsecureAuthentication)
        {
            throw new AuthenticationException("Refusing to send credentials over a connection without TLS (set AllowInsecureAuthentication for loopback test servers).");
        }

        if (!Capabilities.Has(SmtpExtensions.Auth))
        {
            throw new NotSupportedException("The server does not offer AUTH (RFC 4954); some servers offer it only after STARTTLS.");
        }

        return Capabilities.AuthMechanisms;
    }

    private async Task AuthenticateAsync(string mechanism, string[] responses, CancellationToken ct)
    {
        var conn = CheckConnected();
        await RunAsync(
            async c =>
            {
                // RFC 4954 section 4: the initial response goes on the AUTH line.
                var reply = await CommandAsync(conn, $"AUTH {mechanism} {responses[0]}\r\n", c, $"AUTH {mechanism} ********\r\n").ConfigureAwait(false);
                var next = 1;
                while (reply.Code == 334)
                {
                    // Further challenges: answer with the next response, or "" to get the final error (XOAUTH2 sends a JSON error as a challenge).
                    var answer = next < responses.Length ? responses[next++] : "";
                    reply = await CommandAsync(conn, answer + "\r\n", c, answer.Length == 0 ? "\r\n" : "********\r\n").ConfigureAwait(false);
                }

                Expect(reply, SmtpErrorCode.Authentication, $"AUTH {mechanism}");
                IsAuthenticated = true;
            },
            ct).ConfigureAwait(false);
    }

    private Task AuthenticateLoginAsync(string userName, string password, CancellationToken ct)
    {
        var conn = CheckConnected();
        return RunAsync(
            async c =>
            {
                var reply = await CommandAsync(conn, "AUTH LOGIN\r\n", c).ConfigureAwait(false);
                string[] answers = [Convert.ToBase64String(Encoding.UTF8.GetBytes(userName)), Convert.ToBase64String(Encoding.UTF8.GetBytes(password))];
                var i = 0;
                while (reply.Code == 334)
                {
                    var answer = i < answers.Length ? answers[i++] : "*";
                    reply = await CommandAsync(conn, answer + "\r\n", c, "********\r\n").ConfigureAwait(false);
                }

                Expect(reply, SmtpErrorCode.Authentication, "AUTH LOGIN");
                IsAuthenticated = true;
            },
            ct);
    }

    private async Task<SmtpSendResult> SendCoreAsync(MailConnection conn, string mailCommand, string from, string[] rcpts, Stream message, CancellationToken ct)
    {
        var results = new List<SmtpRecipientResult>(rcpts.Length);
        SmtpReply dataReply;
        if (Capabilities.Has(SmtpExtensions.Pipelining))
        {
            // RFC 2920 section 3.1: MAIL, every RCPT and DATA may go in one batch; DATA is the last command of the group.
            var batch = new StringBuilder(mailCommand);
            foreach (var r in rcpts)
            {
                batch.Append("RCPT TO:<").Append(r).Append(">\r\n");
            }

            batch.Append("DATA\r\n");
            await conn.WriteAsync(batch.ToString(), ct).ConfigureAwait(false);
            await conn.FlushAsync(ct).ConfigureAwait(false);

            var mailReply = await ReadReplyAsync(conn, ct).ConfigureAwait(false);
            foreach (var r in rcpts)
            {
                results.Add(new SmtpRecipientResult(r, await ReadReplyAsync(conn, ct).ConfigureAwait(false)));
            }

            dataReply = await ReadReplyAsync(conn, ct).ConfigureAwait(false);
            if (!mailReply.IsSuccess)
            {
                await AbortDataAsync(conn, dataReply, ct).ConfigureAwait(false);
                throw new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, "MAIL", mailReply, from);
            }

            if (!results.Exists(static r => r.Accepted))
            {
                await AbortDataAsync(conn, dataReply, ct).ConfigureAwait(false);
                throw RecipientsRefused(results);
            }
        }
        else
        {
            var mailReply = await CommandAsync(conn, mailCommand, ct).ConfigureAwait(false);
            if (!mailReply.IsSuccess)
            {
                throw new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, "MAIL", mailReply, from);
            }

            foreach (var r in rcpts)
            {
                results.Add(new SmtpRecipientResult(r, await CommandAsync(conn, $"RCPT TO:<{r}>\r\n", ct).ConfigureAwait(false)));
            }

            if (!results.Exists(static r => r.Accepted))
            {
                await ResetAsync(conn, ct).ConfigureAwait(false);
                throw RecipientsRefused(results);
            }

            dataReply = await CommandAsync(conn, "DATA\r\n", ct).ConfigureAwait(false);
        }

        if (dataReply.Code != 354)
        {
            await ResetAsync(conn, ct).ConfigureAwait(false);
            throw new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, "DATA", dataReply);
        }

        await WriteDataAsync(conn, message, ct).ConfigureAwait(false);

        using var endCts = MailConnection.CreateTimeout(options.TimeProvider, options.DataTerminationTimeout, ct);
        var final = await ReadReplyAsync(conn, endCts.Token).ConfigureAwait(false);
        if (!final.IsSuccess)
        {
            throw new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, "DATA", final);
        }

        return new SmtpSendResult(results, final);
    }

    private static SmtpCommandException RecipientsRefused(List<SmtpRecipientResult> results) =>
        new(SmtpErrorCode.RecipientNotAccepted, "RCPT", results[^1].Reply, results[^1].Mailbox, results);

    private async Task AbortDataAsync(MailConnection conn, SmtpReply dataReply, CancellationToken ct)
    {
        if (dataReply.Code == 354)
        {
            // The server accepted DATA although the transaction failed (RFC 2920 section 3.1 says it should not):
            // send an empty message end so the dialogue stays in step, then reset.
            await conn.WriteAsync(".\r\n", ct).ConfigureAwait(false);
            await conn.FlushAsync(ct).ConfigureAwait(false);
            await ReadReplyAsync(conn, ct).ConfigureAwait(false);
        }

        await ResetAsync(conn, ct).ConfigureAwait(false);
    }

    private static async Task ResetAsync(MailConnection conn, CancellationToken ct) =>
        await CommandAsync(conn, "RSET\r\n", ct).ConfigureAwait(false);

    private static async Task WriteDataAsync(MailConnection conn, Stream message, CancellationToken ct)
    {
        const int ChunkSize = 32 * 1024;
        var filter = new SmtpDataFilter();
        var input = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var output = ArrayPool<byte>.Shared.Rent(SmtpDataFilter.MaxOutput(ChunkSize) + 8);
        long total = 0;
        try
        {
            int n;
            while ((n = await message.ReadAsync(input.AsMemory(0, ChunkSize), ct).ConfigureAwait(false)) > 0)
            {
                total += n;
                var written = filter.Filter(input.AsSpan(0, n), output);
                await conn.WriteUnloggedAsync(output.AsMemory(0, written), ct).ConfigureAwait(false);
            }

            var tail = filter.Flush(output);
            await conn.WriteUnloggedAsync(output.AsMemory(0, tail), ct).ConfigureAwait(false);
            conn.LogClientNote(string.Create(CultureInfo.InvariantCulture, $"[message: {total} octets]\r\n.\r\n"));
            await conn.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static async Task<bool> HasEightBitAsync(Stream message, CancellationToken ct)
    {
        var origin = message.Position;
        var buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            int n;
            while ((n = await message.ReadAsync(buffer.AsMemory(0, 32 * 1024), ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.AsSpan(0, n).IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            message.Position = origin;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Expect(SmtpReply reply, SmtpErrorCode errorCode, string command)
    {
        if (!reply.IsSuccess && reply.Code != 334)
        {
            throw new SmtpCommandException(errorCode, command, reply);
        }
    }

    private static async Task<SmtpReply> CommandAsync(MailConnection conn, string line, CancellationToken ct, string? redacted = null)
    {
        await conn.WriteAsync(line, ct, redacted).ConfigureAwait(false);
        await conn.FlushAsync(ct).ConfigureAwait(false);
        return await ReadReplyAsync(conn, ct).ConfigureAwait(false);
    }

    /// <summary>Reads one reply, RFC 5321 section 4.2: "code-text" continuation lines, then "code text" or "code".</summary>
    internal static async Task<SmtpReply> ReadReplyAsync(MailConnection conn, CancellationToken ct)
    {
        var lines = new List<string>();
        var code = -1;
        while (true)
        {
            var raw = await conn.ReadLineBytesAsync(MaxLineLength, ct).ConfigureAwait(false);
            if (raw.Length < 3 || !IsDigits(raw.AsSpan(0, 3)) || (raw.Length > 3 && raw[3] is not ((byte)' ' or (byte)'-')))
            {
                throw new MailProtocolException($"Malformed SMTP reply line: '{Printable(raw)}'.");
            }

            var lineCode = ((raw[0] - '0') * 100) + ((raw[1] - '0') * 10) + (raw[2] - '0');
            if (code >= 0 && lineCode != code)
            {
                throw new MailProtocolException($"SMTP reply changed code within a multi-line reply ({code} then {lineCode}).");
            }

            code = lineCode;
            lines.Add(raw.Length > 4 ? Encoding.UTF8.GetString(raw, 4, raw.Length - 4) : "");
            if (lines.Count > MaxReplyLines)
            {
                throw new MailProtocolException($"SMTP reply longer than {MaxReplyLines} lines.");
            }

            if (raw.Length == 3 || raw[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }
        }
    }

    private static bool IsDigits(ReadOnlySpan<byte> s) => s[0] is >= (byte)'2' and <= (byte)'5' && char.IsAsciiDigit((char)s[1]) && char.IsAsciiDigit((char)s[2]);

    private static string Printable(byte[] raw)
    {
        var s = Encoding.UTF8.GetString(raw.AsSpan(0, Math.Min(raw.Length, 200)));
        return new string(s.Select(static c => char.IsControl(c) ? '?' : c).ToArray());
    }

    private static void ValidateAddress(string address, string paramName, bool allowEmpty)
    {
        if (address.Length == 0 && allowEmpty)
        {
            return;
        }

        if (address.Length == 0 || address.AsSpan().IndexOfAny("<>\r\n \t\0") >= 0)
        {
            throw new ArgumentException($"'{address}' is not a valid envelope address (no spaces, angle brackets or line breaks).", paramName);
        }
    }

    private MailConnection CheckConnected() =>
        connection is { IsConnected: true } c ? c : throw new InvalidOperationException("The SMTP client is not connected.");

    private void CheckNotConnected()
    {
        if (connection is not null)
        {
            throw new InvalidOperationException("The SMTP client is already connected.");
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> operation, CancellationToken ct) =>
        await RunAsync<bool>(
            async c =>
            {
                await operation(c).ConfigureAwait(false);
                return true;
            },
            ct).ConfigureAwait(false);

    /// <summary>
    /// Applies the command timeout and closes the connection on anything that leaves it in an unknown state
    /// (cancellation, timeout, I/O or protocol errors); a refusal (<see cref="SmtpCommandException"/>) keeps it,
    /// except 421, with which the server announces that it is closing the channel (RFC 5321 section 3.8).
    /// </summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var conn = CheckConnected();
        using var cts = conn.CreateTimeout(ct);
        try
        {
            return await operation(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await CloseAsync().ConfigureAwait(false);
            throw new TimeoutException($"The SMTP server {conn.Host} did not answer within {conn.Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or MailProtocolException or AuthenticationException
            or SmtpCommandException { ReplyCode: ServiceClosing })
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
    }
}
