using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>
/// PostgreSQL: the outbox's one delivery path, a loop on every node (the Quartz <see cref="OutboxDeliveryJob"/> is not
/// scheduled there). Quartz would run that job on one node at a time (<c>DisallowConcurrentExecution</c> holds across
/// the cluster), so a backlog would be delivered by one node however many run, and a node's death would stop delivery
/// until Quartz recovered the job. Every node runs this loop instead: it takes batches while there is work, and looks
/// again every <see cref="ClusterOptions.DeliveryPollInterval"/> when there is none, or at once when this node queued
/// mail (<see cref="DeliveryKick"/>). Runs on several nodes never send one row twice: each run claims its rows
/// (<c>FOR UPDATE SKIP LOCKED</c> and a lease, <see cref="MailingOptions.ClaimLease"/>) and renews its claim in the
/// statement that marks the attempt, before MAIL FROM; a dead node's claims lapse with their lease and another node's
/// loop takes the rows. It beats as <c>outbox-delivery</c> for <c>health</c>. SQLite keeps the job alone (one writer).
/// </summary>
internal sealed partial class OutboxDeliveryLoop(
    OutboxDeliveryService delivery,
    DeliveryKick kick,
    IHeartbeat heartbeat,
    IOptions<ClusterOptions> cluster,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<OutboxDeliveryLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = cluster.Value.DeliveryPollInterval;
        var beatEvery = BeatInterval(JobSchedules.CronOf(configuration, OutboxDeliveryJob.Key), time.GetUtcNow());
        DateTimeOffset? beaten = null;
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

                var now = time.GetUtcNow();
                if (beaten is not { } last || now - last >= beatEvery)
                {
                    await heartbeat.BeatAsync(OutboxDeliveryJob.Key.Name, now, stoppingToken).ConfigureAwait(false);
                    beaten = now;
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
                    await kick.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// How often the loop beats: half the gap between the cron's next two fires (health expects a beat per fire), at
    /// most every 30 s; the cron itself only switches delivery on and sets what health expects.
    /// </summary>
    internal static TimeSpan BeatInterval(string? cron, DateTimeOffset now)
    {
        var most = TimeSpan.FromSeconds(30);
        if (cron is null || !CronExpression.TryParse(cron, out _))
        {
            return most;
        }

        var expression = new CronExpression(cron);
        if (expression.GetNextValidTimeAfter(now) is not { } first || expression.GetNextValidTimeAfter(first) is not { } second)
        {
            return most;
        }

        var half = (second - first) / 2;
        return half < most ? half : most;
    }

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information,
        Message = "Node delivery: {Sent} sent, {Failed} failed, {Requeued} requeued, {Postponed} postponed")]
    private static partial void LogReport(ILogger logger, int sent, int failed, int requeued, int postponed);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Node delivery failed; trying again later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
