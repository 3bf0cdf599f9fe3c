using System.Buffers;
using System.Text;
using ForecastWatch.Mail.IO;

namespace ForecastWatch.Mail.Imap;

/// <summary>
/// A literal the server sent (a message body, usually): held in memory when small, otherwise spooled to a temporary
/// file that is deleted on dispose, so a large message is never held as one string or array.
/// </summary>
public sealed class ImapLiteral : IDisposable
{
    private readonly byte[]? memory;
    private readonly FileStream? file;
    private readonly bool pooled;
    private int disposed;

    internal ImapLiteral(byte[] memory)
    {
        this.memory = memory;
        Length = memory.Length;
    }

    /// <summary>Takes a rented array holding <paramref name="length"/> octets; it goes back to the pool on dispose.</summary>
    private ImapLiteral(byte[] rented, int length)
    {
        memory = rented;
        Length = length;
        pooled = true;
    }

    internal ImapLiteral(FileStream file, long length)
    {
        this.file = file;
        Length = length;
    }

    /// <summary>The length in octets.</summary>
    public long Length { get; }

    /// <summary>Whether the content was spooled to a temporary file.</summary>
    public bool IsSpooled => file is not null;

    internal bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <summary>Opens an independent read-only stream over the content (readable until the literal is disposed).</summary>
    public Stream OpenRead()
    {
        if (pooled)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return new PooledStream(this, memory!, (int)Length);
        }

        if (memory is not null)
        {
            return new MemoryStream(memory, writable: false);
        }

        ObjectDisposedException.ThrowIf(file is null || !file.CanRead, this);
        return new FileStream(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <summary>Copies the content to an array; use <see cref="OpenRead"/> for large content.</summary>
    public byte[] ToArray()
    {
        if (pooled)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return memory.AsSpan(0, (int)Length).ToArray();
        }

        if (memory is not null)
        {
            return memory;
        }

        using var s = OpenRead();
        using var ms = new MemoryStream(checked((int)Length));
        s.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>The content decoded as UTF-8 (invalid bytes replaced).</summary>
    public string GetString()
    {
        if (pooled)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return Encoding.UTF8.GetString(memory.AsSpan(0, (int)Length));
        }

        return Encoding.UTF8.GetString(ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        file?.Dispose();
        if (pooled)
        {
            ArrayPool<byte>.Shared.Return(memory!);
        }
    }

    /// <summary>A literal in a rented buffer: a message body costs no fresh array per message.</summary>
    internal static ImapLiteral CopyToPooled(ReadOnlySpan<byte> data)
    {
        var rented = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(rented);
        return new ImapLiteral(rented, data.Length);
    }

    /// <summary>A rented buffer of <paramref name="length"/> octets for the caller to fill.</summary>
    internal static ImapLiteral RentPooled(int length, out Memory<byte> destination)
    {
        var rented = ArrayPool<byte>.Shared.Rent(length);
        destination = rented.AsMemory(0, length);
        return new ImapLiteral(rented, length);
    }

    internal static FileStream CreateSpoolFile() =>
        new(Path.Combine(Path.GetTempPath(), "fw-imap-" + Guid.NewGuid().ToString("N") + ".tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>
    /// Reads a pooled literal and refuses to once the literal is disposed, because its buffer may by then hold
    /// another message (a MemoryStream would silently read that).
    /// </summary>
    private sealed class PooledStream(ImapLiteral owner, byte[] data, int length) : ReadOnlyWindowStream(length)
    {
        protected override int ReadAt(long position, Span<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(owner.IsDisposed, owner);
            data.AsSpan((int)position, buffer.Length).CopyTo(buffer);
            return buffer.Length;
        }
    }
}
