using System.Text.Json;
using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Tests.Storage;
using ForecastWatch.Tests.Support;
using Npgsql;

namespace ForecastWatch.Tests.Cli;

/// <summary>The CLI on <c>ForecastWatch:Store</c> = <c>postgres</c>, the password in a pgpass file (not in the config).</summary>
public sealed class PostgresStoreCliTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [PostgresFact]
    public async Task ImportThenList_PostgresStore_SeedsLandInPostgres()
    {
        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);
        var config = await WriteConfigAsync(store.ConnectionString!);

        var (code, output, error) = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "migrate");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("postgres", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", output + error, StringComparison.OrdinalIgnoreCase);

        (code, _, error) = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "import", RepoSeeds.Directory);
        Assert.True(code == ExitCodes.Ok, error);
        (code, output, error) = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "list");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.False(File.Exists(Path.Combine(_seeds.DataDir, "forecastwatch.db")), "the SQLite store must stay unused");
        Assert.NotEmpty(output.Trim());
    }

    private async Task<string> WriteConfigAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var passfile = Path.Combine(_seeds.Root, "pgpass");
        await File.WriteAllTextAsync(passfile, $"{builder.Host}:{builder.Port}:{builder.Database}:{builder.Username}:{builder.Password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        builder.Password = null;
        builder.Passfile = passfile;
        var config = Path.Combine(_seeds.Root, "postgres.json");
        var json = JsonSerializer.Serialize(new { ForecastWatch = new { Store = "postgres", Postgres = new { ConnectionString = builder.ToString() } } });
        await File.WriteAllTextAsync(config, json);
        return config;
    }
}
