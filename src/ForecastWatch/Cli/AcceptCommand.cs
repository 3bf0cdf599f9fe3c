using System.CommandLine;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

/// <summary><c>forecastwatch accept ID [--seeds DIR]</c>: a proposed prediction becomes accepted (prompted and scored).</summary>
internal static class AcceptCommand
{
    public static Command Create() => Build("accept", "accepted",
        "Accept a proposed prediction: it is then prompted and scored. Edits the manifest and re-imports it into the registry.");

    internal static Command Build(string name, string status, string description)
    {
        var id = new Argument<string>("ID") { Description = "The prediction id (as printed by 'extract --all' or 'list')." };
        var seedsDir = new Option<string>("--seeds")
        {
            Description = "The seeds directory holding predictions.json (default: seeds).",
            DefaultValueFactory = static _ => "seeds",
        };
        var command = new Command(name, description) { id, seedsDir };
        command.SetAction((parseResult, ct) =>
            SetStatusAsync(parseResult, parseResult.GetValue(id)!, parseResult.GetValue(seedsDir)!, status, ct));
        return command;
    }

    private static async Task<int> SetStatusAsync(ParseResult parseResult, string id, string directory, string status, CancellationToken ct)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (!File.Exists(Path.Combine(directory, SeedDirectory.ManifestFileName))
            || !ManifestHas(Path.Combine(directory, SeedDirectory.ManifestFileName), id))
        {
            // Not a seed entry: a proposal that arrived by ingestion lives only in the registry.
            return await IngestedAsync(parseResult, id, status, ct).ConfigureAwait(false);
        }

        var seeds = await SeedDirectory.LoadAsync(directory, ct).ConfigureAwait(false);
        if (!await ValidateCommand.ReportErrorsAsync(seeds, error).ConfigureAwait(false))
        {
            return ExitCodes.BadInput;
        }

        var entry = seeds.Predictions.FirstOrDefault(p => p.Id == id);
        if (entry is null)
        {
            await error.WriteLineAsync($"no prediction with id '{id}' in {directory}/{SeedDirectory.ManifestFileName}")
                .ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        if (ManifestNames.Of(entry.Status) == status)
        {
            await output.WriteLineAsync($"{id} is already {status}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var path = Path.Combine(directory, SeedDirectory.ManifestFileName);
        var json = ManifestProposals.SetStatus(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), id, status, out var problem,
            out var previous);
        if (json is null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var errors = new List<SeedError>();
        ManifestParser.Parse(json, path, seeds.Articles.ToDictionary(static a => a.Id, StringComparer.Ordinal), errors);
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"{id} was not {status}: the manifest would not validate (edit the entry first).")
                .ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        await File.WriteAllTextAsync(path, json, ct).ConfigureAwait(false);
        await output.WriteLineAsync($"{status} {id} (was {previous}) in {path}").ConfigureAwait(false);

        // Apply it to the registry straight away, through the same import the 'import' command runs.
        return await CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var reloaded = await SeedDirectory.LoadAsync(directory, token).ConfigureAwait(false);
            var report = await context.Get<SeedImporter>().ImportAsync(reloaded, token).ConfigureAwait(false);
            var changed = report.Items.Count(static i => i.Change != ImportChange.Unchanged);
            await context.Out.WriteLineAsync($"registry: {changed} change(s) imported").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct).ConfigureAwait(false);
    }

    private static bool ManifestHas(string path, string id)
    {
        var text = File.ReadAllText(path);
        return text.Contains('"' + id + '"', StringComparison.Ordinal);
    }

    private static Task<int> IngestedAsync(ParseResult parseResult, string id, string status, CancellationToken ct) =>
        CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var action = status == "accepted" ? ForecastWatch.Domain.Proposals.ProposalAction.Accept
                : ForecastWatch.Domain.Proposals.ProposalAction.Reject;
            var report = await context.Get<ForecastWatch.Proposals.ProposalService>().DecideAsync(id, action, token).ConfigureAwait(false);
            if (report is null)
            {
                await context.Error.WriteLineAsync($"no prediction with id '{id}' in the registry or the seeds manifest")
                    .ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            foreach (var line in report.Lines)
            {
                await (report.Refused > 0 ? context.Error : context.Out).WriteLineAsync(line).ConfigureAwait(false);
            }

            return report.Refused > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }, ct);
}
