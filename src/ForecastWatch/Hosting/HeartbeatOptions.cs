using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>Settings of <c>forecastwatch health</c> (section <c>ForecastWatch:Health</c>).</summary>
public sealed class HeartbeatOptions
{
    public const string SectionName = "ForecastWatch:Health";

    /// <summary>
    /// After the worker starts, a job that has not run yet is not reported until twice its interval plus this grace
    /// has passed. <value>Default: 5 minutes.</value>
    /// </summary>
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Checks <see cref="HeartbeatOptions.StartupGrace"/> is between zero and seven days. Written out rather than as
/// <c>[Range(typeof(TimeSpan), ...)]</c>, whose constructor converts its bounds by reflection (not trim or AOT safe).
/// </summary>
internal sealed class HeartbeatOptionsValidator : IValidateOptions<HeartbeatOptions>
{
    private static readonly TimeSpan MaxStartupGrace = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, HeartbeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.StartupGrace < TimeSpan.Zero || options.StartupGrace > MaxStartupGrace
            ? ValidateOptionsResult.Fail(
                $"{HeartbeatOptions.SectionName}:StartupGrace must be between 00:00:00 and 7.00:00:00 (is {options.StartupGrace}).")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>
/// One scheduled job as configured under <c>ForecastWatch:Jobs:&lt;Name&gt;</c>: either <c>Interval</c> (a TimeSpan)
/// or <c>Cron</c> (a Quartz cron expression, in <c>ForecastWatch:TimeZone</c>), and <c>Enabled</c> (default true).
/// The job writes a heartbeat under the same name each time it completes.
/// </summary>
internal sealed record JobSchedule(string Name, TimeSpan? Interval, string? Cron, bool Enabled)
{
    public const string SectionName = "ForecastWatch:Jobs";

    /// <summary>
    /// The jobs health watches: those the worker's code registered (<see cref="JobScheduleRegistration"/>), each
    /// overridden by a configured entry of the same name (case-insensitive), plus any other configured entry.
    /// <c>ForecastWatch:Jobs:&lt;Name&gt;:Enabled=false</c> alone turns a registered job's check off.
    /// </summary>
    /// <param name="ownedByCode">
    /// Names whose registration already reads its configured entry (the worker's jobs): such an entry never adds a
    /// job by itself, so a job the code did not schedule (a digest without recipients) is not watched.
    /// </param>
    public static (IReadOnlyList<JobSchedule> Jobs, IReadOnlyList<string> Defects) Merge(
        IEnumerable<JobSchedule> registered, IConfiguration configuration, IEnumerable<string>? ownedByCode = null)
    {
        var (allConfigured, readDefects) = ReadAll(configuration);
        var owned = new HashSet<string>(ownedByCode ?? [], StringComparer.OrdinalIgnoreCase);
        var configured = allConfigured.Where(job => !owned.Contains(job.Name));
        var defects = readDefects.ToList();
        var byName = new Dictionary<string, JobSchedule>(StringComparer.OrdinalIgnoreCase);
        foreach (var job in registered)
        {
            byName[job.Name] = job;
        }

        foreach (var job in configured)
        {
            var unscheduled = job.Interval is null && job.Cron is null;
            if (unscheduled && byName.TryGetValue(job.Name, out var code))
            {
                byName[job.Name] = code with { Enabled = job.Enabled };
            }
            else if (unscheduled && job.Enabled)
            {
                defects.Add($"{SectionName}:{job.Name}: neither Interval nor Cron is set, and no job of that name is registered.");
            }
            else
            {
                byName[job.Name] = job;
            }
        }

        return ([.. byName.Values], defects);
    }

    /// <summary>
    /// Reads every configured entry (one with neither Interval nor Cron only switches a registered job); malformed
    /// values become defects instead of exceptions.
    /// </summary>
    public static (IReadOnlyList<JobSchedule> Jobs, IReadOnlyList<string> Defects) ReadAll(IConfiguration configuration)
    {
        var jobs = new List<JobSchedule>();
        var defects = new List<string>();
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var path = section.Path;
            TimeSpan? interval = null;
            if (section["Interval"] is { Length: > 0 } intervalText)
            {
                if (TimeSpan.TryParse(intervalText, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                    && parsed > TimeSpan.Zero)
                {
                    interval = parsed;
                }
                else
                {
                    defects.Add($"{path}:Interval: '{intervalText}' is not a positive TimeSpan (e.g. 00:15:00).");
                    continue;
                }
            }

            var cron = section["Cron"] is { Length: > 0 } cronText ? cronText : null;
            if (cron is not null && !CronExpression.TryParse(cron, out _))
            {
                defects.Add($"{path}:Cron: '{cron}' is not a valid Quartz cron expression.");
                continue;
            }

            var enabled = true;
            if (section["Enabled"] is { Length: > 0 } enabledText && !bool.TryParse(enabledText, out enabled))
            {
                defects.Add($"{path}:Enabled: '{enabledText}' is not true or false.");
                continue;
            }

            jobs.Add(new JobSchedule(section.Key, interval, cron, enabled));
        }

        return (jobs, defects);
    }
}

/// <summary>A job's schedule as the worker's code registers it, for health (see <see cref="JobSchedule.Merge"/>).</summary>
internal sealed record JobScheduleRegistration(Func<IServiceProvider, JobSchedule?> Create);

internal static class JobScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Tells <c>forecastwatch health</c> about a scheduled job; call it next to the job's Quartz registration, in the
    /// core services (health does not build the worker). <paramref name="create"/> may return null when the job is
    /// switched off by its own settings. The name must be the job key's name: that is what the heartbeat records.
    /// </summary>
    public static IServiceCollection AddJobSchedule(this IServiceCollection services, Func<IServiceProvider, JobSchedule?> create) =>
        services.AddSingleton(new JobScheduleRegistration(create));
}
