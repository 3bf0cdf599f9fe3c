using System.Text.Json;
using ForecastWatch.Cli;

namespace ForecastWatch.Tests.Cli;

public sealed class MailParseCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fw-mailparse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content.Replace("\n", "\r\n", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public async Task RunAsync_Json_PrintsExactKeys()
    {
        var path = Write("a.eml",
            "From: Anna <anna@example.com>\nTo: b@example.com\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\nDate: Thu, 01 Oct 2026 09:30:00 "
            + "+0200\nMessage-ID: <m1@example.com>\nReferences: <r0@example.com> <r1@example.com>\nContent-Type: multipart/mixed; "
            + "boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n--b\nContent-Type: text/csv; name=s.csv\n\n1,2\n--b--\n");
        var stdout = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "parse", path, "--json"], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Ok, code);
        using var doc = JsonDocument.Parse(stdout.ToString());
        var root = doc.RootElement;
        Assert.Equal(
            ["from", "to", "cc", "replyTo", "subject", "date", "messageId", "inReplyTo", "references", "headers", "text", "html",
                "attachments", "defects"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("anna@example.com", root.GetProperty("from")[0].GetProperty("address").GetString());
        Assert.Equal("Grüße", root.GetProperty("subject").GetString());
        Assert.Equal("2026-10-01T09:30:00+02:00", root.GetProperty("date").GetString());
        Assert.Equal("m1@example.com", root.GetProperty("messageId").GetString());
        Assert.Equal(2, root.GetProperty("references").GetArrayLength());
        Assert.Equal("hello", root.GetProperty("text").GetString());
        var attachment = root.GetProperty("attachments")[0];
        Assert.Equal(["filename", "contentType", "size"], attachment.EnumerateObject().Select(p => p.Name));
        Assert.Equal("s.csv", attachment.GetProperty("filename").GetString());
        Assert.Equal(3, attachment.GetProperty("size").GetInt64());
        Assert.Equal(0, root.GetProperty("defects").GetArrayLength());
    }

    [Fact]
    public async Task RunAsync_MissingFile_ExitsBadInput()
    {
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "parse", Path.Combine(_dir, "nope.eml")], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("not found", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BrokenMime_ExitsOkWithDefects()
    {
        var path = Write("broken.eml",
            "Subject: broken\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nunterminated");
        var stdout = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "parse", path], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("MissingFinalBoundary", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("unterminated", stdout.ToString(), StringComparison.Ordinal);
    }
}
