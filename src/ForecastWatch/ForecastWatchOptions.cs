using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ForecastWatch;

/// <summary>Top-level settings (section <c>ForecastWatch</c>).</summary>
public sealed class ForecastWatchOptions
{
    public const string SectionName = "ForecastWatch";

    /// <summary>Directory for the database, outbox, inbox and raw mail. <value>Default: <c>./data</c>.</value></summary>
    [Required(AllowEmptyStrings = false,
        ErrorMessage = "ForecastWatch:DataDirectory is required: the directory for the database, outbox and inbox.")]
    public string DataDirectory { get; set; } = "data";

    /// <summary>IANA time zone for schedules and dates shown to people. <value>Default: <c>UTC</c>.</value></summary>
    [Required(AllowEmptyStrings = false,
        ErrorMessage = "ForecastWatch:TimeZone is required: an IANA time zone such as UTC or Europe/Berlin.")]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// How long a prediction may stay due before it counts as overdue, in whole days.
    /// <value>Default: 14 days (<c>14.00:00:00</c>).</value>
    /// </summary>
    public TimeSpan OverdueGrace { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Where the registry, outbox and inbox records live: <c>sqlite</c> (a file in the data directory) or
    /// <c>postgres</c> (<see cref="Postgres"/>; several workers may share it). <value>Default: <c>sqlite</c>.</value>
    /// </summary>
    public string Store { get; set; } = StoreKinds.Sqlite;

    public PostgresStoreOptions Postgres { get; set; } = new();
}

/// <summary>The values of <c>ForecastWatch:Store</c>.</summary>
public static class StoreKinds
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}

/// <summary>The PostgreSQL store (section <c>ForecastWatch:Postgres</c>).</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>); a secret when it holds a
    /// password: environment or <c>_FILE</c> only. <value>Default: none (required with the postgres store).</value>
    /// </summary>
    public string? ConnectionString { get; set; }
}

[OptionsValidator]
internal sealed partial class ForecastWatchOptionsValidator : IValidateOptions<ForecastWatchOptions>;

/// <summary>
/// Checks the attributes cannot express (the time zone must exist here) or cannot word with the full key name
/// (the generated validator drops ErrorMessage for a TimeSpan [Range]).
/// </summary>
internal sealed class ForecastWatchOptionsRulesValidator : IValidateOptions<ForecastWatchOptions>
{
    private static readonly TimeSpan MaxOverdueGrace = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, ForecastWatchOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"ForecastWatch:TimeZone '{options.TimeZone}' is not a time zone known to this machine (use an IANA id such as "
                + $"UTC or Europe/Berlin).");
        }

        if (options.OverdueGrace < TimeSpan.Zero || options.OverdueGrace > MaxOverdueGrace
            || options.OverdueGrace.Ticks % TimeSpan.TicksPerDay != 0)
        {
            failures.Add($"ForecastWatch:OverdueGrace '{options.OverdueGrace}' must be a whole number of days between 0 and 365 (e.g. "
                + $"14.00:00:00).");
        }

        failures.AddRange(Hosting.StoreSettings.Validate(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
