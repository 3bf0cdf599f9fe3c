using Microsoft.Extensions.Options;
using MailKitAuthenticationException = MailKit.Security.AuthenticationException;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// A token someone else keeps fresh, from <c>FW_SMTP_OAUTH2_TOKEN(_FILE)</c> / <c>FW_IMAP_OAUTH2_TOKEN(_FILE)</c>.
/// A file is read at every login and its token used as soon as the content changed.
/// The SASL user is <c>Mail:Smtp:UserName</c> / <c>Mail:Imap:UserName</c>.
/// </summary>
internal sealed class StaticTokenSource(IOptions<MailServerOptions> servers, MailAuthSecrets secrets, TimeProvider time)
    : IOAuth2TokenSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<MailEndpointKind, (string Path, OAuth2AccessToken Token)> _read = [];

    public string Name => MailAuthProviders.Static;

    public bool AskEveryTime => true;

    public string CacheKey(MailEndpointKind endpoint) => "static:" + endpoint;

    public Task<OAuth2AccessToken> AcquireAsync(MailEndpointKind endpoint, bool forceRefresh, CancellationToken ct)
    {
        var (value, file, source) = secrets.StaticTokenSource(endpoint);
        var key = endpoint == MailEndpointKind.Smtp ? "Mail:Smtp:UserName" : "Mail:Imap:UserName";
        var user = (endpoint == MailEndpointKind.Smtp ? servers.Value.Smtp : servers.Value.Imap).UserName;
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new MailKitAuthenticationException(
                $"Mail:Auth:Provider is static but {key} is not set: it is the SASL user the token is for.");
        }

        if (value is not null)
        {
            return Task.FromResult(Create(value, user, source));
        }

        if (file is null)
        {
            throw new MailKitAuthenticationException($"Mail:Auth:Provider is static but neither {source} nor {source}_FILE is set.");
        }

        // Read on every login (a token is a few KB) and compared by content: a rewrite within the file system's time
        // resolution, or a Kubernetes secret mount that swaps a directory symlink, changes no time or size we could see.
        string text;
        try
        {
            text = secrets.ReadSecretFile(file, source).Trim();
        }
        catch (InvalidOperationException ex)
        {
            throw new MailKitAuthenticationException(ex.Message);
        }

        if (text.Length == 0)
        {
            throw new MailKitAuthenticationException($"{source} '{file}' is empty.");
        }

        lock (_gate)
        {
            if (_read.TryGetValue(endpoint, out var cached) && cached.Path == file
                && string.Equals(cached.Token.Value, text, StringComparison.Ordinal))
            {
                return Task.FromResult(cached.Token);
            }

            var token = Create(text, user, $"{source} ({file})");
            _read[endpoint] = (file, token);
            return Task.FromResult(token);
        }
    }

    public string ServerRefusalHint(MailEndpointKind endpoint)
    {
        var (_, file, source) = secrets.StaticTokenSource(endpoint);
        return file is null
            ? $"the token in {source} was refused: it expired or was revoked; put a fresh one there "
                + "(or use Mail:Auth:Provider microsoft or google)."
            : $"the token in {source} ('{file}') was refused: it expired or was revoked and the file has not been refreshed since.";
    }

    private OAuth2AccessToken Create(string value, string user, string source)
    {
        secrets.Remember(value);
        var claims = OAuth2AccessToken.ReadJwtClaims(value);
        return new OAuth2AccessToken(value, user, claims.Issuer ?? source, null, claims.Scopes ?? [], time.GetUtcNow());
    }
}
