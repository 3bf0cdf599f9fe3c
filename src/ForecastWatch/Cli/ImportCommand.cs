using System.CommandLine;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class ImportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR")
        {
            Description = "The seeds directory (articles/ and predictions.json).",
            DefaultValueFactory = static _ => "seeds",
        };
        var command = new Command("import",
            "Validate the seeds and write them into the registry. Idempotent: prints what was added, updated and unchanged.");
        command.Arguments.Add(directory);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var seeds = await SeedDirectory.LoadAsync(parseResult.GetValue(directory)!, token).ConfigureAwait(false);
            if (!await ValidateCommand.ReportErrorsAsync(seeds, context.Error).ConfigureAwait(false))
            {
                await context.Error.WriteLineAsync("Nothing was imported.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var progress = context.Progress("import", "items", seeds.Articles.Count + seeds.Predictions.Count);
            var report = await context.Get<SeedImporter>().ImportAsync(seeds, () => progress.Advance(), token).ConfigureAwait(false);
            progress.Complete();
            foreach (var item in report.Items.Where(static i => i.Change != ImportChange.Unchanged))
            {
                var fields = item.ChangedFields.Count > 0 ? $" ({string.Join(", ", item.ChangedFields)})" : "";
                await context.Out.WriteLineAsync($"{Word(item.Change),-9} {item.Kind} {item.Id}{fields}").ConfigureAwait(false);
            }

            foreach (var id in report.NotInManifest)
            {
                await context.Out.WriteLineAsync($"kept      prediction {id} (no longer in the manifest; never deleted)")
                    .ConfigureAwait(false);
            }

            foreach (var kind in new[] { "article", "prediction" })
            {
                await context.Out.WriteLineAsync(
                    $"{kind}s: {report.Count(kind, ImportChange.Added)} added, {report.Count(kind, ImportChange.Updated)} updated, "
                        + $"{report.Count(kind, ImportChange.Unchanged)} unchanged").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Word(ImportChange change) => change switch
    {
        ImportChange.Added => "added",
        ImportChange.Updated => "updated",
        _ => "unchanged",
    };
}
