using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>
/// Opens connected (and, when a user name is configured, authenticated) SMTP and IMAP clients from
/// <see cref="MailServerOptions"/>. The caller owns and disposes the client; retry policy stays with the caller.
/// </summary>
internal sealed class MailServerConnector(IOptions<MailServerOptions> options, TimeProvider timeProvider)
{
    public MailServerOptions Options => options.Value;

    public async Task<SmtpClient> ConnectSmtpAsync(IMailProtocolLogger? logger, CancellationToken ct, bool authenticate = true)
    {
        var o = Require(Options.Smtp, "Mail:Smtp");
        var client = new SmtpClient(new SmtpClientOptions
        {
            Tls = o.CreateTlsOptions(),
            Timeout = o.Timeout,
            AllowInsecureAuthentication = o.AllowInsecureAuthentication,
            Logger = logger,
            TimeProvider = timeProvider,
        });
        return await ConnectAsync(
            client,
            c => c.ConnectAsync(o.Host!, o.Port, o.TlsMode, ct),
            authenticate ? c => AuthenticateAsync(c, ct) : null).ConfigureAwait(false);
    }

    public async Task<ImapClient> ConnectImapAsync(IMailProtocolLogger? logger, CancellationToken ct, bool authenticate = true)
    {
        var o = Require(Options.Imap, "Mail:Imap");
        var client = new ImapClient(new ImapClientOptions
        {
            Tls = o.CreateTlsOptions(),
            Timeout = o.Timeout,
            AllowInsecureAuthentication = o.AllowInsecureAuthentication,
            Logger = logger,
            TimeProvider = timeProvider,
        });
        return await ConnectAsync(
            client,
            c => c.ConnectAsync(o.Host!, o.Port, o.TlsMode, ct),
            authenticate ? c => AuthenticateAsync(c, ct) : null).ConfigureAwait(false);
    }

    /// <summary>Connects and optionally logs in; a client that fails either step is disposed before the error surfaces.</summary>
    private static async Task<TClient> ConnectAsync<TClient>(
        TClient client,
        Func<TClient, Task> connect,
        Func<TClient, Task>? authenticate)
        where TClient : IAsyncDisposable
    {
        try
        {
            await connect(client).ConfigureAwait(false);
            if (authenticate is not null)
            {
                await authenticate(client).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Logs in when a user name is configured; returns the credential used (null: none configured).</summary>
    public async Task<MailCredential?> AuthenticateAsync(SmtpClient client, CancellationToken ct)
    {
        var o = Options.Smtp;
        if (string.IsNullOrEmpty(o.UserName))
        {
            return null;
        }

        var credential = RequireCredential("SMTP", o);
        await (credential.Kind == MailCredentialKind.OAuth2Token
            ? client.AuthenticateOAuth2Async(o.UserName, credential.Value, ct)
            : client.AuthenticateAsync(o.UserName, credential.Value, ct)).ConfigureAwait(false);
        return credential;
    }

    /// <summary>Logs in when a user name is configured and the server did not pre-authenticate.</summary>
    public async Task<MailCredential?> AuthenticateAsync(ImapClient client, CancellationToken ct)
    {
        var o = Options.Imap;
        if (string.IsNullOrEmpty(o.UserName) || client.IsAuthenticated)
        {
            return null;
        }

        var credential = RequireCredential("IMAP", o);
        await (credential.Kind == MailCredentialKind.OAuth2Token
            ? client.AuthenticateOAuth2Async(o.UserName, credential.Value, ct)
            : client.AuthenticateAsync(o.UserName, credential.Value, ct)).ConfigureAwait(false);
        return credential;
    }

    private static MailEndpointOptions Require(MailEndpointOptions o, string key) =>
        o.IsConfigured ? o : throw new InvalidOperationException($"{key}:Host is not configured.");

    private static MailCredential RequireCredential(string protocol, MailEndpointOptions o) =>
        MailCredentials.Resolve(protocol, o)
        ?? throw new InvalidOperationException(
            $"{protocol} user '{o.UserName}' is configured but no secret is: set FW_{protocol}_PASSWORD or FW_{protocol}_PASSWORD_FILE (or FW_{protocol}_OAUTH2_TOKEN), or Mail:{(protocol == "SMTP" ? "Smtp" : "Imap")}:PasswordFile.");
}
