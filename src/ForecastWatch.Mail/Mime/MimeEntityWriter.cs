using System.Buffers;
using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>Writes a parsed entity tree back: raw headers (CRLF-normalized), raw encoded bodies, boundaries as parsed.</summary>
internal static class MimeEntityWriter
{
    public static async Task WriteAsync(MimeEntity entity, Stream stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await WriteEntityAsync(entity, stream, ct).ConfigureAwait(false);
        await stream.WriteAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false);
    }

    private static async Task WriteEntityAsync(MimeEntity entity, Stream stream, CancellationToken ct)
    {
        var head = new ArrayBufferWriter<byte>(1024);
        foreach (var h in entity.Headers)
        {
            WriteHeader(h, head);
        }

        head.Write("\r\n"u8);
        await stream.WriteAsync(head.WrittenMemory, ct).ConfigureAwait(false);
        switch (entity)
        {
            case MimePart p:
                await CopyAsync(p.Content, stream, ct).ConfigureAwait(false);
                break;
            case MessagePart { Message: { } m }:
                await WriteEntityAsync(m.Body, stream, ct).ConfigureAwait(false);
                break;
            case Multipart mp:
                var boundary = Encoding.UTF8.GetBytes(mp.Boundary.Trim());
                if (mp.Preamble is { Length: > 0 } pre)
                {
                    await CopyAsync(pre, stream, ct).ConfigureAwait(false);
                    await stream.WriteAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false);
                }

                foreach (var child in mp.Children)
                {
                    await WriteDelimiterAsync(stream, boundary, final: false, ct).ConfigureAwait(false);
                    await WriteEntityAsync(child, stream, ct).ConfigureAwait(false);
                    await stream.WriteAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false);
                }

                await WriteDelimiterAsync(stream, boundary, final: true, ct).ConfigureAwait(false);
                if (mp.Epilogue is { Length: > 0 } epi)
                {
                    await stream.WriteAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false);
                    await CopyAsync(epi, stream, ct).ConfigureAwait(false);
                }

                break;
        }
    }

    private static async Task WriteDelimiterAsync(Stream stream, byte[] boundary, bool final, CancellationToken ct)
    {
        var line = new byte[boundary.Length + 6];
        line[0] = line[1] = (byte)'-';
        boundary.CopyTo(line, 2);
        var n = boundary.Length + 2;
        if (final)
        {
            line[n++] = (byte)'-';
            line[n++] = (byte)'-';
        }
        else
        {
            line[n++] = (byte)'\r';
            line[n++] = (byte)'\n';
        }

        await stream.WriteAsync(line.AsMemory(0, n), ct).ConfigureAwait(false);
    }

    private static void WriteHeader(MimeHeader h, ArrayBufferWriter<byte> output)
    {
        if (!h.RawField.IsEmpty)
        {
            var raw = h.RawField.Span;
            var start = 0;
            while (true)
            {
                var nl = raw[start..].IndexOf((byte)'\n');
                if (nl < 0)
                {
                    output.Write(raw[start..]);
                    break;
                }

                var lineEnd = start + nl;
                var content = raw[start..lineEnd];
                output.Write(content.Length > 0 && content[^1] == (byte)'\r' ? content[..^1] : content);
                output.Write("\r\n"u8);
                start = lineEnd + 1;
            }

            output.Write("\r\n"u8);
            return;
        }

        HeaderFormatter.Write(h.Name, h.Value, output, MimeFormatOptions.Default);
    }

    private static async Task CopyAsync(MimeContent content, Stream stream, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long pos = 0;
            while (pos < content.Length)
            {
                var n = content.Spool.Read(content.Start + pos, buffer.AsSpan(0, (int)Math.Min(buffer.Length, content.Length - pos)));
                if (n == 0)
                {
                    break;
                }

                await stream.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                pos += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
