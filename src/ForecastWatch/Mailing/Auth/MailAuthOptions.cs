using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// How the worker signs in to SMTP and IMAP (section <c>Mail:Auth</c>). Only names, ids and file paths live here;
/// secrets (client secret, certificate, service-account key, static token) come from the environment or from
/// files named by environment variables (<see cref="MailAuthSecrets"/>).
/// </summary>
public sealed class MailAuthOptions
{
    public const string SectionName = "Mail:Auth";

    private const int DefaultRenewBeforeMinutes = 5;

    /// <summary>
    /// <c>password</c> (user name and password or a static token per server, as before), <c>microsoft</c>
    /// (Microsoft 365 / Exchange Online, client credentials), <c>google</c> (Workspace service account with
    /// domain-wide delegation) or <c>static</c> (an OAuth2 token kept fresh by someone else, re-read when its file
    /// changes). <value>Default: password.</value>
    /// </summary>
    public string Provider { get; set; } = MailAuthProviders.Password;

    /// <summary>
    /// SASL mechanism for OAuth2: <c>XOAuth2</c> or <c>OAuthBearer</c> (RFC 7628; used only where the server offers
    /// it, else XOAUTH2). <value>Default: XOAuth2.</value>
    /// </summary>
    public OAuth2SaslMechanism Sasl { get; set; } = OAuth2SaslMechanism.XOAuth2;

    /// <summary>
    /// A cached token is renewed this long before it expires (at most half its lifetime before).
    /// <value>Default: 5 minutes (<c>00:05:00</c>).</value>
    /// </summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(DefaultRenewBeforeMinutes);

    /// <summary>
    /// PEM file of a CA to trust for the token endpoints in addition to the system store (a TLS-inspecting proxy).
    /// <value>Default: none (system trust).</value>
    /// </summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>Microsoft Entra ID settings (section <c>Mail:Auth:Microsoft</c>).</summary>
    public MicrosoftAuthOptions Microsoft { get; set; } = new();

    /// <summary>Google Workspace settings (section <c>Mail:Auth:Google</c>).</summary>
    public GoogleAuthOptions Google { get; set; } = new();

