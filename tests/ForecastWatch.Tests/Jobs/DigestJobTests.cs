using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Jobs;
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
        var builder = ForecastWatchHost.CreateBuilder(parse, TimeProvider.System);
        builder.AddForecastWatchWorker();
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        _host = builder.Build();
        return await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
    }

    [Fact]
    public async Task AddDigestJob_WithRecipients_CronInConfiguredZone()
    {
        var scheduler = await WorkerSchedulerAsync("""{ "ForecastWatch": { "TimeZone": "Europe/Berlin", "Digest": { "Recipients": [ "boss@example.test" ] } } }""");

        var triggers = await scheduler.GetTriggersOfJob(DigestJob.Key);

        var cron = Assert.Single(triggers.OfType<ICronTrigger>());
        Assert.Equal("0 0 8 ? * MON", cron.CronExpressionString);
        Assert.Equal("Europe/Berlin", cron.TimeZone.Id);
    }

    [Fact]
    public async Task AddDigestJob_JobsSectionCron_Wins()
    {
        var scheduler = await WorkerSchedulerAsync("""{ "ForecastWatch": { "Digest": { "Recipients": [ "boss@example.test" ] }, "Jobs": { "digest": { "Cron": "0 0 7 ? * FRI" } } } }""");

        var cron = Assert.Single((await scheduler.GetTriggersOfJob(DigestJob.Key)).OfType<ICronTrigger>());

        Assert.Equal("0 0 7 ? * FRI", cron.CronExpressionString);
    }

    [Fact]
    public async Task AddDigestJob_NoRecipients_NotScheduled()
    {
        var scheduler = await WorkerSchedulerAsync("""{ "ForecastWatch": { } }""");

        Assert.Null(await scheduler.GetJobDetail(DigestJob.Key));
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
