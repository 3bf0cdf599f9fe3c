using System.Net;
using System.Security.Cryptography;
using System.Text;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// ARC end to end (Inbox:Authentication = dkim): an editor's reply, DKIM-signed by the editor's domain, passes through
/// a forwarding gateway that rewrites the subject and appends a footer (which breaks the editor's signature), records
/// what it verified on arrival and seals an ARC set with MimeKit's <see cref="ArcSigner"/>. Every key is published by
/// a real dnsmasq on loopback. The reply counts only when the sealer is listed in Inbox:TrustedArcSealers and the
/// chain validates; otherwise it is held for review, and nothing is applied or sent.
/// </summary>
public sealed class ArcEndToEndTests : IAsyncLifetime
{
    private const string Desk = "desk@example.test";
    private const string Gateway = "relay.example.net";
    private static readonly RSA EditorKey = RSA.Create(2048);
    private static readonly RSA GatewayKey = RSA.Create(2048);
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
            _dns = await DnsmasqServer.StartAsync(
            [
                ("sel._domainkey.example.test", DnsmasqServer.Chunks(Record(EditorKey))),
                ("arc._domainkey." + Gateway, DnsmasqServer.Chunks(Record(GatewayKey))),
                ("gw._domainkey." + Gateway, DnsmasqServer.Chunks(Record(GatewayKey))),
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
    public async Task ForwardedReply_BrokenDkim_TrustedSealer_IsApplied()
    {
        var forwarded = await ForwardAsync(SignedReply("YES - see https://example.org/law"), OriginalPassed);

        var outcome = await ProcessAsync(forwarded, trusted: [Gateway]);

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Equal(ReplyAnswerKind.Confirmation, Assert.Single(_sink.Answers).Kind);
    }

    [DnsmasqFact]
    public async Task ForwardedReply_WithoutTheArcSet_IsRefused()
    {
        // The same forwarded bytes without the gateway's seal: the editor's signature is broken, nothing vouches.
        var forwarded = await ForwardAsync(SignedReply("YES - see https://example.org/law"), OriginalPassed, seal: false);

        var outcome = await ProcessAsync(forwarded, trusted: [Gateway]);

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.AuthenticationMissing), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task UntrustedSealer_IsHeldForReview_ThenReleasedByAPerson()
    {
        var forwarded = await ForwardAsync(SignedReply("YES - see https://example.org/law"), OriginalPassed);

        var outcome = await ProcessAsync(forwarded, trusted: ["lists.other.example"]);

        Assert.Equal(InboundStatus.Held, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.ArcNotTrusted), outcome.Reason);
        Assert.Contains($"{Gateway} is not in Inbox:TrustedArcSealers", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);

        var released = await Processor([])
            .ReleaseAsync(outcome.InboundId, "standards@example.test", "known gateway", CancellationToken.None);
        Assert.Equal(InboundStatus.Applied, released.Outcome!.Status);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
    }

    [DnsmasqFact]
    public async Task NoTrustedSealersConfigured_IsHeld()
    {
        var forwarded = await ForwardAsync(SignedReply("NO - it was withdrawn"), OriginalPassed);

        var outcome = await ProcessAsync(forwarded, trusted: []);

        Assert.Equal((InboundStatus.Held, nameof(ReplyRejection.ArcNotTrusted)), (outcome.Status, outcome.Reason));
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task BrokenChain_ModifiedAfterTheSeal_IsHeld_EvenFromATrustedSealer()
    {
        var forwarded = await ForwardAsync(SignedReply("NO - it was withdrawn"), OriginalPassed);
        var tampered = Encoding.UTF8.GetBytes(
            Encoding.UTF8.GetString(forwarded).Replace("NO - it was withdrawn", "YES - it was withdrawn", StringComparison.Ordinal));

        var outcome = await ProcessAsync(tampered, trusted: [Gateway]);

        Assert.Equal(InboundStatus.Held, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.ArcNotTrusted), outcome.Reason);
        Assert.Contains("broken (arc=fail)", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task SealerKeyNotPublished_IsHeld()
    {
        var forwarded = await ForwardAsync(SignedReply("YES"), OriginalPassed, sealSelector: "nosuch");

        var outcome = await ProcessAsync(forwarded, trusted: [Gateway]);

        Assert.Equal((InboundStatus.Held, nameof(ReplyRejection.ArcNotTrusted)), (outcome.Status, outcome.Reason));
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [DnsmasqFact]
    public async Task TrustedSealer_ThatSawAFailedSignature_IsRefusedWithoutAnswer()
    {
        // The gateway vouches only for what it saw: the editor's signature had already failed on arrival there.
        var forwarded = await ForwardAsync(SignedReply("YES"), "dkim=fail header.d=example.test header.s=sel");

        var outcome = await ProcessAsync(forwarded, trusted: [Gateway]);

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.AuthenticationMissing), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [DnsmasqFact]
    public async Task ArcDnsTimeout_IsHeld_NeitherAppliedNorRefused()
    {
        using var silent = DnsmasqServer.Silent();
        var forwarded = await ForwardAsync(SignedReply("YES"), OriginalPassed);

        var outcome = await ProcessAsync(forwarded, trusted: [Gateway], dns: (IPEndPoint)silent.Client.LocalEndPoint!);

        Assert.Equal((InboundStatus.Held, nameof(ReplyRejection.AuthenticationUnavailable)), (outcome.Status, outcome.Reason));
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    private const string OriginalPassed = "dkim=pass header.d=example.test header.s=sel; dmarc=pass header.from=example.test";

    private static string Record(RSA key) => "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

    private async Task<InboundOutcome> ProcessAsync(byte[] raw, IReadOnlyCollection<string> trusted, IPEndPoint? dns = null) =>
        await Processor(trusted, dns).RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(raw, ct).AsTask(), CancellationToken.None);

    private InboundProcessor Processor(IReadOnlyCollection<string> trusted, IPEndPoint? dns = null)
    {
        var locator = new DkimKeyLocator([dns ?? _dns!.EndPoint], TimeSpan.FromMilliseconds(300), _time);
        return new InboundProcessor(
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
            new DkimSenderVerifier(locator, trusted));
    }

    private static MimeMessage SignedReply(string firstLine)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("editor@example.test"));
        message.To.Add(MailboxAddress.Parse("editor-alias@" + Gateway));
        message.Subject = "Re: [FW-ai-act] Due: the EU AI Act will be in force";
        message.MessageId = Guid.NewGuid().ToString("N") + "@example.test";
        message.Date = new DateTimeOffset(2027, 6, 1, 9, 30, 0, TimeSpan.Zero);
        message.Body = new TextPart("plain")
        {
            Text = firstLine + "\n\nOn Tue, Jun 1, 2027 at 9:00 AM Desk <desk@example.test> wrote:\n> Did it happen?\n"
        };
        using var pem = new MemoryStream(Encoding.ASCII.GetBytes(EditorKey.ExportRSAPrivateKeyPem()));
        var signer = new DkimSigner(pem, "example.test", "sel")
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        return message;
    }

    /// <summary>
    /// What a forwarding gateway does: records what it verified (<paramref name="arrivalResults"/>), tags the subject
    /// and appends a footer (breaking the editor's DKIM signature), re-signs with its own domain and seals an ARC set.
    /// </summary>
    private static async Task<byte[]> ForwardAsync(MimeMessage message, string arrivalResults, bool seal = true,
        string sealSelector = "arc")
    {
        message.Headers.Insert(0, new Header("Authentication-Results", $"{Gateway}; {arrivalResults}"));
        message.Subject = "[EXTERNAL] " + message.Subject;
        var part = (TextPart)message.Body!;
        part.Text += "\n--\nThis message was scanned by the relay.example.net mail gateway.\n";
        message.ResentFrom.Add(MailboxAddress.Parse("editor-alias@" + Gateway));
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse(Desk));
        if (seal)
        {
            using (var pem = new MemoryStream(Encoding.ASCII.GetBytes(GatewayKey.ExportRSAPrivateKeyPem())))
            {
                var dkim = new DkimSigner(pem, Gateway, "gw")
                {
                    HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                    BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                };
                dkim.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
            }

            using var arcPem = new MemoryStream(Encoding.ASCII.GetBytes(GatewayKey.ExportRSAPrivateKeyPem()));
            var arc = new GatewayArcSigner(arcPem, sealSelector, arrivalResults)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            await arc.SignAsync(message,
                [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.DkimSignature]);
        }

        using var output = new MemoryStream();
        await message.WriteToAsync(output);
        return output.ToArray();
    }

    /// <summary>MimeKit's ArcSigner with the gateway's own record of what it verified on arrival.</summary>
    private sealed class GatewayArcSigner(Stream key, string selector, string arrivalResults) : ArcSigner(key, Gateway, selector)
    {
        protected override MimeKit.Cryptography.AuthenticationResults GenerateArcAuthenticationResults(
            FormatOptions options, MimeMessage message, CancellationToken cancellationToken)
        {
            var results = new MimeKit.Cryptography.AuthenticationResults(Gateway);
            foreach (var item in arrivalResults.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var words = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var method = words[0].Split('=');
                var result = new AuthenticationMethodResult(method[0], method[1]);
                foreach (var property in words.Skip(1))
                {
                    var dot = property.IndexOf('.', StringComparison.Ordinal);
                    var eq = property.IndexOf('=', StringComparison.Ordinal);
                    result.Properties.Add(new AuthenticationMethodProperty(property[..dot], property[(dot + 1)..eq], property[(eq + 1)..]));
                }

                results.Results.Add(result);
            }

            return results;
        }

        protected override Task<MimeKit.Cryptography.AuthenticationResults> GenerateArcAuthenticationResultsAsync(
            FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
            Task.FromResult(GenerateArcAuthenticationResults(options, message, cancellationToken));
    }
}
