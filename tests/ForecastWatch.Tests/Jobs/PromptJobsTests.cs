using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Jobs;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Mailing;
using ForecastWatch.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ForecastWatch.Tests.Jobs;

/// <summary>
/// The Quartz wiring of the prompt jobs, in a real worker host on either store (PostgreSQL: the clustered scheduler and
/// the node's delivery loop); the scheduling itself is tested on the services.
/// </summary>
[Collection(WorkerHostCollection.Name)]
public sealed class PromptJobsTests : IDisposable
{
    private readonly string _data = RepoSeeds.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static IHost BuildWorker(CliStore store)
    {
        var parse = CliApp.Build().Parse(store.With("run"));
        var builder = CommandHost.CreateHostBuilder(parse);
        builder.AddForecastWatchWorker();
        builder.ConfigureContainer(
            new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        return builder.Build();
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task AddPromptJobs_WorkerHost_JobsResolvable_OneDeliveryPathPerStore(string kind)
    {
        await using var store = await CliStore.CreateAsync(kind, _data);
        using var host = BuildWorker(store);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        try
        {
            Assert.NotNull(host.Services.GetRequiredService<DueCheckJob>());
            Assert.NotNull(host.Services.GetRequiredService<ReminderJob>());
            Assert.NotNull(host.Services.GetRequiredService<OutboxDeliveryJob>());
            var loops = host.Services.GetServices<IHostedService>().OfType<OutboxDeliveryLoop>().Count();
            var job = await scheduler.GetJobDetail(OutboxDeliveryJob.Key);
            if (kind == StoreKinds.Sqlite)
            {
                // SQLite: the Quartz job on its cron, no loop.
                Assert.NotNull(job);
                Assert.Equal(0, loops);
                Assert.False(host.Services.GetRequiredService<DeliveryKick>().NodeLoop);
            }
            else
            {
                // PostgreSQL: every node's loop, no cluster-wide job.
                Assert.Null(job);
                Assert.Equal(1, loops);
                Assert.True(host.Services.GetRequiredService<DeliveryKick>().NodeLoop);
            }
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Worker_Started_DueCheckAtStartupQueuesAndDeliversPrompts(string kind)
    {
        await using var store = await CliStore.CreateAsync(kind, _data);
        var import = await CliRunner.RunAsync(store.With("import", RepoSeeds.Directory));
        Assert.True(import.Code == ExitCodes.Ok, import.Err);
        using var host = BuildWorker(store);

        await host.StartAsync();
        var outbox = Path.Combine(_data, "outbox");
        for (var i = 0; i < 600 && (!Directory.Exists(outbox) || Directory.GetFiles(outbox, "*.eml").Length < 5); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
        }

        await host.StopAsync();

        // The wall clock is past 2026-06-30, so at least the five AINews predictions due by then were prompted.
        Assert.True(Directory.GetFiles(outbox, "*.eml").Length >= 5);
        await using var c = await store.Database.OpenAsync(default);
        var entries = await OutboxStore.ListAsync(c, null, default);
        Assert.True(entries.Count >= 5);
        Assert.All(entries, e => Assert.Equal("prompt", e.Category));
        Assert.Equal(entries.Count, entries.Select(e => e.PredictionId).Distinct().Count());
    }
}

/// <summary>
/// Worker hosts built in this process one at a time: on PostgreSQL each has the clustered scheduler, whose name is the
/// cluster's (one per process in Quartz's scheduler repository).
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkerHostCollection
{
    public const string Name = "Worker hosts";
}
