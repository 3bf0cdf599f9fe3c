using ForecastWatch.Cli;
using ForecastWatch.Tests.Inbound;

namespace ForecastWatch.Tests.Cli;

public sealed class MailTrimCommandTests
{
    private const string Reply = "From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-x] Due\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
        "NO =E2=80=93 see https://example.org/a\r\n\r\nOn Mon, Jun 1, 2027 at 9:00 AM Desk <desk@example.test> wrote:\r\n> old text\r\n";

    [Fact]
    public async Task RunAsync_Reply_PrintsWhatTheEditorWrote()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "reply.eml");
        await File.WriteAllTextAsync(file, Reply);
        var stdout = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "trim", file], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("NO – see https://example.org/a", stdout.ToString().TrimEnd());
    }

    [Fact]
    public async Task RunAsync_Json_ReportsTheCut()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "reply.eml");
        await File.WriteAllTextAsync(file, Reply);
        var stdout = new StringWriter();

        await CliApp.RunAsync(["mail", "trim", "--json", file], stdout, new StringWriter());

        Assert.Contains("\"quotedLinesRemoved\": 1", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingFile_ExitsOneNamingIt()
    {
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "trim", "/no/such/reply.eml"], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("/no/such/reply.eml", stderr.ToString(), StringComparison.Ordinal);
    }
}
