using System.Globalization;
using System.Net.Sockets;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing.Auth;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Connects to the configured servers and reports capabilities or a classified reason for failure; for IMAP it also
/// creates or verifies the processed and rejected folders under the server's personal namespace.
/// With an OAuth2 provider each step that signs in first shows the token it signs in with (the token step), so
/// <c>--only smtp</c> runs exactly the SMTP step.
/// </summary>
internal sealed class MailCheckService(MailServerConnector connector, IOptions<InboxOptions> inbox, MailAuthCheckService tokens)
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
            using var client = await connector.ConnectSmtpAsync(ct, authenticate: false).ConfigureAwait(false);
            facts.Add(client.IsSecure ? $"tls: {client.SslProtocol} {client.SslCipherSuite}" : "tls: none (plain text)");
            facts.Add($"capabilities: {client.Capabilities.ToString().ToUpperInvariant()}");
            facts.Add($"auth mechanisms: "
                + $"{(client.AuthenticationMechanisms.Count == 0 ? "none" : string.Join(", ", client.AuthenticationMechanisms))}");
            if (!client.Capabilities.HasFlag(SmtpCapabilities.EnhancedStatusCodes))
            {
                facts.Add("note: no ENHANCEDSTATUSCODES (RFC 2034): refusals are kept with the reply code only. Providers' submission "
                    + "servers offer it; if this is a relay or a test port, check Mail:Smtp:Host and Mail:Smtp:Port.");
            }

            if (await TokenStepAsync(MailEndpointKind.Smtp, o, facts, ct).ConfigureAwait(false) is { } tokenFailure)
            {
                return new MailCheckResult("smtp", endpoint, facts, tokenFailure);
            }

            phase = "auth";
            await connector.AuthenticateAsync(client, MailEndpointKind.Smtp, ct).ConfigureAwait(false);
            facts.Add(string.IsNullOrEmpty(o.UserName) ? "login: skipped (no Mail:Smtp:UserName)" : $"login: ok as {o.UserName}");
            await client.DisconnectAsync(quit: true, ct).ConfigureAwait(false);
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
            using var client = await connector.ConnectImapAsync(ct, authenticate: false).ConfigureAwait(false);
            facts.Add(client.IsSecure ? $"tls: {client.SslProtocol} {client.SslCipherSuite}" : "tls: none (plain text)");
            facts.Add($"capabilities: {client.Capabilities.ToString().ToUpperInvariant()}");
            if (await TokenStepAsync(MailEndpointKind.Imap, o, facts, ct).ConfigureAwait(false) is { } tokenFailure)
            {
                return new MailCheckResult("imap", endpoint, facts, tokenFailure);
            }

            phase = "auth";
            await connector.AuthenticateAsync(client, MailEndpointKind.Imap, ct).ConfigureAwait(false);
            if (!client.IsAuthenticated)
            {
                facts.Add("login: skipped (no Mail:Imap:UserName)");
            }
            else
            {
                facts.Add(string.IsNullOrEmpty(o.UserName) ? "login: pre-authenticated" : $"login: ok as {o.UserName}");
                facts.Add($"capabilities after login: {client.Capabilities.ToString().ToUpperInvariant()}");
                if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    facts.Add("note: no IDLE: replies are found by polling every ForecastWatch:Inbox:PollInterval");
                }

                var (prefix, delimiter) = ImapFolders.Namespace(client);
                facts.Add($"personal namespace: \"{prefix}\" delimiter '{delimiter}'");
                phase = "folders";
                foreach (var (configured, key) in ((string, string)[])[
                    (inbox.Value.ProcessedFolder, "ForecastWatch:Inbox:ProcessedFolder"),
                    (inbox.Value.RejectedFolder, "ForecastWatch:Inbox:RejectedFolder")])
                {
                    var existed = await ImapFolders.GetAsync(client, configured, ct).ConfigureAwait(false) is not null;
                    var folder = await ImapFolders.GetOrCreateAsync(client, configured, key, ct).ConfigureAwait(false);
                    facts.Add($"folder {folder.FullName}: {(existed ? "exists" : "created")}");
                }

                phase = "inbox";
                await client.Inbox.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
                facts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"INBOX: {client.Inbox.Count} messages, UIDVALIDITY {client.Inbox.UidValidity}, UIDNEXT "
                        + $"{client.Inbox.UidNext?.Id.ToString(CultureInfo.InvariantCulture) ?? "?"}"));
            }

            await client.DisconnectAsync(quit: true, ct).ConfigureAwait(false);
            return new MailCheckResult("imap", endpoint, facts, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new MailCheckResult("imap", endpoint, facts, Classify(ex, phase, o));
        }
    }

    /// <summary>
    /// With an OAuth2 provider and a login to make: acquires the token that login will use and adds what it is to
    /// <paramref name="facts"/>. Returns the failure (the provider's error and the fix), or null.
    /// </summary>
    private async Task<string?> TokenStepAsync(MailEndpointKind kind, MailEndpointOptions o, List<string> facts, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(o.UserName) || await tokens.CheckTokenAsync(kind, ct).ConfigureAwait(false) is not { } check)
        {
            return null;
        }

        facts.AddRange(check.Facts);
        return check.Failure;
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
            MailSetupException when phase == "folders" => $"folders: {ex.Message}",
            MailSetupException when phase == "connect" && ex.InnerException is SslHandshakeException => $"tls: {ex.Message}",
            MailSetupException => $"setup: {ex.Message}",
            TimeoutException => $"timeout: {ex.Message}",
            SslHandshakeException => $"tls: {ex.Message}",
            AuthenticationException => $"auth: {ex.Message}",
            SmtpCommandException s => $"refused: {(int)s.StatusCode} {s.Message}",
            ImapCommandException i => $"refused: {i.Response} {i.ResponseText}",
            ProtocolException => $"protocol: {ex.Message}",
            NotSupportedException => $"unsupported: {ex.Message}",
            InvalidOperationException => $"config: {ex.Message}",
            IOException => $"connection: {ex.Message}",
            OperationCanceledException => "cancelled",
            _ => $"error: {ex.GetType().Name}: {ex.Message}",
        };
    }

    private static string Describe(MailEndpointOptions o) =>
        string.Create(CultureInfo.InvariantCulture, $"{o.Host ?? "(no host)"}:{o.Port} "
            + $"({o.TlsMode switch { MailTlsMode.Implicit => "implicit TLS", MailTlsMode.StartTls => "STARTTLS", _ => "no TLS" }})");
}
