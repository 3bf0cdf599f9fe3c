using System.Text;
using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// Release and discard of held replies (<c>InboundProcessor.Review.cs</c>) through the production adapters on real
/// SQLite.
/// </summary>
public sealed class InboundProcessorReviewTests : IAsyncLifetime
{
    private const string DmarcFail = "Authentication-Results: mx.example.test; dkim=none; dmarc=fail header.from=example.test";
    private const string DmarcPass = "Authentication-Results: mx.example.test; dkim=pass header.d=example.test; dmarc=pass";
    private static readonly DateTimeOffset Received = new(2027, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly ReplyAuthenticationSettings Authentication = new("mx.example.test", Require: false);
    private readonly FakeTimeProvider _time = new(Received);
    private InboundTestDatabase _db = null!;

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

    private InboundProcessor CreateSut() => RealPipeline.Create(_db, _time, Authentication);

    private static string Mail(string from, string body, string authenticationResults, string? messageId = null, string? extra = null) =>
        $"From: {from}\nTo: desk@example.test\nSubject: Re: [FW-ai-act] Due\nMessage-ID: "
            + $"<{messageId ?? Guid.NewGuid().ToString("N")}@mail.example.org>\n" +
        $"{authenticationResults}\n{(extra is null ? "" : extra + "\n")}\n{body}\n";

    private Task<InboundOutcome> ProcessAsync(InboundProcessor sut, string mail) =>
        sut.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(
            Encoding.UTF8.GetBytes(mail.Replace("\n", "\r\n", StringComparison.Ordinal)), ct).AsTask(), CancellationToken.None);

    private async Task<long> HoldAsync(InboundProcessor sut, string body = "YES - see https://example.org/law",
        string from = "editor@example.test", string? messageId = null)
    {
        var outcome = await ProcessAsync(sut, Mail(from, body, DmarcFail, messageId));
        Assert.Equal(InboundStatus.Held, outcome.Status);
        return outcome.InboundId;
    }

