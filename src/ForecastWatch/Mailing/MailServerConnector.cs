using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ForecastWatch.Mailing.Auth;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>
/// Opens connected (and, unless asked not to, authenticated) MailKit clients from <see cref="MailServerOptions"/>:
/// TLS mode, certificate checks, timeout, protocol log. Sign-in goes through <see cref="IMailAuthenticator"/> only.
/// A TLS mode that does not match the port becomes a <see cref="MailSetupException"/> naming the setting, instead of
/// a handshake error or a two-minute wait. The caller owns and disposes the client; retry policy stays with it.
/// </summary>
internal sealed class MailServerConnector(IOptions<MailServerOptions> options, IMailAuthenticator authenticator)
{
    // A server that has not greeted within this long is almost always waiting for a TLS ClientHello.
    private static readonly TimeSpan GreetingWait = TimeSpan.FromSeconds(10);

    public MailServerOptions Options => options.Value;

    public async Task<DeskSmtpClient> ConnectSmtpAsync(CancellationToken ct, bool authenticate = true)
    {
        var o = Require("Mail:Smtp", Options.Smtp);
        var client = new DeskSmtpClient(CreateLogger(o));
        return await OpenAsync(client, "Mail:Smtp", MailEndpointKind.Smtp, o, authenticate, ct).ConfigureAwait(false);
    }

    public async Task<ImapClient> ConnectImapAsync(CancellationToken ct, bool authenticate = true)
    {
        var o = Require("Mail:Imap", Options.Imap);
        var client = new ImapClient(CreateLogger(o));
        return await OpenAsync(client, "Mail:Imap", MailEndpointKind.Imap, o, authenticate, ct).ConfigureAwait(false);
    }

    /// <summary>Signs a connected client in (nothing when the endpoint has no user name or IMAP pre-authenticated).</summary>
    public async Task AuthenticateAsync(IMailService client, MailEndpointKind kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var key = kind == MailEndpointKind.Smtp ? "Mail:Smtp" : "Mail:Imap";
        var o = kind == MailEndpointKind.Smtp ? Options.Smtp : Options.Imap;
        if (string.IsNullOrEmpty(o.UserName) || client.IsAuthenticated)
        {
            return;
        }

        if (!client.IsSecure && !o.AllowInsecureAuthentication)
        {
            throw new MailSetupException(
                $"{key}: refusing to send credentials over a connection without TLS; set {key}:TlsMode to StartTls or Implicit "
                + $"(or {key}:AllowInsecureAuthentication to true for a loopback test server).");
        }

        if (client.AuthenticationMechanisms.Count == 0)
        {
            throw new MailSetupException(kind == MailEndpointKind.Smtp && !client.IsSecure
                ? $"{key}: the server offers no AUTH on this unencrypted connection; it probably offers it only after STARTTLS: "
                  + $"set {key}:TlsMode to StartTls (port 587) or Implicit (port 465)."
                : $"{key}: the server offers no way to sign in (no AUTH mechanisms); check {key}:Host and {key}:Port "
                  + $"(a relay port needs no {key}:UserName: leave it empty).");
        }

        await authenticator.AuthenticateAsync(client, kind, ct).ConfigureAwait(false);
    }

    private static MailEndpointOptions Require(string key, MailEndpointOptions o) =>
        o.IsConfigured ? o : throw new InvalidOperationException($"{key}:Host is not configured.");

