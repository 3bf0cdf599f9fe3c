using System.Globalization;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>
/// The SMTP and IMAP servers (section <c>Mail</c>). Secrets never live here: passwords and OAuth tokens come from
/// the environment (<c>FW_SMTP_PASSWORD</c>, <c>FW_SMTP_PASSWORD_FILE</c>, <c>FW_SMTP_OAUTH2_TOKEN</c>,
/// <c>FW_SMTP_OAUTH2_TOKEN_FILE</c>, and the same with <c>FW_IMAP_</c>) or from a file named by <c>PasswordFile</c>.
/// </summary>
public sealed class MailServerOptions
{
    public const string SectionName = "Mail";

    /// <summary>Outgoing mail (section <c>Mail:Smtp</c>). <value>Default: port 587, STARTTLS.</value></summary>
    public MailEndpointOptions Smtp { get; set; } = new() { Port = 587, TlsMode = MailTlsMode.StartTls };

    /// <summary>Incoming mail (section <c>Mail:Imap</c>). <value>Default: port 993, implicit TLS.</value></summary>
    public MailEndpointOptions Imap { get; set; } = new() { Port = 993, TlsMode = MailTlsMode.Implicit };
}

/// <summary>One server: where it is, how TLS is done, who logs in, and how its certificate is trusted.</summary>
public sealed class MailEndpointOptions
{
    /// <summary>Host name or address. <value>Default: none (mail not configured).</value></summary>
    public string? Host { get; set; }

    /// <summary>TCP port. <value>Default: 587 for SMTP, 993 for IMAP.</value></summary>
    public int Port { get; set; }

    /// <summary>
    /// <c>Implicit</c> (465/993), <c>StartTls</c> (587/143) or <c>None</c>. TLS is required by default; <c>None</c>
    /// is meant for loopback test servers. <value>Default: StartTls for SMTP, Implicit for IMAP.</value>
    /// </summary>
    public MailTlsMode TlsMode { get; set; } = MailTlsMode.StartTls;

    /// <summary>
    /// Login name; when empty the client does not authenticate (SMTP relay on a trusted network). <value>Default:
    /// none.</value>
    /// </summary>
    public string? UserName { get; set; }

    /// <summary>
    /// A file holding the password (e.g. a mounted secret); the environment variables take precedence. <value>Default:
    /// none.</value>
    /// </summary>
    public string? PasswordFile { get; set; }

    /// <summary>
    /// PEM or DER file of a CA (or self-signed certificate) to trust for this server. <value>Default: none (system
    /// trust).</value>
    /// </summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>
    /// SHA-256 fingerprint (hex, colons allowed) of the server certificate to accept whatever its chain.
    /// <value>Default: none.</value>
    /// </summary>
    public string? PinnedSha256 { get; set; }

    /// <summary>Allow sending the password without TLS (loopback only). <value>Default: false.</value></summary>
    public bool AllowInsecureAuthentication { get; set; }

    /// <summary>Time allowed for each command. <value>Default: 2 minutes (<c>00:02:00</c>).</value></summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// SMTP only: messages sent over one connection before it is closed with QUIT and a new one opened (providers
    /// limit messages per session as well as connections per minute). <value>Default: 100.</value>
    /// </summary>
    public int MaxMessagesPerSession { get; set; } = 100;

    /// <summary>
    /// SMTP only: a connection idle this long is checked with NOOP before its next message, and replaced when the
    /// server has gone. <value>Default: 30 seconds (<c>00:00:30</c>).</value>
    /// </summary>
    public TimeSpan SessionIdleCheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a host is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>
    /// A file the protocol exchange with this server is appended to, for debugging a server that misbehaves;
    /// passwords and tokens are redacted. Message contents are logged too, so keep it off in production.
    /// <value>Default: none (off).</value>
    /// </summary>
    public string? ProtocolLog { get; set; }
}

/// <summary>A secret for logging in, and where it came from (for messages; never the value).</summary>
/// <param name="Kind">Password or OAuth 2.0 access token.</param>
/// <param name="Value">The secret itself.</param>
/// <param name="Source">The environment variable or file it was read from.</param>
public sealed record MailCredential(MailCredentialKind Kind, string Value, string Source)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind} from {Source}";
}

