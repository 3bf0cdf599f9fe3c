using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>The scheduled digest: enqueues the period's digest once, then asks for delivery.</summary>
[DisallowConcurrentExecution]
internal sealed class DigestJob(DigestService digests, IHeartbeat heartbeat, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("digest", "digests");

    /// <summary>
    /// A cron trigger (<c>ForecastWatch:Jobs:digest</c>), plus one run at every start: a period whose digest a crash
    /// or a stopped worker kept from going out is sent then (the digests table says whether it already went), unless
    /// digests had not run on this database before that period fell due (a first deploy: see
    /// <see cref="DigestService.CatchUpAsync"/>). Nothing is scheduled without recipients.
    /// </summary>
    public static IServiceCollection AddDigestJob(IServiceCollection services, IConfiguration configuration)
    {
        if (!HasRecipients(configuration))
        {
            return services;
        }

        services.AddQuartz(q =>
        {
            if (PromptJobs.Schedule<DigestJob>(q, configuration, Key))
            {
                q.RunAtStartup(Key);
            }
        });
        return services;
    }

    /// <summary>Health's view of the job (section <c>ForecastWatch:Jobs:digest</c> still overrides it).</summary>
    public static JobSchedule? Schedule(IConfiguration configuration) =>
        HasRecipients(configuration) ? JobSchedules.Registration(configuration, Key) : null;

    private static bool HasRecipients(IConfiguration configuration)
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
            // The scheduled fire time names the period; the start-up run uses its own time and so finds the latest
            // one, which it sends only if the worker was already running on this database when it fell due.
            var asOf = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
            report = IsStartupRun(context)
                ? await digests.CatchUpAsync(asOf, cancellationToken).ConfigureAwait(false)
                : await digests.RunAsync(asOf, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new JobExecutionException(ex);
        }

        if (report.Outcome == DigestOutcome.Enqueued && await context.Scheduler.GetJobDetail(OutboxDeliveryJob.Key, cancellationToken).ConfigureAwait(false) is not null)
        {
            await context.Scheduler.TriggerJob(OutboxDeliveryJob.Key, new JobDataMap(), cancellationToken).ConfigureAwait(false);
        }

        context.Result = report;
        await heartbeat.BeatAsync(Key.Name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The one-shot trigger of <c>RunAtStartup</c> lives in Quartz's startup group.</summary>
    internal static bool IsStartupRun(IJobExecutionContext context) =>
        context.Trigger.Key.Group == SchedulerConstants.StartupGroup;
}
