using MailKit;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// Signs SMTP and IMAP clients in with an OAuth2 token from the configured <see cref="IOAuth2TokenSource"/>.
/// Tokens are cached in memory and renewed before they expire (<see cref="MailAuthOptions.RenewBefore"/>); when the
/// server refuses a cached token it is renewed once and the login retried once, then the failure is reported with
/// the server's text and the fix. SASL XOAUTH2, or OAUTHBEARER when asked for and offered.
/// </summary>
internal sealed partial class OAuth2MailAuthenticator(
    IOAuth2TokenSource source,
    IOptions<MailAuthOptions> options,
    MailAuthSecrets secrets,
    TimeProvider time,
    ILogger<OAuth2MailAuthenticator> logger) : IMailAuthenticator, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, OAuth2AccessToken> _cache = new(StringComparer.Ordinal);

    public string ProviderName => source.Name;

    public async Task AuthenticateAsync(IMailService client, MailEndpointKind endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (token, fresh) = await GetTokenAsync(endpoint, null, ct).ConfigureAwait(false);
        try
        {
            await client.AuthenticateAsync(Mechanism(client, token), ct).ConfigureAwait(false);
            return;
        }
        catch (AuthenticationException ex) when (!fresh)
        {
            Log.CachedTokenRefused(logger, Describe(endpoint), token.UserName, secrets.Redact(ex.Message));
        }
        catch (AuthenticationException ex)
        {
            throw Refused(endpoint, token, ex);
        }

        (token, _) = await GetTokenAsync(endpoint, token, ct).ConfigureAwait(false);
        try
        {
            await client.AuthenticateAsync(Mechanism(client, token), ct).ConfigureAwait(false);
        }
        catch (AuthenticationException ex)
        {
            throw Refused(endpoint, token, ex);
        }
    }

    /// <summary>The token the next login of <paramref name="endpoint"/> would use (renewed when due).</summary>
    public async Task<OAuth2AccessToken> GetTokenAsync(MailEndpointKind endpoint, CancellationToken ct) =>
        (await GetTokenAsync(endpoint, null, ct).ConfigureAwait(false)).Token;

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// The cached token unless it is due for renewal or is <paramref name="refused"/>; Fresh says it was just
    /// acquired (a refusal of a fresh token is final).
    /// </summary>
    private async Task<(OAuth2AccessToken Token, bool Fresh)> GetTokenAsync(
        MailEndpointKind endpoint, OAuth2AccessToken? refused, CancellationToken ct)
    {
        var key = source.CacheKey(endpoint);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var hasCached = _cache.TryGetValue(key, out var cached);
            if (source.AskEveryTime && refused is null)
            {
                // A file-backed token: the source re-reads only when the file changed.
                var current = await source.AcquireAsync(endpoint, forceRefresh: false, ct).ConfigureAwait(false);
                if (!ReferenceEquals(current, cached))
                {
                    _cache[key] = current;
                    Log.TokenAcquired(
                        logger, source.Name, current.UserName, current.Issuer, current.ExpiresOn, string.Join(' ', current.Scopes),
                        hasCached ? "changed" : "first use");
                }

                return (current, !ReferenceEquals(current, cached));
            }

            if (hasCached && !ReferenceEquals(cached, refused)
                && (refused is not null || !cached!.IsDueForRenewal(now, options.Value.RenewBefore)))
            {
                // A token renewed by another connection after ours was refused counts as fresh.
                return (cached!, refused is not null);
            }

            var reason = refused is not null ? "refused by the server" : hasCached ? "expiring" : "first use";
            // Renewal bypasses the provider library's own cache: MSAL and Google keep a token until 5 minutes before expiry.
            var token = await source.AcquireAsync(endpoint, forceRefresh: hasCached, ct).ConfigureAwait(false);
            _cache[key] = token;
            Log.TokenAcquired(logger, source.Name, token.UserName, token.Issuer, token.ExpiresOn, string.Join(' ', token.Scopes), reason);
            return (token, true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SaslMechanism Mechanism(IMailService client, OAuth2AccessToken token) =>
        options.Value.Sasl == OAuth2SaslMechanism.OAuthBearer
        && client.AuthenticationMechanisms.Any(static m => string.Equals(m, "OAUTHBEARER", StringComparison.OrdinalIgnoreCase))
            ? new SaslMechanismOAuthBearer(token.UserName, token.Value)
            : new SaslMechanismOAuth2(token.UserName, token.Value);

    private AuthenticationException Refused(MailEndpointKind endpoint, OAuth2AccessToken token, AuthenticationException ex)
    {
        var message = $"{Describe(endpoint)} server refused the OAuth2 token for {token.UserName} (issuer {token.Issuer}): "
            + $"{secrets.Redact(ex.Message)} {source.ServerRefusalHint(endpoint)}";
        Log.TokenRefused(logger, message);
        return new AuthenticationException(message);
    }

    private static string Describe(MailEndpointKind endpoint) => endpoint == MailEndpointKind.Smtp ? "SMTP" : "IMAP";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Information,
            Message = "OAuth2 token acquired from {Provider} for {UserName} ({Reason}): "
                + "issuer {Issuer}, expires {ExpiresOn}, scopes {Scopes}")]
        public static partial void TokenAcquired(
            ILogger logger, string provider, string userName, string issuer, DateTimeOffset? expiresOn, string scopes, string reason);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
            Message = "{Endpoint} server refused the cached OAuth2 token for {UserName} ({Reason}); renewing it and retrying once")]
        public static partial void CachedTokenRefused(ILogger logger, string endpoint, string userName, string reason);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "{Message}")]
        public static partial void TokenRefused(ILogger logger, string message);
    }
}
