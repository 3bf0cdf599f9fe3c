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

    public async Task<RawMail> SaveAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(_root);
        var temp = System.IO.Path.Combine(_root, $".incoming-{Guid.NewGuid():N}.tmp");
        try
        {
            string hash;
            long size = 0;
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    var buffer = new byte[BufferSize];
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        size += read;
                    }

                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
                }

                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
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
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

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
}
