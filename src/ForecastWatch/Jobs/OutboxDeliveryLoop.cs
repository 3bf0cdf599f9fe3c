using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Jobs;

/// <summary>
/// PostgreSQL: this node's own delivery loop, beside the cluster-wide <see cref="OutboxDeliveryJob"/>. Quartz runs that
/// job on one node at a time (<c>DisallowConcurrentExecution</c> holds across the cluster), so a backlog would be
/// delivered by one node however many run. Every node runs this loop instead: it takes batches while there is work
/// and looks again every <see cref="ClusterOptions.DeliveryPollInterval"/> when there is none. Runs on several nodes
/// never send one row twice: each run claims its rows (<c>FOR UPDATE SKIP LOCKED</c> and a lease) and renews its claim
/// in the statement that marks the attempt, before MAIL FROM. SQLite keeps the job alone (one writer, no claims).
/// </summary>
internal sealed partial class OutboxDeliveryLoop(
    OutboxDeliveryService delivery,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    ILogger<OutboxDeliveryLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = cluster.Value.DeliveryPollInterval;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var report = await delivery.DeliverDueAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                failures = 0;
                if (report.Attempted + report.Postponed + report.Withdrawn > 0)
                {
                    LogReport(logger, report.Sent, report.Failed, report.Requeued, report.Postponed);
                }

                // A run that handled something may have left more behind: take the next batch at once.
                wait = report.Attempted + report.Withdrawn > 0 ? TimeSpan.Zero : idle;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database or the mail server is away: back off up to DatabaseRetryInterval (the schedule's own pace).
                failures++;
                LogFailed(logger, ex);
                var backoff = TimeSpan.FromTicks(idle.Ticks * Math.Min(1L << Math.Min(failures, 10), 64));
                wait = backoff > cluster.Value.DatabaseRetryInterval ? cluster.Value.DatabaseRetryInterval : backoff;
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information,
        Message = "Node delivery: {Sent} sent, {Failed} failed, {Requeued} requeued, {Postponed} postponed")]
    private static partial void LogReport(ILogger logger, int sent, int failed, int requeued, int postponed);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Node delivery failed; trying again later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
