using System.Text;
using ForecastWatch.Cli;
using ForecastWatch.Inbound;
using ForecastWatch.Tests.Inbound;

namespace ForecastWatch.Tests.Cli;

public sealed class InboxCommandTests
{
    private static Task DeliverAsync(string data, string from, string body) =>
        MaildirSource.DeliverAsync(Path.Combine(data, "inbox"), Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: desk@example.test\r\nSubject: Re: [FW-ai-act] Due\r\nMessage-ID: "
                + $"<{Guid.NewGuid():N}@example.org>\r\n\r\n{body}\r\n"), CancellationToken.None);

    [Fact]
    public async Task ProcessOnce_ThenList_ShowsOutcomesAndReasons()
    {
        using var db = await InboundTestDatabase.CreateAsync();
        await DeliverAsync(db.DataDirectory, "desk@example.test", "YES");
        await DeliverAsync(db.DataDirectory, "outsider@example.test", "NO");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["inbox", "process", "--once", "--data", db.DataDirectory], stdout, stderr);

        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        Assert.Contains("2 message(s): 1 applied, 1 rejected", stdout.ToString(), StringComparison.Ordinal);

        var list = new StringWriter();
        await CliApp.RunAsync(["inbox", "list", "--rejected", "--data", db.DataDirectory], list, new StringWriter());

        Assert.Contains("NotAnEditor", list.ToString(), StringComparison.Ordinal);
        Assert.Contains("outsider@example.test", list.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("applied", list.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_HasStatusAndReason()
    {
        using var db = await InboundTestDatabase.CreateAsync();
        await DeliverAsync(db.DataDirectory, "desk@example.test", "maybe?");
        await CliApp.RunAsync(["inbox", "process", "--once", "--data", db.DataDirectory], new StringWriter(), new StringWriter());
        var stdout = new StringWriter();

        await CliApp.RunAsync(["inbox", "list", "--json", "--data", db.DataDirectory], stdout, new StringWriter());

        Assert.Contains("\"status\": \"rejected\"", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"Unreadable\"", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_BadInboxSetting_ExitsOneNamingTheKey()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "bad.json");
        await File.WriteAllTextAsync(config, """{ "ForecastWatch": { "Inbox": { "Source": "pop3" } } }""");
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["inbox", "process", "--once", "--data", dir.Path, "--config", config], new StringWriter(),
            stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("ForecastWatch:Inbox:Source", stderr.ToString(), StringComparison.Ordinal);
    }
}
