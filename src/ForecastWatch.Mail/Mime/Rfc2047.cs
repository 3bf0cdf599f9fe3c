using System.Buffers;
using System.Buffers.Text;
using System.Text;
using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.Mime;

/// <summary>RFC 2047 encoded-words: decoding (lenient) and encoding (for the writer).</summary>
internal static class Rfc2047
{
    /// <summary>
    /// Decodes unstructured header text. Adjacent encoded-words separated only by whitespace are joined (section 6.2),
    /// and their bytes are concatenated before charset decoding when they share a charset, so a multibyte character
    /// split across words survives. Malformed words stay as literal text; raw 8-bit text is UTF-8 or windows-1252.
    /// </summary>
    public static string DecodeText(ReadOnlySpan<byte> text, out bool hadDefect)
    {
        hadDefect = false;
        if (text.IndexOf("=?"u8) < 0)
        {
            return MimeCharsets.IsAscii(text) ? Encoding.ASCII.GetString(text) : MimeCharsets.DecodeUnknown(text);
        }

        var sb = new StringBuilder(text.Length);
        byte[]? pending = null;
        var pendingLength = 0;
        string? pendingCharset = null;
        Base64Decoder? base64 = null;
        var i = 0;
        var lastWasWord = false;
        while (i < text.Length)
        {
            var start = text[i..].IndexOf("=?"u8);
            var literalEnd = start < 0 ? text.Length : i + start;
            var literal = text[i..literalEnd];
            if (start >= 0 && TryParseWord(text, literalEnd, out var word))
            {
                if (!(lastWasWord && IsAllWhitespace(literal)))
                {
                    Flush(sb, ref pendingCharset, ref pending, ref pendingLength, base64, ref hadDefect);
                    AppendRaw(sb, literal);
                }

                if (pendingCharset is not null && !pendingCharset.Equals(word.Charset, StringComparison.OrdinalIgnoreCase))
                {
                    Flush(sb, ref pendingCharset, ref pending, ref pendingLength, base64, ref hadDefect);
                }

                pendingCharset = word.Charset;
                var needed = pendingLength + word.Payload.Length + 8;
                if (pending is null || pending.Length < needed)
                {
                    Array.Resize(ref pending, Math.Max(needed, 64));
                }

                // Adjacent B words of one charset share a decoder: a quantum split across words still decodes.
                if (!word.IsBase64)
                {
                    pendingLength += FlushBase64(base64, pending.AsSpan(pendingLength), ref hadDefect);
                }

                var written = word.IsBase64
                    ? (base64 ??= new Base64Decoder()).Decode(word.Payload, pending.AsSpan(pendingLength))
                    : DecodePayload(word.Payload, pending.AsSpan(pendingLength), ref hadDefect);
                pendingLength += written;
                lastWasWord = true;
                i = word.End;
            }
            else
            {
                Flush(sb, ref pendingCharset, ref pending, ref pendingLength, base64, ref hadDefect);
                if (start < 0)
                {
                    AppendRaw(sb, literal);
                    break;
                }

                AppendRaw(sb, text[i..(literalEnd + 2)]);
                if (!hadDefect && LooksLikeWordStart(text[literalEnd..]))
                {
                    hadDefect = true;
                }

                lastWasWord = false;
                i = literalEnd + 2;
            }
        }

        Flush(sb, ref pendingCharset, ref pending, ref pendingLength, base64, ref hadDefect);
        return sb.ToString();
    }

    private readonly ref struct Word
    {
        public Word(ReadOnlySpan<byte> charset, bool isBase64, ReadOnlySpan<byte> payload, int end)
        {
            Charset = Encoding.ASCII.GetString(charset);
            IsBase64 = isBase64;
            Payload = payload;
            End = end;
        }

        public string Charset { get; }

        public bool IsBase64 { get; }

        public ReadOnlySpan<byte> Payload { get; }

        public int End { get; }
    }

    private static bool TryParseWord(ReadOnlySpan<byte> text, int at, out Word word)
    {
        word = default;

        // "=?" charset "?" encoding "?" encoded-text "?=" (section 2); charset may carry "*lang" (RFC 2231 section 5).
        var p = at + 2;
        var q1 = IndexOfWithin(text, p, (byte)'?', 80);
        if (q1 <= p || q1 + 2 >= text.Length || text[q1 + 2] != (byte)'?')
        {
            return false;
        }

        var charset = text[p..q1];
        if (charset.IndexOfAny(" \t\"()<>,;"u8) >= 0)
        {
            return false;
        }

        var enc = (byte)(text[q1 + 1] | 0x20);
        if (enc is not ((byte)'b' or (byte)'q'))
        {
            return false;
        }

        var payloadStart = q1 + 3;

        // Lenient: the payload ends at the first "?=", and may contain spaces some mailers leave in Q words, but not a
        // line break; a word longer than 2,000 octets is not an encoded-word.
        var rest = text[payloadStart..];
        var endRel = rest.Length > 2000 ? rest[..2000].IndexOf("?="u8) : rest.IndexOf("?="u8);
        if (endRel < 0)
        {
            return false;
        }

        var payload = rest[..endRel];
        if (payload.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            return false;
        }

        var star = charset.IndexOf((byte)'*');
        if (star > 0)
        {
            charset = charset[..star];
        }

        word = new Word(charset, enc == (byte)'b', payload, payloadStart + endRel + 2);
        return true;
    }

