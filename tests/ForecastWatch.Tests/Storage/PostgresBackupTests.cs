using System.Diagnostics;
using System.Text.Json;
using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ForecastWatch.Tests.Storage;

/// <summary><c>backup</c> on a PostgreSQL store: pg_dump's custom format when pg_dump is here, the command to run when not.</summary>
public sealed class PostgresBackupTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [PostgresFact]
    public async Task Backup_PostgresStore_PgDumpWritesARestorableDump()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        var config = Path.Combine(_seeds.Root, "postgres.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(
            new { ForecastWatch = new { Store = "postgres" } }));
        var import = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "import", RepoSeeds.Directory);
        Assert.Contains("ConnectionString is not set", import.Err, StringComparison.Ordinal);

        // The connection string (with its password) from the environment form of the key, as a deployment gives it.
        var previous = Environment.GetEnvironmentVariable("ForecastWatch__Postgres__ConnectionString");
        Environment.SetEnvironmentVariable("ForecastWatch__Postgres__ConnectionString", store.ConnectionString);
        try
        {
            import = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "import", RepoSeeds.Directory);
            Assert.True(import.Code == ExitCodes.Ok, import.Err);
            var backups = Path.Combine(_seeds.Root, "backups");
            Directory.CreateDirectory(backups);

            var backup = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "backup", backups);

            Assert.True(backup.Code == ExitCodes.Ok, backup.Out + backup.Err);
            var file = Assert.Single(Directory.GetFiles(backups));
            Assert.EndsWith(".dump", file, StringComparison.Ordinal);
            Assert.Contains($"{file}: ", backup.Out, StringComparison.Ordinal);
            Assert.Contains("schema version " + new MigrationRunner(store.Database).LatestVersion, backup.Out, StringComparison.Ordinal);
            var settings = new NpgsqlConnectionStringBuilder(store.ConnectionString!);
            Assert.DoesNotContain(settings.Password!, backup.Out + backup.Err, StringComparison.Ordinal);
            Assert.Equal("PGDMP"u8.ToArray(), File.ReadAllBytes(file)[..5]);

            // pg_restore reads it back: the store's tables and their rows are in the archive.
            var list = Process.Start(new ProcessStartInfo("pg_restore", ["--list", file]) { RedirectStandardOutput = true })!;
            var toc = await list.StandardOutput.ReadToEndAsync();
            await list.WaitForExitAsync();
            Assert.Equal(0, list.ExitCode);
            Assert.Contains("TABLE DATA " + settings.SearchPath + " predictions", toc, StringComparison.Ordinal);

            var again = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "backup", file);
            Assert.Equal(ExitCodes.BadInput, again.Code);
            Assert.Contains("already exists", again.Err, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ForecastWatch__Postgres__ConnectionString", previous);
        }
    }

    [PostgresFact]
    public async Task Backup_NoPgDumpHere_SaysWhatToRunWithoutThePassword()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        var postgres = (PostgresDatabase)store.Database;
        var sqlite = new SqliteConnectionFactory(Path.Combine(_seeds.DataDir, "unused.db"));
        var backup = new DatabaseBackup(sqlite, postgres, new FakeTimeProvider());

        var refused = await Assert.ThrowsAsync<BackupException>(() =>
            backup.DumpAsync(postgres, Path.Combine(_seeds.Root, "x.dump"), overwrite: false, [_seeds.Root], CancellationToken.None));

        var settings = postgres.Settings;
        Assert.Contains("pg_dump is not installed here", refused.Message, StringComparison.Ordinal);
        Assert.Contains(
            $"pg_dump --format=custom --file={Path.Combine(_seeds.Root, "x.dump")} --host={settings.Host} --port={settings.Port} "
            + $"--dbname={settings.Database} --username={settings.Username} --schema={settings.SearchPath}",
            refused.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain(settings.Password!, refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_seeds.Root, "x.dump")));
    }
}
