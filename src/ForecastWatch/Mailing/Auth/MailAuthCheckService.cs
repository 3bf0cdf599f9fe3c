using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// The first step of <c>mail check</c> with an OAuth2 provider: acquire a token and show what it is (issuer,
/// expiry, scopes), never the token itself. The SMTP and IMAP steps then sign in with the same cached token.
/// </summary>
internal sealed class MailAuthCheckService(IOptions<MailAuthOptions> options, IServiceProvider services)
{
    /// <summary>Null when <c>Mail:Auth:Provider</c> is password (there is no token to check).</summary>
    public async Task<MailCheckResult?> CheckTokenAsync(CancellationToken ct)
    {
        var authenticator = services.GetService<OAuth2MailAuthenticator>();
        if (authenticator is null)
        {
            return null;
        }

        var o = options.Value;
        var sasl = o.Sasl == OAuth2SaslMechanism.OAuthBearer ? "OAUTHBEARER where offered, else XOAUTH2" : "XOAUTH2";
        var facts = new List<string> { $"provider: {Describe(o)}", $"sasl: {sasl}" };
        try
        {
            foreach (var endpoint in (MailEndpointKind[])[MailEndpointKind.Smtp, MailEndpointKind.Imap])
            {
                var token = await authenticator.GetTokenAsync(endpoint, ct).ConfigureAwait(false);
                var expires = token.ExpiresOn?.ToString("u", CultureInfo.InvariantCulture) ?? "unknown";
                var scopes = token.Scopes.Count == 0 ? "(not stated)" : string.Join(' ', token.Scopes);
                var fact = $"token acquired for {token.UserName}: issuer {token.Issuer}, expires {expires}, scopes {scopes}";
                if (!facts.Contains(fact))
                {
                    facts.Add(fact);
                }
            }

            return new MailCheckResult("token", authenticator.ProviderName, facts, null);
        }
        catch (MailKit.Security.AuthenticationException ex)
        {
            return new MailCheckResult("token", authenticator.ProviderName, facts, $"auth: {ex.Message}");
        }
        catch (OAuth2ProviderUnavailableException ex)
        {
            return new MailCheckResult("token", authenticator.ProviderName, facts, $"unavailable: {ex.Message}");
        }
    }

    private static string Describe(MailAuthOptions o) => o.Provider.Trim().ToLowerInvariant() switch
    {
        MailAuthProviders.Microsoft =>
            $"microsoft (tenant {o.Microsoft.TenantId}, client {o.Microsoft.ClientId}, mailbox {o.Microsoft.Mailbox}, "
            + $"scope {o.Microsoft.Scope})",
        MailAuthProviders.Google => $"google (mailbox {o.Google.Mailbox}, scope {o.Google.Scope})",
        var other => other,
    };
}
