using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>Cursor functions over header bytes: each advances <c>ref int index</c> past what it read.</summary>
internal static class ParseUtils
{
    public static bool IsWhite(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static void SkipWhite(ReadOnlySpan<byte> s, ref int i)
    {
        while (i < s.Length && IsWhite(s[i]))
        {
            i++;
        }
    }

    /// <summary>Skips whitespace and (nested) comments (RFC 5322 section 3.2.2). An unclosed comment runs to the end.</summary>
    public static void SkipCfws(ReadOnlySpan<byte> s, ref int i)
    {
        while (i < s.Length)
        {
            var b = s[i];
            if (IsWhite(b))
            {
                i++;
            }
            else if (b == (byte)'(')
            {
                SkipComment(s, ref i);
            }
            else
            {
                return;
            }
        }
    }

    public static bool SkipComment(ReadOnlySpan<byte> s, ref int i)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var b = s[i++];
            if (b == (byte)'\\')
            {
                i++;
            }
            else if (b == (byte)'(')
            {
                depth++;
            }
            else if (b == (byte)')' && --depth == 0)
            {
                return true;
            }
        }

        i = s.Length;
        return false;
    }

    // RFC 2045 section 5.1: token := 1*<any CHAR except SPACE, CTLs, or tspecials>.
    public static bool IsTokenChar(byte b) => b is > 32 and < 127 && "()<>@,;:\\\"/[]?="u8.IndexOf(b) < 0;

    public static bool TryReadToken(ReadOnlySpan<byte> s, scoped ref int i, out ReadOnlySpan<byte> token)
    {
        var start = i;
        while (i < s.Length && IsTokenChar(s[i]))
        {
            i++;
        }

        token = s[start..i];
        return i > start;
    }

    /// <summary>Reads a quoted-string at <paramref name="i"/> (which must be '"'), unescaping quoted-pairs. Unclosed runs to the end.</summary>
    public static byte[] ReadQuotedString(ReadOnlySpan<byte> s, ref int i, out bool closed)
    {
        i++;
        var start = i;
        var end = s[start..].IndexOfAny((byte)'"', (byte)'\\');
        if (end >= 0 && s[start + end] == (byte)'"')
        {
            i = start + end + 1;
            closed = true;
            return s.Slice(start, end).ToArray();
        }

        var buffer = new List<byte>(s.Length - start);
        closed = false;
        while (i < s.Length)
        {
            var b = s[i++];
            if (b == (byte)'\\' && i < s.Length)
            {
                buffer.Add(s[i++]);
            }
            else if (b == (byte)'"')
            {
                closed = true;
                break;
            }
            else if (b is not ((byte)'\r' or (byte)'\n'))
            {
                buffer.Add(b);
            }
        }

        return [.. buffer];
    }

    public static string Ascii(ReadOnlySpan<byte> s) => s.IsEmpty ? string.Empty : Encoding.ASCII.GetString(s);

    /// <summary>Lower-case ASCII string, reusing common constants for frequent MIME tokens.</summary>
    public static string LowerToken(ReadOnlySpan<byte> s)
    {
        foreach (var known in CommonTokens)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(s, known.Bytes))
            {
                return known.Text;
            }
        }

        Span<char> chars = s.Length <= 128 ? stackalloc char[s.Length] : new char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            var c = (char)s[i];
            chars[i] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
        }

        return new string(chars);
    }

    private static readonly (byte[] Bytes, string Text)[] CommonTokens =
    [
        .. new[]
        {
            "text", "plain", "html", "multipart", "mixed", "alternative", "related", "report", "message", "rfc822",
            "delivery-status", "application", "octet-stream", "pdf", "image", "png", "jpeg", "charset", "boundary",
            "name", "filename", "attachment", "inline", "format", "flowed", "report-type", "csv", "rfc822-headers",
            "utf-8", "us-ascii", "iso-8859-1", "delsp", "size", "creation-date", "modification-date", "global",
        }.Select(static t => (Encoding.ASCII.GetBytes(t), t)),
    ];
}
