using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Hosting;

/// <summary>Top-level settings (section <c>ForecastWatch</c>).</summary>
public sealed class ForecastWatchOptions
{
    public const string SectionName = "ForecastWatch";

    /// <summary>Directory for the database, outbox, inbox and raw mail. <value>Default: <c>./data</c>.</value></summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>IANA time zone for schedules and dates shown to people. <value>Default: <c>UTC</c>.</value></summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";
}

[OptionsValidator]
internal sealed partial class ForecastWatchOptionsValidator : IValidateOptions<ForecastWatchOptions>;
