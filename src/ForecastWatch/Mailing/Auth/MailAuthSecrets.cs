using System.Collections.Concurrent;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// The secrets of <c>Mail:Auth</c>, read from the environment (or files the environment names), never from
/// configuration files: <c>FW_MS_CLIENT_SECRET(_FILE)</c>, <c>FW_MS_CERTIFICATE_FILE</c> (PEM with the private key,
/// or PFX) with <c>FW_MS_CERTIFICATE_PASSWORD(_FILE)</c>, <c>FW_GOOGLE_KEY_FILE</c> (the service account's JSON key,
/// a file only), and <c>FW_SMTP_OAUTH2_TOKEN(_FILE)</c> / <c>FW_IMAP_OAUTH2_TOKEN(_FILE)</c> for <c>static</c>.
/// Every secret read is remembered by <see cref="Redact"/>, which scrubs it from any text shown to people.
/// </summary>
internal sealed class MailAuthSecrets(Func<string, string?> environment)
{
    public const string MicrosoftClientSecret = "FW_MS_CLIENT_SECRET";
    public const string MicrosoftCertificateFile = "FW_MS_CERTIFICATE_FILE";
    public const string MicrosoftCertificatePassword = "FW_MS_CERTIFICATE_PASSWORD";
    public const string GoogleKeyFile = "FW_GOOGLE_KEY_FILE";

    private const int MinimumSecretLength = 4;
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    public MailAuthSecrets()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public static string StaticTokenVariable(MailEndpointKind endpoint) =>
        endpoint == MailEndpointKind.Smtp ? "FW_SMTP_OAUTH2_TOKEN" : "FW_IMAP_OAUTH2_TOKEN";

    /// <summary>The client secret and the variable it came from, or null when none is set.</summary>
    public (string Value, string Source)? ReadMicrosoftClientSecret() => ReadVariable(MicrosoftClientSecret);

    /// <summary>The certificate file's path (from <c>FW_MS_CERTIFICATE_FILE</c>), or null.</summary>
    public string? MicrosoftCertificatePath => environment(MicrosoftCertificateFile) is { Length: > 0 } p ? p : null;

    public string? ReadMicrosoftCertificatePassword() => ReadVariable(MicrosoftCertificatePassword)?.Value;

    public string? GoogleKeyPath => environment(GoogleKeyFile) is { Length: > 0 } p ? p : null;

    /// <summary>Where the static token of <paramref name="endpoint"/> is: the value, or a file to watch.</summary>
    public (string? Value, string? File, string Source) StaticTokenSource(MailEndpointKind endpoint)
    {
        var name = StaticTokenVariable(endpoint);
        if (environment(name) is { Length: > 0 } value)
        {
            Remember(value);
            return (value, null, name);
        }

        return environment(name + "_FILE") is { Length: > 0 } path ? (null, path, name + "_FILE") : (null, null, name);
    }

    /// <summary>Reads a secret file (one trailing newline dropped) and remembers its content for redaction.</summary>
    public string ReadSecretFile(string path, string variable)
    {
        try
        {
            var text = File.ReadAllText(path).TrimEnd('\r', '\n');
            Remember(text);
            return text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{variable}: cannot read '{path}': {ex.GetType().Name}.", ex);
        }
    }

    /// <summary>Adds a secret (a token just acquired, a key) to the set <see cref="Redact"/> scrubs.</summary>
    public void Remember(string? secret)
    {
        if (secret is { Length: >= MinimumSecretLength })
        {
            _known.TryAdd(secret, 0);
        }
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <c>***</c>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var secret in _known.Keys)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// A fingerprint (SHA-256) of the Microsoft credential files' contents: when it changes (a rotated secret or
    /// certificate) the token source builds its client again, so a fix needs no restart. Contents, not times: a
    /// Kubernetes secret mount swaps a directory symlink and leaves the file's own link untouched.
    /// </summary>
    public string MicrosoftCredentialFingerprint() =>
        Fingerprint(MicrosoftClientSecret + "_FILE", MicrosoftCertificateFile, MicrosoftCertificatePassword + "_FILE");

    /// <summary>A fingerprint of the Google key file's contents (see <see cref="MicrosoftCredentialFingerprint"/>).</summary>
    public string GoogleKeyFingerprint() => Fingerprint(GoogleKeyFile);

    public IEnumerable<string> CheckMicrosoftCredential()
    {
        var secret = environment(MicrosoftClientSecret) is { Length: > 0 }
            || environment(MicrosoftClientSecret + "_FILE") is { Length: > 0 };
        var certificate = MicrosoftCertificatePath;
        if (!secret && certificate is null)
        {
            yield return "Mail:Auth:Provider is microsoft but no credential is set: "
                + $"set {MicrosoftClientSecret}_FILE (or {MicrosoftClientSecret}) to the app registration's client secret, "
                + $"or {MicrosoftCertificateFile} to a PEM (certificate and private key) or PFX file.";
        }
        else if (secret && certificate is not null)
        {
            yield return $"Set either {MicrosoftClientSecret}(_FILE) or {MicrosoftCertificateFile}, not both.";
        }

        if (environment(MicrosoftClientSecret + "_FILE") is { Length: > 0 } secretFile && !File.Exists(secretFile))
        {
            yield return $"{MicrosoftClientSecret}_FILE '{secretFile}' does not exist.";
        }

        if (certificate is not null && !File.Exists(certificate))
        {
            yield return $"{MicrosoftCertificateFile} '{certificate}' does not exist.";
        }
    }

    public IEnumerable<string> CheckGoogleKey()
    {
        if (GoogleKeyPath is not { } path)
        {
            yield return $"Mail:Auth:Provider is google but {GoogleKeyFile} is not set: it must name the service account's JSON key file.";
        }
        else if (!File.Exists(path))
        {
            yield return $"{GoogleKeyFile} '{path}' does not exist.";
        }
    }

    public IEnumerable<string> CheckStaticTokens(IReadOnlyList<MailEndpointKind> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            var name = StaticTokenVariable(endpoint);
            var path = environment(name + "_FILE");
            if (environment(name) is not { Length: > 0 } && path is not { Length: > 0 })
            {
                yield return $"Mail:Auth:Provider is static but neither {name} nor {name}_FILE is set.";
            }
            else if (path is { Length: > 0 } && environment(name) is not { Length: > 0 } && !File.Exists(path))
            {
                yield return $"{name}_FILE '{path}' does not exist.";
            }
        }
    }

    private string Fingerprint(params string[] fileVariables)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var variable in fileVariables)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(variable + "=" + environment(variable) + "\n"));
            if (environment(variable) is { Length: > 0 } path)
            {
                try
                {
                    hash.AppendData(File.ReadAllBytes(path));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Unreadable now: the token request reports it; the fingerprint just differs from a readable file's.
                    hash.AppendData("unreadable"u8);
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private (string Value, string Source)? ReadVariable(string name)
    {
        if (environment(name) is { Length: > 0 } value)
        {
            Remember(value);
            return (value, name);
        }

        return environment(name + "_FILE") is { Length: > 0 } path ? (ReadSecretFile(path, name + "_FILE"), name + "_FILE") : null;
    }
}
