using System.CommandLine;
using System.Globalization;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The prediction id (as in [FW-<id>])." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the history and resolutions." };
        var now = GlobalOptions.CreateNow();
        var command = new Command("show", "Everything about one prediction: claim, quote, dates, status, history and resolutions.");
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            var wanted = parseResult.GetValue(id)!;
            var details = await context.Get<PredictionRegistry>().GetAsync(wanted, context.Time.GetUtcNow(), token).ConfigureAwait(false);
            if (details is null)
            {
                await context.Error.WriteLineAsync($"No prediction with id '{wanted}'. Run 'forecastwatch list' to see the ids.")
                    .ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(CliJson.Details(details).ToJsonString(CliJson.Options)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await WriteTextAsync(context.Out, details).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task WriteTextAsync(TextWriter o, PredictionDetails details)
    {
        var j = PredictionJson.From(details.View);
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"{j.Id}  [{j.Status}]",
            $"Claim:      {j.Claim}",
            $"Quote:      \"{j.Quote}\" (characters {j.QuoteStart}-{j.QuoteEnd})",
            $"Article:    {j.ArticleTitle} ({j.Outlet}, {j.MadeOn ?? "date unknown"}) [{j.Article}]",
            $"Horizon:    {j.Horizon ?? (j.Undated ? "none (undated claim)" : "explicit date")}",
            $"Resolve by: {j.ResolveBy ?? "not set (undated: EXTEND <date> gives it one)"}"
                + $"{(j.EndsBeforePublication ? "  (ends before the article was published)" : "")}",
        };
        if (j.Earliest is not null)
        {
            lines.Add($"Earliest:   {j.Earliest}");
        }

        lines.Add($"Kind:       {j.Kind}{j.Kind switch
        {
            "threshold" => string.Create(inv, $": {j.Metric} {j.Comparator} {j.Threshold} {j.Unit}"),
            "range" => string.Create(inv, $": {j.Metric} in [{j.Low}, {j.High}] {j.Unit}"),
            _ => "",
        }}");
        if (j.Condition is not null)
        {
            lines.Add(
                $"Condition:  {j.Condition} ({(j.ConditionStatus == "not met" ? "not met: annulled, not scored" : j.ConditionStatus)})");
        }

        if (j.Probability is not null)
        {
            lines.Add(string.Create(inv, $"Probability: {j.Probability:0.##} ({j.ProbabilitySource}: \"{j.Hedge}\")"));
        }

        lines.Add($"Criteria:   {j.Criteria}");
        if (j.Tags.Count > 0)
        {
            lines.Add($"Tags:       {string.Join(", ", j.Tags)}");
        }

        if (j.Editors.Count > 0)
        {
            lines.Add($"Editors:    {string.Join(", ", j.Editors)}");
        }

        lines.Add("History:");
        lines.AddRange(details.History.Select(h => string.Create(inv, $"  {h.ChangedAt:yyyy-MM-dd HH:mm}Z "
            + $"{h.Change}{(h.ChangedFields.Count > 0 ? ": " + string.Join(", ", h.ChangedFields) : "")}")));
        lines.Add(details.Resolutions.Count == 0 ? "Resolutions: none" : "Resolutions:");
        lines.AddRange(details.Resolutions.Select(r => string.Create(inv,
            $"  #{r.Id} {r.ResolvedAt:yyyy-MM-dd HH:mm}Z {(r.Target == ResolutionTarget.Condition ? "CONDITION " : "")}"
            + $"{r.Verdict.ToString().ToUpperInvariant()}{Detail(r)} by {r.ResolvedBy} via {ManifestNames.Of(r.Source)}"
            + $"{(r.SupersedesId is { } s ? $" (overrides #{s})" : "")}{(r.Note is null ? "" : $": {r.Note}")}")));
        foreach (var line in lines)
        {
            await o.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static string Detail(ResolutionRecord r) => string.Create(CultureInfo.InvariantCulture,
        $"{(r.Fraction is { } f ? $" {f:0.##}" : "")}{(r.Value is { } v ? $" (value {v}{r.ValueUnit})" : "")}"
        + $"{(r.ExtendTo is { } d ? $" to {d:yyyy-MM-dd}" : "")}");
}
