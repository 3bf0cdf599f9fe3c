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

    public Task<SmtpClient> ConnectSmtpAsync(IMailProtocolLogger? logger, CancellationToken ct, bool authenticate = true) =>
        OpenAsync(
            "Mail:Smtp",
            Options.Smtp,
            static s => new SmtpClient(new SmtpClientOptions
            {
                Tls = s.Tls, Timeout = s.Timeout, AllowInsecureAuthentication = s.AllowInsecureAuthentication, Logger = s.Logger, TimeProvider = s.TimeProvider,
            }),
            static (client, o, c) => client.ConnectAsync(o.Host!, o.Port, o.TlsMode, c),
            authenticate ? AuthenticateAsync : null,
            logger,
            ct);

    public Task<ImapClient> ConnectImapAsync(IMailProtocolLogger? logger, CancellationToken ct, bool authenticate = true) =>
        OpenAsync(
            "Mail:Imap",
            Options.Imap,
            static s => new ImapClient(new ImapClientOptions
            {
                Tls = s.Tls, Timeout = s.Timeout, AllowInsecureAuthentication = s.AllowInsecureAuthentication, Logger = s.Logger, TimeProvider = s.TimeProvider,
            }),
            static (client, o, c) => client.ConnectAsync(o.Host!, o.Port, o.TlsMode, c),
            authenticate ? AuthenticateAsync : null,
            logger,
            ct);

    /// <summary>Logs in when a user name is configured; returns the credential used (null: none configured).</summary>
    public Task<MailCredential?> AuthenticateAsync(SmtpClient client, CancellationToken ct) =>
        LoginAsync("SMTP", Options.Smtp, client.AuthenticateAsync, client.AuthenticateOAuth2Async, ct);

    /// <summary>Logs in when a user name is configured and the server did not pre-authenticate.</summary>
    public Task<MailCredential?> AuthenticateAsync(ImapClient client, CancellationToken ct) =>
        client.IsAuthenticated
            ? Task.FromResult<MailCredential?>(null)
            : LoginAsync("IMAP", Options.Imap, client.AuthenticateAsync, client.AuthenticateOAuth2Async, ct);

    /// <summary>
    /// Creates the client from the endpoint's settings, connects and optionally logs in; a client that fails
    /// either step is disposed before the error surfaces.
    /// </summary>
    private async Task<TClient> OpenAsync<TClient>(
        string key,
        MailEndpointOptions endpoint,
        Func<ClientSettings, TClient> create,
        Func<TClient, MailEndpointOptions, CancellationToken, Task> connect,
        Func<TClient, CancellationToken, Task<MailCredential?>>? authenticate,
        IMailProtocolLogger? logger,
        CancellationToken ct)
        where TClient : IAsyncDisposable
    {
        var o = endpoint.IsConfigured ? endpoint : throw new InvalidOperationException($"{key}:Host is not configured.");
        var client = create(new ClientSettings(o.CreateTlsOptions(), o.Timeout, o.AllowInsecureAuthentication, logger, timeProvider));
        try
        {
            await connect(client, o, ct).ConfigureAwait(false);
            if (authenticate is not null)
            {
                await authenticate(client, ct).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<MailCredential?> LoginAsync(
        string protocol,
        MailEndpointOptions o,
        Func<string, string, CancellationToken, Task> password,
        Func<string, string, CancellationToken, Task> oauth2,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(o.UserName))
        {
            return null;
        }

        var credential = MailCredentials.Resolve(protocol, o)
            ?? throw new InvalidOperationException(
                $"{protocol} user '{o.UserName}' is configured but no secret is: set FW_{protocol}_PASSWORD or FW_{protocol}_PASSWORD_FILE (or FW_{protocol}_OAUTH2_TOKEN), or Mail:{(protocol == "SMTP" ? "Smtp" : "Imap")}:PasswordFile.");
        await (credential.Kind == MailCredentialKind.OAuth2Token
            ? oauth2(o.UserName, credential.Value, ct)
            : password(o.UserName, credential.Value, ct)).ConfigureAwait(false);
        return credential;
    }

    /// <summary>What both client types take from an endpoint.</summary>
    private sealed record ClientSettings(MailTlsOptions Tls, TimeSpan Timeout, bool AllowInsecureAuthentication, IMailProtocolLogger? Logger, TimeProvider TimeProvider);
}
