using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Hosting;

/// <summary><c>forecastwatch health</c> end to end over a real SQLite file.</summary>
public sealed class HealthCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fw-health-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataDir => Path.Combine(_dir, "data");

    // The shipped config/appsettings.json schedules the worker's own jobs; these tests describe their own.
    private static readonly string DefaultJobsOff = string.Join(", ",
        ShippedJobNames().Select(static n => $"\"{n}\": {{ \"Enabled\": false }}"));

    private static IEnumerable<string> ShippedJobNames()
    {
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json"), optional: false)
            .Build();
        return shipped.GetSection("ForecastWatch:Jobs").GetChildren().Select(static c => c.Key);
    }

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_dir, "jobs.json");
        File.WriteAllText(path, json);
        return path;
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["health", "--data", DataDir, .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<HeartbeatStore> MigratedStoreAsync()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(DataDir, SqliteConnectionFactory.DatabaseFileName));
        await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None);
        return new HeartbeatStore(connections);
    }

    [Fact]
    public async Task Health_NoDatabase_UnhealthyAndCreatesNothing()
    {
        var (code, output, _) = await RunAsync();

        Assert.Equal(HealthCommand.Unhealthy, code);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDir, SqliteConnectionFactory.DatabaseFileName)));
    }

    [Fact]
    public async Task Health_PendingMigration_Unhealthy()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(DataDir, SqliteConnectionFactory.DatabaseFileName));
        await new MigrationRunner(connections,
            [.. MigrationRunner.Embedded().Where(static m => m.Version == 1)]).ApplyPendingAsync(CancellationToken.None);

        var (code, output, _) = await RunAsync();

        Assert.Equal(HealthCommand.Unhealthy, code);
        Assert.Contains("pending migrations", output, StringComparison.Ordinal);
        Assert.Contains("heartbeats", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_MigratedNoJobs_Healthy()
    {
        await MigratedStoreAsync();
        var config = WriteConfig($$"""{ "ForecastWatch": { "Jobs": { {{DefaultJobsOff}} } } }""");

        var (code, output, _) = await RunAsync("--config", config);

        Assert.Equal(0, code);
        Assert.StartsWith("healthy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_JobBeatRecently_Healthy()
    {
        var store = await MigratedStoreAsync();
        await store.BeatAsync(HeartbeatHealth.WorkerName,
            DateTimeOffset.Parse("2027-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        await store.BeatAsync("Due", DateTimeOffset.Parse("2027-01-10T11:50:00Z", System.Globalization.CultureInfo.InvariantCulture),
            CancellationToken.None);
        var config = WriteConfig($$"""{ "ForecastWatch": { "Jobs": { {{DefaultJobsOff}}, "Due": { "Interval": "00:15:00" } } } }""");

        var (code, output, _) = await RunAsync("--config", config, "--now", "2027-01-10T12:00:00Z");

        Assert.Equal(0, code);
        Assert.Contains("job Due", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_JobLate_UnhealthyNamingJob()
    {
        var store = await MigratedStoreAsync();
        await store.BeatAsync(HeartbeatHealth.WorkerName,
            DateTimeOffset.Parse("2027-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        await store.BeatAsync("Due", DateTimeOffset.Parse("2027-01-10T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            CancellationToken.None);
        var config = WriteConfig(
            """{ "ForecastWatch": { "Jobs": { "Due": { "Interval": "00:15:00" }, "Weekly": { "Cron": "0 0 8 * * ?" } } } }""");

        var (code, output, _) = await RunAsync("--config", config, "--now", "2027-01-10T12:00:00Z");

        Assert.Equal(HealthCommand.Unhealthy, code);
        Assert.Contains("job Due last ran at 2027-01-10 11:00:00Z", output, StringComparison.Ordinal);
        Assert.Contains("job Weekly has never run", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_MalformedJobSchedule_UnhealthyNamingKey()
    {
        await MigratedStoreAsync();
        var config = WriteConfig("""{ "ForecastWatch": { "Jobs": { "Due": { "Interval": "often" } } } }""");

        var (code, output, error) = await RunAsync("--config", config);

        Assert.Equal(HealthCommand.Unhealthy, code);
        Assert.Contains("ForecastWatch:Jobs:Due:Interval", output + error, StringComparison.Ordinal);
    }
}
