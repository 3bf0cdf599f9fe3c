using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Storage;

internal sealed record BackupResult(string Path, long Bytes, int SchemaVersion);

/// <summary>The database to back up does not exist, or the destination is unusable.</summary>
internal sealed class BackupException(string message) : Exception(message);

/// <summary>
/// A consistent online copy through SQLite's backup API (https://sqlite.org/backup.html): the copy is one
/// snapshot even while the worker writes, written to a temp file beside the destination and renamed into place,
/// so a crash never leaves a half-written backup under the final name.
/// </summary>
internal sealed partial class DatabaseBackup(SqliteConnectionFactory connections, IDatabase store, TimeProvider timeProvider)
{
    private const string HasInstallationSql = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'installation'";

    public async Task<BackupResult> CopyToAsync(string destination, bool overwrite, CancellationToken cancellationToken)
    {
        if (store is PostgresDatabase postgres)
        {
            return await DumpAsync(postgres, destination, overwrite, PgDumpDirectories(), cancellationToken).ConfigureAwait(false);
        }

        if (!File.Exists(connections.DatabasePath))
        {
            throw new BackupException($"no database at {connections.DatabasePath} (check --data / ForecastWatch:DataDirectory).");
        }

        var target = ResolveTarget(destination);
        var temp = TempBeside(target, overwrite);
        try
        {
            await using (var source = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var copy = new SqliteConnection(
                    new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString());
                await copy.OpenAsync(cancellationToken).ConfigureAwait(false);
                source.BackupDatabase(copy);

                // The copy is what a restore brings back: it gets its own installation id (the old one kept as a
                // previous id), so after a restore it never repeats a Message-ID the original wrote after this backup.
                if (await copy.Sql(HasInstallationSql).ScalarAsync<long>(cancellationToken).ConfigureAwait(false) != 0)
                {
                    await InstallationStore.RekeyAsync(copy, cancellationToken).ConfigureAwait(false);
                }

                // The copy inherits WAL mode; a backup should be one self-contained file.
                await copy.Sql("PRAGMA journal_mode = DELETE;").ExecuteAsync(cancellationToken)
                    .ConfigureAwait(false);
                var check = await copy.Sql("PRAGMA quick_check;").ScalarAsync<string>(cancellationToken).ConfigureAwait(false);
                if (!string.Equals(check, "ok", StringComparison.Ordinal))
                {
                    throw new BackupException($"the copy failed its integrity check: {check}");
                }

                var version = await copy.Sql("PRAGMA user_version;").ScalarAsync<int>(cancellationToken).ConfigureAwait(false);
                await copy.CloseAsync().ConfigureAwait(false);
                File.Move(temp, target, overwrite);
                return new BackupResult(target, new FileInfo(target).Length, version);
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// A temporary file beside <paramref name="target"/>, renamed over it once complete; refuses an existing target
    /// unless <paramref name="overwrite"/>, and a directory that does not exist.
    /// </summary>
    private static string TempBeside(string target, bool overwrite)
    {
        if (File.Exists(target) && !overwrite)
        {
            throw new BackupException($"{target} already exists (pass --overwrite to replace it).");
        }

        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new BackupException($"directory {directory} does not exist.");
        }

        return Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>A directory gets a time-stamped file name; anything else is the file to write.</summary>
    private string ResolveTarget(string destination, string extension = ".db")
    {
        var full = Path.GetFullPath(destination);
        if (Directory.Exists(full))
        {
            var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            return Path.Combine(full, $"forecastwatch-{stamp}{extension}");
        }

        return full;
    }
}
