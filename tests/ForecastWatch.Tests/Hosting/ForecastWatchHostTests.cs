using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Tests.Hosting;

public sealed class ForecastWatchHostTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [Fact]
    public void CreateBuilder_WorkerWithValidateOnBuild_ResolvesEveryRegistration()
    {
        var parse = CliApp.Build().Parse(["--data", _seeds.DataDir, "run"]);
        var builder = CommandHost.CreateHostBuilder(parse, TimeProvider.System);
        builder.AddForecastWatchWorker();
        builder.ConfigureContainer(
            new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));

        using var host = builder.Build();

        Assert.Equal(_seeds.DataDir, host.Services.GetRequiredService<IOptions<ForecastWatchOptions>>().Value.DataDirectory);
        Assert.Equal(TimeSpan.FromDays(14), host.Services.GetRequiredService<IOptions<ForecastWatchOptions>>().Value.OverdueGrace);
        Assert.NotNull(host.Services.GetRequiredService<PredictionRegistry>());
    }

    [Fact]
    public async Task Run_WorkerStartsAppliesMigrationsAndStopsOnCancel()
    {
        using var cts = new CancellationTokenSource();
        var parse = CliApp.Build().Parse(["--data", _seeds.DataDir, "run"]);
        var builder = CommandHost.CreateHostBuilder(parse, TimeProvider.System);
        builder.AddForecastWatchWorker();
        using var host = builder.Build();

        await host.StartAsync(cts.Token);
        await host.StopAsync(CancellationToken.None);

        var status = await host.Services.GetRequiredService<MigrationRunner>().GetStatusAsync(CancellationToken.None);
        Assert.Empty(status.Pending);
    }

    [Fact]
    public async Task Run_Worker_SchedulerCarriesNoJobListener()
    {
        // Quartz checks every listener attached to a scheduler with Type.GetInterfaceMap, which native AOT does not
        // support: the worker's per-job work (heartbeat, running-job tracking) is job middleware instead.
        var parse = CliApp.Build().Parse(["--data", _seeds.DataDir, "run"]);
        var builder = CommandHost.CreateHostBuilder(parse, TimeProvider.System);
        builder.AddForecastWatchWorker();
        using var host = builder.Build();

        await host.StartAsync(CancellationToken.None);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(CancellationToken.None);
        var listeners = scheduler.ListenerManager.GetJobListeners();
        await host.StopAsync(CancellationToken.None);

        Assert.Empty(listeners);
    }
}