    /// <summary>Whether the provider gives OAuth2 tokens (everything but <c>password</c>).</summary>
    public bool UsesOAuth2 => !string.Equals(Provider, MailAuthProviders.Password, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Values of <c>Mail:Auth:Provider</c>.</summary>
public static class MailAuthProviders
{
    public const string Password = "password";
    public const string Microsoft = "microsoft";
    public const string Google = "google";
    public const string Static = "static";

    public static readonly IReadOnlyList<string> All = [Password, Microsoft, Google, Static];
}

/// <summary>The SASL mechanism that carries the token.</summary>
public enum OAuth2SaslMechanism
{
    /// <summary>Google's and Microsoft's XOAUTH2 (offered by both and by Dovecot).</summary>
    XOAuth2,

    /// <summary>RFC 7628 OAUTHBEARER, where the server offers it.</summary>
    OAuthBearer,
}

/// <summary>An app registration in Microsoft Entra ID with IMAP.AccessAsApp / SMTP.SendAsApp (client credentials).</summary>
public sealed class MicrosoftAuthOptions
{
    /// <summary>Directory (tenant) id or verified domain. <value>Default: none (required).</value></summary>
    public string? TenantId { get; set; }

    /// <summary>Application (client) id of the app registration. <value>Default: none (required).</value></summary>
    public string? ClientId { get; set; }

    /// <summary>The desk mailbox the app signs in to (SMTP sender and IMAP mailbox). <value>Default: none (required).</value></summary>
    public string? Mailbox { get; set; }

    /// <summary>Cloud instance. <value>Default: <c>https://login.microsoftonline.com/</c>.</value></summary>
    public Uri Instance { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>
    /// Check the instance against Microsoft's list of clouds; turn off only for a private authority.
    /// <value>Default: true.</value>
    /// </summary>
    public bool ValidateAuthority { get; set; } = true;

    /// <summary>Scope requested. <value>Default: <c>https://outlook.office365.com/.default</c>.</value></summary>
    public string Scope { get; set; } = "https://outlook.office365.com/.default";
}

/// <summary>A Workspace service account with domain-wide delegation for <c>https://mail.google.com/</c>.</summary>
public sealed class GoogleAuthOptions
{
    /// <summary>The Workspace user the service account impersonates (the desk mailbox). <value>Default: none (required).</value></summary>
    public string? Mailbox { get; set; }

    /// <summary>Scope requested. <value>Default: <c>https://mail.google.com/</c>.</value></summary>
    public string Scope { get; set; } = "https://mail.google.com/";

    /// <summary>
    /// Token endpoint. <value>Default: the key file's <c>token_uri</c>, else <c>https://oauth2.googleapis.com/token</c>.</value>
    /// </summary>
    public Uri? TokenUrl { get; set; }
}

/// <summary>Checks <c>Mail:Auth</c> at start; every message names the key (or environment variable) to set.</summary>
internal sealed class MailAuthOptionsValidator(MailAuthSecrets secrets, IOptions<MailServerOptions> servers)
    : IValidateOptions<MailAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, MailAuthOptions options)
    {
        var errors = new List<string>();
        var provider = options.Provider?.Trim().ToLowerInvariant();
        if (provider is null || !MailAuthProviders.All.Contains(provider))
        {
            errors.Add($"Mail:Auth:Provider '{options.Provider}' must be one of: {string.Join(", ", MailAuthProviders.All)}.");
        }

        if (!Enum.IsDefined(options.Sasl))
        {
            errors.Add("Mail:Auth:Sasl must be XOAuth2 or OAuthBearer.");
        }

        if (options.RenewBefore < TimeSpan.Zero || options.RenewBefore > TimeSpan.FromHours(1))
        {
            errors.Add("Mail:Auth:RenewBefore must be between 00:00:00 and 01:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.TrustedCaFile) && !File.Exists(options.TrustedCaFile))
        {
            errors.Add($"Mail:Auth:TrustedCaFile '{options.TrustedCaFile}' does not exist.");
        }

        switch (provider)
        {
            case MailAuthProviders.Microsoft:
                CheckMicrosoft(options.Microsoft, errors);
                break;
            case MailAuthProviders.Google:
                CheckGoogle(options.Google, errors);
                break;
            case MailAuthProviders.Static:
                // A token for each server in use (an SMTP-only deployment reads replies from a Maildir); both when
                // neither host is set yet, so the message names everything that is missing.
                var smtp = servers.Value.Smtp.IsConfigured;
                var imap = servers.Value.Imap.IsConfigured;
                errors.AddRange(secrets.CheckStaticTokens(
                    [.. smtp || !imap ? [MailEndpointKind.Smtp] : Array.Empty<MailEndpointKind>(),
                     .. imap || !smtp ? [MailEndpointKind.Imap] : Array.Empty<MailEndpointKind>()]));
                break;
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void CheckMicrosoft(MicrosoftAuthOptions o, List<string> errors)
    {
        Require("Mail:Auth:Microsoft:TenantId", o.TenantId, errors);
        Require("Mail:Auth:Microsoft:ClientId", o.ClientId, errors);
        RequireMailbox("Mail:Auth:Microsoft:Mailbox", o.Mailbox, errors);
        if (o.Instance is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            errors.Add("Mail:Auth:Microsoft:Instance must be an https URL (default https://login.microsoftonline.com/).");
        }

        if (string.IsNullOrWhiteSpace(o.Scope))
        {
            errors.Add("Mail:Auth:Microsoft:Scope is empty: use https://outlook.office365.com/.default.");
        }

        errors.AddRange(secrets.CheckMicrosoftCredential());
    }

    private void CheckGoogle(GoogleAuthOptions o, List<string> errors)
    {
        RequireMailbox("Mail:Auth:Google:Mailbox", o.Mailbox, errors);
        if (o.TokenUrl is not null && o.TokenUrl is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            errors.Add("Mail:Auth:Google:TokenUrl must be an https URL.");
        }

        if (string.IsNullOrWhiteSpace(o.Scope))
        {
            errors.Add("Mail:Auth:Google:Scope is empty: use https://mail.google.com/.");
        }

        errors.AddRange(secrets.CheckGoogleKey());
    }

    private static void Require(string key, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} is required for Mail:Auth:Provider.");
        }
    }

    private static void RequireMailbox(string key, string? value, List<string> errors)
    {
        Require(key, value, errors);
        if (!string.IsNullOrWhiteSpace(value) && (!value.Contains('@', StringComparison.Ordinal) || value.Any(char.IsWhiteSpace)))
        {
            errors.Add($"{key} '{value}' is not a mailbox address.");
        }
    }
}
