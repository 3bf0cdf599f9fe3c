using System.CommandLine;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class ValidateCommand
{
    public static readonly Argument<string> Directory = new("DIR")
    {
        Description = "The seeds directory (articles/ and predictions.json).",
        DefaultValueFactory = static _ => "seeds",
    };

    public static Command Create()
    {
        var command = new Command("validate", "Check the seed articles and the prediction manifest without writing anything.");
        command.Arguments.Add(Directory);
        command.SetAction(static async (parseResult, ct) =>
        {
            var seeds = await SeedDirectory.LoadAsync(parseResult.GetValue(Directory)!, ct).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!await ReportErrorsAsync(seeds, error).ConfigureAwait(false))
            {
                return ExitCodes.BadInput;
            }

            var p = seeds.Predictions;
            await output.WriteLineAsync(
                $"{seeds.Directory}: OK, {seeds.Articles.Count} articles, {p.Count} predictions " +
                $"({p.Count(static x => x.Status == EntryStatus.Accepted)} accepted, "
                    + $"{p.Count(static x => x.Status == EntryStatus.Proposed)} proposed, " +
                $"{p.Count(static x => x.Status == EntryStatus.Rejected)} rejected; {p.Count(static x => x.Undated)} undated)")
                    .ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints every defect, one per line; false when there was any.</summary>
    public static async Task<bool> ReportErrorsAsync(SeedSet seeds, TextWriter error)
    {
        foreach (var e in seeds.Errors)
        {
            await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
        }

        if (seeds.Errors.Count > 0)
        {
            await error.WriteLineAsync($"{seeds.Errors.Count} error(s) in {seeds.Directory}").ConfigureAwait(false);
        }

        return seeds.Errors.Count == 0;
    }
}
