using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using MailKitAuthenticationException = MailKit.Security.AuthenticationException;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// Microsoft Entra ID client credentials (MSAL confidential client): one app-only token for
/// <c>https://outlook.office365.com/.default</c>, used for SMTP (SMTP.SendAsApp) and IMAP (IMAP.AccessAsApp).
/// A rotated secret or certificate file is picked up at the next token request, without a restart.
/// </summary>
internal sealed class MicrosoftTokenSource : IOAuth2TokenSource, IDisposable
{
    private readonly MailAuthOptions _options;
    private readonly MailAuthSecrets _secrets;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private (IConfidentialClientApplication App, string Fingerprint)? _app;

    public MicrosoftTokenSource(IOptions<MailAuthOptions> options, MailAuthSecrets secrets, TimeProvider time)
    {
        _options = options.Value;
        _secrets = secrets;
        _time = time;
        _http = new HttpClient(TokenEndpointHttp.CreateHandler(_options.TrustedCaFile)) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name => MailAuthProviders.Microsoft;

    private MicrosoftAuthOptions Settings => _options.Microsoft;

    private string Authority => new Uri(Settings.Instance, Uri.EscapeDataString(Settings.TenantId ?? "")).ToString();

    public string CacheKey(MailEndpointKind endpoint) => "microsoft";

    public async Task<OAuth2AccessToken> AcquireAsync(MailEndpointKind endpoint, bool forceRefresh, CancellationToken ct)
    {
        AuthenticationResult result;
        try
        {
            result = await App().AcquireTokenForClient([Settings.Scope])
                .WithForceRefresh(forceRefresh)
                .ExecuteAsync(ct).ConfigureAwait(false);
        }
        catch (MsalServiceException ex)
            when (ex.StatusCode is >= 500 or (int)HttpStatusCode.TooManyRequests or 0 && OAuth2ErrorText.AadCode(ex.Message) is null)
        {
            throw new OAuth2ProviderUnavailableException(
                $"Microsoft token endpoint {Authority} unavailable ({ex.StatusCode} {ex.ErrorCode}): "
                + _secrets.Redact(OAuth2ErrorText.FirstLine(ex.Message)));
        }
        catch (MsalServiceException ex)
        {
            throw new MailKitAuthenticationException(OAuth2ErrorText.ExplainMicrosoft(ex.ErrorCode, _secrets.Redact(ex.Message), Settings));
        }
        catch (MsalClientException ex)
        {
            throw new MailKitAuthenticationException(
                $"Microsoft sign-in failed before reaching {Authority} ({ex.ErrorCode}): "
                + $"{_secrets.Redact(OAuth2ErrorText.FirstLine(ex.Message))} "
                + $"Check Mail:Auth:Microsoft:TenantId, Mail:Auth:Microsoft:Instance and {MailAuthSecrets.MicrosoftCertificateFile}.");
        }
        catch (HttpRequestException ex)
        {
            throw new OAuth2ProviderUnavailableException($"Microsoft token endpoint {Authority} unreachable: {ex.Message}");
        }

        _secrets.Remember(result.AccessToken);
        var claims = OAuth2AccessToken.ReadJwtClaims(result.AccessToken);
        var now = _time.GetUtcNow();
        // Expiry on our clock: the token's own lifetime (exp - iat) when it is a JWT, as Entra ID's are.
        var expires = claims.Lifetime is { } lifetime ? now + lifetime : result.ExpiresOn;
        return new OAuth2AccessToken(
            result.AccessToken,
            Settings.Mailbox!,
            claims.Issuer ?? Authority,
            expires,
            claims.Scopes ?? [.. result.Scopes],
            now);
    }

    public string ServerRefusalHint(MailEndpointKind endpoint) =>
        $"Microsoft issued the token but the {(endpoint == MailEndpointKind.Smtp ? "SMTP" : "IMAP")} server "
        + $"refused it for {Settings.Mailbox}. In Exchange Online PowerShell register the app's service principal "
        + "(New-ServicePrincipal -AppId <ClientId> -ObjectId <enterprise app object id>) and give it the mailbox "
        + $"(Add-MailboxPermission -Identity {Settings.Mailbox} -User <service principal id> -AccessRights FullAccess); "
        + "the app needs the Office 365 Exchange Online application permissions IMAP.AccessAsApp and SMTP.SendAsApp with admin consent"
        + (endpoint == MailEndpointKind.Smtp
            ? ", and SMTP AUTH must be enabled for the mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false)."
            : ".");

    public void Dispose() => _http.Dispose();

    /// <summary>The client, built again when the secret or certificate file changed (rotated) since it was built.</summary>
    private IConfidentialClientApplication App()
    {
        var fingerprint = _secrets.MicrosoftCredentialFingerprint();
        lock (_gate)
        {
            if (_app is not { } built || built.Fingerprint != fingerprint)
            {
                _app = (Build(), fingerprint);
            }

            return _app.Value.App;
        }
    }

    private IConfidentialClientApplication Build()
    {
        var builder = ConfidentialClientApplicationBuilder.Create(Settings.ClientId)
            .WithAuthority(Authority, Settings.ValidateAuthority)
            .WithHttpClientFactory(new FixedHttpClientFactory(_http))
            .WithLogging(static (_, _, _) => { }, LogLevel.Error, enablePiiLogging: false, enableDefaultPlatformLogging: false);
        if (_secrets.ReadMicrosoftClientSecret() is { } secret)
        {
            return builder.WithClientSecret(secret.Value).Build();
        }

        var path = _secrets.MicrosoftCertificatePath
            ?? throw new MailKitAuthenticationException(
                $"No Microsoft credential: set {MailAuthSecrets.MicrosoftClientSecret}_FILE "
                + $"or {MailAuthSecrets.MicrosoftCertificateFile}.");
        return builder.WithCertificate(LoadCertificate(path), sendX5C: true).Build();
    }

    private X509Certificate2 LoadCertificate(string path)
    {
        var password = _secrets.ReadMicrosoftCertificatePassword();
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (X509Certificate2.GetCertContentType(bytes) == X509ContentType.Pkcs12)
            {
                return X509CertificateLoader.LoadPkcs12(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
            }

            var pem = File.ReadAllText(path);
            using var pemCertificate = password is null
                ? X509Certificate2.CreateFromPem(pem, pem)
                : X509Certificate2.CreateFromEncryptedPem(pem, pem, password);
            // An ephemeral key from PEM is not usable for signing on every platform: round-trip through PKCS#12.
            var pkcs12 = pemCertificate.Export(X509ContentType.Pkcs12);
            return X509CertificateLoader.LoadPkcs12(pkcs12, null, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new MailKitAuthenticationException(
                $"{MailAuthSecrets.MicrosoftCertificateFile} '{path}' is not a PFX or a PEM holding a certificate and its private key "
                + $"(or {MailAuthSecrets.MicrosoftCertificatePassword} is wrong): {ex.GetType().Name}.");
        }
    }

    /// <summary>MSAL gets one pooled client that trusts <c>Mail:Auth:TrustedCaFile</c>.</summary>
    private sealed class FixedHttpClientFactory(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }
}
