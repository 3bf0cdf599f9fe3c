using System.Text;
using ForecastWatch.Mail.Imap;

namespace ForecastWatch.Mail.Tests.Imap;

public sealed class ImapLiteralTests
{
    private static ImapLiteral CreateSut(string text) => ImapLiteral.CopyToPooled(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void ToArray_Pooled_ReturnsExactCopy()
    {
        using var sut = CreateSut("Subject: x\r\n\r\nbody");

        var bytes = sut.ToArray();

        Assert.Equal("Subject: x\r\n\r\nbody", Encoding.ASCII.GetString(bytes));
        Assert.Equal(sut.Length, bytes.Length);
        Assert.False(sut.IsSpooled);
    }

    [Fact]
    public async Task OpenRead_Pooled_StreamsContentAndSeeks()
    {
        using var sut = CreateSut("0123456789");
        await using var stream = sut.OpenRead();
        using var copy = new MemoryStream();

        stream.Seek(3, SeekOrigin.Begin);
        await stream.CopyToAsync(copy);

        Assert.Equal("3456789", Encoding.ASCII.GetString(copy.ToArray()));
        Assert.Equal(10, stream.Length);
    }

    [Fact]
    public void OpenRead_ReadAfterLiteralDisposed_ThrowsInsteadOfReadingReusedBuffer()
    {
        var sut = CreateSut("a body whose buffer goes back to the pool");
        using var stream = sut.OpenRead();
        var first = new byte[2];
        stream.ReadExactly(first);

        sut.Dispose();
        sut.Dispose();

        Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
        Assert.Throws<ObjectDisposedException>(() => sut.GetString());
        Assert.Throws<ObjectDisposedException>(() => sut.ToArray());
        Assert.Equal("a ", Encoding.ASCII.GetString(first));
    }
}
