using System.Net;
using MailKit;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// Signs in with what the environment holds for the endpoint (<see cref="MailCredentials.Resolve"/>): a static
/// OAuth2 access token (<c>FW_SMTP_OAUTH2_TOKEN</c>, ... ; SASL XOAUTH2) or a password (the strongest mechanism both
/// sides offer, as MailKit picks it). The default <see cref="IMailAuthenticator"/>; token providers replace it.
/// </summary>
internal sealed class PasswordMailAuthenticator(IOptions<MailServerOptions> options) : IMailAuthenticator
{
    public async Task AuthenticateAsync(IMailService client, MailEndpointKind endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (protocol, key, o) = endpoint == MailEndpointKind.Smtp
            ? ("SMTP", "Mail:Smtp", options.Value.Smtp)
            : ("IMAP", "Mail:Imap", options.Value.Imap);
        if (string.IsNullOrEmpty(o.UserName) || client.IsAuthenticated)
        {
            return;
        }

        var credential = MailCredentials.Resolve(protocol, o)
            ?? throw new InvalidOperationException(
                $"{key}:UserName '{o.UserName}' is set but no secret is: set FW_{protocol}_PASSWORD or FW_{protocol}_PASSWORD_FILE "
                + $"(or FW_{protocol}_OAUTH2_TOKEN), or {key}:PasswordFile.");
        try
        {
            if (credential.Kind == MailCredentialKind.OAuth2Token)
            {
                await client.AuthenticateAsync(new SaslMechanismOAuth2(o.UserName, credential.Value), ct).ConfigureAwait(false);
            }
            else
            {
                await client.AuthenticateAsync(new NetworkCredential(o.UserName, credential.Value), ct).ConfigureAwait(false);
            }
        }
        catch (AuthenticationException ex)
        {
            throw new AuthenticationException(
                $"{protocol} login as {o.UserName} was refused ({ex.Message}); check {key}:UserName and the secret in {credential.Source}.",
                ex);
        }
    }
}
