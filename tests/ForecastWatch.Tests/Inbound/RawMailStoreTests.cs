using System.Security.Cryptography;
using System.Text;
using ForecastWatch.Inbound;

namespace ForecastWatch.Tests.Inbound;

public sealed class RawMailStoreTests
{
    [Fact]
    public async Task StageAsync_Message_HashesAndCountsItAndDisposeDeletesTheFile()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path);
        var bytes = Encoding.ASCII.GetBytes("Subject: x\r\n\r\nYES\r\n");

        var staged = await sut.StageAsync(new MemoryStream(bytes), CancellationToken.None);
        await using (var read = staged.OpenRead())
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), staged.Sha256);
        Assert.Equal(bytes.Length, staged.Size);
        Assert.False(staged.TooLarge);
        await staged.DisposeAsync();
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StageAsync_OverTheLimit_TooLargeWithTheWholeHashAndSizeButOnlyThePrefixKept()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path, maxSize: 1000);
        var bytes = Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + new string('x', 5000));

        await using var staged = await sut.StageAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.True(staged.TooLarge);
        Assert.Equal(bytes.Length, staged.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), staged.Sha256);
        await using var read = staged.OpenRead();
        Assert.Equal(1001, read.Length);
        Assert.Contains("5,016 bytes, over ForecastWatch:Inbox:MaxMessageSize (1,000 bytes)", sut.TooLargeMessage(staged.Size),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task StageAsync_Cancelled_LeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.StageAsync(new PatternStream(1024), cts.Token));

        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    /// <summary>A read-only stream of a repeating pattern, never held in memory.</summary>
    internal sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)('A' + ((_position + i) % 26));
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// Allocation while saving: counted over the whole process (the save continues on pool threads), in the collection
/// that runs alone, so no other test's allocations are counted.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class RawMailStoreMemoryTests
{
    [Fact]
    public async Task StageAsync_ThirtyMegabytes_StreamsWithBoundedAllocation()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path);
        const long size = 30L * 1024 * 1024;
        await using var source = new RawMailStoreTests.PatternStream(size);
        await using (var warmUp = new RawMailStoreTests.PatternStream(1024))
        {
            await (await sut.StageAsync(warmUp, CancellationToken.None)).DisposeAsync();
        }

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await using var raw = await sut.StageAsync(source, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(size, raw.Size);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated} bytes for a {size}-byte message");
    }
}
