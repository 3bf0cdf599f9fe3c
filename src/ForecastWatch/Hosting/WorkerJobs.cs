using ForecastWatch.Inbound;
using ForecastWatch.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>
/// The worker's jobs, all registered here and in one way: each on its <c>ForecastWatch:Jobs:&lt;job&gt;</c> cron in its
/// zone (<see cref="PromptJobs.Schedule{T}"/>), some also once at start. Every run beats once, through
/// <see cref="HeartbeatJobListener"/>, which Quartz attaches when it builds the scheduler, before any trigger fires.
/// </summary>
internal static class WorkerJobs
{
    public static IServiceCollection AddForecastWatchJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var inbox = new InboxOptions();
        configuration.GetSection(InboxOptions.SectionName).Bind(inbox);
        if (inbox.Watch)
        {
            // One long-lived connection (IDLE) reads replies as they arrive and kicks outbox delivery; it beats itself
            // after every pass (it is not a Quartz job).
            services.AddHostedService<InboxWatcherService>();
        }

        services.AddSingleton<HeartbeatJobListener>();
        services.AddTransient<DueCheckJob>();
        services.AddTransient<ReminderJob>();
        services.AddTransient<OutboxDeliveryJob>();
        services.AddTransient<InboxJob>();
        services.AddTransient<DigestJob>();
        services.AddTransient<IngestJob>();
        services.AddQuartz(q =>
        {
            q.AddJobListener(static sp => sp.GetRequiredService<HeartbeatJobListener>(), [GroupMatcher<JobKey>.AnyGroup()]);

            // The due check runs at every start as well: the scheduler's decisions, not the trigger history, keep that
            // to one prompt per due prediction however long the worker was down. Delivery sends what waited meanwhile.
            Schedule<DueCheckJob>(q, configuration, DueCheckJob.Key, atStart: true);
            Schedule<ReminderJob>(q, configuration, ReminderJob.Key, atStart: false);
            Schedule<OutboxDeliveryJob>(q, configuration, OutboxDeliveryJob.Key, atStart: true);
            if (!inbox.Watch)
            {
                // The inbox job on its cron instead of the watcher (Inbox:Watch false); a missed fire runs once.
                Schedule<InboxJob>(q, configuration, InboxJob.Key, atStart: false);
            }

            // The digest also runs at every start, to send a period a stopped worker missed (DigestService.CatchUpAsync);
            // nothing is scheduled without recipients.
            if (DigestJob.HasRecipients(configuration))
            {
                Schedule<DigestJob>(q, configuration, DigestJob.Key, atStart: true);
            }

            Schedule<IngestJob>(q, configuration, IngestJob.Key, atStart: false);
        });
        return services;
    }

    private static void Schedule<T>(IQuartzBuilder q, IConfiguration configuration, JobKey key, bool atStart)
        where T : IJob
    {
        if (PromptJobs.Schedule<T>(q, configuration, key) && atStart)
        {
            q.RunAtStartup(key);
        }
    }
}
