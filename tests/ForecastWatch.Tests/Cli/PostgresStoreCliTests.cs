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

    [PostgresFact]
    public async Task PromptCycle_PostgresStore_SameAnswersAsSqlite()
    {
        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);
        var config = await WriteConfigAsync(store.ConnectionString!);
        var sqliteData = Path.Combine(_seeds.Root, "sqlite-data");
        string[] onPostgres = ["--config", config, "--data", _seeds.DataDir];
        string[] onSqlite = ["--data", sqliteData];

        foreach (var where in new[] { onPostgres, onSqlite })
        {
            var import = await CliRunner.RunAsync([.. where, "import", RepoSeeds.Directory]);
            Assert.True(import.Code == ExitCodes.Ok, import.Err);
            var first = await CliRunner.RunAsync([.. where, "run", "--once", "--now", "2027-06-01"]);
            Assert.True(first.Code == ExitCodes.Ok, first.Err);
            Assert.Contains("prompts queued: 8", first.Out, StringComparison.Ordinal);
            Assert.Contains("delivered: 8", first.Out, StringComparison.Ordinal);
            var resolve = await CliRunner.RunAsync(
                [.. where, "resolve", "ainews-regulation", "no", "--by", "editor@example.test", "--now", "2027-06-02"]);
            Assert.True(resolve.Code == ExitCodes.Ok, resolve.Err);
            var second = await CliRunner.RunAsync([.. where, "run", "--once", "--now", "2027-06-04"]);
            Assert.True(second.Code == ExitCodes.Ok, second.Err);
            Assert.Contains("reminders/escalations queued: 7", second.Out, StringComparison.Ordinal);

            // A reply read from the inbox resolves a prediction, once, however often the inbox is processed.
            var data = where[^1];
            await ForecastWatch.Inbound.MaildirSource.DeliverAsync(Path.Combine(data, "inbox"), System.Text.Encoding.UTF8.GetBytes(
                "From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-ainews-merged-product] Due\r\n"
                + "Message-ID: <reply-1@example.org>\r\n\r\nYES\r\n"), CancellationToken.None);
            for (var i = 0; i < 2; i++)
            {
                var inbox = await CliRunner.RunAsync([.. where, "inbox", "process", "--once", "--now", "2027-06-04T12:00:00Z"]);
                Assert.True(inbox.Code == ExitCodes.Ok, inbox.Err);
            }

            var applied = await CliRunner.RunAsync([.. where, "inbox", "list"]);
            Assert.True(applied.Out.Contains("applied", StringComparison.Ordinal), where[0] + ": " + applied.Out + applied.Err);
        }

        string[][] commands = [["list", "--now", "2027-06-05"], ["scorecard", "--now", "2027-06-05"],
            ["due", "--now", "2027-06-05", "--dry-run"]];
        foreach (var command in commands)
        {
            var postgres = await CliRunner.RunAsync([.. onPostgres, .. command]);
            var sqlite = await CliRunner.RunAsync([.. onSqlite, .. command]);
            Assert.True(postgres.Code == ExitCodes.Ok, postgres.Err);
            Assert.Equal(sqlite.Out, postgres.Out);
        }

        // The same mail, in the same states (the Message-IDs differ: each database has its own installation id).
        static string Summary(string output) => output.Trim().Split('\n')[^1];
        var outbox = await CliRunner.RunAsync([.. onPostgres, "outbox"]);
        Assert.Contains("15 sent", outbox.Out, StringComparison.Ordinal);
        Assert.Equal(Summary((await CliRunner.RunAsync([.. onSqlite, "outbox"])).Out), Summary(outbox.Out));
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
        var json = JsonSerializer.Serialize(
            new { ForecastWatch = new { Store = "postgres", Postgres = new { ConnectionString = builder.ToString() } } });
        await File.WriteAllTextAsync(config, json);
        return config;
    }
}
