using System.Net;
using System.Security.Cryptography;
using System.Text;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using MimeKit.Cryptography;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// Inbox:Authentication = dkim, end to end: replies signed by MimeKit's DkimSigner with a test key, the key published
/// as TXT records by a real dnsmasq on loopback, verified by the worker while deciding the reply.
/// </summary>
public sealed class DkimEndToEndTests : IAsyncLifetime
{
    private const string Desk = "desk@example.test";
    private static readonly RSA Key = RSA.Create(2048);
    private static readonly RSA OtherKey = RSA.Create(2048);
    private InboundTestDatabase _db = null!;
    private DnsmasqServer? _dns;
    private readonly FakePrompts _prompts = new();
    private readonly FakeAnswerSink _sink = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _db = await InboundTestDatabase.CreateAsync();
        if (DnsmasqServer.Executable is not null)
        {
            var record = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo());
            _dns = await DnsmasqServer.StartAsync(
            [
                ("sel._domainkey.example.test", DnsmasqServer.Chunks(record)),
                ("sel._domainkey.mailer.example.net", DnsmasqServer.Chunks(record)),
            ]);
        }
    }

    public Task DisposeAsync()
    {
        _dns?.Dispose();
        _db.Dispose();
        return Task.CompletedTask;
    }

    [DnsmasqFact]
    public async Task SignedReply_FromAnEditor_IsApplied()
    {
        var outcome = await ProcessAsync(Signed("editor@example.test", "example.test", "sel", Key, "YES - see https://example.org/law"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Equal(ReplyAnswerKind.Confirmation, Assert.Single(_sink.Answers).Kind);
    }

    [DnsmasqFact]
    public async Task TamperedBody_IsRefusedAndNotAnswered()
    {
        var raw = Signed("editor@example.test", "example.test", "sel", Key, "NO - nothing happened");
        var tampered = Encoding.UTF8.GetBytes(
            Encoding.UTF8.GetString(raw).Replace("NO - nothing happened", "YES - nothing happened", StringComparison.Ordinal));

        var outcome = await ProcessAsync(tampered);

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.AuthenticationMissing), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task WrongSelector_IsRefusedAndNotAnswered()
    {
        var outcome = await ProcessAsync(Signed("editor@example.test", "example.test", "nosuch", Key, "YES"));

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.AuthenticationMissing), outcome.Reason);
        Assert.Contains("dkim=fail", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task WrongKey_IsRefused()
    {
        var outcome = await ProcessAsync(Signed("editor@example.test", "example.test", "sel", OtherKey, "YES"));

        Assert.Equal(nameof(ReplyRejection.AuthenticationMissing), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [DnsmasqFact]
    public async Task UnalignedSigningDomain_IsHeldForReview()
    {
        var outcome = await ProcessAsync(Signed("editor@example.test", "mailer.example.net", "sel", Key, "YES"));

        Assert.Equal(InboundStatus.Held, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.DkimNotAligned), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task DnsTimeout_HoldsTheReply_NeitherAppliedNorRefused()
    {
        using var silent = DnsmasqServer.Silent();

        var outcome = await ProcessAsync(Signed("editor@example.test", "example.test", "sel", Key, "YES"),
            (IPEndPoint)silent.Client.LocalEndPoint!);

        Assert.Equal(InboundStatus.Held, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.AuthenticationUnavailable), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task ForgedFromWithoutSignature_NothingAppliedNothingSent()
    {
        var raw = Encoding.UTF8.GetBytes(
            $"From: editor@example.test\r\nTo: {Desk}\r\nSubject: Re: [FW-ai-act] Due\r\nMessage-ID: "
                + $"<forged@attacker.example>\r\n\r\nYES\r\n");

        var outcome = await ProcessAsync(raw);

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task ForgedFromToAnUnknownToken_IsNotAnswered()
    {
        var raw = Encoding.UTF8.GetBytes(
            $"From: victim@example.org\r\nTo: desk+p99.0000000000000000000a@example.test\r\nSubject: Re: [FW-ai-act] Due\r\nMessage-ID: "
                + $"<forged2@attacker.example>\r\n\r\nYES\r\n");

        var outcome = await ProcessAsync(raw);

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task SlowDns_DoesNotBlockAnotherWriter_AndTheRawIsStoredFirst()
    {
        using var slow = new DelayingDnsProxy(_dns!.EndPoint);
        var raw = Signed("editor@example.test", "example.test", "sel", Key, "YES - see https://example.org/law");

        // The key lookup is held by the proxy until the other writer has committed.
        var processing = ProcessAsync(raw, slow.EndPoint, TimeSpan.FromSeconds(30));
        await slow.QuerySeen.WaitAsync(TimeSpan.FromSeconds(30));

        // Meanwhile the raw message and its 'received' row are stored, and SQLite's write lock is free.
        var received = Assert.Single(await _db.InboundAsync());
        Assert.Equal(InboundStatus.Received, received.Status);
        await using (var other = await _db.Connections.OpenAsync(CancellationToken.None))
        {
            Assert.NotNull(await new RawMailStore(Path.Combine(_db.DataDirectory, "raw"))
                .ReadAsync(other, null, received.Id, received.Sha256, CancellationToken.None));
            await using var write = await other.BeginTransactionAsync();
            await Dapper.SqlMapper.ExecuteAsync(other, """
                INSERT INTO articles (id, title, outlet, language, body, body_sha256, imported_at, updated_at)
                VALUES ('a-during-dns', 'Title', 'Outlet', 'en', 'body', 'y', 0, 0)
                """, transaction: write);
            await write.CommitAsync();
        }

        Assert.False(processing.IsCompleted);
        slow.Release();
        var outcome = await processing;

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));

        // Decided once: the same bytes again are a repeat, with no second lookup or answer.
        var again = await ProcessAsync(raw);
        Assert.True(again.Repeated);
        Assert.Single(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task SameBytesDecidedByAnotherWorkerDuringTheLookup_AreDecidedOnce()
    {
        using var slow = new DelayingDnsProxy(_dns!.EndPoint);
        var raw = Signed("editor@example.test", "example.test", "sel", Key, "NO - it was withdrawn");

        // Worker A waits on a slow DNS; worker B reads the same message meanwhile and decides it.
        var first = ProcessAsync(raw, slow.EndPoint, TimeSpan.FromSeconds(30));
        await slow.QuerySeen.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await ProcessAsync(raw);
        slow.Release();
        var late = await first;

        Assert.Equal(InboundStatus.Applied, second.Status);
        Assert.True(late.Repeated);
        Assert.Equal((InboundStatus.Applied, second.InboundId), (late.Status, late.InboundId));
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(_sink.Answers);
    }

    private async Task<InboundOutcome> ProcessAsync(byte[] raw, IPEndPoint? dns = null, TimeSpan? timeout = null)
    {
        var locator = new DkimKeyLocator([dns ?? _dns!.EndPoint], timeout ?? TimeSpan.FromMilliseconds(300), _time);
        var sut = new InboundProcessor(
            _db.Connections,
            new RawMailStore(Path.Combine(_db.DataDirectory, "raw")),
            new SimpleMailReader(),
            _prompts,
            _sink,
            new InboundSettings(Desk, "fw.example.test", "X-ForecastWatch-Loop", ReplyAuthenticationSettings.Off)
            {
                Mode = SenderAuthenticationMode.Dkim
            },
            _time,
            new DkimSenderVerifier(locator, []));
        return await sut.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(raw, ct).AsTask(), CancellationToken.None);
    }

    private static byte[] Signed(string from, string domain, string selector, RSA key, string body)
    {
        var message = new MimeKit.MimeMessage();
        message.From.Add(MimeKit.MailboxAddress.Parse(from));
        message.To.Add(MimeKit.MailboxAddress.Parse(Desk));
        message.Subject = "Re: [FW-ai-act] Due: the EU AI Act will be in force";
        message.MessageId = Guid.NewGuid().ToString("N") + "@" + domain;
        message.Date = new DateTimeOffset(2027, 6, 1, 9, 30, 0, TimeSpan.Zero);
        message.Body = new MimeKit.TextPart("plain")
        {
            Text = body + "\n\nOn Tue, Jun 1, 2027 at 9:00 AM Desk <desk@example.test> wrote:\n> Did it happen?\n"
        };
        using var pem = new MemoryStream(Encoding.ASCII.GetBytes(key.ExportRSAPrivateKeyPem()));
        var signer = new DkimSigner(pem, domain, selector)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        signer.Sign(message,
            [MimeKit.HeaderId.From, MimeKit.HeaderId.To, MimeKit.HeaderId.Subject, MimeKit.HeaderId.Date, MimeKit.HeaderId.MessageId]);
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

}
