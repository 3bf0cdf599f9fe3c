using System.Security.Authentication;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;
using ForecastWatch.Mail.Tests.Net;

namespace ForecastWatch.Mail.Tests.Smtp;

/// <summary>Against the loopback Postfix (scripts/mail/start-mailserver.sh).</summary>
public sealed class SmtpClientServerTests
{
    [MailServerFact]
    public async Task SendAsync_PlainPort_DeliversToMaildir()
    {
        var subject = TestMailServer.UniqueId("smtp-plain");
        await using var sut = new SmtpClient();
        await sut.ConnectAsync(TestMailServer.Host, TestMailServer.SmtpPlainPort, MailTlsMode.None);

        var result = await sut.SendAsync(TestMailServer.Desk, [TestMailServer.Editor], TestMailServer.Message(TestMailServer.Desk, TestMailServer.Editor, subject));
        await sut.DisconnectAsync();

        Assert.Single(result.Accepted);
        Assert.True(sut.Capabilities.Has(SmtpExtensions.Pipelining));
        Assert.True(await MaildirContainsAsync("editor", subject));
    }

    [MailServerFact]
    public async Task SendAsync_SubmissionWithStartTlsAndAuth_DeliversAndReportsRejectedRecipient()
    {
        var subject = TestMailServer.UniqueId("smtp-submission");
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = TestMailServer.Tls });
        await sut.ConnectAsync(TestMailServer.Host, TestMailServer.SmtpSubmissionPort, MailTlsMode.StartTls);
        await sut.AuthenticateAsync(TestMailServer.Desk, TestMailServer.DeskPassword);

        var result = await sut.SendAsync(TestMailServer.Desk, ["desk+fw-1.abc@example.test", "nobody@example.test"],
            TestMailServer.Message(TestMailServer.Desk, "desk+fw-1.abc@example.test", subject));
        var wasAuthenticated = sut.IsAuthenticated;
        await sut.DisconnectAsync();

        Assert.True(wasAuthenticated);
        Assert.Equal(["desk+fw-1.abc@example.test"], result.Accepted.Select(r => r.Mailbox));
        Assert.True(Assert.Single(result.Rejected).Reply.IsPermanentFailure);
        Assert.True(await MaildirContainsAsync("desk", subject));
    }

    [MailServerFact]
    public async Task AuthenticateAsync_WrongPassword_ThrowsPermanentAuthenticationError()
    {
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = TestMailServer.Tls });
        await sut.ConnectAsync(TestMailServer.Host, TestMailServer.SmtpSubmissionPort, MailTlsMode.StartTls);

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() => sut.AuthenticateAsync(TestMailServer.Desk, "wrong"));

        Assert.Equal(SmtpErrorCode.Authentication, ex.ErrorCode);
        Assert.Equal(535, ex.ReplyCode);
        Assert.False(ex.IsTransient);
        Assert.True(sut.IsConnected);
    }

    [MailServerFact]
    public async Task ConnectAsync_StartTlsWithoutTrustedCertificate_ThrowsAuthenticationException()
    {
        await using var sut = new SmtpClient();

        var ex = await Assert.ThrowsAsync<AuthenticationException>(() =>
            sut.ConnectAsync(TestMailServer.Host, TestMailServer.SmtpSubmissionPort, MailTlsMode.StartTls));

        Assert.Contains("not trusted", ex.Message, StringComparison.Ordinal);
        Assert.False(sut.IsConnected);
    }

    [MailServerFact]
    public async Task ConnectAsync_PinnedCertificateHash_IsAccepted()
    {
        var cert = TestMailServer.Tls.TrustedRoots![0];
        var pin = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(cert.RawData));
        await using var sut = new SmtpClient(new SmtpClientOptions { Tls = new MailTlsOptions { PinnedSha256 = [pin] } });

        await sut.ConnectAsync(TestMailServer.Host, TestMailServer.SmtpSubmissionPort, MailTlsMode.StartTls);

        Assert.True(sut.IsSecure);
        Assert.True(sut.Capabilities.Has(SmtpExtensions.Auth));
    }

    [MailServerFact]
    public async Task ConnectAsync_TrustedCaButWrongHostName_IsRejected()
    {
        await using var sut = new SmtpClient(new SmtpClientOptions
        {
            Tls = new MailTlsOptions { TrustedRoots = TestMailServer.Tls.TrustedRoots, TargetHost = "other.example.test" },
        });

        var ex = await Assert.ThrowsAsync<AuthenticationException>(() =>
            sut.ConnectAsync(TestMailServer.Host, TestMailServer.SmtpSubmissionPort, MailTlsMode.StartTls));

        Assert.Contains("host name", ex.Message, StringComparison.Ordinal);
    }

    internal static async Task<bool> MaildirContainsAsync(string user, string text)
    {
        var root = Path.Combine(TestMailServer.Root, "mail", "example.test", user, "Maildir");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var dir in new[] { "new", "cur" })
            {
                var path = Path.Combine(root, dir);
                if (Directory.Exists(path) && Directory.EnumerateFiles(path).Any(f => File.ReadAllText(f).Contains(text, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
        }

        return false;
    }
}
