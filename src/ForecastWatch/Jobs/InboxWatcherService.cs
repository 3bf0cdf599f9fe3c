using ForecastWatch.Hosting;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>
/// The worker's inbox (<c>ForecastWatch:Inbox:Watch</c>): one connection kept open, IDLE where the server offers
/// it (else polling), reconnecting with backoff. After a pass that queued an answer (a confirmation, a rejection
/// notice) delivery is asked for at once (<see cref="DeliveryKick"/>), so the editor's confirmation does not wait.
/// </summary>
internal sealed partial class InboxWatcherService(
    InboxService inbox,
    ISchedulerFactory schedulers,
    DeliveryKick delivery,
    IHeartbeat heartbeat,
    TimeProvider time,
    ILogger<InboxWatcherService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _passes = new(0);
    private int _answered;

    public override void Dispose()
    {
        _passes.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var follow = FollowPassesAsync(stoppingToken);
        // The node's id (Quartz's instance id) names the desk mailbox's lock session, for health.
        var scheduler = await schedulers.GetScheduler(stoppingToken).ConfigureAwait(false);
        await inbox.RunAsync(OnPass, stoppingToken, scheduler.SchedulerInstanceId).ConfigureAwait(false);
        try
        {
            await follow.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private void OnPass(InboxRunSummary summary)
    {
        if (summary.Seen > 0 || summary.Refiled > 0 || summary.Unfiled > 0)
        {
            InboxLog.Summary(logger, summary.Seen, summary.Applied, summary.Rejected, summary.Ignored, summary.Failed, summary.Answered);
        }

        Interlocked.Add(ref _answered, summary.Answered);
        _passes.Release();
    }

    /// <summary>
    /// Heartbeat and outbox kick off the inbox connection's path, so a slow SMTP server never delays IDLE. A pass ends
    /// at the latest every <see cref="InboxOptions.PollInterval"/> (the IDLE is ended and re-issued then), so the
    /// watcher beats at least that often while the server is reachable, and stops beating while it is not: health
    /// expects the <c>inbox</c> beat within twice the poll interval (<see cref="JobSchedules.Registration"/>).
    /// A failed kick does not cost the beat (the outbox cron still delivers); a failed beat does not cost the kick.
    /// </summary>
    private async Task FollowPassesAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await _passes.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (Interlocked.Exchange(ref _answered, 0) > 0)
                {
                    var scheduler = await schedulers.GetScheduler(ct).ConfigureAwait(false);
                    await delivery.RequestAsync(scheduler, ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowFailed(logger, ex);
            }

            try
            {
                await heartbeat.BeatAsync(InboxJob.Key.Name, time.GetUtcNow(), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 6110, Level = LogLevel.Warning, Message = "Inbox watcher: heartbeat or outbox kick failed")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);
}
