using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Hosting;

/// <summary><c>forecastwatch backup DEST</c> over a real SQLite file, also while another connection writes.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fw-backup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataDir => Path.Combine(_dir, "data");

    private SqliteConnectionFactory Connections => new(Path.Combine(DataDir, SqliteConnectionFactory.DatabaseFileName));

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["backup", "--data", DataDir, .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task SeedAsync(int beats)
    {
        await new MigrationRunner(Connections).ApplyPendingAsync(CancellationToken.None);
        var store = new HeartbeatStore(Connections);
        for (var i = 0; i < beats; i++)
        {
            await store.BeatAsync($"job{i}", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 + i), CancellationToken.None);
        }
    }

    private static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Backup_ToFile_CopiesDataAsSingleFile()
    {
        await SeedAsync(3);
        var dest = Path.Combine(_dir, "copy.db");

        var (code, output, _) = await RunAsync(dest);

        Assert.Equal(0, code);
        Assert.Contains($"schema version {MigrationRunner.Embedded().Max(static m => m.Version)}", output, StringComparison.Ordinal);
        Assert.Equal(3, await CountAsync(dest, "SELECT count(*) FROM heartbeats"));
        Assert.Equal("delete", await ScalarAsync(dest, "PRAGMA journal_mode"));
        var live = await ScalarAsync(Path.Combine(DataDir, SqliteConnectionFactory.DatabaseFileName),
            "SELECT installation_id FROM installation");
        Assert.NotEqual(live, await ScalarAsync(dest, "SELECT installation_id FROM installation"));
        Assert.Equal(live, await ScalarAsync(dest, "SELECT previous_ids FROM installation"));
        Assert.Equal([Path.GetFileName(dest)], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    private static async Task<string?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<string>(sql);
    }

    [Fact]
    public async Task Backup_ToDirectory_WritesTimestampedFile()
    {
        await SeedAsync(1);
        var backups = Directory.CreateDirectory(Path.Combine(_dir, "backups")).FullName;

        var (code, _, _) = await RunAsync(backups);

        Assert.Equal(0, code);
        var file = Assert.Single(Directory.GetFiles(backups));
        Assert.Matches(@"forecastwatch-\d{8}T\d{6}Z\.db$", file);
    }

    [Fact]
    public async Task Backup_DestinationExists_RefusesWithoutOverwrite()
    {
        await SeedAsync(1);
        var dest = Path.Combine(_dir, "copy.db");
        await File.WriteAllTextAsync(dest, "keep me");

        var (code, _, error) = await RunAsync(dest);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--overwrite", error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(dest));
    }

    [Fact]
    public async Task Backup_Overwrite_ReplacesDestination()
    {
        await SeedAsync(2);
        var dest = Path.Combine(_dir, "copy.db");
        await File.WriteAllTextAsync(dest, "old");

        var (code, _, _) = await RunAsync(dest, "--overwrite");

        Assert.Equal(0, code);
        Assert.Equal(2, await CountAsync(dest, "SELECT count(*) FROM heartbeats"));
    }

    [Fact]
    public async Task Backup_NoDatabase_BadInputAndCreatesNothing()
    {
        var (code, _, error) = await RunAsync(Path.Combine(_dir, "copy.db"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no database", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDir));
        Assert.False(File.Exists(Path.Combine(_dir, "copy.db")));
    }

    [Fact]
    public async Task Backup_WhileAnotherConnectionWrites_CopyIsConsistentSnapshot()
    {
        await SeedAsync(0);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            // Each transaction writes two rows: a consistent snapshot always holds an even number of them.
            var i = 0;
            await using var connection = await Connections.OpenAsync(CancellationToken.None);
            while (!stop.IsCancellationRequested || i < 200)
            {
                await using var tx = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync("INSERT INTO heartbeats (name, beat_at) VALUES (@A, 1), (@B, 2)",
                    new { A = $"a{i}", B = $"b{i}" }, tx);
                await tx.CommitAsync();
                i++;
            }

            return i;
        });
        var copies = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            var dest = Path.Combine(_dir, $"copy{n}.db");
            var (code, _, error) = await RunAsync(dest);
            Assert.True(code == 0, error);
            copies.Add(dest);
        }

        await stop.CancelAsync();
        var written = await writer;

        foreach (var copy in copies)
        {
            Assert.Equal("ok", await ScalarAsync(copy, "PRAGMA integrity_check"));
            var rows = await CountAsync(copy, "SELECT count(*) FROM heartbeats");
            Assert.Equal(0, rows % 2);
            Assert.True(rows <= written * 2);
        }
    }
}
