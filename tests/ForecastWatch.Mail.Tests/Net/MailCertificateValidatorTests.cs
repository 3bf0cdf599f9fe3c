using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;

namespace ForecastWatch.Mail.Tests.Net;

/// <summary>Implicit TLS (SMTP on 465) against an in-process server with a self-signed certificate.</summary>
public sealed class MailCertificateValidatorTests
{
    private static TlsLoopbackServer CreateServer() => new(
        "220 tls.test ESMTP",
        ("EHLO", "250-tls.test\n250 AUTH PLAIN"),
        ("AUTH PLAIN", "235 2.7.0 ok"),
        ("QUIT", "221 bye"));

    [Fact]
    public async Task ConnectAsync_PinnedSha256_AcceptsSelfSignedAndAuthenticates()
    {
        await using var server = CreateServer();
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = new MailTlsOptions { PinnedSha256 = [Colons(server.Sha256).ToLowerInvariant()] } });

        await sut.ConnectAsync("127.0.0.1", server.Port, MailTlsMode.Implicit);
        await sut.AuthenticateAsync("u", "p");
        await sut.DisconnectAsync();

        Assert.Equal(["EHLO localhost", "AUTH PLAIN AHUAcA==", "QUIT"], server.Received);
    }

    [Fact]
    public async Task ConnectAsync_TrustedRootAndMatchingName_Accepts()
    {
        await using var server = CreateServer();
        var roots = new X509Certificate2Collection { X509CertificateLoader.LoadCertificate(server.Certificate.RawData) };
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = new MailTlsOptions { TrustedRoots = roots, TargetHost = "localhost" } });

        await sut.ConnectAsync("127.0.0.1", server.Port, MailTlsMode.Implicit);

        Assert.True(sut.IsSecure);
        Assert.True(sut.Capabilities.Has(SmtpExtensions.Auth));
    }

    [Fact]
    public async Task ConnectAsync_TrustedRootButNameMismatch_Rejects()
    {
        await using var server = CreateServer();
        var roots = new X509Certificate2Collection { X509CertificateLoader.LoadCertificate(server.Certificate.RawData) };
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = new MailTlsOptions { TrustedRoots = roots } });

        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => sut.ConnectAsync("127.0.0.1", server.Port, MailTlsMode.Implicit));

        Assert.Contains("host name", ex.Message, StringComparison.Ordinal);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_DefaultValidation_RejectsSelfSigned()
    {
        await using var server = CreateServer();
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = new MailTlsOptions { TargetHost = "localhost" } });

        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => sut.ConnectAsync("127.0.0.1", server.Port, MailTlsMode.Implicit));

        Assert.Contains("not trusted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_WrongPin_RejectsWithFingerprint()
    {
        await using var server = CreateServer();
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = new MailTlsOptions { PinnedSha256 = [new string('A', 64)] } });

        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => sut.ConnectAsync("127.0.0.1", server.Port, MailTlsMode.Implicit));

        Assert.Contains(server.Sha256, ex.Message, StringComparison.Ordinal);
    }

    private static string Colons(string hex) => string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
}
