using System.Text.RegularExpressions;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// Turns a provider's refusal into a message that keeps the provider's own error text and says which setting or
/// admin action fixes it. Callers pass text already redacted.
/// </summary>
internal static partial class OAuth2ErrorText
{
    private const string Secret = MailAuthSecrets.MicrosoftClientSecret;
    private const string Certificate = MailAuthSecrets.MicrosoftCertificateFile;

    /// <summary>The AADSTS code in an Entra ID error (<c>AADSTS7000215: Invalid client secret provided...</c>).</summary>
    public static string? AadCode(string? message) =>
        message is not null && AadCodePattern().Match(message) is { Success: true } m ? m.Value : null;

    public static string FirstLine(string? message)
    {
        var text = (message ?? "").Trim();
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    public static string ExplainMicrosoft(string? errorCode, string message, MicrosoftAuthOptions settings)
    {
        var code = AadCode(message);
        var fix = code switch
        {
            "AADSTS90002" or "AADSTS90023" or "AADSTS900023" =>
                $"Mail:Auth:Microsoft:TenantId '{settings.TenantId}' is not a tenant: "
                + "use the Directory (tenant) id from the app registration's Overview page.",
            "AADSTS700016" =>
                $"Mail:Auth:Microsoft:ClientId '{settings.ClientId}' is not an application in tenant '{settings.TenantId}': "
                + "check the Application (client) id and that Mail:Auth:Microsoft:TenantId is the tenant the app is registered in "
                + "(or consented to).",
            "AADSTS7000215" =>
                $"the client secret in {Secret}(_FILE) is wrong or was revoked: create a new secret under "
                + "Certificates & secrets and put its Value (not its Secret ID) in the file.",
            "AADSTS7000222" =>
                $"the client secret in {Secret}(_FILE) has expired: create a new one under Certificates & secrets.",
            "AADSTS700027" or "AADSTS700024" or "AADSTS700023" or "AADSTS50012" =>
                $"the certificate in {Certificate} is not accepted: upload its public part under Certificates & secrets "
                + "of the app registration (or check that the file's private key belongs to the uploaded certificate "
                + "and has not expired).",
            "AADSTS65001" or "AADSTS650052" or "AADSTS650051" or "AADSTS90094" =>
                "the app has no admin consent for its permissions: in Entra ID > App registrations > API permissions "
                + "add Office 365 Exchange Online IMAP.AccessAsApp and SMTP.SendAsApp (Application) "
                + "and click \"Grant admin consent\".",
            "AADSTS70011" or "AADSTS1002012" =>
                $"Mail:Auth:Microsoft:Scope '{settings.Scope}' is not valid for client credentials: "
                + "use https://outlook.office365.com/.default.",
            "AADSTS500011" =>
                $"the resource of Mail:Auth:Microsoft:Scope '{settings.Scope}' is not in the tenant: "
                + "use https://outlook.office365.com/.default and check that the tenant has Exchange Online.",
            "AADSTS7000112" or "AADSTS700030" =>
                "the application is disabled in the tenant: enable it under Enterprise applications > Properties.",
            "AADSTS50049" or "AADSTS90038" =>
                $"Mail:Auth:Microsoft:Instance '{settings.Instance}' is not the tenant's cloud: "
                + "use https://login.microsoftonline.com/ for the global cloud.",
            _ => errorCode switch
            {
                "invalid_client" or "unauthorized_client" =>
                    $"check Mail:Auth:Microsoft:ClientId and the credential in {Secret}(_FILE) or {Certificate}.",
                "invalid_scope" => "check Mail:Auth:Microsoft:Scope (https://outlook.office365.com/.default).",
                "invalid_request" => "check Mail:Auth:Microsoft:TenantId and Mail:Auth:Microsoft:ClientId.",
                _ => "check the Mail:Auth:Microsoft settings and the app registration.",
            },
        };
        return $"Microsoft refused the token request ({code ?? errorCode}): {ServerText(message)} Fix: {fix}";
    }

    public static string ExplainGoogle(string? error, string? description, string clientEmail, string? clientId, GoogleAuthOptions settings)
    {
        var text = $"{error}: {description}".TrimEnd(' ', ':');
        var key = MailAuthSecrets.GoogleKeyFile;
        var fix = error switch
        {
            "unauthorized_client" or "access_denied" =>
                $"the service account {clientEmail} has no domain-wide delegation for {settings.Scope}: in the Google Admin "
                + "console > Security > Access and data control > API controls > Domain-wide delegation, add client ID "
                + $"{clientId ?? "(the key's client_id)"} with the scope {settings.Scope} (and check Mail:Auth:Google:Scope).",
            "invalid_scope" => $"Mail:Auth:Google:Scope '{settings.Scope}' is not a valid scope: use https://mail.google.com/.",
            "invalid_grant" when Has(description, "Invalid email or User ID") =>
                $"Mail:Auth:Google:Mailbox '{settings.Mailbox}' is not a user of the Workspace domain (or is suspended).",
            "invalid_grant" when Has(description, "signature") || Has(description, "account not found") =>
                $"the key in {key} was deleted, disabled or belongs to a deleted service account: create a new JSON key "
                + "(IAM & Admin > Service accounts > Keys) and replace the file.",
            "invalid_grant" =>
                $"the grant was refused: check Mail:Auth:Google:Mailbox, that the key in {key} is current, and the machine's clock.",
            "invalid_client" or "disabled_client" =>
                $"the service account of {key} is disabled or deleted: enable it or create a new key.",
            _ => "check the Mail:Auth:Google settings, the key file and the domain-wide delegation.",
        };
        return $"Google refused the token request ({text}). Fix: {fix}";
    }

    /// <summary>
    /// Entra ID's own words: MSAL puts its general advice first and the server's error after "Original exception:".
    /// </summary>
    private static string ServerText(string message)
    {
        const string Marker = "Original exception:";
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        return FirstLine(at < 0 ? message : message[(at + Marker.Length)..]);
    }

    private static bool Has(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;

    [GeneratedRegex(@"AADSTS\d+", RegexOptions.CultureInvariant)]
    private static partial Regex AadCodePattern();
}
