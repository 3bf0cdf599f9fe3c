using System.CommandLine;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database schema (every other command also does this at start).");
        command.SetAction(static (parseResult, ct) =>
            CommandHost.RunAsync(parseResult, null, useDatabase: false, static async (context, token) =>
        {
            var runner = context.Get<MigrationRunner>();
            var applied = await MigrationProgress.ApplyAsync(
                runner, total => context.Progress("migrations", "applied", total), TimeProvider.System, token).ConfigureAwait(false);
            foreach (var migration in applied)
            {
                await context.Out.WriteLineAsync(
                    $"applied {migration.Version:D4}_{migration.Name[(migration.Name.IndexOf('_', StringComparison.Ordinal) + 1)..]}")
                    .ConfigureAwait(false);
            }

            var path = context.Get<IDatabase>().Description;
            await context.Out.WriteLineAsync(applied.Count == 0
                ? $"{path}: up to date at version {runner.LatestVersion}"
                : $"{path}: now at version {runner.LatestVersion}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
