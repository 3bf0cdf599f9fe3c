using System.Diagnostics.CodeAnalysis;
using ForecastWatch.Inbound;
using ForecastWatch.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>
/// The worker's jobs, all registered here and in one way: each on its <c>ForecastWatch:Jobs:&lt;job&gt;</c> cron in its
/// zone (<see cref="PromptJobs.Schedule{T}"/>), some also once at start. Every successful run beats once, through
/// <see cref="HeartbeatJobMiddleware"/>, and <see cref="RunningJobs"/> tracks what runs for <see cref="ShutdownGuard"/>:
/// both job middleware, which Quartz composes when it builds the scheduler, before any trigger fires.
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

        services.AddSingleton<HeartbeatJobMiddleware>();
        services.AddTransient<DueCheckJob>();
        services.AddTransient<ReminderJob>();
        services.AddTransient<OutboxDeliveryJob>();
        services.AddTransient<InboxJob>();
        services.AddTransient<DigestJob>();
        services.AddTransient<IngestJob>();
        var store = new ForecastWatchOptions();
        configuration.GetSection(ForecastWatchOptions.SectionName).Bind(store);
        var clustered = StoreSettings.IsPostgres(store);
        var cluster = new ClusterOptions();
        configuration.GetSection(ClusterOptions.SectionName).Bind(cluster);
        var scheduled = new List<JobKey>();
        services.AddSingleton(new ScheduledJobs(scheduled));
        // One delivery path per store: SQLite, the Quartz job on its cron; PostgreSQL, every node's own loop over claimed
        // rows (OutboxDeliveryLoop), and no cluster-wide job (ClusterScheduleCleanup removes one an earlier version stored).
        var nodeLoop = clustered && JobSchedules.CronOf(configuration, OutboxDeliveryJob.Key) is not null;
        services.AddSingleton(new DeliveryKick(nodeLoop));
        if (clustered)
        {
            services.AddHostedService<ClusterScheduleCleanup>();
            if (nodeLoop)
            {
                services.AddHostedService<OutboxDeliveryLoop>();
            }
        }

        services.AddQuartz(q =>
        {
            if (clustered)
            {
                UseClusteredStore(q, store.Postgres.ConnectionString!, cluster);
            }

            // Middleware, not listeners: Quartz checks a listener with Type.GetInterfaceMap, which native AOT lacks.
            // Outermost first: a job is tracked as running while its beat is written.
            RunningJobs.AddRunningJobs(services, q);
            q.AddJobMiddleware(static sp => sp.GetRequiredService<HeartbeatJobMiddleware>());

            // The due check runs at every start as well: the scheduler's decisions, not the trigger history, keep that
            // to one prompt per due prediction however long the worker was down. Delivery sends what waited meanwhile.
            Schedule<DueCheckJob>(q, configuration, DueCheckJob.Key, atStart: true, scheduled);
            Schedule<ReminderJob>(q, configuration, ReminderJob.Key, atStart: false, scheduled);
            if (!clustered)
            {
                Schedule<OutboxDeliveryJob>(q, configuration, OutboxDeliveryJob.Key, atStart: true, scheduled);
            }

            if (!inbox.Watch)
            {
                // The inbox job on its cron instead of the watcher (Inbox:Watch false); a missed fire runs once.
                Schedule<InboxJob>(q, configuration, InboxJob.Key, atStart: false, scheduled);
            }

            // The digest also runs at every start, to send a period a stopped worker missed (DigestService.CatchUpAsync);
            // nothing is scheduled without recipients.
            if (DigestJob.HasRecipients(configuration))
            {
                Schedule<DigestJob>(q, configuration, DigestJob.Key, atStart: true, scheduled);
            }

            Schedule<IngestJob>(q, configuration, IngestJob.Key, atStart: false, scheduled);
        });
        return services;
    }

    /// <summary>
    /// PostgreSQL: Quartz's clustered ADO.NET job store in the same database (tables from our migration 0006, only
    /// validated here). The triggers declared above are stored under fixed keys and replaced at every start
    /// (Quartz's default overwrite), so a changed cron takes effect and two nodes starting together store one copy;
    /// <see cref="ClusterScheduleCleanup"/> removes what this configuration no longer schedules.
    /// </summary>
    private static void UseClusteredStore(IQuartzBuilder q, string connectionString, ClusterOptions cluster)
    {
        q.ConfigureScheduler(s =>
        {
            s.InstanceName = SchedulerName;
            s.IdleWaitTime = cluster.IdleWaitTime;
            if (cluster.FixedNodeId is { } id)
            {
                s.InstanceId = id;
            }
        });
        q.UsePersistentStore(s =>
        {
            s.UsePostgres(connectionString);
            s.UseSystemTextJsonSerializer();
            s.UseClustering(c =>
            {
                c.CheckinInterval = cluster.CheckinInterval;
                c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
            });
            s.ConfigureStore(o =>
            {
                o.TablePrefix = TablePrefix;
                o.DbRetryInterval = cluster.DatabaseRetryInterval;
                o.SchemaProvisioning = SchemaProvisioning.Validate;
            });
        });
    }

    /// <summary>The scheduler's name: the rows of one cluster in Quartz's tables (<c>sched_name</c>).</summary>
    public const string SchedulerName = "ForecastWatch";

    /// <summary>Quartz's table prefix in the PostgreSQL store (migration 0006).</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>Every job the worker may schedule, for the clean-up of those a configuration leaves out.</summary>
    public static IReadOnlyList<JobKey> AllKeys { get; } =
        [DueCheckJob.Key, ReminderJob.Key, OutboxDeliveryJob.Key, InboxJob.Key, DigestJob.Key, IngestJob.Key];

    private static void Schedule<[DynamicallyAccessedMembers(PromptJobs.QuartzJobMembers)] T>(
        IQuartzBuilder q, IConfiguration configuration, JobKey key, bool atStart, List<JobKey> scheduled)
        where T : IJob
    {
        if (!PromptJobs.Schedule<T>(q, configuration, key))
        {
            return;
        }

        scheduled.Add(key);
        if (atStart)
        {
            q.RunAtStartup(key);
        }
    }
}
