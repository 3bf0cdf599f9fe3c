using System.CommandLine;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class BackupCommand
{
    public static Command Create()
    {
        var destination = new Argument<string>("DEST")
        {
            Description = "File to write, or an existing directory (gets forecastwatch-<UTC time>.db)."
        };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace DEST if it exists." };
        var command = new Command("backup",
            "Write a consistent copy of the database while the worker keeps running (SQLite online backup).");
        command.Arguments.Add(destination);
        command.Options.Add(overwrite);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: false, async (context, token) =>
        {
            try
            {
                var result = await context.Get<DatabaseBackup>()
                    .CopyToAsync(parseResult.GetValue(destination)!, parseResult.GetValue(overwrite), token).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"{result.Path}: {result.Bytes} bytes, schema version {result.SchemaVersion}")
                    .ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is BackupException or IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"backup: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
        }, ct));
        return command;
    }
}