    private async Task<TClient> OpenAsync<TClient>(
        TClient client, string key, MailEndpointKind kind, MailEndpointOptions o, bool authenticate, CancellationToken ct)
        where TClient : MailService
    {
        var check = new MailCertificateCheck(o, key);
        client.ServerCertificateValidationCallback = check.Validate;
        client.CheckCertificateRevocation = false;
        client.Timeout = (int)Math.Min(int.MaxValue, o.Timeout.TotalMilliseconds);
        try
        {
            await ConnectAsync(client, key, o, check, ct).ConfigureAwait(false);
            if (authenticate)
            {
                await AuthenticateAsync(client, kind, ct).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task ConnectAsync(MailService client, string key, MailEndpointOptions o, MailCertificateCheck check,
        CancellationToken ct)
    {
        var host = o.Host!;
        if (o.TlsMode == MailTlsMode.Implicit)
        {
            try
            {
                await client.ConnectAsync(host, o.Port, SecureSocketOptions.SslOnConnect, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SslHandshakeException or IOException && !ct.IsCancellationRequested)
            {
                if (check.FailureReason is { } reason)
                {
                    throw new MailSetupException($"{key}: TLS with {host}:{o.Port} failed: {reason}.", ex);
                }

                if (await PlainGreetingAsync(host, o.Port, ct).ConfigureAwait(false) is { } greeting)
                {
                    throw new MailSetupException(
                        $"{key}: {host}:{o.Port} answered in plain text ('{greeting}'), so it expects STARTTLS, not implicit TLS: "
                        + $"set {key}:TlsMode to StartTls, or {key}:Port to the implicit-TLS port (465 for SMTP, 993 for IMAP).", ex);
                }

                throw;
            }

            return;
        }

        // Connect the socket ourselves and wait for the greeting for a short while: an implicit-TLS port waits
        // silently for our ClientHello, which would otherwise surface only when the command timeout expires.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connect.CancelAfter(o.Timeout);
                try
                {
                    await socket.ConnectAsync(host, o.Port, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        string.Create(CultureInfo.InvariantCulture, $"{key}: connecting to {host}:{o.Port} timed out after {o.Timeout}."));
                }
            }

            var wait = o.Timeout < GreetingWait ? o.Timeout : GreetingWait;
            if (!await WaitReadableAsync(socket, wait, ct).ConfigureAwait(false))
            {
                throw new MailSetupException(string.Create(CultureInfo.InvariantCulture,
                    $"{key}: {host}:{o.Port} sent no greeting within {wait.TotalSeconds:0} s; it probably expects implicit TLS: set "
                        + $"{key}:TlsMode to "
                    + $"Implicit, or {key}:Port to the STARTTLS port (587 for SMTP, 143 for IMAP)."));
            }

            var secure = o.TlsMode == MailTlsMode.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
            try
            {
                await client.ConnectAsync(socket, host, o.Port, secure, ct).ConfigureAwait(false);
            }
            catch (NotSupportedException ex) when (secure == SecureSocketOptions.StartTls)
            {
                throw new MailSetupException(
                    $"{key}: {host}:{o.Port} does not offer STARTTLS; use its TLS port with {key}:TlsMode Implicit (465 for SMTP, 993 for "
                        + $"IMAP), "
                    + $"or {key}:TlsMode None on a loopback test server only.", ex);
            }
            catch (SslHandshakeException ex) when (check.FailureReason is { } reason)
            {
                throw new MailSetupException($"{key}: TLS with {host}:{o.Port} failed: {reason}.", ex);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<bool> WaitReadableAsync(Socket socket, TimeSpan wait, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            // A zero-byte receive completes when data is available, without consuming any (MailKit reads the greeting).
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The first line a server sends unprompted on a plain connection, if it looks like a mail greeting.</summary>
    private static async Task<string?> PlainGreetingAsync(string host, int port, CancellationToken ct)
    {
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var buffer = new byte[128];
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var text = Encoding.ASCII.GetString(buffer, 0, n).Split('\n')[0].TrimEnd('\r');
            return text.StartsWith("220", StringComparison.Ordinal) || text.StartsWith("* OK", StringComparison.Ordinal)
                || text.StartsWith("* PREAUTH", StringComparison.Ordinal) ? text : null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static IProtocolLogger CreateLogger(MailEndpointOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.ProtocolLog))
        {
            return new NullProtocolLogger();
        }

        // Shared so that overlapping sessions (outbox run and inbox) can append to one file; MailKit sets the
        // client as the logger's AuthenticationSecretDetector, and RedactSecrets hides what it detects.
        var stream = new FileStream(o.ProtocolLog, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new ProtocolLogger(stream, leaveOpen: false) { RedactSecrets = true, LogTimestamps = true };
    }
}
