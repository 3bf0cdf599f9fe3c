using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>RFC 5322 section 3.3 date-time parsing (with the obsolete forms of section 4.3) and formatting.</summary>
public static class MimeDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Parses a date-time; throws <see cref="MimeParseException"/> when it cannot.</summary>
    public static DateTimeOffset Parse(string text)
    {
        if (!TryParse(text, out var value))
        {
            throw new MimeParseException($"'{text}' is not an RFC 5322 date-time.");
        }

        return value;
    }

    /// <summary>Parses a date-time leniently (day names, comments, two-digit years, named zones); false if it cannot.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && TryParse(Encoding.UTF8.GetBytes(text), out value);
    }

    internal static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        Span<Range> words = stackalloc Range[12];
        var count = 0;
        var i = 0;
        while (i < s.Length && count < words.Length)
        {
            var b = s[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',')
            {
                i++;
                continue;
            }

            if (b == (byte)'(')
            {
                ParseUtils.SkipComment(s, ref i);
                continue;
            }

            var start = i;
            while (i < s.Length && s[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',' or (byte)'('))
            {
                i++;
            }

            words[count++] = start..i;
        }

        var w = 0;

        // Optional day-of-week.
        if (w < count && s[words[w]].Length >= 3 && IsAlpha(s[words[w]][0]))
        {
            w++;
        }

        if (w + 3 > count)
        {
            return false;
        }

        if (!TryInt(s[words[w]], out var day))
        {
            return false;
        }

        var month = MonthIndex(s[words[w + 1]]);
        if (month < 0 || !TryInt(s[words[w + 2]], out var year))
        {
            return false;
        }

        var yearLength = s[words[w + 2]].Length;
        if (yearLength <= 2)
        {
            year += year < 50 ? 2000 : 1900;
        }
        else if (yearLength == 3)
        {
            year += 1900;
        }

        w += 3;
        int hour = 0, minute = 0, second = 0;
        if (w < count)
        {
            var time = s[words[w]];
            var c1 = time.IndexOf((byte)':');
            if (c1 > 0)
            {
                var rest = time[(c1 + 1)..];
                var c2 = rest.IndexOf((byte)':');
                if (!TryInt(time[..c1], out hour) || !TryInt(c2 < 0 ? rest : rest[..c2], out minute) || (c2 >= 0 && !TryInt(rest[(c2 + 1)..], out second)))
                {
                    return false;
                }

                w++;
            }
        }

        var offset = TimeSpan.Zero;
        if (w < count && !TryZone(s[words[w]], out offset))
        {
            offset = TimeSpan.Zero;
        }

        if (second == 60)
        {
            second = 59;
        }

        try
        {
            value = new DateTimeOffset(year, month + 1, day, hour, minute, second, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Formats as RFC 5322 "Thu, 01 Oct 2026 09:30:00 -0500".</summary>
    public static string Format(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{value:ddd, dd MMM yyyy HH:mm:ss} {sign}{abs.Hours:00}{abs.Minutes:00}");
    }

    private static bool TryZone(ReadOnlySpan<byte> z, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (z.Length == 5 && z[0] is (byte)'+' or (byte)'-' && TryInt(z[1..3], out var h) && TryInt(z[3..5], out var m) && m < 60)
        {
            offset = new TimeSpan(h, m, 0);
            if (z[0] == (byte)'-')
            {
                offset = -offset;
            }

            return offset.Duration() <= TimeSpan.FromHours(14);
        }

        // Section 4.3 obsolete zones; military letters are unreliable and mean -0000 (unknown).
        Span<byte> lower = stackalloc byte[Math.Min(z.Length, 8)];
        Ascii.ToLower(z[..lower.Length], lower, out _);
        var hours = lower switch
        {
            _ when lower.SequenceEqual("ut"u8) || lower.SequenceEqual("gmt"u8) || lower.SequenceEqual("utc"u8) || lower.SequenceEqual("z"u8) => 0,
            _ when lower.SequenceEqual("edt"u8) => -4,
            _ when lower.SequenceEqual("est"u8) || lower.SequenceEqual("cdt"u8) => lower[0] == (byte)'e' ? -5 : -5,
            _ when lower.SequenceEqual("cst"u8) || lower.SequenceEqual("mdt"u8) => -6,
            _ when lower.SequenceEqual("mst"u8) || lower.SequenceEqual("pdt"u8) => -7,
            _ when lower.SequenceEqual("pst"u8) => -8,
            _ => int.MinValue,
        };
        if (hours == int.MinValue)
        {
            return false;
        }

        offset = TimeSpan.FromHours(hours);
        return true;
    }

    private static int MonthIndex(ReadOnlySpan<byte> m)
    {
        if (m.Length < 3)
        {
            return -1;
        }

        for (var k = 0; k < Months.Length; k++)
        {
            if (Ascii.EqualsIgnoreCase(m[..3], Months[k]))
            {
                return k;
            }
        }

        return -1;
    }

    private static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 25;

    private static bool TryInt(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 4)
        {
            return false;
        }

        foreach (var b in s)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}

/// <summary>Message-ID lists (RFC 5322 section 3.6.4): In-Reply-To, References, Message-ID.</summary>
public static class MessageIds
{
    /// <summary>The ids in <paramref name="value"/>, without angle brackets; lenient with missing brackets and junk.</summary>
    public static IReadOnlyList<string> ParseList(string? value) =>
        value is null ? [] : ParseList(Encoding.UTF8.GetBytes(value));

    internal static List<string> ParseList(ReadOnlySpan<byte> s)
    {
        var ids = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            ParseUtils.SkipCfws(s, ref i);
            if (i >= s.Length)
            {
                break;
            }

            if (s[i] == (byte)'<')
            {
                var end = s[i..].IndexOf((byte)'>');
                var inner = end < 0 ? s[(i + 1)..] : s[(i + 1)..(i + end)];
                inner = inner.Trim(" \t\r\n"u8);
                if (!inner.IsEmpty)
                {
                    ids.Add(Decode(inner));
                }

                i = end < 0 ? s.Length : i + end + 1;
            }
            else
            {
                // Bare ids without brackets (seen from broken clients): take the word if it looks like local@domain.
                var start = i;
                while (i < s.Length && !ParseUtils.IsWhite(s[i]) && s[i] is not ((byte)'<' or (byte)',' or (byte)'('))
                {
                    i++;
                }

                var word = s[start..i];
                if (word.IndexOf((byte)'@') > 0)
                {
                    ids.Add(Decode(word));
                }

                if (i < s.Length && s[i] == (byte)',')
                {
                    i++;
                }
            }
        }

        return ids;
    }

    private static string Decode(ReadOnlySpan<byte> b) =>
        Ascii.IsValid(b) ? Encoding.ASCII.GetString(b) : Encodings.MimeCharsets.DecodeUnknown(b);
}
