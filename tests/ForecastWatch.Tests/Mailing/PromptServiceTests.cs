using ForecastWatch.Domain.Prompts;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Mailing;

public sealed class PromptServiceTests : IAsyncLifetime
{
    private readonly InMemoryPromptSource _source = new();
    private MailingTestDatabase _db = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each case runs on a fresh store of the kind its data row names (SQLite, PostgreSQL).</summary>
    private async Task UseStoreAsync(string store) => _db = await MailingTestDatabase.CreateAsync(store);

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private PromptService CreateSut() => PromptTestHarness.CreatePromptService(_db, _source);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<OutboxEntry>> OutboxAsync()
    {
        await using var c = await _db.OpenAsync(default);
        return await OutboxStore.ListAsync(c, null, default);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_TwentyFourMonthWalk_PromptsRemindsEscalatesAndStops(string store)
    {
        await UseStoreAsync(store);

        _source.Add(PromptTestHarness.Prediction("unanswered", "2026-11-30"));
        _source.Add(PromptTestHarness.Prediction("answered", "2027-05-31", outlet: "Other"));
        _source.Add(PromptTestHarness.Prediction("late-import", "2026-03-31"));
        _source.Add(PromptTestHarness.Prediction("extended", "2027-11-30", kind: "threshold"));
        _source.Add(PromptTestHarness.Prediction("undated", null));
        _source.Add(PromptTestHarness.Prediction("proposed", "2026-07-31") with { IsOpen = false });
        var time = new FakeTimeProvider(At("2026-06-01T00:00:00Z"));
        var end = time.GetUtcNow().AddMonths(24);
        var sut = CreateSut();
        var answeredAt = (DateTimeOffset?)null;
        var extendedAt = (DateTimeOffset?)null;

        while (time.GetUtcNow() < end)
        {
            await sut.RunAsync(time.GetUtcNow(), PromptRunScope.Initial, dryRun: false, default);
            await sut.RunAsync(time.GetUtcNow(), PromptRunScope.FollowUps, dryRun: false, default);
            var outbox = await OutboxAsync();
            if (answeredAt is null && outbox.Any(e => e.PredictionId == "answered"))
            {
                // The editor answers two days after the first prompt.
                answeredAt = time.GetUtcNow().AddDays(2);
            }

            if (answeredAt is { } a && time.GetUtcNow() >= a)
            {
                _source.Update("answered", p => p with { IsOpen = false });
            }

            if (extendedAt is null && outbox.Count(e => e.PredictionId == "extended") == 2)
            {
                extendedAt = time.GetUtcNow();
                _source.Update("extended", p => p with { ResolveBy = new DateOnly(2028, 2, 29) });
            }

            // Every due time falls on a midnight (whole-day offsets), so 6-hour ticks see each one exactly.
            time.Advance(TimeSpan.FromHours(6));
        }

        var mails = await OutboxAsync();
        string[] Kinds(string id) => mails.Where(m => m.PredictionId == id).OrderBy(m => m.Id).Select(m => m.Category).ToArray();

        Assert.Equal(["prompt", "reminder", "reminder", "escalation"], Kinds("unanswered"));
        var unanswered = mails.Where(m => m.PredictionId == "unanswered").OrderBy(m => m.Id).ToList();
        Assert.Equal(At("2026-12-01T00:00:00Z"), unanswered[0].CreatedAt);
        Assert.Equal(At("2026-12-04T00:00:00Z"), unanswered[1].CreatedAt);
        Assert.Equal(At("2026-12-08T00:00:00Z"), unanswered[2].CreatedAt);
        Assert.Equal(At("2026-12-15T00:00:00Z"), unanswered[3].CreatedAt);
        Assert.Equal(["editor@example.test"], unanswered[0].Recipients);
        Assert.Equal(["chief@example.test"], unanswered[3].Recipients);

        Assert.Equal(["prompt"], Kinds("answered"));
        Assert.Equal(["desk@example.test"], mails.Single(m => m.PredictionId == "answered").Recipients);
        Assert.Equal(At("2026-06-01T00:00:00Z"), mails.Where(m => m.PredictionId == "late-import").Min(m => m.CreatedAt));
        Assert.Equal(["prompt", "reminder", "reminder", "escalation"], Kinds("late-import"));

        // Prompted and reminded once for 2027-11-30, extended; the new date starts a fresh cycle when it passes.
        var extended = mails.Where(m => m.PredictionId == "extended").OrderBy(m => m.Id).ToList();
        Assert.Equal(["prompt", "reminder", "prompt", "reminder", "reminder", "escalation"], extended.Select(m => m.Category).ToArray());
        Assert.Equal(At("2028-03-01T00:00:00Z"), extended[2].CreatedAt);

        Assert.DoesNotContain(mails, m => m.PredictionId is "undated" or "proposed");
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_Reminder_ThreadsOnPreviousMessages(string store)
    {
        await UseStoreAsync(store);

        _source.Add(PromptTestHarness.Prediction("p1", "2027-05-31"));
        var sut = CreateSut();

        var first = await sut.RunAsync(At("2027-06-01T08:00:00Z"), PromptRunScope.All, false, default);
        var second = await sut.RunAsync(At("2027-06-04T08:00:00Z"), PromptRunScope.All, false, default);

        var prompt = Assert.Single(first.Items);
        var reminder = Assert.Single(second.Items);
        await using var c = await _db.OpenAsync(default);
        using var stream = new MemoryStream(await OutboxStore.GetRawAsync(c, 2, default));
        using var message = await MimeKit.MimeMessage.LoadAsync(stream);
        Assert.Equal(prompt.MessageId, message.InReplyTo);
        Assert.Equal([prompt.MessageId!], message.References);
        Assert.Equal(reminder.MessageId, message.MessageId);
        Assert.Matches(@"^fw\.prompt\.\d+\.1\.i[0-9a-f]{16}@example\.test$", reminder.MessageId!);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_DryRun_PlansButWritesNothing(string store)
    {
        await UseStoreAsync(store);

        _source.Add(PromptTestHarness.Prediction("p1", "2027-05-31"));
        var sut = CreateSut();

        var report = await sut.RunAsync(At("2027-06-02T00:00:00Z"), PromptRunScope.All, dryRun: true, default);

        var item = Assert.Single(report.Items);
        Assert.Equal(PromptStepKind.Initial, item.Kind);
        Assert.Equal(0, report.Enqueued);
        Assert.Empty(await OutboxAsync());
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_TwoEditorsCovering_OneThreadAndTokenEach(string store)
    {
        await UseStoreAsync(store);

        _source.Add(PromptTestHarness.Prediction("p1", "2027-05-31") with { Tags = ["economy"] });
        var sut = CreateSut();

        var report = await sut.RunAsync(At("2027-06-01T00:00:00Z"), PromptRunScope.Initial, false, default);

        Assert.Equal(["editor@example.test", "editor2@example.test"], report.Items.Select(i => i.Recipient).ToArray());
        await using var c = await _db.OpenAsync(default);
        var threads = await PromptStore.ThreadsOfPredictionAsync(c, "p1", default);
        Assert.Equal(2, threads.Count);
        var token = PromptToken.FromSecret(PromptTestHarness.Secret);
        using var stream = new MemoryStream(await OutboxStore.GetRawAsync(c, 1, default));
        using var message = await MimeKit.MimeMessage.LoadAsync(stream);
        Assert.Equal($"desk+{token.Create(threads[0].Id, "editor@example.test")}@example.test",
            Assert.Single(message.ReplyTo.Mailboxes).Address);
    }
}
