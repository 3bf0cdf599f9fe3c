using ForecastWatch.Inbound;
using ForecastWatch.Ingestion;
using ForecastWatch.Jobs;
using ForecastWatch.Mailing;
using ForecastWatch.Mailing.Auth;
using ForecastWatch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Hosting;

internal static class ServiceCollectionExtensions
{
    /// <summary>Everything the CLI and the worker share: options, time, storage, domain services.</summary>
    public static IServiceCollection AddForecastWatchCore(this IServiceCollection services, IConfiguration configuration,
        TimeProvider timeProvider)
    {
        services.AddSingleton(timeProvider);
        services.AddOptionsWithValidateOnStart<ForecastWatchOptions, ForecastWatchOptionsValidator>()
            .Bind(configuration.GetSection(ForecastWatchOptions.SectionName));
        services.AddSingleton<IValidateOptions<ForecastWatchOptions>, ForecastWatchOptionsRulesValidator>();

        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddSingleton<SqliteConnectionFactory>();
        services.TryAddSingleton<IDatabase>(static sp => StoreSettings.Open(
            sp.GetRequiredService<IOptions<ForecastWatchOptions>>().Value, sp.GetRequiredService<SqliteConnectionFactory>));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<SeedImporter>();
        services.AddSingleton<PredictionRegistry>();
        services.AddForecastWatchHeartbeats(configuration);
        services.AddWorkerJobSchedulesValidation(configuration);
        foreach (var key in (JobKey[])[DueCheckJob.Key, ReminderJob.Key, OutboxDeliveryJob.Key, InboxJob.Key, IngestJob.Key])
        {
            services.AddJobSchedule(_ => JobSchedules.Registration(configuration, key));
        }

        services.AddJobSchedule(_ => DigestJob.Schedule(configuration));
        services.AddSingleton<PromptJobsRunner>();
        services.AddSingleton<OnceRunner>();

        services.AddSingleton<DatabaseBackup>();

        services.AddOptions<MailServerOptions>().Bind(configuration.GetSection(MailServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailServerOptions>, MailServerOptionsValidator>();
        services.TryAddSingleton<IMailAuthenticator, PasswordMailAuthenticator>();
        services.AddSingleton<MailServerConnector>();
        services.AddSingleton<MailCheckService>();
        services.AddForecastWatchMailAuth(configuration);
        services.AddForecastWatchMailing(configuration);
        services.AddSingleton<IValidateOptions<MailingOptions>, RealMailValidator>();
        services.AddForecastWatchInbound(configuration);
        services.AddForecastWatchDigest(configuration);
        services.AddForecastWatchIngestion(configuration);
        return services;
    }

    /// <summary>The worker: pending migrations first, then the Quartz scheduler and its jobs.</summary>
    public static HostApplicationBuilder AddForecastWatchWorker(this HostApplicationBuilder builder)
    {
        // Hosted services start in registration order, so the schema is current before any job can run.
        builder.Services.AddHostedService<MigrationHostedService>();
        // Raw mail files of earlier versions into the database, so any node can release what this one received.
        builder.Services.AddHostedService<Inbound.LegacyRawImportHostedService>();
        builder.Services.AddHostedService<HeartbeatWorkerStartService>();
        builder.Services.AddForecastWatchJobs(builder.Configuration);
        builder.Services.AddQuartzHostedService(static o => o.WaitForJobsToComplete = true);
        // SIGTERM: the scheduler stops firing and running jobs get this long to finish (docker stop waits 10 s by default).
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
        builder.Services.AddHostedService<ShutdownGuard>();
        builder.AddForecastWatchWorkerLogging();
        return builder;
    }
}
