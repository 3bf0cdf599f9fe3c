using System.Buffers;
using System.Text;
using ForecastWatch.Mail.Encodings;
using ForecastWatch.Mail.IO;

namespace ForecastWatch.Mail.Mime;

/// <summary>A range of spooled body bytes, still transfer-encoded; decoded on demand through a filter.</summary>
internal sealed class MimeContent(ContentSpool spool, long start)
{
    public ContentSpool Spool { get; } = spool;

    public long Start { get; } = start;

    public long Length { get; set; }

    public Stream OpenRaw() => Spool.OpenRange(Start, Length);

    public Stream OpenDecoded(ContentEncoding encoding, out IMimeDecoder? decoder)
    {
        decoder = MimeDecoders.Create(encoding);
        var raw = OpenRaw();
        return decoder is null ? raw : FilteredStream.ForReading(raw, leaveOpen: false, new DecoderFilter(decoder));
    }

    /// <summary>Decodes the whole content into a pooled buffer writer (for text bodies); the caller returns it.</summary>
    public byte[] DecodeToArray(ContentEncoding encoding, out int length, out int errors)
    {
        errors = 0;
        var decoder = MimeDecoders.Create(encoding);
        if (Length > int.MaxValue / 2)
        {
            throw new InvalidOperationException("The content is too large to decode into memory; use a stream.");
        }

        var len = (int)Length;
        if (Spool.TryGetSpan(Start, len, out var span))
        {
            return Decode(span, decoder, out length, out errors);
        }

        var raw = ArrayPool<byte>.Shared.Rent(Math.Max(len, 1));
        try
        {
            var n = Spool.Read(Start, raw.AsSpan(0, len));
            return Decode(raw.AsSpan(0, n), decoder, out length, out errors);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private static byte[] Decode(ReadOnlySpan<byte> raw, IMimeDecoder? decoder, out int length, out int errors)
    {
        errors = 0;
        if (decoder is null)
        {
            var copy = ArrayPool<byte>.Shared.Rent(Math.Max(raw.Length, 1));
            raw.CopyTo(copy);
            length = raw.Length;
            return copy;
        }

        var output = ArrayPool<byte>.Shared.Rent(decoder.MaxDecodedLength(raw.Length) + 8);
        var n = decoder.Decode(raw, output);
        n += decoder.Flush(output.AsSpan(n));
        errors = decoder.ErrorCount;
        length = n;
        return output;
    }

    public string GetRawText()
    {
        var bytes = DecodeToArray(ContentEncoding.SevenBit, out var n, out _);
        try
        {
            return MimeCharsets.DecodeUnknown(bytes.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public void WriteRawTo(Stream destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long pos = 0;
            while (pos < Length)
            {
                var n = Spool.Read(Start + pos, buffer.AsSpan(0, (int)Math.Min(buffer.Length, Length - pos)));
                if (n == 0)
                {
                    break;
                }

                destination.Write(buffer, 0, n);
                pos += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static string DecodeText(ReadOnlySpan<byte> bytes, string? charset, out MimeDefectKind? defect)
    {
        defect = null;
        var encoding = MimeCharsets.GetEncoding(charset);
        if (encoding is null)
        {
            if (!string.IsNullOrEmpty(charset))
            {
                defect = MimeDefectKind.UnknownCharset;
            }

            return MimeCharsets.DecodeUnknown(bytes);
        }

        var text = MimeCharsets.Decode(bytes, encoding, out var fellBack);
        if (fellBack)
        {
            defect = MimeDefectKind.InvalidCharsetData;
        }

        return text;
    }

    internal static readonly Encoding Utf8NoBom = new UTF8Encoding(false);
}