/// <summary>What a <see cref="MailCredential"/> holds.</summary>
public enum MailCredentialKind
{
    /// <summary>A password (AUTH PLAIN/LOGIN, IMAP LOGIN/AUTHENTICATE PLAIN).</summary>
    Password,

    /// <summary>An OAuth 2.0 access token (XOAUTH2).</summary>
    OAuth2Token,
}

/// <summary>Reads secrets from the environment or files, never from configuration.</summary>
public static class MailCredentials
{
    /// <summary>
    /// The credential for <paramref name="protocol"/> ("SMTP" or "IMAP"): FW_{P}_OAUTH2_TOKEN, FW_{P}_OAUTH2_TOKEN_FILE,
    /// FW_{P}_PASSWORD, FW_{P}_PASSWORD_FILE, then <see cref="MailEndpointOptions.PasswordFile"/>; null if none is set.
    /// </summary>
    public static MailCredential? Resolve(string protocol, MailEndpointOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        var prefix = "FW_" + protocol.ToUpperInvariant() + "_";
        return FromVariable(prefix + "OAUTH2_TOKEN", MailCredentialKind.OAuth2Token, environment)
            ?? FromVariable(prefix + "PASSWORD", MailCredentialKind.Password, environment)
            ?? (string.IsNullOrWhiteSpace(options.PasswordFile) ? null
                : FromFile(options.PasswordFile, MailCredentialKind.Password, "PasswordFile"));
    }

    private static MailCredential? FromVariable(string name, MailCredentialKind kind, Func<string, string?> environment)
    {
        if (environment(name) is { Length: > 0 } value)
        {
            return new MailCredential(kind, value, name);
        }

        return environment(name + "_FILE") is { Length: > 0 } path ? FromFile(path, kind, name + "_FILE") : null;
    }

    private static MailCredential FromFile(string path, MailCredentialKind kind, string setting)
    {
        try
        {
            // Secret files usually end with a newline that is not part of the secret.
            return new MailCredential(kind, File.ReadAllText(path).TrimEnd('\r', '\n'), $"{setting} ({path})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting}: cannot read '{path}': {ex.Message}", ex);
        }
    }
}

/// <summary>Checks the mail settings at start, naming the key that is wrong.</summary>
internal sealed class MailServerOptionsValidator : IValidateOptions<MailServerOptions>
{
    public ValidateOptionsResult Validate(string? name, MailServerOptions options)
    {
        var errors = new List<string>();
        Check("Mail:Smtp", options.Smtp, errors);
        Check("Mail:Imap", options.Imap, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string key, MailEndpointOptions? o, List<string> errors)
    {
        if (o is null)
        {
            errors.Add($"{key} is missing.");
            return;
        }

        if (o.Port is < 1 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Port {o.Port} is not a TCP port (1-65535)."));
        }

        if (!Enum.IsDefined(o.TlsMode))
        {
            errors.Add($"{key}:TlsMode must be Implicit, StartTls or None.");
        }

        if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{key}:Timeout must be between 00:00:01 and 01:00:00.");
        }

        if (o.MaxMessagesPerSession is < 1 or > 10_000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}:MaxMessagesPerSession {o.MaxMessagesPerSession} must be between 1 and 10000."));
        }

        if (o.SessionIdleCheck < TimeSpan.Zero || o.SessionIdleCheck > TimeSpan.FromHours(1))
        {
            errors.Add($"{key}:SessionIdleCheck must be between 00:00:00 and 01:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(o.TrustedCaFile) && !File.Exists(o.TrustedCaFile))
        {
            errors.Add($"{key}:TrustedCaFile '{o.TrustedCaFile}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(o.PinnedSha256))
        {
            var hex = o.PinnedSha256.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                errors.Add($"{key}:PinnedSha256 must be a SHA-256 fingerprint: 64 hex digits, colons allowed.");
            }
        }

        if (o.Host is { } host && (host.Length > 253 || host.Any(static c => char.IsWhiteSpace(c) || c == '/')))
        {
            errors.Add($"{key}:Host '{host}' is not a host name or address.");
        }
    }
}
