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
        var since = ScoringCliOptions.CreateSinceDate(
            "Only predictions due on or after this date (undated ones: resolved on or after it).");
        var format = new Option<string>("--format")
        {
            Description = "table (default), json or csv (RFC 4180).",
            DefaultValueFactory = static _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var minSample = ScoringCliOptions.CreateMinSample();
        var statedOnly = new Option<bool>("--stated-only")
        {
            Description = "Brier and log scores only for probabilities the article stated as numbers "
                + "(leave out those implied by words or by default).",
        };
        var includeHindsight = new Option<bool>("--include-hindsight")
        {
            Description = "Score predictions whose horizon ended before publication (hindsight) like the others; "
                + "by default they are listed apart.",
        };
        var now = GlobalOptions.CreateNow();
        var command = new Command("scorecard", "Score outlets, authors, topics, hedges or horizons: accuracy (95% Wilson interval), Brier "
            + "and skill, calibration. See docs/scoring.md.");
        command.Options.Add(by);
        command.Options.Add(since);
        command.Options.Add(format);
        command.Options.Add(minSample);
        command.Options.Add(statedOnly);
        command.Options.Add(includeHindsight);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            ScoreDimensions.TryParse(parseResult.GetValue(by), out var dimension);
            var settings = ScoringCliOptions.Settings(context, parseResult.GetValue(minSample)) with
            {
                StatedOnly = parseResult.GetValue(statedOnly),
                IncludeHindsight = parseResult.GetValue(includeHindsight),
            };
            var builder = new ScorecardBuilder(dimension, ScoringCliOptions.Today(context.Time.GetUtcNow()), settings,
                parseResult.GetValue(since));
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
