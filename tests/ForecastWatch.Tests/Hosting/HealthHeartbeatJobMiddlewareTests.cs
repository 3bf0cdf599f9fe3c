using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ForecastWatch.Tests.Hosting;

/// <summary>Tests of <see cref="HeartbeatJobMiddleware"/>: completed jobs beat under their key's name, failed ones do not.</summary>
public sealed class HealthHeartbeatJobMiddlewareTests
{
    private sealed class Signals
    {
        public TaskCompletionSource GoodRan { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource BrokenRan { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class GoodJob(Signals signals) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            signals.GoodRan.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class BrokenJob(Signals signals) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            signals.BrokenRan.TrySetResult();
            throw new JobExecutionException("broken on purpose");
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Invoke_SuccessAndFailure_OnlySuccessfulJobBeats(string kind)
    {
        await using var database = await TestStore.CreateAsync(kind);
        var store = new DatabaseHeartbeat(database.Database);
        var signals = new Signals();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(signals);
        builder.Services.AddSingleton<HeartbeatJobMiddleware>();
        builder.Services.AddQuartz(static q =>
        {
            q.AddJobMiddleware(static sp => sp.GetRequiredService<HeartbeatJobMiddleware>());
            q.ScheduleJob<GoodJob>(static t => t.WithIdentity("due-trigger").StartNow(), static j => j.WithIdentity("Due"));
            q.ScheduleJob<BrokenJob>(static t => t.WithIdentity("broken-trigger").StartNow(), static j => j.WithIdentity("Broken"));
        });
        builder.Services.AddQuartzHostedService(static o => o.WaitForJobsToComplete = true);
        using var sut = builder.Build();

        await sut.StartAsync();
        await Task.WhenAll(signals.GoodRan.Task, signals.BrokenRan.Task).WaitAsync(TimeSpan.FromSeconds(30));
        await sut.StopAsync();

        var beats = (await store.ReadAsync(CancellationToken.None)).LastBeats;
        Assert.Equal(["Due"], beats.Keys);
    }
}
