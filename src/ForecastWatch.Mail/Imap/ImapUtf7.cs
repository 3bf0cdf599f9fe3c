using System.Text;

namespace ForecastWatch.Mail.Imap;

/// <summary>Modified UTF-7 for mailbox names, RFC 3501 section 5.1.3.</summary>
public static class ImapUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Encodes a mailbox name: printable ASCII stays, '&amp;' becomes "&amp;-", anything else is base64 of UTF-16BE.</summary>
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 8);
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (c == '&')
            {
                sb.Append("&-");
                i++;
            }
            else if (c is >= (char)0x20 and <= (char)0x7E)
            {
                sb.Append(c);
                i++;
            }
            else
            {
                var start = i;
                while (i < name.Length && name[i] is < (char)0x20 or > (char)0x7E)
                {
                    i++;
                }

                var bytes = Encoding.BigEndianUnicode.GetBytes(name.Substring(start, i - start));
                sb.Append('&');
                AppendBase64(sb, bytes);
                sb.Append('-');
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes a mailbox name; malformed shift sequences are kept as they are.</summary>
    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!encoded.Contains('&', StringComparison.Ordinal))
        {
            return encoded;
        }

        var sb = new StringBuilder(encoded.Length);
        var i = 0;
        while (i < encoded.Length)
        {
            var c = encoded[i];
            if (c != '&')
            {
                sb.Append(c);
                i++;
                continue;
            }

            var end = encoded.IndexOf('-', i + 1);
            if (end < 0)
            {
                sb.Append(encoded, i, encoded.Length - i);
                break;
            }

            if (end == i + 1)
            {
                sb.Append('&');
            }
            else if (TryDecodeBase64(encoded.AsSpan(i + 1, end - i - 1), out var text))
            {
                sb.Append(text);
            }
            else
            {
                sb.Append(encoded, i, end - i + 1);
            }

            i = end + 1;
        }

        return sb.ToString();
    }

    private static void AppendBase64(StringBuilder sb, byte[] bytes)
    {
        var bits = 0;
        var buffer = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 6)
            {
                bits -= 6;
                sb.Append(Alphabet[(buffer >> bits) & 0x3F]);
            }
        }

        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (6 - bits)) & 0x3F]);
        }
    }

    private static bool TryDecodeBase64(ReadOnlySpan<char> s, out string text)
    {
        text = "";
        var bytes = new List<byte>(s.Length);
        var bits = 0;
        var buffer = 0;
        foreach (var c in s)
        {
            var v = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0)
            {
                return false;
            }

            buffer = ((buffer << 6) | v) & 0xFFFFFF;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xFF));
            }
        }

        if (bytes.Count % 2 != 0)
        {
            return false;
        }

        text = Encoding.BigEndianUnicode.GetString(bytes.ToArray());
        return true;
    }
}
