using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace ForecastWatch.Mail.IO;

/// <summary>
/// Append-only store for a message's body bytes: pooled memory chunks up to a threshold, then a delete-on-close
/// temporary file, so a large attachment never sits in memory. Parts keep (offset, length) ranges into it.
/// </summary>
internal sealed class ContentSpool : IDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly long _threshold;
    private readonly string? _tempDirectory;
    private readonly List<byte[]> _chunks = [];
    private SafeFileHandle? _file;
    private string? _filePath;
    private bool _disposed;

    public ContentSpool(long threshold, string? tempDirectory)
    {
        _threshold = threshold;
        _tempDirectory = tempDirectory;
    }

    public long Length { get; private set; }

    public bool IsFileBacked => _file is not null;

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (data.IsEmpty)
        {
            return;
        }

        if (_file is null && Length + data.Length > _threshold)
        {
            MoveToFile();
        }

        if (_file is not null)
        {
            RandomAccess.Write(_file, data, Length);
            Length += data.Length;
            return;
        }

        while (!data.IsEmpty)
        {
            var chunkIndex = (int)(Length / ChunkSize);
            var within = (int)(Length % ChunkSize);
            if (chunkIndex == _chunks.Count)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
            }

            var n = Math.Min(ChunkSize - within, data.Length);
            data[..n].CopyTo(_chunks[chunkIndex].AsSpan(within, n));
            Length += n;
            data = data[n..];
        }
    }

    public int Read(long position, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (position >= Length)
        {
            return 0;
        }

        if (destination.Length > Length - position)
        {
            destination = destination[..(int)(Length - position)];
        }

        if (_file is not null)
        {
            return RandomAccess.Read(_file, destination, position);
        }

        var total = 0;
        while (!destination.IsEmpty)
        {
            var chunk = _chunks[(int)(position / ChunkSize)];
            var within = (int)(position % ChunkSize);
            var n = Math.Min(ChunkSize - within, destination.Length);
            chunk.AsSpan(within, n).CopyTo(destination);
            destination = destination[n..];
            position += n;
            total += n;
        }

        return total;
    }

    /// <summary>A contiguous view when the range lies in one memory chunk (the common small-part case), else false.</summary>
    public bool TryGetSpan(long position, int length, out ReadOnlySpan<byte> span)
    {
        span = default;
        if (_file is not null || _disposed)
        {
            return false;
        }

        if (length == 0)
        {
            return true;
        }

        var within = (int)(position % ChunkSize);
        if (within + length > ChunkSize)
        {
            return false;
        }

        span = _chunks[(int)(position / ChunkSize)].AsSpan(within, length);
        return true;
    }

    public Stream OpenRange(long start, long length) => new SpoolRangeStream(this, start, length);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var c in _chunks)
        {
            ArrayPool<byte>.Shared.Return(c);
        }

        _chunks.Clear();
        _file?.Dispose();
        _file = null;
        if (_filePath is not null)
        {
            try
            {
                File.Delete(_filePath);
            }
            catch (IOException)
            {
                // DeleteOnClose already removed it, or the OS will at reboot; nothing more to do.
            }
        }
    }

    private void MoveToFile()
    {
        var dir = _tempDirectory ?? Path.GetTempPath();
        _filePath = Path.Combine(dir, "fw-mime-" + Guid.NewGuid().ToString("N") + ".spool");
        _file = File.OpenHandle(_filePath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        long written = 0;
        foreach (var c in _chunks)
        {
            var n = (int)Math.Min(ChunkSize, Length - written);
            RandomAccess.Write(_file, c.AsSpan(0, n), written);
            written += n;
            ArrayPool<byte>.Shared.Return(c);
        }

        _chunks.Clear();
    }

    private sealed class SpoolRangeStream(ContentSpool spool, long start, long length) : ReadOnlyWindowStream(length)
    {
        protected override int ReadAt(long position, Span<byte> buffer) => spool.Read(start + position, buffer);
    }
}
