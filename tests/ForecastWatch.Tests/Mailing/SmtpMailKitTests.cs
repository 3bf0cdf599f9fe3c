using System.Text;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Mailing;

/// <summary>The SMTP session through MailKit: exact bytes, envelope sender, per-recipient outcomes, TLS-mode errors.</summary>
public sealed class SmtpMailKitTests
{
    private static OutboxEntry Entry(string envelopeFrom, params string[] to) =>
        new(1, "m@example.test", "prompt", null, envelopeFrom, to, "s", OutboxStatus.Queued, 0, default, default, null, null, null, null);

    private static MailEndpointOptions Endpoint(int port, MailTlsMode tls) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        TlsMode = tls,
        TrustedCaFile = LoopbackMailServer.CertificateFile,
        Timeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task SendAsync_OneRecipientRefused_OthersGetItAndTheRefusalIsKept()
    {
        await using var server = new SmtpTestServer
        {
            Override = c => c.Line.Contains("<bad@example.test>", StringComparison.Ordinal)
                ? "550 5.1.1 <bad@example.test>: Recipient address rejected" : null,
        };
        var session = new SmtpMailTransport(LoopbackMailServer.Connector(Endpoint(server.Port, MailTlsMode.None)),
            TimeProvider.System).OpenSession();
        MailSendResult result;
        await using (session)
        {
            result = await session.SendAsync(Entry("bounces+v@example.test", "good@example.test", "bad@example.test"),
                "Subject: x\r\n\r\nbody\r\n"u8.ToArray(), default);
        }

        await server.DisposeAsync();
        Assert.Equal(250, result.ReplyCode);
        Assert.Contains("bad@example.test", result.Refused, StringComparison.Ordinal);
        Assert.Equal("5.1.1", result.EnhancedStatus);
        Assert.Contains(server.Commands, c => c.Contains("MAIL FROM:<bounces+v@example.test>", StringComparison.Ordinal));
        Assert.Equal("good@example.test", Assert.Single(server.Delivered).Recipients);
    }

    [Fact]
    public async Task SendAsync_EveryRecipientRefused5xx_PermanentWithCodeAndStatus()
    {
        await using var server = new SmtpTestServer
        {
            Override = c =>
            c.Line.StartsWith("RCPT", StringComparison.Ordinal) ? "550 5.1.1 No such user" : null
        };
        var transport = new SmtpMailTransport(LoopbackMailServer.Connector(Endpoint(server.Port, MailTlsMode.None)), TimeProvider.System);

        var ex = await Assert.ThrowsAsync<MailDeliveryException>(() =>
            transport.SendAsync(Entry("", "bad@example.test"), "From: desk@example.test\r\nSubject: x\r\n\r\nb\r\n"u8.ToArray(), default));

        Assert.False(ex.IsTransient);
        Assert.Equal((550, "5.1.1"), (ex.ReplyCode, ex.EnhancedStatus));
        Assert.Contains(server.Commands, c => c.Contains("MAIL FROM:<desk@example.test>", StringComparison.Ordinal));
    }

    [MailServerFact]
    public async Task SendAsync_SubmissionStartTlsAuth_DovecotStoresTheOutboxBytesUnchanged()
    {
        var marker = "bytes-" + Guid.NewGuid().ToString("N")[..10];
        var raw = Encoding.UTF8.GetBytes(
            $"From: ForecastWatch <desk@example.test>\r\nTo: editor@example.test\r\nSubject: {marker}\r\nMessage-ID: "
                + $"<{marker}@example.test>\r\nDate: Tue, 01 Jun 2027 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; "
                + "charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 .dot line\r\n.leading dot\r\n--b1\r\nContent-Type: text/html; "
                + "charset=utf-8\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nPHA+Q2Fmw6k8L3A+\r\n--b1--\r\n");
        var transport = new SmtpMailTransport(LoopbackMailServer.Submission(Path.Combine(Path.GetTempPath(), "fw-" + marker)),
            TimeProvider.System);

        Assert.Equal(250, await transport.SendAsync(Entry("desk@example.test", "editor@example.test"), raw, default));

        var stored = Assert.Single(await LoopbackMailServer.FetchRawAsync("editor", marker, 1));
        var text = Encoding.UTF8.GetString(stored);
        Assert.Equal(Encoding.UTF8.GetString(raw), text[Math.Max(0, text.IndexOf("From: ForecastWatch", StringComparison.Ordinal))..]);
    }

    [MailServerFact]
    public async Task Connect_ImplicitTlsOnStartTlsPort_SaysToUseStartTls()
    {
        var connector = LoopbackMailServer.Connector(Endpoint(2587, MailTlsMode.Implicit));

        var ex = await Assert.ThrowsAsync<MailSetupException>(() => connector.ConnectSmtpAsync(default));

        Assert.Contains("Mail:Smtp:TlsMode to StartTls", ex.Message, StringComparison.Ordinal);
    }

    [MailServerFact]
    public async Task Connect_StartTlsOnImplicitTlsPort_SaysToUseImplicitQuickly()
    {
        var connector = LoopbackMailServer.Connector(new MailEndpointOptions(), Endpoint(1993, MailTlsMode.StartTls));

        var ex = await Assert.ThrowsAsync<MailSetupException>(() => connector.ConnectImapAsync(default));

        Assert.Contains("Mail:Imap:TlsMode to Implicit", ex.Message, StringComparison.Ordinal);
    }

    [MailServerFact]
    public async Task Connect_UserNameOnPlainPortWithoutAuth_SaysToUseStartTls()
    {
        var o = Endpoint(2525, MailTlsMode.None);
        o.UserName = "desk@example.test";
        o.AllowInsecureAuthentication = true;
        var connector = LoopbackMailServer.Connector(o);

        var ex = await Assert.ThrowsAsync<MailSetupException>(() => connector.ConnectSmtpAsync(default));

        Assert.Contains("Mail:Smtp:TlsMode to StartTls", ex.Message, StringComparison.Ordinal);
    }

    [MailServerFact]
    public async Task ProtocolLog_Submission_WrittenWithoutThePassword()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fw-log-" + Guid.NewGuid().ToString("N")[..8]);
        var submission = LoopbackMailServer.Submission(dir).Options.Smtp;
        submission.ProtocolLog = Path.Combine(dir, "smtp.log");
        var connector = LoopbackMailServer.Connector(submission);

        using (var client = await connector.ConnectSmtpAsync(default))
        {
            await client.DisconnectAsync(true);
        }

        var log = await File.ReadAllTextAsync(submission.ProtocolLog);
        Assert.Contains("AUTH", log, StringComparison.Ordinal);
        Assert.DoesNotContain("desk-pass", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("\0desk@example.test\0desk-pass"u8), log, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("desk-pass"u8), log, StringComparison.Ordinal);
    }
}
