using System.Data.Common;
using System.Security.Cryptography;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Inbound;

/// <summary>What one pass over the raw files of earlier versions did.</summary>
internal sealed record LegacyRawImportReport(int Files, int Copied, int AlreadyStored, int Unknown, int Changed);

/// <summary>
/// Moves the raw message files earlier versions kept on a node's disk (<c>raw/ab/abcdef….eml</c>, named by their
/// SHA-256) into the database (<c>inbound_raw</c>), so that every node can read, list and release every message.
/// Each file is hashed (streamed) and must match its name; its bytes are written in a transaction of their own and the
/// file is deleted only after that commit. Crash-safe and idempotent: a file whose message already has its bytes in the
/// database (a copy committed before a crash, or one copied on demand) is only deleted. A file that no message in this
/// database names (kept by another installation, say) and a changed file are left where they are and logged.
/// Files are matched by hash, not by node: raw files from a node that will not start again can be moved into any
/// node's raw directory and are copied at that node's next start.
/// </summary>
internal sealed partial class LegacyRawImport(IDatabase database, RawMailStore raw, TimeProvider time, ILogger<LegacyRawImport> logger)
{
    private const string FindSql = """
        SELECT m.id AS Id, r.inbound_id AS StoredId
        FROM inbound_messages m LEFT JOIN inbound_raw r ON r.inbound_id = m.id
        WHERE m.sha256 = @Sha
        """;

    public async Task<LegacyRawImportReport> RunAsync(CancellationToken cancellationToken)
    {
        var files = FindFiles(raw.Root);
        if (files.Count == 0)
        {
            return new LegacyRawImportReport(0, 0, 0, 0, 0);
        }

        LogStart(logger, files.Count, raw.Root);
        var progress = ProgressReporter.ToLog("raw mail files", "moved into the database", files.Count,
            line => LogProgress(logger, line), time);
        int copied = 0, stored = 0, unknown = 0, changed = 0;
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var (path, sha) in files)
            {
                var row = await connection.Sql(FindSql).Bind("Sha", sha)
                    .SingleOrDefaultAsync(Row.Read, cancellationToken).ConfigureAwait(false);
                if (row is null)
                {
                    unknown++;
                }
                else if (row.StoredId is not null)
                {
                    RawMailStore.TryDelete(path);
                    stored++;
                }
                else
                {
                    var (actual, size) = await HashAsync(path, cancellationToken).ConfigureAwait(false);
                    if (actual != sha)
                    {
                        LogChanged(logger, path, sha, actual);
                        changed++;
                        progress.Advance();
                        continue;
                    }

                    var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        await raw.SaveAsync(connection, transaction, row.Id, new StagedRawMail(path, sha, size, tooLarge: false),
                            cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // Only after the commit: a crash before this line leaves the file, which the next start deletes.
                    RawMailStore.TryDelete(path);
                    copied++;
                }

                progress.Advance();
            }
        }

        progress.Complete();
        RemoveEmptyDirectories(raw.Root);
        var report = new LegacyRawImportReport(files.Count, copied, stored, unknown, changed);
        LogDone(logger, report.Files, report.Copied, report.AlreadyStored, report.Unknown, report.Changed);
        return report;
    }

    /// <summary>The files named <c>ab/abcdef….eml</c> (64 lower-case hex digits, the first two the directory's name).</summary>
    internal static List<(string Path, string Sha256)> FindFiles(string root)
    {
        var found = new List<(string, string)>();
        if (!Directory.Exists(root))
        {
            return found;
        }

        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var prefix = Path.GetFileName(directory);
            if (prefix.Length != 2 || !prefix.All(char.IsAsciiHexDigitLower))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*.eml"))
            {
                var sha = Path.GetFileNameWithoutExtension(file);
                if (sha.Length == 64 && sha.All(char.IsAsciiHexDigitLower) && sha.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add((file, sha));
                }
            }
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        return found;
    }

    private static async Task<(string Sha256, long Size)> HashAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return (Convert.ToHexStringLower(hash), file.Length);
        }
    }

    private static void RemoveEmptyDirectories(string root)
    {
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            try
            {
                if (Path.GetFileName(directory).Length == 2 && !Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private sealed record Row(long Id, long? StoredId)
    {
        public static Row Read(DbDataReader r) => new(r.Int64("Id"), r.Int64OrNull("StoredId"));
    }

    [LoggerMessage(EventId = 6140, Level = LogLevel.Information,
        Message = "Moving {Count} raw mail file(s) kept by an earlier version under {Root} into the database")]
    private static partial void LogStart(ILogger logger, int count, string root);

    [LoggerMessage(EventId = 6141, Level = LogLevel.Information, Message = "Start-up progress: {Progress}")]
    private static partial void LogProgress(ILogger logger, string progress);

    [LoggerMessage(EventId = 6142, Level = LogLevel.Warning,
        Message = "Raw mail file {Path} does not hash to its name {Expected} (it hashes to {Actual}): it was changed; left as it is")]
    private static partial void LogChanged(ILogger logger, string path, string expected, string actual);

    [LoggerMessage(EventId = 6143, Level = LogLevel.Information,
        Message = "Raw mail files: {Files} found, {Copied} moved into the database, {Stored} already there (file deleted), "
            + "{Unknown} naming no message of this database and {Changed} changed (both left in place)")]
    private static partial void LogDone(ILogger logger, int files, int copied, int stored, int unknown, int changed);
}

/// <summary>Runs <see cref="LegacyRawImport"/> when the worker starts, after the migrations and before any job.</summary>
internal sealed class LegacyRawImportHostedService(LegacyRawImport import) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => import.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
