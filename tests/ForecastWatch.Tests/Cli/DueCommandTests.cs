using ForecastWatch.Cli;
using ForecastWatch.Tests.Mailing;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Cli;

public sealed class DueCommandTests : IDisposable
{
    private readonly string _data = RepoSeeds.NewDataDirectory();

    public DueCommandTests()
    {
        var import = CliRunner.RunAsync("--data", _data, "import", RepoSeeds.Directory).GetAwaiter().GetResult();
        Assert.True(import.Code == ExitCodes.Ok, import.Err);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Due_DryRun_ListsTwelveMonthPredictionAndQueuesNothing()
    {
        var (code, output, error) = await CliRunner.RunAsync("--data", _data, "due", "--now", "2027-06-01", "--dry-run");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("ainews-regulation", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ainews-attention-rewrite", output, StringComparison.Ordinal);
        Assert.Contains("nothing queued", output, StringComparison.Ordinal);
        var outbox = await CliRunner.RunAsync("--data", _data, "outbox");
        Assert.Contains("0 message(s)", outbox.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Due_ThenAgain_QueuesEachPromptOnce()
    {
        var first = await CliRunner.RunAsync("--data", _data, "due", "--now", "2027-06-01");
        var second = await CliRunner.RunAsync("--data", _data, "due", "--now", "2027-06-01T06:00:00Z");

        Assert.True(first.Code == ExitCodes.Ok, first.Err);
        Assert.Contains("8 mail(s) queued", first.Out, StringComparison.Ordinal);
        Assert.Contains("0 mail(s) queued", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Due_TokenSecretInConfigFile_RefusedNamingTheKey()
    {
        var config = Path.Combine(_data, "bad.json");
        await File.WriteAllTextAsync(config, """{ "ForecastWatch": { "Mailing": { "TokenSecret": "0123456789abcdef0123" } } }""");

        var (code, _, error) = await CliRunner.RunAsync("--data", _data, "--config", config, "due", "--dry-run");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("ForecastWatch:Mailing:TokenSecret", error, StringComparison.Ordinal);
        Assert.Contains("ForecastWatch__Mailing__TokenSecret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "ForecastWatch": { "Mailing": { "Transport": "carrier-pigeon" } } }""", "ForecastWatch:Mailing:Transport")]
    [InlineData("""{ "ForecastWatch": { "Mailing": { "DeskAddress": "not an address" } } }""", "ForecastWatch:Mailing:DeskAddress")]
    [InlineData("""{ "ForecastWatch": { "Prompts": { "ReminderDays": [7, 3] } } }""", "ForecastWatch:Prompts:ReminderDays")]
    [InlineData("""{ "ForecastWatch": { "Prompts": { "DueCheckCron": "0 0 * * * ?" } } }""",
        "ForecastWatch:Prompts:DueCheckCron is no longer read")]
    [InlineData("""{ "ForecastWatch": { "Jobs": { "due-check": { "Cron": "every hour" } } } }""", "ForecastWatch:Jobs:due-check:Cron")]
    [InlineData("""{ "ForecastWatch": { "Jobs": { "inbox": { "Cron": "* * *" } } } }""", "ForecastWatch:Jobs:inbox:Cron")]
    [InlineData("""{ "ForecastWatch": { "Editors": { "DefaultDesk": "" } } }""", "ForecastWatch:Editors:DefaultDesk")]
    public async Task Due_BadSetting_RefusedNamingTheKey(string json, string key)
    {
        var config = Path.Combine(_data, "bad.json");
        await File.WriteAllTextAsync(config, json);

        var (code, _, error) = await CliRunner.RunAsync("--data", _data, "--config", config, "due", "--dry-run");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(key, error, StringComparison.Ordinal);
    }
}
