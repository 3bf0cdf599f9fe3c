using System.CommandLine;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class ListCommand
{
    private static readonly string[] StatusNames = ["open", "due", "overdue", "resolved", "void", "annulled", "proposed", "rejected",
        "all"];

    public static Command Create()
    {
        var status = new Option<string?>("--status")
        {
            Description = "Only predictions with this status: open, due (includes overdue), overdue, resolved, void, "
                + "annulled (a conditional whose condition did not hold), proposed, rejected, or all. Default: every accepted prediction.",
        };
        status.AcceptOnlyFromAmong(StatusNames);
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var now = GlobalOptions.CreateNow();
        var command = new Command("list", "List registered predictions with their resolve-by date and status.");
        command.Options.Add(status);
        command.Options.Add(json);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            var all = await context.Get<PredictionRegistry>().ListAsync(context.Time.GetUtcNow(), token).ConfigureAwait(false);
            var wanted = parseResult.GetValue(status);
            var selected = all.Where(v => Matches(v.Status, wanted)).ToList();
            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(selected.Select(PredictionJson.From).ToArray())).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync($"{"ID",-34} {"STATUS",-9} {"RESOLVE BY",-10} {"OUTLET",-12} CLAIM").ConfigureAwait(false);
            foreach (var v in selected)
            {
                var resolveBy = CliJson.Date(v.State.ResolveBy) ?? "undated";
                var flag = v.Prediction.EndsBeforePublication ? "!" : " ";
                await context.Out.WriteLineAsync(
                    $"{v.Prediction.Id,-34} {ManifestNames.Of(v.Status),-9} {resolveBy,-10}{flag}{Truncate(v.Stored.Outlet, 12),-12} "
                        + $"{Truncate(v.Prediction.Claim, 70)}").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"{selected.Count} prediction(s){(selected.Any(static v => v.Prediction.EndsBeforePublication)
                ? "; ! = the horizon ended before the article was published"
                : "")}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static bool Matches(PredictionStatus status, string? wanted) => wanted switch
    {
        null => status is not (PredictionStatus.Proposed or PredictionStatus.Rejected),
        "all" => true,
        "due" => status is PredictionStatus.Due or PredictionStatus.Overdue,
        _ => ManifestNames.Of(status) == wanted,
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
