using System.Text;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;
using ForecastWatch.Mail.Tests.Net;

namespace ForecastWatch.Mail.Tests.Smtp;

public sealed class SmtpClientTests
{
    private static SmtpClient CreateSut(IMailProtocolLogger? logger = null) =>
        new(new SmtpClientOptions { LocalDomain = "client.test", AllowInsecureAuthentication = true, Logger = logger });

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task SendAsync_Pipelining_BatchesAndReportsEachRecipient(int chunkSize)
    {
        var stream = ScriptedStream.FromFile("smtp/postfix-pipelining.txt", chunkSize);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var result = await sut.SendAsync("desk@example.test", ["editor@example.test", "nobody@example.test"],
            Encoding.ASCII.GetBytes("Subject: hi\r\n\r\n.leading dot\r\nbare\nlf"));
        await sut.DisconnectAsync();

        Assert.True(sut.Capabilities.Has(SmtpExtensions.Pipelining | SmtpExtensions.EightBitMime | SmtpExtensions.Dsn));
        Assert.Equal(10240000, sut.Capabilities.MaxSize);
        Assert.Equal(["editor@example.test"], result.Accepted.Select(r => r.Mailbox));
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(550, rejected.Reply.Code);
        Assert.Equal(new SmtpEnhancedStatusCode(5, 1, 1), rejected.Reply.EnhancedStatus);
        Assert.Contains("queued as 4F1A2B", result.Reply.Text, StringComparison.Ordinal);
        stream.AssertClientDone();
        Assert.False(sut.IsConnected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ConnectAsync_EhloRefused_FallsBackToHelo(int chunkSize)
    {
        var stream = ScriptedStream.FromFile("smtp/helo-fallback.txt", chunkSize);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "old", MailTlsMode.None);

        var result = await sut.SendAsync("", ["editor@example.test"], Encoding.ASCII.GetBytes("Subject: x\r\n\r\nbody\r\n"));

        Assert.Equal(3, sut.Greeting!.Lines.Count);
        Assert.Equal(SmtpExtensions.None, sut.Capabilities.Extensions);
        Assert.Single(result.Accepted);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task SendAsync_AllRecipientsRefused_ThrowsWithEachResultAndKeepsConnection()
    {
        var stream = ScriptedStream.FromFile("smtp/all-recipients-refused.txt", 7);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            sut.SendAsync("desk@example.test", ["a@example.test", "b@example.test"], Encoding.ASCII.GetBytes("x")));
        await sut.NoOpAsync();

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, ex.ErrorCode);
        Assert.Equal([450, 550], ex.Recipients.Select(r => r.Reply.Code));
        Assert.False(ex.IsTransient);
        Assert.True(ex.Recipients[0].Reply.IsTransientFailure);
        Assert.True(sut.IsConnected);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task AuthenticateAsync_OnlyLegacyLogin_UsesLoginAndRedactsLog()
    {
        var stream = ScriptedStream.FromFile("smtp/auth-login-legacy.txt", 7);
        var log = new StringWriter();
        await using var sut = CreateSut(new MailProtocolLogger(log));
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        await sut.AuthenticateAsync("user", "pass");

        Assert.True(sut.IsAuthenticated);
        Assert.Contains("LOGIN", sut.Capabilities.AuthMechanisms);
        Assert.DoesNotContain("cGFzcw==", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("dXNlcg==", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("C: ********", log.ToString(), StringComparison.Ordinal);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task AuthenticateOAuth2Async_Refused_ThrowsPermanentAuthenticationError()
    {
        var stream = ScriptedStream.FromFile("smtp/auth-xoauth2-failure.txt", 4096);
        var log = new StringWriter();
        await using var sut = CreateSut(new MailProtocolLogger(log));
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() => sut.AuthenticateOAuth2Async("user@example.test", "token123"));

        Assert.Equal(SmtpErrorCode.Authentication, ex.ErrorCode);
        Assert.Equal(535, ex.ReplyCode);
        Assert.Equal(new SmtpEnhancedStatusCode(5, 7, 8), ex.EnhancedStatus);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain("dXNlcj11c2Vy", log.ToString(), StringComparison.Ordinal);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task ConnectAsync_554Greeting_ThrowsGreetingErrorAndDisconnects()
    {
        var stream = ScriptedStream.FromFile("smtp/rejected-greeting.txt", 4096);
        await using var sut = CreateSut();

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() => sut.ConnectAsync(stream, "mx", MailTlsMode.None));

        Assert.Equal(SmtpErrorCode.Greeting, ex.ErrorCode);
        Assert.Equal(554, ex.ReplyCode);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_MalformedReply_ThrowsProtocolExceptionAndDisconnects()
    {
        var stream = ScriptedStream.FromFile("smtp/malformed-reply.txt", 1);
        await using var sut = CreateSut();

        await Assert.ThrowsAsync<MailProtocolException>(() => sut.ConnectAsync(stream, "mx", MailTlsMode.None));

        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task SendAsync_LargerThanSizeLimit_ThrowsBeforeSending()
    {
        var stream = ScriptedStream.FromFile("smtp/size-exceeded.txt", 4096);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            sut.SendAsync("a@example.test", ["b@example.test"], new byte[11]));

        Assert.Equal(SmtpErrorCode.MessageNotAccepted, ex.ErrorCode);
        Assert.True(sut.IsConnected);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task ConnectAsync_StartTlsNotOffered_Throws()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\n");
        await using var sut = CreateSut();

        await Assert.ThrowsAsync<NotSupportedException>(() => sut.ConnectAsync(stream, "mx", MailTlsMode.StartTls));

        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task AuthenticateAsync_PlainTextWithoutOptIn_RefusesToSendCredentials()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO localhost\nS: 250-mx\nS: 250 AUTH PLAIN\n");
        await using var sut = new SmtpClient();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => sut.AuthenticateAsync("u", "p"));

        stream.AssertClientDone();
    }

    [Theory]
    [InlineData("a b@example.test")]
    [InlineData("x@example.test>\r\nRCPT TO:<evil@example.test")]
    public async Task SendAsync_AddressWithInjection_ThrowsArgumentException(string recipient)
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\n");
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        await Assert.ThrowsAsync<ArgumentException>(() => sut.SendAsync("a@example.test", [recipient], new byte[1]));
    }

    [Fact]
    public async Task NoOpAsync_ServerSilent_TimesOutAndDisconnects()
    {
        var time = new ManualTimeProvider();
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\nC: NOOP\n") { HangAtEnd = true };
        await using var sut = new SmtpClient(new SmtpClientOptions { LocalDomain = "client.test", TimeProvider = time, Timeout = TimeSpan.FromSeconds(30) });
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var noop = sut.NoOpAsync();
        time.Advance(TimeSpan.FromSeconds(31));

        await Assert.ThrowsAsync<TimeoutException>(() => noop);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task SendAsync_EightBitContent_DeclaresBody8BitMime()
    {
        var stream = new ScriptedStream("""
            S: 220 mx
            C: EHLO client.test
            S: 250-mx
            S: 250 8BITMIME
            C: MAIL FROM:<a@example.test> BODY=8BITMIME
            S: 250 ok
            C: RCPT TO:<b@example.test>
            S: 250 ok
            C: DATA
            S: 354 go
            C: Subject: café
            C: .
            S: 250 queued
            """);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        await sut.SendAsync("a@example.test", ["b@example.test"], Encoding.UTF8.GetBytes("Subject: café\r\n"));

        stream.AssertClientDone();
    }

    [Fact]
    public async Task SendAsync_EightBitContentWithout8BitMime_ThrowsBeforeMailFrom()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\n");
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        await Assert.ThrowsAsync<NotSupportedException>(() => sut.SendAsync("a@example.test", ["b@example.test"], Encoding.UTF8.GetBytes("Subject: café\r\n")));

        Assert.True(sut.IsConnected);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task AuthenticateOAuth2Async_Accepted_SendsInitialResponseOnce()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250-mx\nS: 250 AUTH XOAUTH2\nC: AUTH XOAUTH2 dXNlcj11c2VyQGV4YW1wbGUudGVzdAFhdXRoPUJlYXJlciB0b2tlbjEyMwEB\nS: 235 2.7.0 Accepted\n");
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        await sut.AuthenticateOAuth2Async("user@example.test", "token123");

        Assert.True(sut.IsAuthenticated);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task NoOpAsync_Cancelled_ThrowsAndDisconnects()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\nC: NOOP\n") { HangAtEnd = true };
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);
        using var cts = new CancellationTokenSource();

        var noop = sut.NoOpAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => noop);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task ResetAsync_AfterRefusedMessage_SendsRsetAndNextMessageGoesOnSameConnection()
    {
        var stream = new ScriptedStream("""
            S: 220 mx
            C: EHLO client.test
            S: 250 mx
            C: MAIL FROM:<a@example.test>
            S: 250 ok
            C: RCPT TO:<b@example.test>
            S: 250 ok
            C: DATA
            S: 354 go
            C: x
            C: .
            S: 554 5.7.1 content rejected
            C: RSET
            S: 250 2.0.0 flushed
            C: MAIL FROM:<a@example.test>
            S: 250 ok
            C: RCPT TO:<c@example.test>
            S: 250 ok
            C: DATA
            S: 354 go
            C: y
            C: .
            S: 250 2.0.0 queued
            """);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => sut.SendAsync("a@example.test", ["b@example.test"], "x"u8.ToArray()));
        await sut.ResetAsync();
        var result = await sut.SendAsync("a@example.test", ["c@example.test"], "y"u8.ToArray());

        Assert.Equal(554, refused.ReplyCode);
        Assert.Equal(250, result.Reply.Code);
        Assert.True(sut.IsConnected);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task ResetAsync_Refused_ThrowsCommandException()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\nC: RSET\nS: 500 5.5.1 what\n");
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() => sut.ResetAsync());

        Assert.Equal(SmtpErrorCode.Other, ex.ErrorCode);
        Assert.Equal("RSET", ex.Command);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task SendAsync_421ServiceClosing_ThrowsTransientAndDisconnects()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\nC: MAIL FROM:<a@example.test>\nS: 421 4.4.2 mx idle timeout, closing\n");
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        var ex = await Assert.ThrowsAsync<SmtpCommandException>(() => sut.SendAsync("a@example.test", ["b@example.test"], "x"u8.ToArray()));

        Assert.Equal(421, ex.ReplyCode);
        Assert.True(ex.IsTransient);
        Assert.False(sut.IsConnected);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task NoOpAsync_421_DisconnectsSoCallerCanReconnect()
    {
        var stream = new ScriptedStream("S: 220 mx\nC: EHLO client.test\nS: 250 mx\nC: NOOP\nS: 421 4.3.2 shutting down\n");
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "mx", MailTlsMode.None);

        await Assert.ThrowsAsync<SmtpCommandException>(() => sut.NoOpAsync());

        Assert.False(sut.IsConnected);
    }
}
