using System.CommandLine;
using System.Globalization;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Hosting;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Cli;

/// <summary>Options and settings shared by the scorecard, digest and export commands.</summary>
internal static class ScoringCliOptions
{
    public static Option<int> CreateMinSample() => new("--min-sample")
    {
        Description = $"Groups with fewer scored predictions are labelled small samples and not ranked. Default: "
            + $"{ScoringSettings.DefaultMinSample}.",
        DefaultValueFactory = static _ => ScoringSettings.DefaultMinSample,
        Validators =
        {
            static result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError("--min-sample must be at least 1.");
                }
            },
        },
    };

    /// <summary>A calendar date (YYYY-MM-DD).</summary>
    public static Option<DateOnly?> CreateSinceDate(string description) => new("--since")
    {
        Description = description,
        CustomParser = static result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            result.AddError($"--since: '{text}' is not a date of the form YYYY-MM-DD.");
            return null;
        },
    };

    /// <summary>The scoring settings in force: the registry's overdue grace plus the command's minimum sample.</summary>
    public static ScoringSettings Settings(CommandContext context, int minSample)
    {
        var options = context.Get<IOptions<ForecastWatchOptions>>().Value;
        return new ScoringSettings
        {
            MinSample = minSample,
            OverdueGraceDays = (int)options.OverdueGrace.TotalDays,
        };
    }

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);
}
