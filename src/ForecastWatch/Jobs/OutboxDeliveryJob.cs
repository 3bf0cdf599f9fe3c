using ForecastWatch.Mailing;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>
/// Hands queued outbox mail to the transport: SQLite's delivery path, on its cron and when a run queued mail
/// (<see cref="DeliveryKick"/>). On PostgreSQL it is not scheduled: every node's <see cref="OutboxDeliveryLoop"/> delivers.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class OutboxDeliveryJob(OutboxDeliveryService delivery, ILogger<OutboxDeliveryJob> logger) : IJob
{
    public static readonly JobKey Key = new("outbox-delivery", PromptJobs.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var report = await delivery.DeliverDueAsync(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, cancellationToken)
                .ConfigureAwait(false);
            if (report.Attempted + report.Postponed > 0)
            {
                LogReport(logger, report.Sent, report.Failed, report.Requeued, report.Postponed);
            }

        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
            throw new JobExecutionException(ex);
        }
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information,
        Message = "Outbox delivery: {Sent} sent, {Failed} failed, {Requeued} requeued, {Postponed} postponed")]
    private static partial void LogReport(ILogger logger, int sent, int failed, int requeued, int postponed);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Error, Message = "Outbox delivery job failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
