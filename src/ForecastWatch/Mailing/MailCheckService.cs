using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;

namespace ForecastWatch.Mailing;

/// <summary>The outcome of checking one server.</summary>
/// <param name="Protocol">"smtp" or "imap".</param>
/// <param name="Endpoint">host:port (tls mode).</param>
/// <param name="Facts">What was learned, in order (TLS version, capabilities, login, INBOX).</param>
/// <param name="Failure">Why it failed, starting with the kind (dns, refused, tls, auth, ...), or null when all went well.</param>
internal sealed record MailCheckResult(string Protocol, string Endpoint, IReadOnlyList<string> Facts, string? Failure)
{
    public bool Ok => Failure is null;
}

/// <summary>Connects to the configured servers and reports capabilities or a classified reason for failure.</summary>
internal sealed class MailCheckService(MailServerConnector connector)
{
    public async Task<MailCheckResult> CheckSmtpAsync(CancellationToken ct)
    {
        var o = connector.Options.Smtp;
        var endpoint = Describe(o);
        var facts = new List<string>();
        if (!o.IsConfigured)
        {
            return new MailCheckResult("smtp", endpoint, facts, "config: Mail:Smtp:Host is not set");
        }

        var phase = "connect";
        try
        {
            await using var client = await connector.ConnectSmtpAsync(null, ct, authenticate: false).ConfigureAwait(false);
            facts.Add($"greeting: {client.Greeting}");
            facts.Add(client.IsSecure ? $"tls: {client.TlsProtocol}" : "tls: none (plain text)");
            facts.Add($"capabilities: {string.Join(", ", client.Capabilities.Raw)}");
            phase = "auth";
            var credential = await connector.AuthenticateAsync(client, ct).ConfigureAwait(false);
            facts.Add(credential is null ? "login: skipped (no Mail:Smtp:UserName)" : $"login: ok as {o.UserName} ({credential})");
            await client.DisconnectAsync(ct).ConfigureAwait(false);
            return new MailCheckResult("smtp", endpoint, facts, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new MailCheckResult("smtp", endpoint, facts, Classify(ex, phase, o));
        }
    }

    public async Task<MailCheckResult> CheckImapAsync(CancellationToken ct)
    {
        var o = connector.Options.Imap;
        var endpoint = Describe(o);
        var facts = new List<string>();
        if (!o.IsConfigured)
        {
            return new MailCheckResult("imap", endpoint, facts, "config: Mail:Imap:Host is not set");
        }

        var phase = "connect";
        try
        {
            await using var client = await connector.ConnectImapAsync(null, ct, authenticate: false).ConfigureAwait(false);
            facts.Add($"greeting: {client.Greeting}");
            facts.Add(client.IsSecure ? "tls: yes" : "tls: none (plain text)");
            facts.Add($"capabilities: {client.Capabilities}");
            phase = "auth";
            var credential = await connector.AuthenticateAsync(client, ct).ConfigureAwait(false);
            if (credential is null && !client.IsAuthenticated)
            {
                facts.Add("login: skipped (no Mail:Imap:UserName)");
            }
            else
            {
                facts.Add(credential is null ? "login: pre-authenticated" : $"login: ok as {o.UserName} ({credential})");
                facts.Add($"capabilities after login: {client.Capabilities}");
                phase = "inbox";
                var inbox = await client.ExamineAsync("INBOX", ct).ConfigureAwait(false);
                facts.Add(string.Create(CultureInfo.InvariantCulture, $"INBOX: {inbox.Count} messages, UIDVALIDITY {inbox.UidValidity}, UIDNEXT {inbox.UidNext?.ToString(CultureInfo.InvariantCulture) ?? "?"}"));
            }

            await client.DisconnectAsync(ct).ConfigureAwait(false);
            return new MailCheckResult("imap", endpoint, facts, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new MailCheckResult("imap", endpoint, facts, Classify(ex, phase, o));
        }
    }

    internal static string Classify(Exception ex, string phase, MailEndpointOptions o)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{o.Host}:{o.Port}");
        return ex switch
        {
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
                $"dns: cannot resolve '{o.Host}' ({ex.Message})",
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                $"refused: nothing accepts connections on {where}",
            SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable } s =>
                $"unreachable: {where} ({s.SocketErrorCode})",
            SocketException s => $"network: {where}: {s.Message}",
            TimeoutException => $"timeout: {ex.Message}",
            AuthenticationException when phase == "connect" => $"tls: {ex.Message}",
            AuthenticationException => $"auth: {ex.Message}",
            SmtpCommandException { ErrorCode: SmtpErrorCode.Authentication } s => $"auth: rejected ({s.ReplyCode} {s.EnhancedStatus} {s.ServerText})",
            ImapCommandException i when phase == "auth" => $"auth: rejected ({i.ResponseCode ?? i.Status.ToString().ToUpperInvariant()} {i.ServerText})",
            MailCommandException c => $"refused: {c.Message}",
            MailProtocolException => $"protocol: {ex.Message}",
            NotSupportedException => $"unsupported: {ex.Message}",
            InvalidOperationException => $"config: {ex.Message}",
            IOException => $"connection: {ex.Message}",
            OperationCanceledException => "cancelled",
            _ => $"error: {ex.GetType().Name}: {ex.Message}",
        };
    }

    private static string Describe(MailEndpointOptions o) =>
        string.Create(CultureInfo.InvariantCulture, $"{o.Host ?? "(no host)"}:{o.Port} ({o.TlsMode switch { MailTlsMode.Implicit => "implicit TLS", MailTlsMode.StartTls => "STARTTLS", _ => "no TLS" }})");
}
