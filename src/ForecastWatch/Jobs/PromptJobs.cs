using System.Diagnostics.CodeAnalysis;
using ForecastWatch.Mailing;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>
/// How a job is put on its cron schedule (the worker's jobs are registered in Hosting.WorkerJobs), and the shared
/// body of the two prompt jobs.
/// </summary>
internal static class PromptJobs
{
    /// <summary>What Quartz's job builder reflects on (constructors for the DI job factory): kept by the trimmer.</summary>
    internal const DynamicallyAccessedMemberTypes QuartzJobMembers = DynamicallyAccessedMemberTypes.PublicConstructors
        | DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.Interfaces;

    public const string Group = "prompts";

    /// <summary>Runs one prompt service call as of the trigger's scheduled time, then asks for delivery right away.</summary>
    public static async Task RunAsync(IJobExecutionContext context,
        Func<PromptService, DateTimeOffset, CancellationToken, Task<PromptRunReport>> run, PromptService prompts, DeliveryKick delivery,
        CancellationToken cancellationToken)
    {
        PromptRunReport report;
        try
        {
            report = await run(prompts, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new JobExecutionException(ex);
        }

        if (report.Enqueued > 0)
        {
            await delivery.RequestAsync(context.Scheduler, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Schedules <typeparamref name="T"/> on its cron in its zone; false when the job is switched off.</summary>
    public static bool Schedule<[DynamicallyAccessedMembers(QuartzJobMembers)] T>(IQuartzBuilder q, IConfiguration configuration,
        JobKey key)
        where T : IJob
    {
        ArgumentNullException.ThrowIfNull(q);
        if (JobSchedules.CronOf(configuration, key) is not { } cron)
        {
            return false;
        }

        var zone = JobSchedules.ZoneOf(configuration, key);
        q.ScheduleJob<T>(
            t => t.WithIdentity(key.Name, key.Group)
                .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            // A run cut short by a node's death is run again by another node (clustered store; the in-memory store
            // has nothing to recover). Every job is safe to run again.
            j => j.WithIdentity(key).RequestRecovery());
        return true;
    }
}
