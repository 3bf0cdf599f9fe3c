using System.CommandLine;

namespace ForecastWatch.Cli;

/// <summary>Options every command accepts (recursive on the root command).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Data directory (database, outbox, inbox). Default: ./data or ForecastWatch:DataDirectory.",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "An extra JSON configuration file, over config/appsettings.json and appsettings.{Environment}.json, under "
            + "environment variables.",
        Recursive = true,
    };

    /// <summary>Not recursive: only time-dependent commands add it.</summary>
    public static Option<DateTimeOffset?> CreateNow() => new("--now")
    {
        Description = "Pretend the current time is this ISO-8601 instant (a fixed TimeProvider).",
        CustomParser = static result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (NowParser.TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"--now: '{text}' is not an ISO-8601 date or date-time (e.g. 2027-06-01 or 2027-06-01T08:00:00Z).");
            return null;
        },
    };
}
