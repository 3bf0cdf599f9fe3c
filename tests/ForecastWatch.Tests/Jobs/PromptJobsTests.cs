using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Jobs;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Mailing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ForecastWatch.Tests.Jobs;

/// <summary>The Quartz wiring of the prompt jobs, in a real worker host (the scheduling itself is tested on the services).</summary>
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

    private IHost BuildWorker()
    {
        var parse = CliApp.Build().Parse(["--data", _data, "run"]);
        var builder = CommandHost.CreateHostBuilder(parse);
        builder.AddForecastWatchWorker();
        builder.ConfigureContainer(
            new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        return builder.Build();
    }

    [Fact]
    public void AddPromptJobs_WorkerHost_JobsResolvable()
    {
        using var host = BuildWorker();

        Assert.NotNull(host.Services.GetRequiredService<DueCheckJob>());
        Assert.NotNull(host.Services.GetRequiredService<ReminderJob>());
        Assert.NotNull(host.Services.GetRequiredService<OutboxDeliveryJob>());
    }

    [Fact]
    public async Task Worker_Started_DueCheckAtStartupQueuesAndDeliversPrompts()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("--data", _data, "import", RepoSeeds.Directory)).Code);
        using var host = BuildWorker();

        await host.StartAsync();
        var outbox = Path.Combine(_data, "outbox");
        for (var i = 0; i < 200 && (!Directory.Exists(outbox) || Directory.GetFiles(outbox, "*.eml").Length < 5); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
        }

        await host.StopAsync();

        // The wall clock is past 2026-06-30, so at least the five AINews predictions due by then were prompted.
        Assert.True(Directory.GetFiles(outbox, "*.eml").Length >= 5);
        var connections = host.Services.GetRequiredService<SqliteConnectionFactory>();
        await using var c = await connections.OpenAsync(default);
        var entries = await OutboxStore.ListAsync(c, null, default);
        Assert.True(entries.Count >= 5);
        Assert.All(entries, e => Assert.Equal("prompt", e.Category));
        Assert.Equal(entries.Count, entries.Select(e => e.PredictionId).Distinct().Count());
    }
}
