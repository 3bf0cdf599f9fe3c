using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ForecastWatch.Mail.Tests.Net;

/// <summary>
/// A one-connection server on 127.0.0.1 that does implicit TLS with a fresh self-signed certificate for
/// "localhost", then answers each client line from a prefix table. For TLS tests that need no real mail server.
/// </summary>
internal sealed class TlsLoopbackServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Task serving;

    public TlsLoopbackServer(string greeting, params (string Prefix, string Reply)[] replies)
    {
        Certificate = CreateCertificate();
        listener.Start();
        serving = ServeAsync(greeting, replies);
    }

    public X509Certificate2 Certificate { get; }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string Sha256 => Convert.ToHexString(SHA256.HashData(Certificate.RawData));

    public List<string> Received { get; } = [];

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    private async Task ServeAsync(string greeting, (string Prefix, string Reply)[] replies)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync();
            await using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsServerAsync(Certificate);
            using var reader = new StreamReader(ssl, Encoding.ASCII);
            await ssl.WriteAsync(Encoding.ASCII.GetBytes(greeting + "\r\n"));
            while (await reader.ReadLineAsync() is { } line)
            {
                Received.Add(line);
                var reply = replies.FirstOrDefault(r => line.StartsWith(r.Prefix, StringComparison.OrdinalIgnoreCase)).Reply ?? "500 unknown";
                await ssl.WriteAsync(Encoding.ASCII.GetBytes(reply.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n"));
            }
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or SocketException)
        {
            // The client rejected the certificate or hung up: nothing more to serve.
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await serving;
        Certificate.Dispose();
    }
}
