using ForecastWatch.Ingestion;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>Polls every source once: new and changed articles stored, proposals extracted and mailed to the desk.</summary>
[DisallowConcurrentExecution]
internal sealed partial class IngestJob(IngestService ingest, DeliveryKick delivery, ILogger<IngestJob> logger) : IJob
{
    public static readonly JobKey Key = new("ingest", "ingest");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IngestRunReport report;
        try
        {
            report = await ingest.RunAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(logger, ex);
            throw new JobExecutionException(ex);
        }

        Summary(logger, report.Sources.Count, report.Count(IngestChange.Added), report.Count(IngestChange.Revised),
            report.Count(IngestChange.Failed), report.MailsQueued);
        if (report.MailsQueued > 0)
        {
            await delivery.RequestAsync(context.Scheduler, cancellationToken).ConfigureAwait(false);
        }

        context.Result = report;
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Error, Message = "The ingest run failed")]
    private static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Ingest: {Sources} source(s), {Added} new and {Revised} revised "
        + "article(s), {Failed} failed, {Mails} proposal email(s) queued")]
    private static partial void Summary(ILogger logger, int sources, int added, int revised, int failed, int mails);
}
