using ForecastWatch.Cli;
using ForecastWatch.Tests.Mailing;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Cli;

public sealed class OutboxCommandTests : IDisposable
{
    private readonly string _data = RepoSeeds.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task RunOnceThenOutbox_SeedsDue_WrittenAsEmlAndListedSent()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("--data", _data, "import", RepoSeeds.Directory)).Code);

        var run = await CliRunner.RunAsync("--data", _data, "run", "--once", "--now", "2027-06-01");
        var outbox = await CliRunner.RunAsync("--data", _data, "outbox");
        var failed = await CliRunner.RunAsync("--data", _data, "outbox", "--failed");

        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        Assert.Contains("prompts queued: 8", run.Out, StringComparison.Ordinal);
        Assert.Contains("delivered: 8", run.Out, StringComparison.Ordinal);
        var files = Directory.GetFiles(Path.Combine(_data, "outbox"), "*.eml");
        Assert.Equal(8, files.Length);
        var eml = await File.ReadAllTextAsync(files.Single(f => File.ReadAllText(f).Contains("[FW-ainews-regulation]", StringComparison.Ordinal)));
        Assert.Matches(@"(?m)^Message-ID: <fw\.prompt\.\d+\.0@example\.test>\r$", eml);
        Assert.Matches(@"(?m)^Reply-To: desk\+p\d+\.[a-z2-7]{20}@example\.test\r$", eml);
        Assert.Contains("Auto-Submitted: auto-generated\r\n", eml, StringComparison.Ordinal);
        Assert.Contains("X-Auto-Response-Suppress: All\r\n", eml, StringComparison.Ordinal);
        Assert.Contains("X-ForecastWatch-Loop: prompt; prediction=ainews-regulation; step=0\r\n", eml, StringComparison.Ordinal);
        Assert.Contains("multipart/alternative", eml, StringComparison.Ordinal);
        Assert.Contains("8 message(s): 8 sent", outbox.Out, StringComparison.Ordinal);
        Assert.Contains("0 message(s)", failed.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data, "token-secret")), "a development token secret is created in the data directory");
    }

    [Fact]
    public async Task RunOnce_ThreeDaysLater_RemindersInSameThread()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("--data", _data, "import", RepoSeeds.Directory)).Code);
        await CliRunner.RunAsync("--data", _data, "run", "--once", "--now", "2027-06-01");

        var resolve = await CliRunner.RunAsync("--data", _data, "resolve", "ainews-regulation", "no", "--by", "editor@example.test", "--now", "2027-06-02");
        var run = await CliRunner.RunAsync("--data", _data, "run", "--once", "--now", "2027-06-04");

        Assert.True(resolve.Code == ExitCodes.Ok, resolve.Err);
        Assert.Contains("reminders/escalations queued: 7", run.Out, StringComparison.Ordinal);
        var reminders = Directory.GetFiles(Path.Combine(_data, "outbox"), "fw.prompt.*.1@example.test.eml");
        Assert.Equal(7, reminders.Length);
        Assert.All(reminders, f => Assert.Contains("In-Reply-To: <fw.prompt.", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.DoesNotContain(reminders, f => File.ReadAllText(f).Contains("[FW-ainews-regulation]", StringComparison.Ordinal));
    }
}