    private async Task<IReadOnlyList<OutboxEntry>> OutboxAsync()
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await OutboxStore.ListAsync(connection, null, CancellationToken.None);
    }

    private async Task<string> OutboxTextAsync(long outboxId)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var raw = await OutboxStore.GetRawAsync(connection, outboxId, CancellationToken.None);
        return (await new MimeInboundMailReader().ReadAsync(new MemoryStream(raw), CancellationToken.None)).TextBody ?? "";
    }

    private async Task<InboundRecord> InboundAsync(long id)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return (await InboundStore.GetAsync(connection, null, id, CancellationToken.None))!;
    }

    private async Task<InboundReview?> ReviewAsync(long id)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await InboundStore.GetReviewAsync(connection, null, id, CancellationToken.None);
    }

    private async Task<long> CountReviewsAsync()
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_reviews");
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_HeldYes_AppliesConfirmsOnceAndAudits(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        Assert.Empty(await OutboxAsync());
        _time.Advance(TimeSpan.FromHours(3));

        var result = await sut.ReleaseAsync(id, "Standards Desk", "phoned the editor", CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.Done, result.Kind);
        Assert.Equal(InboundStatus.Applied, result.Outcome!.Status);
        var resolution = Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Equal(Verdict.Yes, resolution.Verdict);
        Assert.Equal("editor@example.test", resolution.ResolvedBy);
        Assert.Equal(ResolutionSource.Email, resolution.Source);
        Assert.Equal(["https://example.org/law"], resolution.Evidence);
        var row = await InboundAsync(id);
        Assert.Equal(InboundStatus.Applied, row.Status);
        Assert.Equal(resolution.Id, row.ResolutionId);
        var mail = Assert.Single(await OutboxAsync());
        Assert.Equal(["editor@example.test"], mail.Recipients);
        Assert.Contains("Recorded: YES", await OutboxTextAsync(mail.Id), StringComparison.Ordinal);
        var review = await ReviewAsync(id);
        Assert.Equal(new InboundReview(id, InboundReviewAction.Released, "Standards Desk", "phoned the editor", nameof(
            ReplyRejection.DmarcFailed), "mx.example.test reports dmarc=fail for editor@example.test.", Received.AddHours(3)), review);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_HeldForUnalignedDkim_AppliesAndAuditsTheReason(string store)
    {
        await UseStoreAsync(store);

        var sut = RealPipeline.Create(_db, _time, new ReplyAuthenticationSettings("mx.example.test", Require: true));
        var held = await ProcessAsync(sut,
            Mail("editor@example.test", "YES", "Authentication-Results: mx.example.test; dkim=pass header.d=mailer.esp.test"));
        Assert.Equal((InboundStatus.Held, nameof(ReplyRejection.DkimNotAligned)), (held.Status, held.Reason));

        var result = await sut.ReleaseAsync(held.InboundId, "Standards Desk", "the editor uses a mailing service", CancellationToken.None);

        Assert.Equal(InboundStatus.Applied, result.Outcome!.Status);
        Assert.Equal(Verdict.Yes, Assert.Single(await _db.ResolutionsAsync("ai-act")).Verdict);
        var review = await ReviewAsync(held.InboundId);
        Assert.Equal(nameof(ReplyRejection.DkimNotAligned), review!.HeldReason);
        Assert.Contains("mailer.esp.test", review.HeldDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_Twice_SecondChangesNothingAndSaysWhoReleased(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        await sut.ReleaseAsync(id, "desk-a", null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var second = await sut.ReleaseAsync(id, "desk-b", "again", CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.AlreadyDone, second.Kind);
        Assert.True(second.IsSuccess);
        Assert.Contains("already released by desk-a", second.Message, StringComparison.Ordinal);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(await OutboxAsync());
        Assert.Equal("desk-a", (await ReviewAsync(id))!.Reviewer);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_TwoOperatorsAtOnce_OnlyOneApplies(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);

        var results = await Task.WhenAll(
            Task.Run(() => sut.ReleaseAsync(id, "desk-a", null, CancellationToken.None)),
            Task.Run(() => sut.ReleaseAsync(id, "desk-b", null, CancellationToken.None)));

        Assert.Single(results, static r => r.Kind == InboundReviewResultKind.Done);
        Assert.Single(results, static r => r.Kind == InboundReviewResultKind.AlreadyDone);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(await OutboxAsync());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_PredictionResolvedMeanwhile_GetsTheLateReplyAnswer(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        var other = await ProcessAsync(sut, Mail("chief@example.test", "NO", DmarcPass));
        Assert.Equal(InboundStatus.Applied, other.Status);

        var result = await sut.ReleaseAsync(id, "desk", null, CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.Done, result.Kind);
        Assert.Equal(InboundStatus.Rejected, result.Outcome!.Status);
        Assert.Equal(nameof(ReplyRejection.AlreadyResolved), result.Outcome.Reason);
        Assert.Equal(Verdict.No, Assert.Single(await _db.ResolutionsAsync("ai-act")).Verdict);
        var answers = (await OutboxAsync()).Where(static m => m.Recipients.Contains("editor@example.test")).ToList();
        var answer = Assert.Single(answers);
        _time.Advance(ReplyAnswerPolicy.RejectionWindow + TimeSpan.FromMinutes(1));
        var late = CreateSut();
        var lateOutcome = await ProcessAsync(late, Mail("editor@example.test", "YES", DmarcPass, extra: "X-Late: 1"));
        Assert.Equal(nameof(ReplyRejection.AlreadyResolved), lateOutcome.Reason);
        var lateAnswer = (await OutboxAsync()).Where(static m => m.Recipients.Contains("editor@example.test")).OrderBy(static m => m.Id)
            .Last();
        Assert.Equal(await OutboxTextAsync(lateAnswer.Id), await OutboxTextAsync(answer.Id));
        Assert.Contains("OVERRIDE", await OutboxTextAsync(answer.Id), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_SenderNotAnEditor_IsRefusedByTheEditorCheck(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut, from: "outsider@example.test");

        var result = await sut.ReleaseAsync(id, "desk", null, CancellationToken.None);

        Assert.Equal(nameof(ReplyRejection.NotAnEditor), result.Outcome!.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_CopyMarkedDuplicateOfTheHeldMessage_StillApplies(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut, messageId: "twice");
        var copy = await ProcessAsync(sut,
            Mail("editor@example.test", "YES - see https://example.org/law", DmarcFail, "twice", extra: "Received: from relay2"));
        Assert.Equal(InboundStatus.Duplicate, copy.Status);

        var result = await sut.ReleaseAsync(id, "desk", null, CancellationToken.None);

        Assert.Equal(InboundStatus.Applied, result.Outcome!.Status);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DiscardAsync_Held_RejectsWithoutMailAndAudits(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        _time.Advance(TimeSpan.FromDays(1));

        var result = await sut.DiscardAsync(id, "desk", "spoofed: the editor did not send it", CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.Done, result.Kind);
        var row = await InboundAsync(id);
        Assert.Equal(InboundStatus.Rejected, row.Status);
        Assert.Equal("Discarded", row.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(await OutboxAsync());
        var review = (await ReviewAsync(id))!;
        Assert.Equal(InboundReviewAction.Discarded, review.Action);
        Assert.Equal("spoofed: the editor did not send it", review.Note);
        Assert.Equal(Received.AddDays(1), review.ReviewedAt);
        Assert.Empty(await sut.ListHeldAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DiscardAsync_Twice_SecondChangesNothing(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        await sut.DiscardAsync(id, "desk-a", "spoofed", CancellationToken.None);

        var second = await sut.DiscardAsync(id, "desk-b", "other", CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.AlreadyDone, second.Kind);
        Assert.Equal("desk-a", (await ReviewAsync(id))!.Reviewer);
        Assert.Equal(1, await CountReviewsAsync());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_AfterDiscard_IsNotHeldAndChangesNothing(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        await sut.DiscardAsync(id, "desk-a", "spoofed", CancellationToken.None);

        var result = await sut.ReleaseAsync(id, "desk-b", null, CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.NotHeld, result.Kind);
        Assert.Contains("discarded by desk-a", result.Message, StringComparison.Ordinal);
        Assert.Equal(InboundStatus.Rejected, (await InboundAsync(id)).Status);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(await OutboxAsync());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_UnknownId_NotFoundAndNothingChanges(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        await HoldAsync(sut);

        var result = await sut.ReleaseAsync(999, "desk", null, CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.NotFound, result.Kind);
        Assert.Contains("#999 does not exist", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountReviewsAsync());
        Assert.Single(await sut.ListHeldAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_AppliedMessage_NotHeldAndNothingChanges(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var applied = await ProcessAsync(sut, Mail("editor@example.test", "YES", DmarcPass));

        var result = await sut.ReleaseAsync(applied.InboundId, "desk", null, CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.NotHeld, result.Kind);
        Assert.Contains("not held for review: it is applied", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountReviewsAsync());
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(await OutboxAsync());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DiscardAsync_UnknownId_NotFound(string store)
    {
        await UseStoreAsync(store);

        var result = await CreateSut().DiscardAsync(42, "desk", "why", CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.NotFound, result.Kind);
        Assert.Equal(0, await CountReviewsAsync());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReleaseAsync_RawMessageMissing_RawMissingAndStillHeld(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        await using (var connection = await _db.Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("DELETE FROM inbound_raw WHERE inbound_id = @Id", new { Id = id });
        }

        var result = await sut.ReleaseAsync(id, "desk", null, CancellationToken.None);

        Assert.Equal(InboundReviewResultKind.RawMissing, result.Kind);
        Assert.Equal(InboundStatus.Held, (await InboundAsync(id)).Status);
        Assert.Equal(0, await CountReviewsAsync());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ListHeldAsync_HeldReplies_ShowVerdictLineAndWhetherItReads(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        await HoldAsync(sut,
            body: "Yes. see https://example.org/law\n\nOn Mon, Jun 1, 2027 at 9:00 AM Desk <desk@example.test> wrote:\n> Did it happen?");
        await HoldAsync(sut, body: "\n\nmaybe later\n");
        await ProcessAsync(sut, Mail("editor@example.test", "NO", DmarcPass));

        var held = await sut.ListHeldAsync(CancellationToken.None);

        Assert.Equal(2, held.Count);
        Assert.Equal("Yes. see https://example.org/law", held[0].VerdictLine);
        Assert.Null(held[0].VerdictProblem);
        Assert.Equal(nameof(ReplyRejection.DmarcFailed), held[0].Record.Reason);
        Assert.Equal("ai-act", held[0].Record.PredictionId);
        Assert.Equal("maybe later", held[1].VerdictLine);
        Assert.NotNull(held[1].VerdictProblem);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task AddReviewAsync_SecondReviewOfOneMessage_IsRefusedByTheSchema(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut();
        var id = await HoldAsync(sut);
        await sut.ReleaseAsync(id, "desk", null, CancellationToken.None);
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();

        var ex = await Record.ExceptionAsync(() => InboundStore.AddReviewAsync(connection, transaction,
            new InboundReview(id, InboundReviewAction.Discarded, "x", null, null, null, Received), CancellationToken.None));

        // The unique key on the reviewed message refuses it on both stores (SQLite: SqliteException, PostgreSQL: 23505).
        Assert.IsAssignableFrom<System.Data.Common.DbException>(ex);
    }
}
