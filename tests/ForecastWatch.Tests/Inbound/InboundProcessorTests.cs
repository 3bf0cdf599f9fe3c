using System.Text;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

public sealed class InboundProcessorTests : IAsyncLifetime
{
    private const string Desk = "desk@example.test";
    private InboundTestDatabase _db = null!;
    private readonly FakePrompts _prompts = new();
    private readonly FakeAnswerSink _sink = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.Zero));
    private ReplyAuthenticationSettings _auth = ReplyAuthenticationSettings.Off;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each case runs on a fresh store of the kind its data row names (SQLite, PostgreSQL).</summary>
    private async Task UseStoreAsync(string store) => _db = await InboundTestDatabase.CreateAsync(store);

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private InboundProcessor CreateSut() => new(
        _db.Connections,
        new RawMailStore(Path.Combine(_db.DataDirectory, "raw")),
        new SimpleMailReader(),
        _prompts,
        _sink,
        new InboundSettings(Desk, "fw.example.test", "X-ForecastWatch-Loop", _auth),
        _time);

    private static string Mail(string from, string to, string body, string? messageId = null, string subject = "Re: [FW-ai-act] Due: claim",
        params string[] extra)
    {
        var headers = new StringBuilder();
        headers.Append(
            $"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@mail.example.test>\n");
        foreach (var h in extra)
        {
            headers.Append(h).Append('\n');
        }

        return headers + "\n" + body;
    }

    private Task<InboundOutcome> ProcessAsync(InboundProcessor sut, string mail) =>
        sut.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(mail), ct).AsTask(), CancellationToken.None);

    private string TokenAddress(long promptId, string prediction, string recipient) =>
        $"desk+{_prompts.AddThread(promptId, prediction, recipient)}@example.test";

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_EditorRepliesYesWithToken_AppliesAndConfirms(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var to = TokenAddress(1, "ai-act", "editor@example.test");

        var outcome = await ProcessAsync(sut, Mail("Jane <editor@example.test>", to,
            "YES - see https://example.org/law\n\nOn Mon, Jun 1, 2027 at 9:00 AM Desk <desk@example.test> wrote:\n> Did it happen?"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        var resolution = Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Equal(Verdict.Yes, resolution.Verdict);
        Assert.Equal("editor@example.test", resolution.ResolvedBy);
        Assert.Equal(ResolutionSource.Email, resolution.Source);
        Assert.Equal(["https://example.org/law"], resolution.Evidence);
        Assert.Equal("see https://example.org/law", resolution.Note);
        var answer = Assert.Single(_sink.Answers);
        Assert.Equal(ReplyAnswerKind.Confirmation, answer.Kind);
        Assert.Equal("editor@example.test", answer.To);
        Assert.Equal(to, answer.ReplyTo);
        Assert.Contains("Recorded: YES", answer.Text, StringComparison.Ordinal);
        Assert.NotNull(answer.InReplyTo);
        Assert.Contains(answer.InReplyTo, answer.References);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_SameMessageTwice_ChangesNothingTheSecondTime(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var mail = Mail("editor@example.test", TokenAddress(1, "ai-act", "editor@example.test"), "NO");

        var first = await ProcessAsync(sut, mail);
        var second = await ProcessAsync(sut, mail);

        Assert.Equal(InboundStatus.Applied, first.Status);
        Assert.Equal(first.InboundId, second.InboundId);
        Assert.True(second.Repeated);
        Assert.False(second.Answered);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(_sink.Answers);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_ReplayedMessageIdWithOtherBytes_IsDuplicate(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var to = TokenAddress(1, "ai-act", "editor@example.test");
        await ProcessAsync(sut, Mail("editor@example.test", to, "YES", messageId: "replayed"));

        var replay = await ProcessAsync(sut,
            Mail("editor@example.test", to, "OVERRIDE NO", messageId: "replayed", extra: "Received: from attacker"));

        Assert.Equal(InboundStatus.Duplicate, replay.Status);
        Assert.Equal(Verdict.Yes, Assert.Single(await _db.ResolutionsAsync("ai-act")).Verdict);
        Assert.Single(_sink.Answers);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_ForgedFromWithoutToken_IsRefusedByTheSenderCheck(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut,
            Mail("Editor <outsider@example.test>", Desk, "YES", extra: ["Sender: editor@example.test", "Reply-To: editor@example.test"]));

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.NotAnEditor), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        // No backscatter: with nothing authenticated, only the prediction's editors are answered.
        Assert.Empty(_sink.Answers);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_ValidTokenFromWrongEditor_IsRefused(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor2@example.test", TokenAddress(1, "ai-act", "editor@example.test"), "YES"));

        Assert.Equal(nameof(ReplyRejection.TokenForOtherRecipient), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_EditorNotNamedByPrediction_IsRefused(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "YES", subject: "Re: [FW-named-editors] Due"));

        Assert.Equal(nameof(ReplyRejection.NotAnEditor), outcome.Reason);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_TwoEditorsAnswerAtOnce_FirstWinsSecondIsToldHowToOverride(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var a = Mail("editor@example.test", TokenAddress(1, "ai-act", "editor@example.test"), "YES");
        var b = Mail("editor2@example.test", TokenAddress(2, "ai-act", "editor2@example.test"), "NO");

        var outcomes = await Task.WhenAll(ProcessAsync(sut, a), ProcessAsync(CreateSut(), b));

        Assert.Single(outcomes, o => o.Status == InboundStatus.Applied);
        var loser = Assert.Single(outcomes, o => o.Status == InboundStatus.Rejected);
        Assert.Equal(nameof(ReplyRejection.AlreadyResolved), loser.Reason);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Contains(_sink.Answers, x =>
            x.Reason == ReplyRejection.AlreadyResolved && x.Text.Contains("OVERRIDE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_OverrideAfterResolution_AppendsSupersedingRow(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var to = TokenAddress(1, "ai-act", "editor@example.test");
        await ProcessAsync(sut, Mail("editor@example.test", to, "YES"));

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", to, "OVERRIDE NO: the court struck it down"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        var rows = await _db.ResolutionsAsync("ai-act");
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Id, rows[1].SupersedesId);
        Assert.Equal(Verdict.No, rows[1].Verdict);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_OutOfOfficeStorm_NothingAnswered(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var to = TokenAddress(1, "ai-act", "editor@example.test");

        for (var i = 0; i < 100; i++)
        {
            var extra = (i % 4) switch
            {
                0 => "Auto-Submitted: auto-replied",
                1 => "X-Autoreply: yes",
                2 => "Precedence: bulk",
                _ => "X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: editor@example.test",
            };
            var outcome = await ProcessAsync(sut, Mail("editor@example.test", to, "I am out of the office until Monday.",
                subject: "Automatic reply: [FW-ai-act] Due", extra: extra));
            Assert.Equal(InboundStatus.Ignored, outcome.Status);
        }

        Assert.Empty(_sink.Answers);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Equal(100, (await _db.InboundAsync()).Count(r => r.Status == InboundStatus.Ignored));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_Bounce_MarksOriginalOutboxMessage(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail(
            "MAILER-DAEMON@example.test", Desk, "delivery failed", subject: "Undelivered Mail Returned to Sender",
            extra: ["Content-Type: multipart/report; report-type=delivery-status; boundary=x",
                "X-Test-Dsn: <fw.prompt.1.0@fw.example.test> 5.1.1"]));

        Assert.Equal(InboundStatus.Bounce, outcome.Status);
        Assert.Equal("Permanent", outcome.Reason);
        var bounce = Assert.Single(_sink.Bounces);
        Assert.Equal("fw.prompt.1.0@fw.example.test", bounce.MessageId);
        Assert.True(bounce.Permanent);
        Assert.Empty(_sink.Answers);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_TransientDsn_IsNotPermanent(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        await ProcessAsync(sut, Mail(
            "MAILER-DAEMON@example.test", Desk, "delayed", subject: "Delayed Mail",
            extra: ["Content-Type: multipart/report; report-type=delivery-status; boundary=x",
                "X-Test-Dsn: <fw.prompt.1.0@fw.example.test> 4.4.1"]));

        Assert.False(Assert.Single(_sink.Bounces).Permanent);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_Unreadable_HelpsOncePerDay(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var to = TokenAddress(1, "ai-act", "editor@example.test");

        var first = await ProcessAsync(sut, Mail("editor@example.test", to, "Hi, I think it happened"));
        var second = await ProcessAsync(sut, Mail("editor@example.test", to, "Hello? It did happen"));
        _time.Advance(TimeSpan.FromHours(25));
        var third = await ProcessAsync(sut, Mail("editor@example.test", to, "Still: it did"));

        Assert.Equal(nameof(ReplyRejection.Unreadable), first.Reason);
        Assert.True(first.Answered);
        Assert.False(second.Answered);
        Assert.True(third.Answered);
        Assert.Equal(2, _sink.Answers.Count);
        Assert.Contains("first line", _sink.Answers[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_DmarcFail_IsHeldAndNotAnswered(string store)
    {
        await UseStoreAsync(store);

        _auth = new ReplyAuthenticationSettings("mx.example.test", Require: false);
        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "YES",
            extra: "Authentication-Results: mx.example.test; dkim=none; dmarc=fail header.from=example.test"));

        Assert.Equal(InboundStatus.Held, outcome.Status);
        Assert.Empty(_sink.Answers);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_AuthenticationRequiredAndMissing_IsRefusedSilently(string store)
    {
        await UseStoreAsync(store);

        _auth = new ReplyAuthenticationSettings("mx.example.test", Require: true);
        var sut = CreateSut();

        var outcome = await ProcessAsync(sut,
            Mail("editor@example.test", Desk, "YES", extra: "Authentication-Results: evil.test; dmarc=pass"));

        Assert.Equal(nameof(ReplyRejection.AuthenticationMissing), outcome.Reason);
        Assert.False(outcome.Answered);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_AuthenticationRequiredAndPassed_Applies(string store)
    {
        await UseStoreAsync(store);

        _auth = new ReplyAuthenticationSettings("mx.example.test", Require: true);
        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "YES",
            extra: "Authentication-Results: mx.example.test; dkim=pass header.d=example.test; dmarc=pass"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_UnalignedDkimPass_IsHeldWithTheReasonAndNotAnswered(string store)
    {
        await UseStoreAsync(store);

        _auth = new ReplyAuthenticationSettings("mx.example.test", Require: true);
        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "YES",
            extra: "Authentication-Results: mx.example.test; dkim=pass header.d=bulk-mailer.test; dmarc=none"));

        Assert.Equal(InboundStatus.Held, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.DkimNotAligned), outcome.Reason);
        Assert.Contains("bulk-mailer.test", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(_sink.Answers);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        var row = Assert.Single(await _db.InboundAsync());
        Assert.Equal((InboundStatus.Held, outcome.Detail), (row.Status, row.Detail));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_UnknownToken_IsRefused(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", "desk+p99.aaaaaaaaaaaaaaaaaaaa@example.test", "YES"));

        Assert.Equal(nameof(ReplyRejection.UnknownToken), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_TokenInDeliveredToOnly_Matches(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var to = TokenAddress(3, "ai-act", "editor@example.test");

        var outcome = await ProcessAsync(sut,
            Mail("editor@example.test", Desk, "VOID the article was withdrawn", subject: "Re: Due", extra: $"Delivered-To: {to}"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.Equal(Verdict.Void, Assert.Single(await _db.ResolutionsAsync("ai-act")).Verdict);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_ThreadReference_MatchesPrompt(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        _prompts.AddThread(5, "ai-act", "editor@example.test");

        var installation = await _db.InstallationIdAsync();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "NO", subject: "Re: something",
            extra: $"In-Reply-To: <fw.prompt.5.1.{installation}@fw.example.test>"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.Equal("ai-act", outcome.PredictionId);
    }

    [Theory]
    [InlineData("fw.prompt.5.1.i0000000000000000@fw.example.test")]
    [InlineData("fw.prompt.5.1@fw.example.test")]
    public async Task RecordAndDecideAsync_ThreadOfAnotherInstallationOrBeforeThisDatabase_NotMatched(string threadId)
    {
        await UseStoreAsync(StoreKinds.Sqlite);

        // Another installation sending to the same mailbox, or one whose database was reset: its prompt 5 is not ours.
        var sut = CreateSut();
        _prompts.AddThread(5, "ai-act", "editor@example.test");

        var outcome = await ProcessAsync(sut,
            Mail("editor@example.test", Desk, "NO", subject: "Re: something", extra: $"In-Reply-To: <{threadId}>"));

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.NoMatch), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_ValueOnThreshold_DecidesByComparison(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "VALUE 2.4%", subject: "Re: [FW-inflation] Due"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        var row = Assert.Single(await _db.ResolutionsAsync("inflation"));
        Assert.Equal(Verdict.No, row.Verdict);
        Assert.Equal(2.4, row.Value);
        Assert.Equal("%", row.ValueUnit);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_ValueOnEvent_IsNotApplicable(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "VALUE 12"));

        Assert.Equal(nameof(ReplyRejection.NotApplicable), outcome.Reason);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_ExtendByDuration_MovesResolveBy(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        await ProcessAsync(sut, Mail("editor@example.test", Desk, "EXTEND 3 months - vote postponed"));

        var row = Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Equal(Verdict.Extend, row.Verdict);
        Assert.Equal(new DateOnly(2027, 8, 31), row.ExtendTo);
        Assert.Contains("EXTEND to 2027-08-31", Assert.Single(_sink.Answers).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_HtmlOnlyReply_IsTrimmedAndApplied(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("editor@example.test", Desk, "<div>Partial 50%</div><blockquote>YES NO</blockquote>",
            extra: "Content-Type: text/html; charset=utf-8"));

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.Equal(0.5, Assert.Single(await _db.ResolutionsAsync("ai-act")).Fraction);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_NoMatch_IsRecordedNotAnswered(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("someone@example.test", Desk, "Lunch?", subject: "Lunch"));

        Assert.Equal(nameof(ReplyRejection.NoMatch), outcome.Reason);
        Assert.Empty(_sink.Answers);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_OurOwnMailLoopingBack_IsIgnored(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();

        var outcome = await ProcessAsync(sut, Mail("forecastwatch@example.test", Desk, "YES", extra: "X-ForecastWatch-Loop: 1"));

        Assert.Equal(InboundStatus.Ignored, outcome.Status);
        Assert.Equal("Loop", outcome.Reason);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RecordAndDecideAsync_CrashMidTransaction_LeavesReceivedAndRetryAppliesOnce(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var mail = Mail("editor@example.test", TokenAddress(1, "ai-act", "editor@example.test"), "YES");
        _sink.FailNext = true;

        await Assert.ThrowsAsync<IOException>(() => ProcessAsync(sut, mail));
        Assert.Equal(InboundStatus.Received, Assert.Single(await _db.InboundAsync()).Status);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));

        var retry = await ProcessAsync(sut, mail);

        Assert.Equal(InboundStatus.Applied, retry.Status);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(_sink.Answers);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ProcessAsync_MaildirMessages_AreFiledByOutcome(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var inbox = Path.Combine(_db.DataDirectory, "inbox");
        await using var source = new MaildirSource(inbox);
        await MaildirSource.DeliverAsync(inbox, Encoding.UTF8.GetBytes(Mail("editor@example.test", Desk, "YES")), CancellationToken.None);
        await MaildirSource.DeliverAsync(inbox, Encoding.UTF8.GetBytes(Mail("outsider@example.test", Desk, "YES")), CancellationToken.None);

        foreach (var item in await source.ListAsync(CancellationToken.None))
        {
            await sut.ProcessAsync(source, item, CancellationToken.None);
        }

        var files = Directory.GetFiles(Path.Combine(inbox, "cur")).Select(Path.GetFileName).ToList();
        Assert.Single(files, f => f!.EndsWith(":2,S", StringComparison.Ordinal));
        Assert.Single(files, f => f!.EndsWith(":2,FS", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(inbox, "new")));
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal(2, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM inbound_raw"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_db.DataDirectory, "raw"), "*", SearchOption.AllDirectories));
    }

}
