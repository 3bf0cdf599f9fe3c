using ForecastWatch.Cli;
using ForecastWatch.Tests.Mailing;
using Microsoft.Data.Sqlite;
using MimeKit;

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
        var messages = new List<MimeMessage>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            messages.Add(await MimeMessage.LoadAsync(stream));
        }

        var eml = messages.Single(m => m.Subject!.StartsWith("[FW-ainews-regulation] Due: ", StringComparison.Ordinal));
        Assert.Matches(@"^fw\.prompt\.\d+\.0\.i[0-9a-f]{16}@example\.test$", eml.MessageId);
        Assert.Matches(@"^desk\+p\d+\.[a-z2-7]{20}@example\.test$", Assert.Single(eml.ReplyTo.Mailboxes).Address);
        Assert.Equal("editor@example.test", Assert.Single(eml.To.Mailboxes).Address);
        Assert.Equal("auto-generated", eml.Headers["Auto-Submitted"]);
        Assert.Equal("All", eml.Headers["X-Auto-Response-Suppress"]);
        Assert.Equal("prompt; prediction=ainews-regulation; step=0", eml.Headers["X-ForecastWatch-Loop"]);
        Assert.Contains("Prediction 3: Regulatory intervention will occur within 12 months.", eml.TextBody, StringComparison.Ordinal);
        Assert.Contains("EXTEND 2027-06-30", eml.HtmlBody, StringComparison.Ordinal);
        messages.ForEach(m => m.Dispose());
        Assert.Contains("8 message(s): 8 sent", outbox.Out, StringComparison.Ordinal);
        Assert.Contains("0 message(s)", failed.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data, "token-secret")), "a development token secret is created in the data directory");
    }

    [Fact]
    public async Task RunOnce_ThreeDaysLater_RemindersInSameThread()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("--data", _data, "import", RepoSeeds.Directory)).Code);
        await CliRunner.RunAsync("--data", _data, "run", "--once", "--now", "2027-06-01");

        var resolve = await CliRunner.RunAsync("--data", _data, "resolve", "ainews-regulation", "no", "--by", "editor@example.test",
            "--now", "2027-06-02");
        var run = await CliRunner.RunAsync("--data", _data, "run", "--once", "--now", "2027-06-04");

        Assert.True(resolve.Code == ExitCodes.Ok, resolve.Err);
        Assert.Contains("reminders/escalations queued: 7", run.Out, StringComparison.Ordinal);
        var reminders = Directory.GetFiles(Path.Combine(_data, "outbox"), "fw.prompt.*.1.*@example.test.eml");
        Assert.Equal(7, reminders.Length);
        Assert.All(reminders, f => Assert.Contains("In-Reply-To: <fw.prompt.", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.DoesNotContain(reminders, f => File.ReadAllText(f).Contains("[FW-ainews-regulation]", StringComparison.Ordinal));
    }
}
