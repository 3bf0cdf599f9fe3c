using System.Security.Cryptography;
using System.Text;
using ForecastWatch.Inbound;

namespace ForecastWatch.Tests.Inbound;

public sealed class RawMailStoreTests
{
    [Fact]
    public async Task SaveAsync_Message_StoresUnderItsSha256()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path);
        var bytes = Encoding.ASCII.GetBytes("Subject: x\r\n\r\nYES\r\n");

        var raw = await sut.SaveAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), raw.Sha256);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(raw.Path));
        Assert.Equal(bytes.Length, raw.Size);
        Assert.StartsWith(Path.Combine(dir.Path, raw.Sha256[..2]), raw.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_SameBytesTwice_KeepsOneFileAndNoTemporaries()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path);
        var bytes = Encoding.ASCII.GetBytes("Subject: y\r\n\r\nNO\r\n");

        var first = await sut.SaveAsync(new MemoryStream(bytes), CancellationToken.None);
        var second = await sut.SaveAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(first.Path, second.Path);
        Assert.Single(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task SaveAsync_Cancelled_LeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.SaveAsync(new PatternStream(1024), cts.Token));

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
    public async Task SaveAsync_ThirtyMegabytes_StreamsWithBoundedAllocation()
    {
        using var dir = new TempDirectory();
        var sut = new RawMailStore(dir.Path);
        const long size = 30L * 1024 * 1024;
        await using var source = new RawMailStoreTests.PatternStream(size);
        await using (var warmUp = new RawMailStoreTests.PatternStream(1024))
        {
            await sut.SaveAsync(warmUp, CancellationToken.None);
        }

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var raw = await sut.SaveAsync(source, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(size, raw.Size);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated} bytes for a {size}-byte message");
    }
}
