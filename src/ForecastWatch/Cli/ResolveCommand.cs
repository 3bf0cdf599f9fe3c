using System.CommandLine;
using System.Globalization;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class ResolveCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The prediction id." };
        var verdict = new Argument<string[]>("VERDICT")
        {
            Description = "yes | no | partial [fraction] | void [reason] | extend YYYY-MM-DD | value NUMBER[unit] | override <verdict>",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var value = new Option<string?>("--value")
        {
            Description = "The observed value (e.g. 17.5 or 17.5%). Alone it means VALUE: compared with the threshold or range."
        };
        var note = new Option<string?>("--note") { Description = "A remark kept with the resolution." };
        var evidence = new Option<string[]>("--evidence")
        {
            Description = "A URL supporting the verdict (repeatable).",
            AllowMultipleArgumentsPerToken = false
        };
        var by = new Option<string?>("--by") { Description = "Who resolves it (email). Default: <user>@localhost." };
        var now = GlobalOptions.CreateNow();
        var command = new Command("resolve", "Record a verdict for a prediction (the same operation editors' email replies use).");
        command.Arguments.Add(id);
        command.Arguments.Add(verdict);
        command.Options.Add(value);
        command.Options.Add(note);
        command.Options.Add(evidence);
        command.Options.Add(by);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            var words = parseResult.GetValue(verdict) ?? [];
            var valueText = parseResult.GetValue(value);
            var text = words.Length == 0 && valueText is not null ? $"VALUE {valueText}" : string.Join(' ', words);
            if (!ResolutionCommand.TryParse(text, out var command, out var error))
            {
                await context.Error.WriteLineAsync($"VERDICT: {error}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (words.Length > 0 && valueText is not null)
            {
                if (!ResolutionCommand.TryParse($"VALUE {valueText}", out var withValue, out var valueError))
                {
                    await context.Error.WriteLineAsync($"--value: {valueError}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                command = command with { Value = withValue.Value, ValueUnit = withValue.ValueUnit };
            }

            var evidenceUrls = parseResult.GetValue(evidence) ?? [];
            foreach (var url in evidenceUrls.Where(static u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
            {
                await context.Error.WriteLineAsync($"--evidence: '{url}' is not an absolute URL").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var wanted = parseResult.GetValue(id)!;
            var request = new ResolutionRequest(
                command,
                parseResult.GetValue(by) ?? $"{Environment.UserName}@localhost",
                context.Time.GetUtcNow(),
                ResolutionSource.Cli,
                Note: parseResult.GetValue(note),
                Evidence: evidenceUrls);
            var outcome = await context.Get<PredictionRegistry>().ResolveAsync(wanted, request, token).ConfigureAwait(false);
            switch (outcome)
            {
                case null:
                    await context.Error.WriteLineAsync($"No prediction with id '{wanted}'. Run 'forecastwatch list' to see the ids.")
                        .ConfigureAwait(false);
                    return ExitCodes.BadInput;
                case { Kind: ResolveOutcomeKind.Refused }:
                    await context.Error.WriteLineAsync($"Refused: {outcome.Reason}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                default:
                    var r = outcome.Resolution!;
                    var what = r.Verdict == Verdict.Extend
                        ? $"extended to {r.ExtendTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
                        : $"resolved {r.Verdict.ToString().ToUpperInvariant()}"
                            + $"{(r.Value is { } v ? string.Create(CultureInfo.InvariantCulture, $" (value {v}{r.ValueUnit})") : "")}";
                    await context.Out.WriteLineAsync($"{wanted}: {what}{(r.SupersedesId is { } s ? $", overriding resolution #{s}" : "")} "
                        + $"(resolution #{r.Id})").ConfigureAwait(false);
                    return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
