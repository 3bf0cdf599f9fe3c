using ForecastWatch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>
/// The one key per schedule: <c>ForecastWatch:Jobs:&lt;job&gt;:Cron</c>, a Quartz cron in <c>ForecastWatch:TimeZone</c>,
/// read by the scheduler and by <c>forecastwatch health</c> alike; <c>Enabled: false</c> leaves the job unscheduled
/// and unchecked. Only the digest, a mail people read at a time of their day, may name its own
/// <c>TimeZone</c>. An invalid value stops every start with the key's name; so does a key that used to set a schedule.
/// </summary>
internal static class JobSchedules
{
    public const string SectionName = JobSchedule.SectionName;
    public const string DigestDefaultCron = "0 0 8 ? * MON";

    /// <summary>The worker's jobs, by Quartz key name, with their default crons (also in <c>config/appsettings.json</c>).</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [DueCheckJob.Key.Name] = "0 0 * * * ?",
        [ReminderJob.Key.Name] = "0 30 * * * ?",
        [OutboxDeliveryJob.Key.Name] = "0 * * * * ?",
        [InboxJob.Key.Name] = "0 * * * * ?",
        [DigestJob.Key.Name] = DigestDefaultCron,
        [IngestJob.Key.Name] = Ingestion.IngestServiceCollectionExtensions.DefaultCron,
    };

    /// <summary>Jobs whose schedule may be in a zone of its own (<c>ForecastWatch:Jobs:&lt;job&gt;:TimeZone</c>).</summary>
    public static IReadOnlySet<string> OwnTimeZoneAllowed { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { DigestJob.Key.Name };

    /// <summary>Keys that once set a schedule or the calendar's zone, and where that setting lives now.</summary>
    public static IReadOnlyList<(string Key, string Replacement)> Removed { get; } =
    [
        ("ForecastWatch:Prompts:DueCheckCron", $"{SectionName}:{DueCheckJob.Key.Name}:Cron"),
        ("ForecastWatch:Prompts:RemindersCron", $"{SectionName}:{ReminderJob.Key.Name}:Cron"),
        ("ForecastWatch:Prompts:OutboxCron", $"{SectionName}:{OutboxDeliveryJob.Key.Name}:Cron"),
        ("ForecastWatch:Inbox:Cron", $"{SectionName}:{InboxJob.Key.Name}:Cron"),
        ("ForecastWatch:Digest:Cron", $"{SectionName}:{DigestJob.Key.Name}:Cron"),
        ("ForecastWatch:Prompts:TimeZone", "ForecastWatch:TimeZone"),
    ];

    /// <summary>The job's cron, or null when <c>Enabled</c> is false. Throws naming the key when the value is invalid.</summary>
    public static string? CronOf(IConfiguration configuration, JobKey key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection($"{SectionName}:{key.Name}");
        if (!IsEnabled(section))
        {
            return null;
        }

        var cron = section["Cron"] is { Length: > 0 } configured ? configured : Defaults[key.Name];
        return CronExpression.TryParse(cron, out _)
            ? cron
            : throw new InvalidOperationException($"{section.Path}:Cron '{cron}' is not a valid Quartz cron expression.");
    }

    /// <summary>The zone the job's cron runs in: its own <c>TimeZone</c> where allowed, else <c>ForecastWatch:TimeZone</c>.</summary>
    /// <param name="calendarZone">The bound <c>ForecastWatch:TimeZone</c> where the caller has it; else read from configuration.</param>
    public static TimeZoneInfo ZoneOf(IConfiguration configuration, JobKey key, string? calendarZone = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        calendarZone ??= configuration[$"{ForecastWatchOptions.SectionName}:TimeZone"] is { Length: > 0 } configured ? configured : "UTC";
        var id = OwnTimeZoneAllowed.Contains(key.Name) && configuration[$"{SectionName}:{key.Name}:TimeZone"] is { Length: > 0 } own
            ? own
            : calendarZone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new InvalidOperationException($"Time zone '{id}' of job {key.Name} is not known to this machine.");
    }

    /// <summary>
    /// The code's view of a worker job for health (a configured entry of the same name still overrides it). The inbox
    /// under <c>ForecastWatch:Inbox:Watch</c> is not on its cron: the watcher beats after every pass, and a pass ends
    /// every <c>ForecastWatch:Inbox:PollInterval</c> at the latest (IDLE is re-issued then), so that is its interval.
    /// </summary>
    public static JobSchedule? Registration(IConfiguration configuration, JobKey key)
    {
        if (CronOf(configuration, key) is not { } cron)
        {
            return null;
        }

        if (key.Equals(InboxJob.Key))
        {
            var inbox = new Inbound.InboxOptions();
            configuration.GetSection(Inbound.InboxOptions.SectionName).Bind(inbox);
            if (inbox.Watch)
            {
                return new JobSchedule(key.Name, inbox.PollInterval, null, Enabled: true);
            }
        }

        return new JobSchedule(key.Name, null, cron, Enabled: true);
    }

    public static IServiceCollection AddWorkerJobSchedulesValidation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ForecastWatchOptions>>(new JobSchedulesValidator(configuration));
        return services;
    }

    /// <summary>Every problem with the schedules in <paramref name="configuration"/>, each naming its key.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        foreach (var (key, replacement) in Removed)
        {
            if (configuration.GetSection(key).Value is not null)
            {
                errors.Add($"{key} is no longer read: set {replacement} instead (one key per setting).");
            }
        }

        errors.AddRange(JobSchedule.ReadAll(configuration).Defects);
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            if (Defaults.ContainsKey(section.Key) && section["Interval"] is { Length: > 0 })
            {
                errors.Add($"{section.Path}:Interval: the worker's jobs run on a Cron; set {section.Path}:Cron instead.");
            }

            if (section["TimeZone"] is not { Length: > 0 } zone)
            {
                continue;
            }

            if (!OwnTimeZoneAllowed.Contains(section.Key))
            {
                errors.Add($"{section.Path}:TimeZone: only {string.Join(", ", OwnTimeZoneAllowed)} may have a zone of its own; "
                    + "the other jobs run in ForecastWatch:TimeZone, the calendar's zone.");
            }
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                errors.Add($"{section.Path}:TimeZone '{zone}' is not a time zone known to this machine "
                    + "(use an IANA id such as Europe/Berlin).");
            }
        }

        return errors;
    }

    private static bool IsEnabled(IConfigurationSection section) =>
        !(bool.TryParse(section["Enabled"], out var enabled) && !enabled);

    private sealed class JobSchedulesValidator(IConfiguration configuration) : IValidateOptions<ForecastWatchOptions>
    {
        public ValidateOptionsResult Validate(string? name, ForecastWatchOptions options) =>
            JobSchedules.Validate(configuration) is { Count: > 0 } errors
                ? ValidateOptionsResult.Fail(errors)
                : ValidateOptionsResult.Success;
    }
}
