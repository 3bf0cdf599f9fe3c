using System.CommandLine;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class ScorecardCommand
{
    public static Command Create()
    {
        var by = new Option<string>("--by")
        {
            Description = "Group by outlet, author, article, tag, hedge or horizon (length bucket). Default: outlet.",
            DefaultValueFactory = static _ => "outlet",
        };
        by.AcceptOnlyFromAmong("outlet", "author", "article", "tag", "hedge", "horizon");
        var since = ScoringCliOptions.CreateSinceDate("Only predictions due on or after this date (undated ones: resolved on or after it).");
        var format = new Option<string>("--format")
        {
            Description = "table (default), json or csv (RFC 4180).",
            DefaultValueFactory = static _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var minSample = ScoringCliOptions.CreateMinSample();
        var now = GlobalOptions.CreateNow();
        var command = new Command("scorecard", "Score outlets, authors, topics, hedges or horizons: accuracy (95% Wilson interval), Brier and skill, calibration. See docs/scoring.md.");
        command.Options.Add(by);
        command.Options.Add(since);
        command.Options.Add(format);
        command.Options.Add(minSample);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            ScoreDimensions.TryParse(parseResult.GetValue(by), out var dimension);
            var settings = ScoringCliOptions.Settings(context, parseResult.GetValue(minSample));
            var builder = new ScorecardBuilder(dimension, ScoringCliOptions.Today(context.Time.GetUtcNow()), settings, parseResult.GetValue(since));
            var card = await context.Get<ScoreStore>().BuildScorecardAsync(builder, token).ConfigureAwait(false);
            var output = parseResult.GetValue(format) switch
            {
                "json" => ScorecardFormat.Json,
                "csv" => ScorecardFormat.Csv,
                _ => ScorecardFormat.Table,
            };
            await context.Out.WriteAsync(ScorecardFormatter.Format(card, output)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
