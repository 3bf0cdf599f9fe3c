using System.Net;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Microsoft.Extensions.Options;
using MailKitAuthenticationException = MailKit.Security.AuthenticationException;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// A Workspace service account with domain-wide delegation, impersonating the desk mailbox for
/// <c>https://mail.google.com/</c> (Gmail's scope for IMAP and SMTP). The JSON key comes from
/// <c>FW_GOOGLE_KEY_FILE</c> only, and is loaded again when the file changes.
/// </summary>
internal sealed class GoogleTokenSource(IOptions<MailAuthOptions> options, MailAuthSecrets secrets, TimeProvider time) : IOAuth2TokenSource
{
    private const string DefaultTokenUrl = "https://oauth2.googleapis.com/token";
    private readonly MailAuthOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ServiceAccountCredential Credential, string Email, string? ClientId, string TokenUrl)? _account;
    private string? _keyFingerprint;

    public string Name => MailAuthProviders.Google;

    private GoogleAuthOptions Settings => _options.Google;

    public string CacheKey(MailEndpointKind endpoint) => "google";

    public async Task<OAuth2AccessToken> AcquireAsync(MailEndpointKind endpoint, bool forceRefresh, CancellationToken ct)
    {
        var account = await AccountAsync(ct).ConfigureAwait(false);
        string value;
        try
        {
            // Always a new token: the authenticator caches, and Google's own cache would keep a token until 5 minutes
            // before expiry (with a short-lived token, a second request per call).
            await account.Credential.RequestAccessTokenAsync(ct).ConfigureAwait(false);
            value = account.Credential.Token?.AccessToken
                ?? throw new OAuth2ProviderUnavailableException(
                    $"Google token endpoint {account.TokenUrl} answered without an access token.");
        }
        catch (TokenResponseException ex)
            when (ex.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests)
        {
            throw new OAuth2ProviderUnavailableException(
                $"Google token endpoint {account.TokenUrl} unavailable ({(int?)ex.StatusCode}): "
                + $"{secrets.Redact(ex.Error?.Error)} {secrets.Redact(ex.Error?.ErrorDescription)}");
        }
        catch (TokenResponseException ex)
        {
            throw new MailKitAuthenticationException(OAuth2ErrorText.ExplainGoogle(
                secrets.Redact(ex.Error?.Error), secrets.Redact(ex.Error?.ErrorDescription), account.Email, account.ClientId, Settings));
        }
        catch (HttpRequestException ex)
        {
            throw new OAuth2ProviderUnavailableException($"Google token endpoint {account.TokenUrl} unreachable: {ex.Message}");
        }

        secrets.Remember(value);
        var token = account.Credential.Token;
        DateTimeOffset? expires = token?.ExpiresInSeconds is { } seconds
            ? new DateTimeOffset(DateTime.SpecifyKind(token.IssuedUtc, DateTimeKind.Utc)).AddSeconds(seconds)
            : null;
        var claims = OAuth2AccessToken.ReadJwtClaims(value);
        IReadOnlyList<string> scopes = claims.Scopes
            ?? (token?.Scope is { Length: > 0 } granted ? granted.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [Settings.Scope]);
        return new OAuth2AccessToken(value, Settings.Mailbox!, claims.Issuer ?? account.TokenUrl, expires, scopes, time.GetUtcNow());
    }

    public string ServerRefusalHint(MailEndpointKind endpoint) =>
        $"Google issued the token but Gmail's {(endpoint == MailEndpointKind.Smtp ? "SMTP" : "IMAP")} server "
        + $"refused it for {Settings.Mailbox}: "
        + $"check that the delegation grants {Settings.Scope} (not a narrower Gmail scope) and that IMAP is enabled for the user "
        + "(Admin console > Apps > Google Workspace > Gmail > End User Access).";

    private async Task<(ServiceAccountCredential Credential, string Email, string? ClientId, string TokenUrl)> AccountAsync(
        CancellationToken ct)
    {
        // A replaced key file (a new key after the old one was deleted) is loaded at the next token request.
        var fingerprint = secrets.GoogleKeyFingerprint();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_account is null || _keyFingerprint != fingerprint)
            {
                _account = Load();
                _keyFingerprint = fingerprint;
            }

            return _account.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private (ServiceAccountCredential, string, string?, string) Load()
    {
        var path = secrets.GoogleKeyPath ?? throw new MailKitAuthenticationException($"{MailAuthSecrets.GoogleKeyFile} is not set.");
        string? email, privateKey, clientId, keyTokenUri;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            email = Text(root, "client_email");
            privateKey = Text(root, "private_key");
            clientId = Text(root, "client_id");
            keyTokenUri = Text(root, "token_uri");
            if (Text(root, "type") is { } type && type != "service_account")
            {
                throw new MailKitAuthenticationException(
                    $"{MailAuthSecrets.GoogleKeyFile} '{path}' is a '{type}' key: "
                    + "create a key for a service account (type service_account).");
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new MailKitAuthenticationException(
                $"{MailAuthSecrets.GoogleKeyFile} '{path}' is not a readable JSON key file: {ex.GetType().Name}.");
        }

        if (email is null || privateKey is null)
        {
            throw new MailKitAuthenticationException(
                $"{MailAuthSecrets.GoogleKeyFile} '{path}' lacks client_email or private_key: download a new JSON key.");
        }

        secrets.Remember(privateKey);
        var tokenUrl = Settings.TokenUrl?.ToString() ?? keyTokenUri ?? DefaultTokenUrl;
        var initializer = new ServiceAccountCredential.Initializer(email, tokenUrl)
        {
            User = Settings.Mailbox,
            Scopes = [Settings.Scope],
            HttpClientFactory = new TrustingHttpClientFactory(_options.TrustedCaFile),
            Clock = new TimeProviderClock(time),
        };
        try
        {
            return (new ServiceAccountCredential(initializer.FromPrivateKey(privateKey)), email, clientId, tokenUrl);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new MailKitAuthenticationException(
                $"{MailAuthSecrets.GoogleKeyFile} '{path}': private_key is not a PEM RSA key ({ex.GetType().Name}).");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class TrustingHttpClientFactory(string? trustedCaFile) : HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => TokenEndpointHttp.CreateHandler(trustedCaFile);
    }

    /// <summary>Google's staleness checks and JWT times follow the app's clock.</summary>
    private sealed class TimeProviderClock(TimeProvider time) : Google.Apis.Util.IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}
