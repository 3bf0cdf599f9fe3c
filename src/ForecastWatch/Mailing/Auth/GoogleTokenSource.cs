using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MailKitAuthenticationException = MailKit.Security.AuthenticationException;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// A Workspace service account with domain-wide delegation, impersonating the desk mailbox for
/// <c>https://mail.google.com/</c> (Gmail's scope for IMAP and SMTP). The JSON key comes from
/// <c>FW_GOOGLE_KEY_FILE</c> only, and is loaded again when the file changes. The token request is the JWT bearer grant
/// (RFC 7523) Google documents for service accounts: an RS256-signed assertion (iss = the account, sub = the mailbox,
/// scope, aud = the token URL, one hour) posted to the token endpoint, built here with System.Security.Cryptography and
/// System.Text.Json only (no reflection, so it runs the same in the native AOT build).
/// </summary>
internal sealed class GoogleTokenSource : IOAuth2TokenSource, IDisposable
{
    private const string DefaultTokenUrl = "https://oauth2.googleapis.com/token";
    private static readonly TimeSpan AssertionLifetime = TimeSpan.FromHours(1);
    private readonly MailAuthOptions _options;
    private readonly MailAuthSecrets _secrets;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Account? _account;
    private string? _keyFingerprint;

    public GoogleTokenSource(IOptions<MailAuthOptions> options, MailAuthSecrets secrets, TimeProvider time)
    {
        _options = options.Value;
        _secrets = secrets;
        _time = time;
        _http = new HttpClient(TokenEndpointHttp.CreateHandler(_options.TrustedCaFile)) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name => MailAuthProviders.Google;

    private GoogleAuthOptions Settings => _options.Google;

    public string CacheKey(MailEndpointKind endpoint) => "google";

    public async Task<OAuth2AccessToken> AcquireAsync(MailEndpointKind endpoint, bool forceRefresh, CancellationToken ct)
    {
        var account = await AccountAsync(ct).ConfigureAwait(false);
        // Always a new token: the authenticator caches.
        using var form = new FormUrlEncodedContent(
        [
            new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            new("assertion", Assertion(account)),
        ]);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.PostAsync(account.TokenUrl, form, ct).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new OAuth2ProviderUnavailableException($"Google token endpoint {account.TokenUrl} unreachable: {ex.Message}");
        }

        using (response)
        {
            var answer = TokenAnswer.Parse(body);
            if (!response.IsSuccessStatusCode)
            {
                var status = response.StatusCode;
                if (answer is null || status is >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests)
                {
                    throw new OAuth2ProviderUnavailableException(
                        $"Google token endpoint {account.TokenUrl} unavailable ({(int)status}): "
                        + $"{_secrets.Redact(answer?.Error)} {_secrets.Redact(answer?.ErrorDescription)}");
                }

                throw new MailKitAuthenticationException(OAuth2ErrorText.ExplainGoogle(
                    _secrets.Redact(answer.Error), _secrets.Redact(answer.ErrorDescription), account.Email, account.ClientId, Settings));
            }

            var value = answer?.AccessToken
                ?? throw new OAuth2ProviderUnavailableException(
                    $"Google token endpoint {account.TokenUrl} answered without an access token.");
            _secrets.Remember(value);
            var now = _time.GetUtcNow();
            DateTimeOffset? expires = answer.ExpiresIn is { } seconds ? now.AddSeconds(seconds) : null;
            var claims = OAuth2AccessToken.ReadJwtClaims(value);
            IReadOnlyList<string> scopes = claims.Scopes
                ?? (answer.Scope is { Length: > 0 } granted ? granted.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [Settings.Scope]);
            return new OAuth2AccessToken(value, Settings.Mailbox!, claims.Issuer ?? account.TokenUrl, expires, scopes, now);
        }
    }

    public string ServerRefusalHint(MailEndpointKind endpoint) =>
        $"Google issued the token but Gmail's {(endpoint == MailEndpointKind.Smtp ? "SMTP" : "IMAP")} server "
        + $"refused it for {Settings.Mailbox}: "
        + $"check that the delegation grants {Settings.Scope} (not a narrower Gmail scope) and that IMAP is enabled for the user "
        + "(Admin console > Apps > Google Workspace > Gmail > End User Access).";

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
        _account?.Key.Dispose();
    }

    /// <summary>The signed JWT: header and claims as Google's client libraries write them, RS256 over both.</summary>
    private string Assertion(Account account)
    {
        var issued = _time.GetUtcNow().ToUnixTimeSeconds();
        var header = Json(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("typ", "JWT");
            if (account.KeyId is { } kid)
            {
                w.WriteString("kid", kid);
            }
        });
        var claims = Json(w =>
        {
            w.WriteString("iss", account.Email);
            w.WriteString("scope", Settings.Scope);
            w.WriteString("aud", account.TokenUrl);
            w.WriteNumber("exp", issued + (long)AssertionLifetime.TotalSeconds);
            w.WriteNumber("iat", issued);
            if (Settings.Mailbox is { } mailbox)
            {
                w.WriteString("sub", mailbox);
            }
        });
        var signed = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(claims);
        var signature = account.Key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task<Account> AccountAsync(CancellationToken ct)
    {
        // A replaced key file (a new key after the old one was deleted) is loaded at the next token request.
        var fingerprint = _secrets.GoogleKeyFingerprint();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_account is null || _keyFingerprint != fingerprint)
            {
                var previous = _account;
                _account = Load();
                _keyFingerprint = fingerprint;
                previous?.Key.Dispose();
            }

            return _account;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Account Load()
    {
        var path = _secrets.GoogleKeyPath ?? throw new MailKitAuthenticationException($"{MailAuthSecrets.GoogleKeyFile} is not set.");
        string? email, privateKey, clientId, keyTokenUri, keyId;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            email = Text(root, "client_email");
            privateKey = Text(root, "private_key");
            clientId = Text(root, "client_id");
            keyTokenUri = Text(root, "token_uri");
            keyId = Text(root, "private_key_id");
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

        _secrets.Remember(privateKey);
        var tokenUrl = Settings.TokenUrl?.ToString() ?? keyTokenUri ?? DefaultTokenUrl;
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(privateKey);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or CryptographicException)
        {
            key.Dispose();
            throw new MailKitAuthenticationException(
                $"{MailAuthSecrets.GoogleKeyFile} '{path}': private_key is not a PEM RSA key ({ex.GetType().Name}).");
        }

        return new Account(key, email, clientId, tokenUrl, keyId);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Account(RSA Key, string Email, string? ClientId, string TokenUrl, string? KeyId);

    /// <summary>The token endpoint's JSON answer (RFC 6749 5.1 and 5.2); null when the body is not a JSON object.</summary>
    private sealed record TokenAnswer(string? AccessToken, long? ExpiresIn, string? Scope, string? Error, string? ErrorDescription)
    {
        public static TokenAnswer? Parse(string body)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                long? expiresIn = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number
                    && e.TryGetInt64(out var n) ? n : null;
                return new TokenAnswer(Text(root, "access_token"), expiresIn, Text(root, "scope"), Text(root, "error"),
                    Text(root, "error_description"));
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
