using System.CommandLine;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "csv (RFC 4180, default) or json (an array of objects).",
            DefaultValueFactory = static _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command("export",
            "Every accepted prediction with its outcome and scores, for spreadsheets and other tools. Streams any number of rows.");
        command.Options.Add(format);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var settings = ScoringCliOptions.Settings(context, ScoringSettings.DefaultMinSample);
            var json = parseResult.GetValue(format) == "json";
            await context.Out.WriteAsync(json ? "[" : PredictionExport.CsvHeaderLine()).ConfigureAwait(false);
            var first = true;
            var progress = context.Progress("export", "rows", null);
            await foreach (var p in context.Get<ScoreStore>().StreamAsync(token).ConfigureAwait(false))
            {
                if (json)
                {
                    await context.Out.WriteAsync(first ? "\n" : ",\n").ConfigureAwait(false);
                    await context.Out.WriteAsync(PredictionExport.ToJsonObject(p, settings)).ConfigureAwait(false);
                }
                else
                {
                    await context.Out.WriteAsync(PredictionExport.ToCsvRow(p, settings)).ConfigureAwait(false);
                }

                first = false;
                progress.Advance();
            }

            progress.Complete();

            if (json)
            {
                await context.Out.WriteAsync("\n]\n").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
