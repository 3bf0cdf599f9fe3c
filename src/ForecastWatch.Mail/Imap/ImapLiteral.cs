using System.Text;

namespace ForecastWatch.Mail.Imap;

/// <summary>
/// A literal the server sent (a message body, usually): held in memory when small, otherwise spooled to a temporary
/// file that is deleted on dispose, so a large message is never held as one string or array.
/// </summary>
public sealed class ImapLiteral : IDisposable
{
    private readonly byte[]? memory;
    private readonly FileStream? file;

    internal ImapLiteral(byte[] memory)
    {
        this.memory = memory;
        Length = memory.Length;
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

    /// <summary>Opens an independent read-only stream over the content.</summary>
    public Stream OpenRead()
    {
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
    public string GetString() => Encoding.UTF8.GetString(ToArray());

    /// <inheritdoc/>
    public void Dispose() => file?.Dispose();

    internal static FileStream CreateSpoolFile() =>
        new(Path.Combine(Path.GetTempPath(), "fw-imap-" + Guid.NewGuid().ToString("N") + ".tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
