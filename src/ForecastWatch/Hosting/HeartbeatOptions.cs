using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
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
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromMinutes(5);
}

[OptionsValidator]
internal sealed partial class HeartbeatOptionsValidator : IValidateOptions<HeartbeatOptions>;

/// <summary>
/// One scheduled job as configured under <c>ForecastWatch:Jobs:&lt;Name&gt;</c>: either <c>Interval</c> (a TimeSpan)
/// or <c>Cron</c> (a Quartz cron expression, in <c>ForecastWatch:TimeZone</c>), and <c>Enabled</c> (default true).
/// The job writes a heartbeat under the same name each time it completes.
/// </summary>
internal sealed record JobSchedule(string Name, TimeSpan? Interval, string? Cron, bool Enabled)
{
    public const string SectionName = "ForecastWatch:Jobs";

    /// <summary>Reads every configured job; malformed entries become defects instead of exceptions.</summary>
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
                if (TimeSpan.TryParse(intervalText, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero)
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

            if (interval is null && cron is null)
            {
                if (enabled)
                {
                    defects.Add($"{path}: neither Interval nor Cron is set.");
                }

                continue;
            }

            jobs.Add(new JobSchedule(section.Key, interval, cron, enabled));
        }

        return (jobs, defects);
    }
}
