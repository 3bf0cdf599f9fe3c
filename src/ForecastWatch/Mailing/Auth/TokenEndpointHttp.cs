using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// The HTTP handler for token endpoints: system trust, plus <c>Mail:Auth:TrustedCaFile</c> when set (a chain that
/// ends in that CA is accepted; a name mismatch never is).
/// </summary>
internal static class TokenEndpointHttp
{
    public static HttpMessageHandler CreateHandler(string? trustedCaFile)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (string.IsNullOrWhiteSpace(trustedCaFile))
        {
            return handler;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(trustedCaFile);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || certificate is null)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        return handler;
    }
}
