using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ForecastWatch.Mailing;

/// <summary>
/// Certificate checks for one connection, given to MailKit as <c>ServerCertificateValidationCallback</c>: the system
/// trust store by default, or a CA file of ours (custom root trust, the host name still checked), or a SHA-256 pin.
/// <see cref="FailureReason"/> says what was wrong, for the error message.
/// </summary>
internal sealed class MailCertificateCheck
{
    private readonly X509Certificate2Collection? _roots;
    private readonly string? _pin;
    private readonly string _key;

    public MailCertificateCheck(MailEndpointOptions options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = key;
        _pin = string.IsNullOrWhiteSpace(options.PinnedSha256) ? null : NormalizeFingerprint(options.PinnedSha256);
        if (!string.IsNullOrWhiteSpace(options.TrustedCaFile))
        {
            _roots = LoadCertificates(options.TrustedCaFile);
        }
    }

    public string? FailureReason { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            FailureReason = "the server sent no certificate";
            return false;
        }

        if (_pin is not null)
        {
            var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
            if (string.Equals(_pin, actual, StringComparison.Ordinal))
            {
                return true;
            }

            if (_roots is null)
            {
                FailureReason = $"the certificate's SHA-256 is {actual}, not the one in {_key}:PinnedSha256";
                return false;
            }
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            FailureReason = $"the certificate does not name the host in {_key}:Host";
            return false;
        }

        if (_roots is null)
        {
            FailureReason = $"the certificate is not trusted ({Describe(chain)}); set {_key}:TrustedCaFile to the server's CA "
                + $"or {_key}:PinnedSha256 to its fingerprint";
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(leaf))
        {
            return true;
        }

        FailureReason = $"the certificate does not lead to the CA in {_key}:TrustedCaFile ({Describe(custom)})";
        return false;
    }

    internal static string NormalizeFingerprint(string fingerprint) =>
        fingerprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static X509Certificate2Collection LoadCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
        {
            collection.ImportFromPemFile(path);
        }
        else
        {
            collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        return collection;
    }

    private static string Describe(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain status"
            : string.Join("; ", chain.ChainStatus.Select(static s => s.StatusInformation.Trim()).Distinct());
}
