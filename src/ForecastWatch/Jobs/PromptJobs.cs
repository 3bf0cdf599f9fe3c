using ForecastWatch.Mailing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>Registration of the prompt jobs with Quartz (heartbeats come from the HeartbeatJobListener under each job key name), and the shared body of the two prompt jobs.</summary>
internal static class PromptJobs
{
    public const string Group = "prompts";

    /// <summary>
    /// Cron triggers from <see cref="JobSchedules"/>. Misfires fire once and proceed (no catch-up series), and the due
    /// check also runs at every start: the scheduler's decisions, not the trigger history, keep that to one prompt per
    /// due prediction however long the worker was down.
    /// </summary>
    public static IServiceCollection AddPromptJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddQuartz(q =>
        {
            if (Schedule<DueCheckJob>(q, configuration, DueCheckJob.Key))
            {
                q.RunAtStartup(DueCheckJob.Key);
            }

            Schedule<ReminderJob>(q, configuration, ReminderJob.Key);
            if (Schedule<OutboxDeliveryJob>(q, configuration, OutboxDeliveryJob.Key))
            {
                q.RunAtStartup(OutboxDeliveryJob.Key);
            }
        });
        return services;
    }

    /// <summary>Runs one prompt service call as of the trigger's scheduled time, then asks for delivery right away.</summary>
    public static async Task RunAsync(IJobExecutionContext context, Func<PromptService, DateTimeOffset, CancellationToken, Task<PromptRunReport>> run, PromptService prompts, CancellationToken cancellationToken)
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
            await context.Scheduler.TriggerJob(OutboxDeliveryJob.Key, new JobDataMap(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Schedules <typeparamref name="T"/> on its cron in its zone; false when the job is switched off.</summary>
    public static bool Schedule<T>(IQuartzBuilder q, IConfiguration configuration, JobKey key)
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
            j => j.WithIdentity(key));
        return true;
    }
}
