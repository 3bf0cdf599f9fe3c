using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ForecastWatch.Mail.Net;

/// <summary>Decides whether to accept a server certificate, and remembers why it did not.</summary>
internal sealed class MailCertificateValidator(MailTlsOptions options)
{
    public string? FailureReason { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            FailureReason = "the server sent no certificate";
            return false;
        }

        if (options.PinnedSha256.Count > 0)
        {
            var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
            if (options.PinnedSha256.Any(p => string.Equals(NormalizeFingerprint(p), actual, StringComparison.Ordinal)))
            {
                return true;
            }

            if (options.TrustedRoots is not { Count: > 0 })
            {
                FailureReason = $"certificate SHA-256 {actual} matches no pinned fingerprint";
                return false;
            }
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            FailureReason = "the certificate does not match the host name";
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            FailureReason = "the server sent no certificate";
            return false;
        }

        if (options.TrustedRoots is not { Count: > 0 })
        {
            FailureReason = $"the certificate chain is not trusted ({Describe(chain)}); configure a trusted CA file or a pinned SHA-256";
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(options.TrustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(leaf))
        {
            return true;
        }

        FailureReason = $"the certificate chain does not lead to the trusted CA ({Describe(custom)})";
        return false;
    }

    internal static string NormalizeFingerprint(string fingerprint) =>
        fingerprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Describe(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain status"
            : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
}
