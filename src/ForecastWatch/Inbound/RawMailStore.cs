using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Inbound;

/// <summary>
/// A message's bytes as received, staged in a temporary file (hashed and counted while written, so memory stays bounded
/// whatever the size) until they are stored in the database; disposing deletes the file. A message over the size limit
/// keeps only its first <see cref="RawMailStore.MaxSize"/> bytes here (enough for its headers) and is never stored.
/// </summary>
internal sealed class StagedRawMail : IAsyncDisposable
{
    private const int BufferSize = 81920;

    internal StagedRawMail(string path, string sha256, long size, bool tooLarge)
    {
        Path = path;
        Sha256 = sha256;
        Size = size;
        TooLarge = tooLarge;
    }

    /// <summary>SHA-256 of the whole message (hex, lower case), also when it is too large to store.</summary>
    public string Sha256 { get; }

    /// <summary>The whole message's size in bytes.</summary>
    public long Size { get; }

    /// <summary>Larger than <see cref="RawMailStore.MaxSize"/>: not stored, not decided.</summary>
    public bool TooLarge { get; }

    internal string Path { get; }

    /// <summary>The staged bytes (all of them, or the first MaxSize of a message that is too large).</summary>
    public Stream OpenRead() =>
        new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize,
            FileOptions.Asynchronous | FileOptions.SequentialScan);

    public ValueTask DisposeAsync()
    {
        RawMailStore.TryDelete(Path);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Keeps every incoming message byte for byte in the database (table <c>inbound_raw</c>, one row per inbound message,
/// written in the transaction that records the message, before anything is decided), so that every worker of a
/// cluster can read what any of them received: <c>inbox release</c> and <c>inbox held</c> on another node, a message
/// decided again after its node died. The bytes are first staged in a temporary file under <see cref="Root"/>, hashed
/// and counted there. Earlier versions kept them as <c>Root/ab/abcdef….eml</c> files (content-addressed); such a file is
/// still read, checked against its hash and copied into the database the first time it is needed.
/// </summary>
internal sealed class RawMailStore
{
    /// <summary>The default of <see cref="InboxOptions.MaxMessageSize"/>: 64 MiB, above what most mail providers accept.</summary>
    public const long DefaultMaxSize = 64L * 1024 * 1024;

    private const int BufferSize = 81920;

    private const string InsertSql = "INSERT INTO inbound_raw (inbound_id, raw) VALUES (@Id, @Raw) ON CONFLICT (inbound_id) DO NOTHING";

    private const string InsertZeroBlobSql = """
        INSERT INTO inbound_raw (inbound_id, raw) VALUES (@Id, zeroblob(@Size)) ON CONFLICT (inbound_id) DO NOTHING
        """;

    private const string SelectSql = "SELECT raw FROM inbound_raw WHERE inbound_id = @Id";

    private readonly string _root;

    public RawMailStore(string root, long maxSize = DefaultMaxSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        _root = System.IO.Path.GetFullPath(root);
        MaxSize = maxSize;
    }

    /// <summary>The directory of staged messages and of the files earlier versions stored.</summary>
    public string Root => _root;

    /// <summary>The largest message stored, in bytes (<c>ForecastWatch:Inbox:MaxMessageSize</c>).</summary>
    public long MaxSize { get; }

    public Task<StagedRawMail> StageAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return StageAsync((destination, ct) => source.CopyToAsync(destination, BufferSize, ct), cancellationToken);
    }

    /// <summary>Stages whatever <paramref name="copy"/> writes into the stream it is given.</summary>
    public async Task<StagedRawMail> StageAsync(Func<Stream, CancellationToken, Task> copy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_root);
        var temp = System.IO.Path.Combine(_root, $".incoming-{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var hashing = new HashingWriteStream(file, MaxSize);
                await using (hashing.ConfigureAwait(false))
                {
                    await copy(hashing, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return new StagedRawMail(temp, hashing.Finish(), hashing.Length, hashing.Length > MaxSize);
                }
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Stores the staged bytes as inbound message <paramref name="inboundId"/>'s, in the caller's transaction; the
    /// bytes an earlier writer stored for it stay.
    /// </summary>
    public async Task SaveAsync(DbConnection connection, DbTransaction transaction, long inboundId, StagedRawMail staged,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(staged);
        if (staged.TooLarge)
        {
            throw new InvalidOperationException(TooLargeMessage(staged.Size));
        }

        if (connection is SqliteConnection sqlite)
        {
            // SQLite: the blob is reserved at its size and streamed in (incremental blob I/O), so memory stays bounded.
            var inserted = await connection.Sql(InsertZeroBlobSql, transaction).Bind("Id", inboundId).Bind("Size", staged.Size)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            if (inserted == 1)
            {
                var file = staged.OpenRead();
                await using (file.ConfigureAwait(false))
                {
                    using var blob = new SqliteBlob(sqlite, "inbound_raw", "raw", inboundId);
                    await file.CopyToAsync(blob, BufferSize, cancellationToken).ConfigureAwait(false);
                }
            }

            return;
        }

        // PostgreSQL: the bytea parameter is the staged file itself; Npgsql streams a Stream value to the server in
        // buffer-sized pieces, so memory stays bounded here too.
        var stagedFile = staged.OpenRead();
        await using (stagedFile.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = transaction;
                command.CommandText = InsertSql;
                AddParameter(command, "Id", inboundId, DbType.Int64);
                AddParameter(command, "Raw", stagedFile, DbType.Binary);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void AddParameter(DbCommand command, string name, object value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// The stored bytes of inbound message <paramref name="inboundId"/>, or null when there are none. Falls back to the
    /// file an earlier version kept under its hash, which is then copied into the database (it must hash to
    /// <paramref name="sha256"/>).
    /// </summary>
    public async Task<byte[]?> ReadAsync(DbConnection connection, DbTransaction? transaction, long inboundId, string sha256,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var stored = await connection.Sql(SelectSql, transaction).Bind("Id", inboundId)
            .ScalarAsync<byte[]>(cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return stored;
        }

        var path = LegacyPathOf(sha256);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The raw message file {path} does not hash to {sha256}: it was changed; it is left as it is.");
        }

        await connection.Sql(InsertSql, transaction).Bind("Id", inboundId).Bind("Raw", bytes)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Where an earlier version kept the message with this hash: <c>Root/ab/abcdef….eml</c>.</summary>
    public string LegacyPathOf(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in lower-case hex.", nameof(sha256));
        }

        return System.IO.Path.Combine(_root, sha256[..2], sha256 + ".eml");
    }

    /// <summary>The words for a message over the limit, naming the setting.</summary>
    public string TooLargeMessage(long size) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"the message is {size:N0} bytes, over ForecastWatch:Inbox:MaxMessageSize ({MaxSize:N0} bytes); {NotStored}");

    private const string NotStored = "it was not stored and not decided, and stays on the mail server (filed as rejected)";

    internal static void TryDelete(string path)
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

    /// <summary>
    /// Passes writes through to the file while hashing them, up to <c>limit</c> + 1 bytes (the rest is only hashed and
    /// counted); leaves the file open for its owner.
    /// </summary>
    private sealed class HashingWriteStream(Stream inner, long limit) : Stream
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
            inner.Write(buffer[..Kept(buffer.Length)]);
            _length += buffer.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _sha.AppendData(buffer.Span);
            var kept = Kept(buffer.Length);
            if (kept > 0)
            {
                await inner.WriteAsync(buffer[..kept], cancellationToken).ConfigureAwait(false);
            }

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

        // The part of a write that still goes to the file: up to limit + 1 bytes in all (the extra byte is harmless).
        private int Kept(int count) => (int)Math.Clamp(limit + 1 - _length, 0, count);
    }
}
