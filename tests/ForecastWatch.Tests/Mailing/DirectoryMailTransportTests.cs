using System.Text;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Mailing;

public sealed class DirectoryMailTransportTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fw-prompts-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private DirectoryMailTransport CreateSut() => new(
        Options.Create(new MailingOptions()),
        Options.Create(new ForecastWatchOptions { DataDirectory = _data }));

    private static OutboxEntry Entry(string messageId) => new(
        1, messageId, "prompt", null, "a@example.test", ["b@example.test"], "s", OutboxStatus.Queued, 0,
        default, default, null, null, null, null);

    [Fact]
    public async Task SendAsync_Message_WritesEmlNamedByMessageId()
    {
        var sut = CreateSut();

        await sut.SendAsync(Entry("fw.prompt.1.0@example.test"), Encoding.ASCII.GetBytes("Subject: a\r\n\r\nx\r\n"), default);

        var file = Path.Combine(_data, "outbox", "fw.prompt.1.0@example.test.eml");
        Assert.Equal("Subject: a\r\n\r\nx\r\n", await File.ReadAllTextAsync(file));
        Assert.Single(Directory.GetFiles(Path.Combine(_data, "outbox")));
    }

    [Fact]
    public async Task SendAsync_SameMessageIdAgain_ReplacesFile()
    {
        var sut = CreateSut();

        await sut.SendAsync(Entry("x@example.test"), Encoding.ASCII.GetBytes("one"), default);
        await sut.SendAsync(Entry("x@example.test"), Encoding.ASCII.GetBytes("two"), default);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_data, "outbox")));
        Assert.Equal("two", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task SendAsync_TempFileOfDeadProcess_RemovedOwnKept()
    {
        var outbox = Path.Combine(_data, "outbox");
        Directory.CreateDirectory(outbox);
        var orphan = Path.Combine(outbox, ".x@example.test.eml.4194303.0123.tmp");
        var live = Path.Combine(outbox, $".y@example.test.eml.{Environment.ProcessId}.0123.tmp");
        await File.WriteAllTextAsync(orphan, "half");
        await File.WriteAllTextAsync(live, "in progress");

        await CreateSut().SendAsync(Entry("z@example.test"), Encoding.ASCII.GetBytes("z"), default);

        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(live));
    }

    [Theory]
    [InlineData("<a/b\\c@x>", "a_b_c@x.eml")]
    [InlineData("..@x", "_..@x.eml")]
    public void FileNameFor_UnsafeCharacters_Replaced(string id, string expected)
    {
        Assert.Equal(expected, DirectoryMailTransport.FileNameFor(id));
    }
}
