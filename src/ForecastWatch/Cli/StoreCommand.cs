using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ForecastWatch.Cli;

/// <summary><c>store copy --to postgres</c>: moves a SQLite store into an empty PostgreSQL one, verified table by table.</summary>
internal static class StoreCommand
{
    /// <summary>Exit code when the copy ran but a table or the running sums did not verify (nothing was committed).</summary>
    public const int Mismatch = 3;

    public static Command Create()
    {
        var store = new Command("store", "Move the store between kinds (SQLite to PostgreSQL).");
        store.Subcommands.Add(CreateCopy());
        return store;
    }

    private static Command CreateCopy()
    {
        var to = new Option<string>("--to")
        {
            Description = "The store to fill: postgres (connection from ForecastWatch:Postgres:ConnectionString, "
                + "environment or _FILE). It must be empty; it is migrated first.",
            Required = true,
        };
        to.AcceptOnlyFromAmong(StoreKinds.Postgres);
        var from = new Option<string?>("--from")
        {
            Description = "The SQLite database to copy (default: forecastwatch.db in the data directory). Read only.",
        };
        var command = new Command(
            "copy",
            "Copy a SQLite database into an empty PostgreSQL one in one transaction; commits only when every table's rows and "
            + "checksum match and the running sums agree with a recomputation. Exit 0 verified, 1 refused, 3 mismatch.");
        command.Options.Add(to);
        command.Options.Add(from);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: false, async (context, token) =>
        {
            var options = context.Get<IOptions<ForecastWatchOptions>>().Value;
            var connectionString = options.Postgres.ConnectionString;
            if (StoreSettings.ConnectionStringProblem(connectionString) is { } problem)
            {
                await context.Error.WriteLineAsync($"store copy: {problem}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var source = parseResult.GetValue(from) is { Length: > 0 } path
                ? Path.GetFullPath(path)
                : context.Get<SqliteConnectionFactory>().DatabasePath;
            await using var target = new PostgresDatabase(connectionString!);
            var progress = new CliCopyProgress(context);
            var clock = Stopwatch.StartNew();
            StoreCopyResult result;
            try
            {
                result = await new StoreCopy(source, target).CopyAsync(progress, token).ConfigureAwait(false);
            }
            catch (StoreCopyException ex)
            {
                progress.Complete();
                await context.Error.WriteLineAsync($"store copy: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (NpgsqlException ex)
            {
                // Npgsql's messages name the server's complaint, never the connection string's password.
                progress.Complete();
                await context.Error.WriteLineAsync($"store copy: {target.Description}: {ex.Message}. Nothing was changed.")
                    .ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await WriteTableAsync(context.Out, result).ConfigureAwait(false);
            var rows = result.Tables.Sum(static t => t.SourceRows);
            var sums = result.SumGroupsOff == 0
                ? "running sums agree with a recomputation"
                : string.Create(CultureInfo.InvariantCulture, $"running sums: {result.SumGroupsOff} group(s) differ from a recomputation");
            if (result.Committed)
            {
                var took = ProgressReporter.Duration(clock.Elapsed);
                await context.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"copied {rows:N0} rows from {source} to {target.Description} in {took}; {sums}."))
                    .ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var tables = result.Tables.Where(static t => !t.Matches).Select(static t => t.Table).ToList();
            await context.Error.WriteLineAsync(
                "store copy: NOT verified"
                + (tables.Count > 0 ? $" ({string.Join(", ", tables)} differ)" : "")
                + $"; {sums}. The transaction was rolled back: {target.Description} is unchanged.").ConfigureAwait(false);
            return Mismatch;
        }, ct));
        return command;
    }

    private static async Task WriteTableAsync(TextWriter output, StoreCopyResult result)
    {
        var width = Math.Max("table".Length, result.Tables.Max(static t => t.Table.Length));
        var c = CultureInfo.InvariantCulture;
        var header = string.Create(c, $"{"table".PadRight(width)}  {"sqlite rows",12}  {"postgres rows",13}  sha-256 (first 16)");
        await output.WriteLineAsync(header).ConfigureAwait(false);
        foreach (var t in result.Tables)
        {
            var checksum = t.Matches ? t.SourceChecksum[..16] : $"{t.SourceChecksum[..16]} != {t.TargetChecksum[..16]}";
            var verdict = t.Matches ? "ok" : "MISMATCH";
            await output.WriteLineAsync(string.Create(
                c, $"{t.Table.PadRight(width)}  {t.SourceRows,12:N0}  {t.TargetRows,13:N0}  {checksum}  {verdict}")).ConfigureAwait(false);
        }
    }

    /// <summary>The copy's phases on stderr through the shared progress reporter (terminal: one line; otherwise periodic lines).</summary>
    private sealed class CliCopyProgress(CommandContext context) : IStoreCopyProgress
    {
        private ProgressReporter? _current;

        public void Start(string phase, long totalRows)
        {
            _current?.Complete();
            _current = context.Progress(phase, "rows", totalRows);
        }

        public void Advance(string table, long rows)
        {
            if (_current is { } reporter)
            {
                reporter.Current = table;
                reporter.Advance(rows);
            }
        }

        public void Complete()
        {
            _current?.Complete();
            _current = null;
        }
    }
}
