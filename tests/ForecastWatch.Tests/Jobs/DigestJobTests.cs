using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Jobs;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ForecastWatch.Tests.Jobs;

/// <summary>The digest job in a real worker host on either store (PostgreSQL: the clustered scheduler).</summary>
[Collection(WorkerHostCollection.Name)]
public sealed class DigestJobTests : IAsyncLifetime
{
    // The worker's clock: the start-up digest run takes its time from it, so these tests do not depend on today.
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly TempSeeds _seeds = new();
    private CliStore? _store;
    private IHost? _host;
    private IScheduler? _scheduler;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_scheduler is not null)
        {
            await _scheduler.Shutdown();
        }

        _host?.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _seeds.Dispose();
    }

    private async Task<IScheduler> WorkerSchedulerAsync(string kind, string json)
    {
        _store ??= await CliStore.CreateAsync(kind, _seeds.DataDir, json);
        var parse = CliApp.Build().Parse(_store.With("run"));
        var builder = CommandHost.CreateHostBuilder(parse, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        builder.AddForecastWatchWorker();
        builder.ConfigureContainer(
            new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        _host = builder.Build();
        _scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return _scheduler;
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task AddDigestJob_WithRecipients_CronInConfiguredZone(string kind)
    {
        var scheduler = await WorkerSchedulerAsync(kind,
            """{ "ForecastWatch": { "TimeZone": "Europe/Berlin", "Digest": { "Recipients": [ "boss@example.test" ] } } }""");

        var triggers = await scheduler.GetTriggersOfJob(DigestJob.Key);

        var cron = Assert.Single(triggers.OfType<ICronTrigger>());
        Assert.Equal("0 0 8 ? * MON", cron.CronExpressionString);
        Assert.Equal("Europe/Berlin", cron.TimeZone.Id);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task AddDigestJob_JobsSectionCron_Wins(string kind)
    {
        var scheduler = await WorkerSchedulerAsync(kind,
            """{ "ForecastWatch": { "Digest": { "Recipients": [ "boss@example.test" ] }, "Jobs": """
            + """{ "digest": { "Cron": "0 0 7 ? * FRI" } } } }""");

        var cron = Assert.Single((await scheduler.GetTriggersOfJob(DigestJob.Key)).OfType<ICronTrigger>());

        Assert.Equal("0 0 7 ? * FRI", cron.CronExpressionString);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task AddDigestJob_NoRecipients_NotScheduled(string kind)
    {
        var scheduler = await WorkerSchedulerAsync(kind, """{ "ForecastWatch": { } }""");

        Assert.Null(await scheduler.GetJobDetail(DigestJob.Key));
    }

    private const string WithRecipients = """{ "ForecastWatch": { "Digest": { "Recipients": [ "boss@example.test" ] } } }""";

    private async Task<IReadOnlyList<DigestEntry>> StartWorkerUntilDigestRecordedAsync(string kind)
    {
        await WorkerSchedulerAsync(kind, WithRecipients);
        await _host!.StartAsync();
        var connections = _store!.Database;
        // The start-up run records one period besides any the test put there ("earlier"). Waiting is generous, as a
        // loaded machine may take long to start the host, and a miss says what was there.
        IReadOnlyList<DigestEntry> digests = [];
        var patience = TimeSpan.FromMinutes(2);
        var deadline = TimeProvider.System.GetUtcNow() + patience;
        while (true)
        {
            await using (var c = await connections.OpenAsync(default))
            {
                digests = await DigestStore.ListAsync(c, default);
            }

            if (digests.Any(static d => d.PeriodKey != "earlier"))
            {
                break;
            }

            Assert.True(
                TimeProvider.System.GetUtcNow() < deadline,
                $"the worker's start-up digest run recorded nothing within {patience}; digests: "
                    + $"{string.Join(", ", digests.Select(static d => d.PeriodKey))}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);
        }

        await _host.StopAsync();
        return digests;
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Execute_StartupRunOnFreshDatabase_RecordsLatestPeriodWithoutSending(string kind)
    {
        var digests = await StartWorkerUntilDigestRecordedAsync(kind);

        var marker = Assert.Single(digests);
        Assert.Equal(DigestStatus.Skipped, marker.Status);
        Assert.Null(marker.OutboxId);
        await using var c = await _store!.Database.OpenAsync(default);
        Assert.DoesNotContain(await OutboxStore.ListAsync(c, null, default), e => e.Category == "digest");
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Execute_StartupRunWhereDigestsRanBefore_SendsMissedPeriod(string kind)
    {
        _store = await CliStore.CreateAsync(kind, _seeds.DataDir, WithRecipients);
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync(_store.With("migrate"))).Code);
        var weeksAgo = Now.AddDays(-30);
        await using (var c = await _store.Database.OpenAsync(default))
        {
            await c.ExecuteAsync(
                "INSERT INTO digests (period_key, period_at, period_start, status, outbox_id, created_at) VALUES ('earlier', @At, @At, "
                    + "'skipped', NULL, @At)",
                new { At = weeksAgo.ToUnixTimeMilliseconds() });
        }

        var digests = await StartWorkerUntilDigestRecordedAsync(kind);

        Assert.Equal(2, digests.Count);
        var missed = digests.Single(d => d.PeriodKey != "earlier");
        Assert.Equal(DigestStatus.Queued, missed.Status);
        Assert.NotNull(missed.OutboxId);
    }

    [Fact]
    public void Schedule_WithRecipients_HealthSeesWeeklyCron()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ForecastWatch:Digest:Recipients:0"] = "boss@example.test",
        }).Build();

        var schedule = DigestJob.Schedule(configuration);

        Assert.NotNull(schedule);
        Assert.Equal("digest", schedule.Name);
        Assert.Equal("0 0 8 ? * MON", schedule.Cron);
        Assert.True(schedule.Enabled);
        Assert.Null(DigestJob.Schedule(new ConfigurationBuilder().Build()));
    }
}
