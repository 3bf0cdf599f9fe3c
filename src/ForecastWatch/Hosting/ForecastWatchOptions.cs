using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Hosting;

/// <summary>Top-level settings (section <c>ForecastWatch</c>).</summary>
public sealed class ForecastWatchOptions
{
    public const string SectionName = "ForecastWatch";

    /// <summary>Directory for the database, outbox, inbox and raw mail. <value>Default: <c>./data</c>.</value></summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "ForecastWatch:DataDirectory is required: the directory for the database, outbox and inbox.")]
    public string DataDirectory { get; set; } = "data";

    /// <summary>IANA time zone for schedules and dates shown to people. <value>Default: <c>UTC</c>.</value></summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "ForecastWatch:TimeZone is required: an IANA time zone such as UTC or Europe/Berlin.")]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// How long a prediction may stay due before it counts as overdue, in whole days.
    /// <value>Default: 14 days (<c>14.00:00:00</c>).</value>
    /// </summary>
    [Range(typeof(TimeSpan), "0.00:00:00", "365.00:00:00", ErrorMessage = "ForecastWatch:OverdueGrace must be between 0 and 365 days (e.g. 14.00:00:00).")]
    public TimeSpan OverdueGrace { get; set; } = TimeSpan.FromDays(14);
}

[OptionsValidator]
internal sealed partial class ForecastWatchOptionsValidator : IValidateOptions<ForecastWatchOptions>;

/// <summary>Checks attributes cannot express: the time zone must exist on this machine.</summary>
internal sealed class ForecastWatchOptionsTimeZoneValidator : IValidateOptions<ForecastWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, ForecastWatchOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail($"ForecastWatch:TimeZone '{options.TimeZone}' is not a time zone known to this machine (use an IANA id such as UTC or Europe/Berlin).");
    }
}
