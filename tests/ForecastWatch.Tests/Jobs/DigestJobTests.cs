using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Jobs;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ForecastWatch.Tests.Jobs;

public sealed class DigestJobTests : IDisposable
{
    private readonly TempSeeds _seeds = new();
    private IHost? _host;

    public void Dispose()
    {
        _host?.Dispose();
        _seeds.Dispose();
    }

    private async Task<IScheduler> WorkerSchedulerAsync(string json)
    {
        var config = Path.Combine(_seeds.DataDir, "digest-job.json");
        Directory.CreateDirectory(_seeds.DataDir);
        await File.WriteAllTextAsync(config, json);
        var parse = CliApp.Build().Parse(["--data", _seeds.DataDir, "--config", config, "run"]);
        var builder = CommandHost.CreateHostBuilder(parse, TimeProvider.System);
        builder.AddForecastWatchWorker();
        builder.ConfigureContainer(
            new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        _host = builder.Build();
        return await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
    }

    [Fact]
    public async Task AddDigestJob_WithRecipients_CronInConfiguredZone()
    {
        var scheduler = await WorkerSchedulerAsync(
            """{ "ForecastWatch": { "TimeZone": "Europe/Berlin", "Digest": { "Recipients": [ "boss@example.test" ] } } }""");

        var triggers = await scheduler.GetTriggersOfJob(DigestJob.Key);

        var cron = Assert.Single(triggers.OfType<ICronTrigger>());
        Assert.Equal("0 0 8 ? * MON", cron.CronExpressionString);
        Assert.Equal("Europe/Berlin", cron.TimeZone.Id);
    }

    [Fact]
    public async Task AddDigestJob_JobsSectionCron_Wins()
    {
        var scheduler = await WorkerSchedulerAsync(
            """{ "ForecastWatch": { "Digest": { "Recipients": [ "boss@example.test" ] }, "Jobs": """
            + """{ "digest": { "Cron": "0 0 7 ? * FRI" } } } }""");

        var cron = Assert.Single((await scheduler.GetTriggersOfJob(DigestJob.Key)).OfType<ICronTrigger>());

        Assert.Equal("0 0 7 ? * FRI", cron.CronExpressionString);
    }

    [Fact]
    public async Task AddDigestJob_NoRecipients_NotScheduled()
    {
        var scheduler = await WorkerSchedulerAsync("""{ "ForecastWatch": { } }""");

        Assert.Null(await scheduler.GetJobDetail(DigestJob.Key));
    }

    private async Task<IReadOnlyList<DigestEntry>> StartWorkerUntilDigestRecordedAsync()
    {
        await WorkerSchedulerAsync("""{ "ForecastWatch": { "Digest": { "Recipients": [ "boss@example.test" ] } } }""");
        await _host!.StartAsync();
        var connections = _host.Services.GetRequiredService<SqliteConnectionFactory>();
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

    [Fact]
    public async Task Execute_StartupRunOnFreshDatabase_RecordsLatestPeriodWithoutSending()
    {
        var digests = await StartWorkerUntilDigestRecordedAsync();

        var marker = Assert.Single(digests);
        Assert.Equal(DigestStatus.Skipped, marker.Status);
        Assert.Null(marker.OutboxId);
        await using var c = await _host!.Services.GetRequiredService<SqliteConnectionFactory>().OpenAsync(default);
        Assert.DoesNotContain(await OutboxStore.ListAsync(c, null, default), e => e.Category == "digest");
    }

    [Fact]
    public async Task Execute_StartupRunWhereDigestsRanBefore_SendsMissedPeriod()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("--data", _seeds.DataDir, "migrate")).Code);
        var weeksAgo = TimeProvider.System.GetUtcNow().AddDays(-30);
        await using (var c = await new SqliteConnectionFactory(
            Path.Combine(_seeds.DataDir, SqliteConnectionFactory.DatabaseFileName)).OpenAsync(default))
        {
            await c.ExecuteAsync(
                "INSERT INTO digests (period_key, period_at, period_start, status, outbox_id, created_at) VALUES ('earlier', @At, @At, "
                    + "'skipped', NULL, @At)",
                new { At = weeksAgo.ToUnixTimeMilliseconds() });
        }

        var digests = await StartWorkerUntilDigestRecordedAsync();

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