    private static int IndexOfWithin(ReadOnlySpan<byte> text, int from, byte value, int max)
    {
        var slice = text[from..];
        if (slice.Length > max)
        {
            slice = slice[..max];
        }

        var idx = slice.IndexOf(value);
        return idx < 0 ? -1 : from + idx;
    }

    private static int FlushBase64(Base64Decoder? decoder, Span<byte> output, ref bool hadDefect)
    {
        if (decoder is null)
        {
            return 0;
        }

        var n = decoder.Flush(output);
        hadDefect |= decoder.ErrorCount > 0;
        decoder.Reset();
        return n;
    }

    private static int DecodePayload(ReadOnlySpan<byte> payload, Span<byte> output, ref bool hadDefect)
    {
        // Q encoding (section 4.2): "_" is space, "=XX" a byte.
        var o = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var b = payload[i];
            if (b == (byte)'_')
            {
                output[o++] = (byte)' ';
            }
            else if (b == (byte)'=' && i + 2 < payload.Length && QuotedPrintableDecoder.IsHex(payload[i + 1]) && QuotedPrintableDecoder.IsHex(payload[i + 2]))
            {
                output[o++] = (byte)((QuotedPrintableDecoder.HexValue(payload[i + 1]) << 4) | QuotedPrintableDecoder.HexValue(payload[i + 2]));
                i += 2;
            }
            else
            {
                hadDefect |= b == (byte)'=';
                output[o++] = b;
            }
        }

        return o;
    }

    private static void Flush(StringBuilder sb, ref string? charset, ref byte[]? pending, ref int length, Base64Decoder? base64, ref bool hadDefect)
    {
        if (charset is null)
        {
            return;
        }

        if (pending is null || pending.Length < length + 8)
        {
            Array.Resize(ref pending, length + 8);
        }

        length += FlushBase64(base64, pending.AsSpan(length), ref hadDefect);

        var bytes = pending.AsSpan(0, length);
        var encoding = MimeCharsets.GetEncoding(charset);
        if (encoding is null)
        {
            hadDefect = true;
            sb.Append(MimeCharsets.DecodeUnknown(bytes));
        }
        else
        {
            sb.Append(MimeCharsets.Decode(bytes, encoding, out var fellBack));
            hadDefect |= fellBack;
        }

        charset = null;
        length = 0;
    }

    private static void AppendRaw(StringBuilder sb, ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return;
        }

        sb.Append(MimeCharsets.IsAscii(raw) ? Encoding.ASCII.GetString(raw) : MimeCharsets.DecodeUnknown(raw));
    }

    private static bool IsAllWhitespace(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static bool LooksLikeWordStart(ReadOnlySpan<byte> s) => s.Length > 4 && s[2..].IndexOf((byte)'?') is > 0 and < 40;

    // ---- encoding ----

    /// <summary>
    /// Encodes text as UTF-8 encoded-words of at most 75 characters each (section 2), choosing B or Q by size, and
    /// never splitting a character (or a surrogate pair) across words (section 5, rule 3).
    /// </summary>
    public static List<string> EncodeWords(string text)
    {
        var words = new List<string>();
        var utf8 = Encoding.UTF8.GetBytes(text);
        var qCost = 0;
        foreach (var b in utf8)
        {
            qCost += IsQSafe(b) ? 1 : 3;
        }

        var useB = qCost > (utf8.Length + 2) / 3 * 4;
        const string prefixB = "=?utf-8?b?";
        const string prefixQ = "=?utf-8?q?";
        const int maxPayload = 75 - 10 - 2;

        var chunk = new ArrayBufferWriter<byte>(64);
        var i = 0;
        Span<byte> charBytes = stackalloc byte[8];
        while (i < text.Length)
        {
            var len = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var n = Encoding.UTF8.GetBytes(text.AsSpan(i, len), charBytes);
            var candidateLength = chunk.WrittenCount + n;
            var cost = useB ? (candidateLength + 2) / 3 * 4 : QCost(chunk.WrittenSpan) + QCost(charBytes[..n]);
            if (cost > maxPayload && chunk.WrittenCount > 0)
            {
                words.Add(Format(useB ? prefixB : prefixQ, useB, chunk.WrittenSpan));
                chunk.ResetWrittenCount();
            }

            chunk.Write(charBytes[..n]);
            i += len;
        }

        if (chunk.WrittenCount > 0)
        {
            words.Add(Format(useB ? prefixB : prefixQ, useB, chunk.WrittenSpan));
        }

        return words;
    }

    private static int QCost(ReadOnlySpan<byte> bytes)
    {
        var c = 0;
        foreach (var b in bytes)
        {
            c += IsQSafe(b) ? 1 : 3;
        }

        return c;
    }

    // Section 5 rule 3: in a phrase only letters, digits and "!*+-/" may stay literal; space becomes "_".
    private static bool IsQSafe(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
        or (byte)'!' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'/' or (byte)' ';

    private static string Format(string prefix, bool base64, ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(prefix, 76);
        if (base64)
        {
            Span<byte> b64 = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(bytes.Length)];
            Base64.EncodeToUtf8(bytes, b64, out _, out var written);
            sb.Append(Encoding.ASCII.GetString(b64[..written]));
        }
        else
        {
            foreach (var b in bytes)
            {
                if (b == (byte)' ')
                {
                    sb.Append('_');
                }
                else if (IsQSafe(b))
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('=').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
                }
            }
        }

        return sb.Append("?=").ToString();
    }
}
