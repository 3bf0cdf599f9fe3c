using ForecastWatch.Storage;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>
/// Every Quartz job that completes without an exception beats under its job key's name, so a job configured under
/// <c>ForecastWatch:Jobs:&lt;Name&gt;</c> is watched by <c>forecastwatch health</c> without code of its own. A job
/// that fails does not beat: health then reports it once it is twice its interval late.
/// </summary>
internal sealed partial class HeartbeatJobListener(DatabaseHeartbeat store, TimeProvider timeProvider, ILogger<HeartbeatJobListener> logger)
    : IJobListener
{
    public string Name => "forecastwatch-heartbeat";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException,
        CancellationToken cancellationToken)
    {
        if (jobException is not null)
        {
            return;
        }

        try
        {
            await store.BeatAsync(context.JobDetail.Key.Name, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException)
        {
            // A missed beat must not fail the job; health will notice if beats keep failing.
            LogBeatFailed(logger, context.JobDetail.Key.Name, ex);
        }
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Could not record the heartbeat of job {Job}")]
    private static partial void LogBeatFailed(ILogger logger, string job, Exception exception);
}
