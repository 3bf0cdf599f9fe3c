using System.Text;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace ForecastWatch.Tests.Mailing;

/// <summary>A step queued before its prediction was resolved or extended is withdrawn at delivery, not sent.</summary>
public sealed partial class OutboxDeliveryServiceTests
{
    private const string Regulation = "ainews-regulation";
    private string? _registryData;
    private TestStore? _registryStore;

    private async Task DisposeRegistryAsync()
    {
        if (_registryStore is not null)
        {
            await _registryStore.DisposeAsync();
        }

        if (_registryData is not null && Directory.Exists(_registryData))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_registryData, recursive: true);
        }
    }

    private sealed record Scenario(
        IDatabase Connections, IDatabase Db, PromptService Prompts, PredictionRegistry Registry, DateOnly ResolveBy)
    {
        // The reminder is due 3 days after the first prompt, which goes out the day after the resolve-by date.
        public DateTimeOffset PromptAt => At(ResolveBy.AddDays(1));

        public DateTimeOffset ReminderAt => At(ResolveBy.AddDays(4));

        public static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }

    /// <summary>The repo's seeds in a real migrated database; the regulation prediction prompted and sent, its reminder queued.</summary>
    private async Task<Scenario> ReminderQueuedAsync(string store)
    {
        _registryData = RepoSeeds.NewDataDirectory();
        IDatabase connections;
        string[] where = ["--data", _registryData];
        if (store == StoreKinds.Sqlite)
        {
            connections = new SqliteConnectionFactory(Path.Combine(_registryData, SqliteConnectionFactory.DatabaseFileName));
        }
        else
        {
            _registryStore = await TestStore.EmptyAsync(store);
            connections = _registryStore.Database;
            where = ["--config", await _registryStore.WriteCliConfigAsync(_registryData), .. where];
        }

        var import = await CliRunner.RunAsync([.. where, "import", RepoSeeds.Directory]);
        Assert.True(import.Code == 0, import.Err);
        var db = connections;
        var source = new RegistryPromptSource();
        var prompts = PromptTestHarness.CreatePromptService(db, source);
        var registry = new PredictionRegistry(connections,
            Microsoft.Extensions.Options.Options.Create(new ForecastWatchOptions { DataDirectory = _registryData }));
        await using (var c = await db.OpenAsync(default))
        {
            var all = await source.LoadAsync(c, default);
            var resolveBy = all.Single(p => p.Id == Regulation).ResolveBy;
            Assert.NotNull(resolveBy);
            var scenario = new Scenario(connections, db, prompts, registry, resolveBy.Value);

            var first = await prompts.RunAsync(scenario.PromptAt, PromptRunScope.Initial, false, default);
            Assert.Contains(first.Items, i => i.PredictionId == Regulation);
            Assert.True((await CreateSut(new ScriptedTransport(), db).DeliverDueAsync(scenario.PromptAt, default)).Sent > 0);

            var reminders = await prompts.RunAsync(scenario.ReminderAt, PromptRunScope.FollowUps, false, default);
            Assert.Contains(reminders.Items, i =>
                i.PredictionId == Regulation && i.Kind == ForecastWatch.Domain.Prompts.PromptStepKind.Reminder);
            return scenario;
        }
    }

    private OutboxDeliveryService CreateSut(IMailTransport transport, IDatabase db, DateTimeOffset? now = null)
    {
        var options = Options();
        var pipeline = ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System);
        return new OutboxDeliveryService(db, transport, pipeline, Microsoft.Extensions.Options.Options.Create(options),
            new FakeTimeProvider(now ?? Now), NullLogger<OutboxDeliveryService>.Instance);
    }

    private static async Task<ResolveOutcome> ResolveAsync(Scenario s, ResolutionCommand command, DateTimeOffset asOf)
    {
        var outcome = await s.Registry.ResolveAsync(Regulation,
            new ResolutionRequest(command, "editor@example.test", asOf, ResolutionSource.Cli), default);
        Assert.NotNull(outcome);
        Assert.Equal(ResolveOutcomeKind.Recorded, outcome.Kind);
        return outcome;
    }

    private static async Task<IReadOnlyList<OutboxEntry>> QueuedFor(Scenario s, string predictionId, OutboxStatus status)
    {
        await using var c = await s.Db.OpenAsync(default);
        return (await OutboxStore.ListAsync(c, status, default)).Where(e => e.PredictionId == predictionId).ToList();
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_ReminderQueuedThenPredictionResolved_NotSentAndWithdrawn(string store)
    {
        var s = await ReminderQueuedAsync(store);
        var reminder = Assert.Single(await QueuedFor(s, Regulation, OutboxStatus.Queued));
        await ResolveAsync(s, new ResolutionCommand(Verdict.Yes), s.ReminderAt.AddHours(1));
        var transport = new ScriptedTransport();

        var report = await CreateSut(transport, s.Db, s.ReminderAt.AddHours(2)).DeliverDueAsync(s.ReminderAt.AddHours(2), default);

        Assert.DoesNotContain(reminder.MessageId, transport.MessageIds);
        Assert.Equal(1, report.Withdrawn);
        var withdrawn = Assert.Single(await QueuedFor(s, Regulation, OutboxStatus.Withdrawn));
        Assert.Equal(reminder.Id, withdrawn.Id);
        Assert.Equal(0, withdrawn.Attempts);
        Assert.Contains("resolved YES", withdrawn.LastError, StringComparison.Ordinal);
        Assert.Empty(await QueuedFor(s, Regulation, OutboxStatus.Queued));

        // Withdrawn stays withdrawn: a later run neither sends nor counts it again.
        var again = await CreateSut(transport, s.Db).DeliverDueAsync(s.ReminderAt.AddDays(1), default);
        Assert.Equal(0, again.Withdrawn);
        Assert.DoesNotContain(reminder.MessageId, transport.MessageIds);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_ReminderQueuedThenExtended_WithdrawnAndNewCyclePromptedAtNewDate(string store)
    {
        var s = await ReminderQueuedAsync(store);
        var reminder = Assert.Single(await QueuedFor(s, Regulation, OutboxStatus.Queued));
        var newDate = s.ResolveBy.AddMonths(6);
        await ResolveAsync(s, new ResolutionCommand(Verdict.Extend, ExtendTo: newDate), s.ReminderAt.AddHours(1));
        var transport = new ScriptedTransport();

        var report = await CreateSut(transport, s.Db).DeliverDueAsync(s.ReminderAt.AddHours(2), default);

        Assert.Equal(1, report.Withdrawn);
        Assert.DoesNotContain(reminder.MessageId, transport.MessageIds);
        var withdrawn = Assert.Single(await QueuedFor(s, Regulation, OutboxStatus.Withdrawn));
        Assert.Contains($"resolve-by moved from {s.ResolveBy:yyyy-MM-dd} to {newDate:yyyy-MM-dd}", withdrawn.LastError,
            StringComparison.Ordinal);

        var before = await s.Prompts.RunAsync(Scenario.At(newDate), PromptRunScope.Initial, false, default);
        Assert.DoesNotContain(before.Items, i => i.PredictionId == Regulation);
        var prompt = await s.Prompts.RunAsync(Scenario.At(newDate.AddDays(1)), PromptRunScope.Initial, false, default);
        var item = Assert.Single(prompt.Items, i => i.PredictionId == Regulation);
        Assert.Equal(newDate, item.CycleResolveBy);
        await CreateSut(transport, s.Db).DeliverDueAsync(Scenario.At(newDate.AddDays(1)), default);
        Assert.Contains(item.MessageId, transport.MessageIds);
        Assert.Single(await QueuedFor(s, Regulation, OutboxStatus.Withdrawn));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_ReminderQueuedPredictionStillOpen_Sent(string store)
    {
        var s = await ReminderQueuedAsync(store);
        var reminder = Assert.Single(await QueuedFor(s, Regulation, OutboxStatus.Queued));
        var transport = new ScriptedTransport();

        var report = await CreateSut(transport, s.Db).DeliverDueAsync(s.ReminderAt.AddHours(2), default);

        Assert.Equal(0, report.Withdrawn);
        Assert.Contains(reminder.MessageId, transport.MessageIds);
        Assert.Equal(reminder.Id, Assert.Single(await QueuedFor(s, Regulation, OutboxStatus.Sent), e => e.Id == reminder.Id).Id);
        Assert.Empty(await QueuedFor(s, Regulation, OutboxStatus.Withdrawn));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_DigestAndConfirmationOfResolvedPrediction_NeverWithdrawn(string store)
    {
        var s = await ReminderQueuedAsync(store);
        await CreateSut(new ScriptedTransport(), s.Db).DeliverDueAsync(s.ReminderAt, default);
        var resolvedAt = s.ReminderAt.AddHours(1);
        await ResolveAsync(s, new ResolutionCommand(Verdict.Void, Reason: "moot"), resolvedAt);
        await using (var c = await s.Db.OpenAsync(default))
        await using (var tx = await c.BeginTransactionAsync())
        {
            foreach (var category in new[] { "digest", "confirmation" })
            {
                await OutboxStore.EnqueueAsync(c, tx, new OutboxMessage(
                    $"{category}@example.test", category, Regulation, "forecastwatch@example.test", ["editor@example.test"],
                    $"[FW-{Regulation}] {category}", Encoding.ASCII.GetBytes("Subject: x\r\n\r\nbody\r\n")), resolvedAt, default);
            }

            await tx.CommitAsync();
        }

        var transport = new ScriptedTransport();
        var report = await CreateSut(transport, s.Db).DeliverDueAsync(resolvedAt.AddHours(1), default);

        Assert.Equal(0, report.Withdrawn);
        Assert.Equal(["digest@example.test", "confirmation@example.test"], transport.MessageIds);
        Assert.Empty(await QueuedFor(s, Regulation, OutboxStatus.Withdrawn));
    }

    [Fact]
    public void StaleReason_OverrideAfterExtend_ResolvedWins()
    {
        var cycle = new DateOnly(2027, 6, 1);
        var open = new ResolutionState(null, cycle, 0);
        var moved = new ResolutionState(null, cycle.AddMonths(1), 1);
        var final = new ResolutionRecord(7, "p", Verdict.Partial, 0.5, null, null, null, null, [], "ed",
            new DateTimeOffset(2027, 6, 3, 8, 30, 0, TimeSpan.Zero), ResolutionSource.Email, null, 3);

        Assert.Null(OutboxDeliveryService.StaleReason(open, cycle));
        Assert.Equal("resolve-by moved from 2027-06-01 to 2027-07-01", OutboxDeliveryService.StaleReason(moved, cycle));
        Assert.Equal("prediction resolved PARTIAL at 2027-06-03 08:30Z by ed",
            OutboxDeliveryService.StaleReason(moved with { Final = final }, cycle));
    }

    [Fact]
    public void StaleReason_ConditionCycle_WantedUntilTheConditionIsAnsweredOrExtended()
    {
        // The claim is due 2027-12-31; its condition 2027-06-01 is asked about in a cycle of its own.
        var conditionCycle = new DateOnly(2027, 6, 1);
        var open = new ResolutionState(null, new DateOnly(2027, 12, 31), 0) { ConditionResolveBy = conditionCycle };
        var answer = new ResolutionRecord(8, "p", Verdict.Yes, null, null, null, null, null, [], "ed",
            new DateTimeOffset(2027, 6, 2, 9, 0, 0, TimeSpan.Zero), ResolutionSource.Email, null, null)
        {
            Target = ResolutionTarget.Condition,
        };

        Assert.Null(OutboxDeliveryService.StaleReason(open, conditionCycle));
        Assert.Null(OutboxDeliveryService.StaleReason(open, new DateOnly(2027, 12, 31)));
        Assert.Equal("condition answered YES at 2027-06-02 09:00Z by ed",
            OutboxDeliveryService.StaleReason(open with { Condition = answer }, conditionCycle));
        Assert.Null(OutboxDeliveryService.StaleReason(open with { Condition = answer }, new DateOnly(2027, 12, 31)));
        Assert.Equal(
            "condition's date moved from 2027-06-01 to 2027-08-31",
            OutboxDeliveryService.StaleReason(open with { ConditionResolveBy = new DateOnly(2027, 8, 31), ConditionExtensionCount = 1 },
                conditionCycle));
    }
}
