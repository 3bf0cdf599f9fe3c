using System.Security.Cryptography;

namespace ForecastWatch.Inbound;

/// <summary>Where a raw message was stored: its SHA-256 (hex, lower case), file and size.</summary>
internal sealed record RawMail(string Sha256, string Path, long Size);

/// <summary>
/// Keeps every incoming message byte for byte, content-addressed as <c>DATA/raw/ab/abcdef….eml</c>. The bytes are
/// streamed to a temporary file while hashing (memory stays bounded whatever the size) and then renamed into place,
/// so a file under its hash is always complete.
/// </summary>
internal sealed class RawMailStore
{
    private const int BufferSize = 81920;
    private readonly string _root;

    public RawMailStore(string root)
    {
        _root = System.IO.Path.GetFullPath(root);
    }

    public string Root => _root;

    public Task<RawMail> SaveAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return SaveAsync((destination, ct) => source.CopyToAsync(destination, BufferSize, ct), cancellationToken);
    }

    /// <summary>Stores whatever <paramref name="copy"/> writes into the stream it is given.</summary>
    public async Task<RawMail> SaveAsync(Func<Stream, CancellationToken, Task> copy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_root);
        var temp = System.IO.Path.Combine(_root, $".incoming-{Guid.NewGuid():N}.tmp");
        try
        {
            string hash;
            long size;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var hashing = new HashingWriteStream(file);
                await using (hashing.ConfigureAwait(false))
                {
                    await copy(hashing, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
                    hash = hashing.Finish();
                    size = hashing.Length;
                }
            }

            var path = PathOf(hash);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            if (File.Exists(path))
            {
                File.Delete(temp);
            }
            else
            {
                File.Move(temp, path, overwrite: true);
            }

            return new RawMail(hash, path, size);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public string PathOf(string sha256) => System.IO.Path.Combine(_root, sha256[..2], sha256 + ".eml");

    public Stream Open(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize,
            FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Passes writes through to the file while hashing them; leaves the file open for its owner.</summary>
    private sealed class HashingWriteStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public string Finish() => Convert.ToHexStringLower(_sha.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _sha.AppendData(buffer);
            inner.Write(buffer);
            _length += buffer.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _sha.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            _length += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
