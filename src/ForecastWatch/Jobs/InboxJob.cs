using ForecastWatch.Inbound;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>Reads the desk inbox once: replies are applied and answered, machine mail ignored, bounces marked.</summary>
[DisallowConcurrentExecution]
internal sealed class InboxJob(InboxService inbox, ILogger<InboxJob> logger) : IJob
{
    public static readonly JobKey Key = new("inbox", "replies");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        InboxRunSummary summary;
        try
        {
            summary = await inbox.ProcessOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            InboxLog.SourceFailed(logger, ex);
            throw new JobExecutionException(ex);
        }

        if (summary.Seen > 0)
        {
            InboxLog.Summary(logger, summary.Seen, summary.Applied, summary.Rejected, summary.Ignored, summary.Failed, summary.Answered);
        }

        context.Result = summary;
    }
}
