using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ForecastWatch.Mail.Net;

/// <summary>
/// Certificate validation for a mail connection. Validation is on by default: the system trust store decides,
/// unless <see cref="TrustedRoots"/> or <see cref="PinnedSha256"/> name a private server's certificate.
/// </summary>
public sealed class MailTlsOptions
{
    /// <summary>The default: system trust store, host name checked.</summary>
    public static MailTlsOptions Default { get; } = new();

    /// <summary>
    /// Extra root certificates to trust (for example a private CA or a self-signed server certificate).
    /// A chain to one of these is accepted; a host name mismatch is still rejected.
    /// <value>Default: none.</value>
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>
    /// SHA-256 fingerprints (hex, colons and case ignored) of server certificates to accept whatever their chain.
    /// <value>Default: none.</value>
    /// </summary>
    public IReadOnlyList<string> PinnedSha256 { get; init; } = [];

    /// <summary>TLS protocol versions allowed. <value>Default: <see cref="SslProtocols.None"/> (the OS decides).</value></summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.None;

    /// <summary>
    /// Name the certificate must carry, when it differs from the host connected to (e.g. connecting by IP address).
    /// <value>Default: <see langword="null"/> (the host name passed to ConnectAsync).</value>
    /// </summary>
    public string? TargetHost { get; init; }

    /// <summary>Loads a PEM or DER certificate file to trust as a root.</summary>
    public static MailTlsOptions TrustCertificateFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var collection = new X509Certificate2Collection();
        if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
        {
            collection.ImportFromPemFile(path);
        }
        else
        {
            collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        return new MailTlsOptions { TrustedRoots = collection };
    }
}
