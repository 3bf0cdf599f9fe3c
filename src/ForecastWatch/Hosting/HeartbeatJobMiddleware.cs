using ForecastWatch.Storage;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>
/// Every Quartz job that completes without an exception beats under its job key's name, so a job configured under
/// <c>ForecastWatch:Jobs:&lt;Name&gt;</c> is watched by <c>forecastwatch health</c> without code of its own. A job
/// that fails, or is cancelled, does not beat: health then reports it once it is twice its interval late.
/// </summary>
/// <remarks>
/// A job middleware rather than a job listener: Quartz checks every listener's shape with
/// <see cref="Type.GetInterfaceMap"/> when it is attached, which native AOT does not support (the worker stopped at
/// start); middleware is not checked. It wraps the job's run, so it beats after the job returned.
/// </remarks>
internal sealed partial class HeartbeatJobMiddleware(DatabaseHeartbeat store, TimeProvider timeProvider,
    ILogger<HeartbeatJobMiddleware> logger) : IJobExecutionMiddleware
{
    public async ValueTask Invoke(IJobExecutionContext context, JobExecutionDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next(context, cancellationToken).ConfigureAwait(false);
        try
        {
            // The job has finished: an interrupt arriving now (shutdown) must not turn its success into a cancellation,
            // so the beat (one short write) is not tied to the job's token.
            await store.BeatAsync(context.JobDetail.Key.Name, timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
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
