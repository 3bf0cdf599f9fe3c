using System.Text;
using ForecastWatch.Inbound;

namespace ForecastWatch.Tests.Inbound;

public sealed class MaildirSourceTests
{
    [Fact]
    public async Task ListAsync_NewAndUnseenCur_AreWaiting()
    {
        using var dir = new TempDirectory();
        await using var sut = new MaildirSource(dir.Path);
        await MaildirSource.DeliverAsync(dir.Path, "a"u8.ToArray(), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "cur", "2.x:2,"), "b");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "cur", "3.x:2,S"), "c");

        var items = await sut.ListAsync(CancellationToken.None);

        Assert.Equal(2, items.Count);
        Assert.StartsWith("new/", items[0].Reference, StringComparison.Ordinal);
        Assert.Equal("cur/2.x:2,", items[1].Reference);
    }

    [Fact]
    public async Task CompleteAsync_Processed_MovesToCurWithSeenFlag()
    {
        using var dir = new TempDirectory();
        await using var sut = new MaildirSource(dir.Path);
        var path = await MaildirSource.DeliverAsync(dir.Path, "raw"u8.ToArray(), CancellationToken.None);
        var item = Assert.Single(await sut.ListAsync(CancellationToken.None));

        await sut.CompleteAsync(item, InboundDisposition.Processed, CancellationToken.None);

        Assert.False(File.Exists(path));
        Assert.True(File.Exists(Path.Combine(dir.Path, "cur", Path.GetFileName(path) + ":2,S")));
        Assert.Empty(await sut.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CompleteAsync_Rejected_FlagsForAttention()
    {
        using var dir = new TempDirectory();
        await using var sut = new MaildirSource(dir.Path);
        var path = await MaildirSource.DeliverAsync(dir.Path, "raw"u8.ToArray(), CancellationToken.None);
        var item = Assert.Single(await sut.ListAsync(CancellationToken.None));

        await sut.CompleteAsync(item, InboundDisposition.Rejected, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(dir.Path, "cur", Path.GetFileName(path) + ":2,FS")));
    }

    [Fact]
    public async Task CopyToAsync_Message_CopiesBytes()
    {
        using var dir = new TempDirectory();
        await using var sut = new MaildirSource(dir.Path);
        var bytes = Encoding.ASCII.GetBytes("Subject: z\r\n\r\nYES\r\n");
        await MaildirSource.DeliverAsync(dir.Path, bytes, CancellationToken.None);
        var item = Assert.Single(await sut.ListAsync(CancellationToken.None));
        using var copy = new MemoryStream();

        await sut.CopyToAsync(item, copy, CancellationToken.None);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task CopyToAsync_ReferenceOutsideMaildir_Throws()
    {
        using var dir = new TempDirectory();
        await using var sut = new MaildirSource(dir.Path);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            sut.CopyToAsync(new InboundItem("maildir", "../../etc/passwd"), Stream.Null, CancellationToken.None));
    }
}
