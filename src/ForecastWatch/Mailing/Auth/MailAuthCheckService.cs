using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing.Auth;

/// <summary>What the token step of <c>mail check</c> learned, and why it failed (null when it did not).</summary>
internal sealed record TokenCheck(IReadOnlyList<string> Facts, string? Failure);

/// <summary>
/// The token step of <c>mail check</c> with an OAuth2 provider, run inside the SMTP or IMAP step that signs in with
/// it: acquire the token that login will use and show what it is (provider, SASL mechanism, issuer, expiry, scopes),
/// never the token itself. The login right after uses the same cached token.
/// </summary>
internal sealed class MailAuthCheckService(IOptions<MailAuthOptions> options, IServiceProvider services)
{
    /// <summary>Null when <c>Mail:Auth:Provider</c> is password (there is no token to check).</summary>
    public async Task<TokenCheck?> CheckTokenAsync(MailEndpointKind endpoint, CancellationToken ct)
    {
        var authenticator = services.GetService<OAuth2MailAuthenticator>();
        if (authenticator is null)
        {
            return null;
        }

        var o = options.Value;
        var sasl = o.Sasl == OAuth2SaslMechanism.OAuthBearer ? "OAUTHBEARER where offered, else XOAUTH2" : "XOAUTH2";
        var facts = new List<string> { $"token provider: {Describe(o)}, sasl {sasl}" };
        try
        {
            var token = await authenticator.GetTokenAsync(endpoint, ct).ConfigureAwait(false);
            var expires = token.ExpiresOn?.ToString("u", CultureInfo.InvariantCulture) ?? "unknown";
            var scopes = token.Scopes.Count == 0 ? "(not stated)" : string.Join(' ', token.Scopes);
            facts.Add($"token acquired for {token.UserName}: issuer {token.Issuer}, expires {expires}, scopes {scopes}");
            return new TokenCheck(facts, null);
        }
        catch (MailKit.Security.AuthenticationException ex)
        {
            return new TokenCheck(facts, $"token: {ex.Message}");
        }
        catch (OAuth2ProviderUnavailableException ex)
        {
            return new TokenCheck(facts, $"token: unavailable: {ex.Message}");
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
