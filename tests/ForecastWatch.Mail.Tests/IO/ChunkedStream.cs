namespace ForecastWatch.Mail.Tests.IO;

/// <summary>A read-only stream that returns at most <c>chunkSize</c> bytes per read, to exercise refill boundaries.</summary>
public sealed class ChunkedStream(byte[] data, int chunkSize) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, chunkSize), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public static class TestMessages
{
    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    public static Task<ForecastWatch.Mail.Mime.MimeMessage> LoadAsync(string text, int chunkSize = 4096, ForecastWatch.Mail.Mime.MimeParserOptions? options = null) =>
        ForecastWatch.Mail.Mime.MimeMessage.LoadAsync(new ChunkedStream(Bytes(text), chunkSize), options);

    public static Task<ForecastWatch.Mail.Mime.MimeMessage> LoadAsync(byte[] bytes, int chunkSize = 4096, ForecastWatch.Mail.Mime.MimeParserOptions? options = null) =>
        ForecastWatch.Mail.Mime.MimeMessage.LoadAsync(new ChunkedStream(bytes, chunkSize), options);
}
