using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>
/// SIGTERM: Quartz's hosted service stops firing triggers and waits for running jobs, but when
/// <see cref="HostOptions.ShutdownTimeout"/> runs out the host simply stops waiting and the process exits under a job
/// that never saw its CancellationToken. This guard cancels running jobs (Quartz interrupt) a margin before the bound,
/// so they roll back their transaction and remove their temp files while there is still time.
/// Registered after <c>AddQuartzHostedService</c>: hosted services stop in reverse order, so this runs first. The
/// scheduler must carry <see cref="RunningJobs"/> (<see cref="RunningJobs.AddRunningJobs"/>), which tells it what runs.
/// </summary>
internal sealed partial class ShutdownGuard(
    ISchedulerFactory schedulerFactory,
    RunningJobs running,
    IOptions<HostOptions> hostOptions,
    TimeProvider timeProvider,
    ILogger<ShutdownGuard> logger) : IHostedService, IDisposable
{
    /// <summary>How long before the bound running jobs are cancelled (at most half the bound).</summary>
    public static readonly TimeSpan CancelMargin = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _disposed = new();
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Held from the start: once shutdown begins the factory forgets the scheduler and would make a new one.
        _scheduler = await schedulerFactory.GetScheduler(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var bound = hostOptions.Value.ShutdownTimeout;
        var margin = CancelMargin < bound / 2 ? CancelMargin : bound / 2;
        _ = CancelRunningJobsAfterAsync(bound - margin, _disposed.Token);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task CancelRunningJobsAfterAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            var scheduler = _scheduler ?? await schedulerFactory.GetScheduler(cancellationToken).ConfigureAwait(false);
            foreach (var (fireInstanceId, jobKey) in running.Snapshot())
            {
                LogCancellingJob(logger, jobKey.ToString(), delay);
                await scheduler.InterruptFireInstance(fireInstanceId, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Every job finished in time and the host is gone.
        }
        catch (SchedulerException ex)
        {
            LogCancelFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "Shutdown: job {Job} still running after {Elapsed}; cancelling it so it can roll back before the shutdown timeout")]
    private static partial void LogCancellingJob(ILogger logger, string job, TimeSpan elapsed);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Shutdown: could not cancel running jobs")]
    private static partial void LogCancelFailed(ILogger logger, Exception exception);
}
