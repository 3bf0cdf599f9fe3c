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
    /// Cron triggers in the configured zone. Misfires fire once and proceed (no catch-up series), and the due check
    /// also runs at every start: the scheduler's decisions, not the trigger history, keep that to one prompt per
    /// due prediction however long the worker was down.
    /// </summary>
    public static IServiceCollection AddPromptJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var schedule = new PromptScheduleOptions();
        configuration.GetSection(PromptScheduleOptions.SectionName).Bind(schedule);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(schedule.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        services.AddQuartz(q =>
        {
            if (Cron(configuration, DueCheckJob.Key, schedule.DueCheckCron) is { } due)
            {
                Schedule<DueCheckJob>(q, DueCheckJob.Key, due, zone);
                q.RunAtStartup(DueCheckJob.Key);
            }

            if (Cron(configuration, ReminderJob.Key, schedule.RemindersCron) is { } reminders)
            {
                Schedule<ReminderJob>(q, ReminderJob.Key, reminders, zone);
            }

            if (Cron(configuration, OutboxDeliveryJob.Key, schedule.OutboxCron) is { } outbox)
            {
                Schedule<OutboxDeliveryJob>(q, OutboxDeliveryJob.Key, outbox, zone);
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

    /// <summary>
    /// <c>ForecastWatch:Jobs:&lt;job&gt;</c> (the section <c>forecastwatch health</c> reads) wins over the prompt schedule
    /// options, so the two cannot disagree; <c>Enabled: false</c> there leaves the job unscheduled.
    /// </summary>
    private static string? Cron(IConfiguration configuration, JobKey key, string fallback)
    {
        var section = configuration.GetSection("ForecastWatch:Jobs:" + key.Name);
        if (bool.TryParse(section["Enabled"], out var enabled) && !enabled)
        {
            return null;
        }

        return section["Cron"] is { Length: > 0 } cron && CronExpression.TryParse(cron, out _) ? cron : fallback;
    }

    private static void Schedule<T>(IQuartzBuilder q, JobKey key, string cron, TimeZoneInfo zone)
        where T : IJob =>
        q.ScheduleJob<T>(
            t => t.WithIdentity(key.Name, key.Group)
                .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            j => j.WithIdentity(key));
}
