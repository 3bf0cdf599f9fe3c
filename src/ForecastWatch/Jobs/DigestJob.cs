using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>The scheduled digest: enqueues the period's digest once, then asks for delivery.</summary>
[DisallowConcurrentExecution]
internal sealed class DigestJob(DigestService digests, DeliveryKick delivery, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("digest", "digests");

    /// <summary>Health's view of the job (section <c>ForecastWatch:Jobs:digest</c> still overrides it).</summary>
    public static JobSchedule? Schedule(IConfiguration configuration) =>
        HasRecipients(configuration) ? JobSchedules.Registration(configuration, Key) : null;

    /// <summary>Whether digests have recipients: without, the job is not scheduled and health does not expect it.</summary>
    internal static bool HasRecipients(IConfiguration configuration)
    {
        var options = new DigestOptions();
        configuration.GetSection(DigestOptions.SectionName).Bind(options);
        return options.IsEnabled;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        DigestRunReport report;
        try
        {
            // The scheduled fire time names the period; the start-up run takes the time now (the injected clock, as
            // every other start-up step does) and so finds the latest one, which it sends only if the worker was
            // already running on this database when it fell due.
            report = IsStartupRun(context)
                ? await digests.CatchUpAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                : await digests.RunAsync(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new JobExecutionException(ex);
        }

        if (report.Outcome == DigestOutcome.Enqueued)
        {
            await delivery.RequestAsync(context.Scheduler, cancellationToken).ConfigureAwait(false);
        }

        context.Result = report;
    }

    /// <summary>The one-shot trigger of <c>RunAtStartup</c> lives in Quartz's startup group.</summary>
    internal static bool IsStartupRun(IJobExecutionContext context) =>
        context.Trigger.Key.Group == SchedulerConstants.StartupGroup;
}
