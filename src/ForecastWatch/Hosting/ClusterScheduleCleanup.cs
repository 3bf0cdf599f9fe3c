using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>The worker jobs this configuration scheduled (the others are switched off or have nothing to do).</summary>
internal sealed record ScheduledJobs(IReadOnlyList<JobKey> Keys);

/// <summary>
/// Clustered store: the schedule outlives the process, so a job this configuration no longer schedules (switched
/// off, the inbox job under the IDLE watcher, a digest without recipients) would go on firing from an earlier start's
/// trigger. At start this node deletes those jobs, with their triggers; the scheduled ones Quartz has replaced with
/// this configuration's triggers. Logs the node's id.
/// </summary>
internal sealed partial class ClusterScheduleCleanup(
    ISchedulerFactory schedulers, ScheduledJobs scheduled, ILogger<ClusterScheduleCleanup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        LogNode(logger, scheduler.SchedulerInstanceId);
        foreach (var key in WorkerJobs.AllKeys.Except(scheduled.Keys))
        {
            if (await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false))
            {
                LogRemoved(logger, key.Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Cluster node {NodeId}: schedules shared in PostgreSQL")]
    private static partial void LogNode(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information,
        Message = "Removed the stored schedule of job {Job}: this configuration does not schedule it")]
    private static partial void LogRemoved(ILogger logger, string job);
}
