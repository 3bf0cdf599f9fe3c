using ForecastWatch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ForecastWatch.Tests.Hosting;

public sealed class ShutdownGuardTests
{
    private sealed class JobState
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Outcome { get; set; } = "not run";
    }

    private sealed class WorkJob(JobState state, JobDuration duration) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            state.Started.TrySetResult();
            try
            {
                await Task.Delay(duration.Value, TimeProvider.System, cancellationToken);
                state.Outcome = "completed";
            }
            catch (OperationCanceledException)
            {
                state.Outcome = "cancelled";
            }
        }
    }

    private sealed record JobDuration(TimeSpan Value);

    private static IHost CreateSut(TimeSpan jobDuration, TimeSpan shutdownTimeout, JobState state)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(new JobDuration(jobDuration));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        builder.Services.AddQuartz(q =>
        {
            RunningJobs.AddRunningJobs(builder.Services, q);
            q.ScheduleJob<WorkJob>(t => t.StartNow());
        });
        builder.Services.AddQuartzHostedService(static o => o.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<ShutdownGuard>();
        return builder.Build();
    }

    [Fact]
    public async Task StopAsync_JobFinishesWithinBound_JobCompletes()
    {
        var state = new JobState();
        using var sut = CreateSut(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), state);
        await sut.StartAsync();
        await state.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await sut.StopAsync();

        Assert.Equal("completed", state.Outcome);
    }

    [Fact]
    public async Task StopAsync_JobOutlastsBound_JobIsCancelledBeforeHostGivesUp()
    {
        var state = new JobState();
        using var sut = CreateSut(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(4), state);
        await sut.StartAsync();
        await state.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await sut.StopAsync();

        Assert.Equal("cancelled", state.Outcome);
    }
}
