using System.Buffers;

namespace ForecastWatch.Mail.Encodings;

/// <summary>
/// Quoted-printable encoder for text (RFC 2045 section 6.7): CRLF line breaks stay hard breaks, lines are soft-broken
/// before 76 characters, whitespace before a line break is encoded, and so is a leading "." or "From " (robust
/// against SMTP transparency mishaps and mbox munging).
/// </summary>
internal static class QuotedPrintableEncoder
{
    private const int MaxLine = 76;
    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    public static void Encode(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        var column = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'\r' && i + 1 < text.Length && text[i + 1] == (byte)'\n')
            {
                Write(output, "\r\n"u8);
                column = 0;
                i++;
                continue;
            }

            var atLineEnd = i + 1 == text.Length || (text[i + 1] == (byte)'\r' && i + 2 < text.Length && text[i + 2] == (byte)'\n');
            var literal = b is >= 33 and <= 126 && b != (byte)'='
                || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            if (column == 0 && b == (byte)'.')
            {
                literal = false;
            }

            if (column == 0 && b == (byte)'F' && text[i..].StartsWith("From "u8))
            {
                literal = false;
            }

            var width = literal ? 1 : 3;

            // Keep room for the "=" of a soft break: a line never exceeds 76 characters including it.
            var nextIsLineEnd = atLineEnd;
            if (column + width > MaxLine - (nextIsLineEnd ? 0 : 1))
            {
                Write(output, "=\r\n"u8);
                column = 0;
                if (b == (byte)'.')
                {
                    literal = false;
                    width = 3;
                }
            }

            var span = output.GetSpan(3);
            if (literal)
            {
                span[0] = b;
            }
            else
            {
                span[0] = (byte)'=';
                span[1] = Hex[b >> 4];
                span[2] = Hex[b & 0xF];
            }

            output.Advance(width);
            column += width;
        }
    }

    public static byte[] Encode(ReadOnlySpan<byte> text)
    {
        var writer = new ArrayBufferWriter<byte>(text.Length + (text.Length / 8) + 16);
        Encode(text, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
    }
}
