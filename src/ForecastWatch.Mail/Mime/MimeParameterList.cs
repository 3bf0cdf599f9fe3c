using System.Collections;
using System.Text;
using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.Mime;

/// <summary>Content-Type / Content-Disposition parameters, with RFC 2231 continuations and charsets already joined and decoded.</summary>
public sealed class MimeParameterList : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items;

    internal MimeParameterList(List<KeyValuePair<string, string>> items) => _items = items;

    /// <summary>Creates an empty list.</summary>
    public MimeParameterList()
        : this([])
    {
    }

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public KeyValuePair<string, string> this[int index] => _items[index];

    /// <summary>The value of the parameter (names compare case-insensitively), or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var kv in _items)
            {
                if (kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return kv.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Adds or replaces a parameter.</summary>
    public void Set(string name, string value)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                _items[i] = new(_items[i].Key, value);
                return;
            }
        }

        _items.Add(new(name, value));
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly record struct RawParameter(string Name, int Section, bool Extended, byte[] Value, bool Quoted);

    /// <summary>Parses "; name=value" pairs from <paramref name="i"/> to the end. Junk is skipped; returns false if any was.</summary>
    internal static MimeParameterList Parse(ReadOnlySpan<byte> s, ref int i, out bool clean)
    {
        clean = true;
        List<RawParameter>? raw = null;
        var needsJoin = false;
        while (i < s.Length)
        {
            ParseUtils.SkipCfws(s, ref i);
            if (i >= s.Length)
            {
                break;
            }

            if (s[i] == (byte)';')
            {
                i++;
                continue;
            }

            var nameStart = i;
            while (i < s.Length && ParseUtils.IsTokenChar(s[i]))
            {
                i++;
            }

            var nameBytes = s[nameStart..i];
            ParseUtils.SkipCfws(s, ref i);
            if (nameBytes.IsEmpty || i >= s.Length || s[i] != (byte)'=')
            {
                clean = false;
                SkipToSemicolon(s, ref i);
                continue;
            }

            i++;
            ParseUtils.SkipCfws(s, ref i);
            byte[] value;
            var quoted = false;
            if (i < s.Length && s[i] == (byte)'"')
            {
                value = ParseUtils.ReadQuotedString(s, ref i, out var closed);
                clean &= closed;
                quoted = true;
            }
            else
            {
                // A token, optionally followed by comments; failing that (lenient), unquoted values with spaces or
                // tspecials are common ("name=my file.pdf"): take everything up to ";".
                var start = i;
                ParseUtils.TryReadToken(s, ref i, out var token);
                var afterToken = i;
                ParseUtils.SkipCfws(s, ref i);
                if (!token.IsEmpty && (i >= s.Length || s[i] == (byte)';'))
                {
                    value = s[start..afterToken].ToArray();
                }
                else
                {
                    i = start;
                    SkipToSemicolon(s, ref i);
                    value = s[start..i].TrimEnd(" \t\r\n"u8).ToArray();
                }
            }

            var name = ParseUtils.LowerToken(nameBytes);
            var section = -1;
            var extended = false;
            var star = name.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0)
            {
                // RFC 2231 sections 3 and 4: name*, name*N, name*N*.
                var suffix = name.AsSpan(star + 1);
                extended = suffix.EndsWith("*") || suffix.IsEmpty;
                if (!suffix.IsEmpty)
                {
                    var digits = suffix.TrimEnd('*');
                    if (digits.IsEmpty || !int.TryParse(digits, out section) || section < 0 || section > 999)
                    {
                        section = digits.IsEmpty ? -1 : 0;
                    }
                }

                name = name[..star];
                needsJoin = true;
            }

            (raw ??= []).Add(new RawParameter(name, section, extended, value, quoted));
        }

        if (raw is null)
        {
            return new MimeParameterList();
        }

        return new MimeParameterList(needsJoin ? Join(raw) : Simple(raw));
    }

    private static List<KeyValuePair<string, string>> Simple(List<RawParameter> raw)
    {
        var list = new List<KeyValuePair<string, string>>(raw.Count);
        foreach (var p in raw)
        {
            list.Add(new(p.Name, DecodePlain(p.Value)));
        }

        return list;
    }

    private static List<KeyValuePair<string, string>> Join(List<RawParameter> raw)
    {
        var list = new List<KeyValuePair<string, string>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var first in raw)
        {
            if (first.Section < 0 && !first.Extended)
            {
                // A plain name=value loses to an RFC 2231 form of the same name (section 4.1 fallbacks are common).
                if (!raw.Exists(p => p.Name == first.Name && (p.Section >= 0 || p.Extended)))
                {
                    list.Add(new(first.Name, DecodePlain(first.Value)));
                }

                continue;
            }

            if (!done.Add(first.Name))
            {
                continue;
            }

            var parts = raw.FindAll(p => p.Name == first.Name && (p.Section >= 0 || p.Extended));
            parts.Sort(static (a, b) => a.Section.CompareTo(b.Section));
            var bytes = new List<byte>();
            string? charset = null;
            for (var k = 0; k < parts.Count; k++)
            {
                var p = parts[k];
                ReadOnlySpan<byte> v = p.Value;
                if (p.Extended)
                {
                    if (k == 0)
                    {
                        // charset'language'value (section 4).
                        var q1 = v.IndexOf((byte)'\'');
                        var q2 = q1 < 0 ? -1 : v[(q1 + 1)..].IndexOf((byte)'\'');
                        if (q1 >= 0 && q2 >= 0)
                        {
                            charset = Encoding.ASCII.GetString(v[..q1]);
                            v = v[(q1 + q2 + 2)..];
                        }
                    }

                    PercentDecode(v, bytes);
                }
                else
                {
                    bytes.AddRange(v);
                }
            }

            var all = bytes.ToArray();
            var text = charset is null ? DecodePlain(all) : MimeCharsets.Decode(all, charset, out _);
            list.Add(new(first.Name, text));
        }

        return list;
    }

    private static void PercentDecode(ReadOnlySpan<byte> v, List<byte> output)
    {
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] == (byte)'%' && i + 2 < v.Length && QuotedPrintableDecoder.IsHex(v[i + 1]) && QuotedPrintableDecoder.IsHex(v[i + 2]))
            {
                output.Add((byte)((QuotedPrintableDecoder.HexValue(v[i + 1]) << 4) | QuotedPrintableDecoder.HexValue(v[i + 2])));
                i += 2;
            }
            else
            {
                output.Add(v[i]);
            }
        }
    }

    // Outlook and others put RFC 2047 encoded-words inside quoted parameter values (forbidden by RFC 2047 section 5, but
    // universal); raw 8-bit values are UTF-8 or windows-1252.
    private static string DecodePlain(byte[] value) => Rfc2047.DecodeText(value, out _);

    private static void SkipToSemicolon(ReadOnlySpan<byte> s, ref int i)
    {
        var idx = s[i..].IndexOf((byte)';');
        i = idx < 0 ? s.Length : i + idx;
    }

    /// <summary>Writes "; name=value" for each parameter: quoted when needed, RFC 2231 (UTF-8, split) when not ASCII.</summary>
    internal void AppendTo(StringBuilder sb)
    {
        foreach (var (name, value) in _items)
        {
            sb.Append(';');
            AppendParameter(sb, name, value);
        }
    }

    private static void AppendParameter(StringBuilder sb, string name, string value)
    {
        var ascii = System.Text.Ascii.IsValid(value) && value.AsSpan().IndexOfAny('\r', '\n') < 0;
        if (ascii && value.Length <= 60)
        {
            sb.Append(' ').Append(name).Append('=');
            AppendQuotedIfNeeded(sb, value);
            return;
        }

        // RFC 2231 sections 3 and 4: name*0*=utf-8''pct-encoded; name*1*=... each kept short enough for one line.
        var bytes = Encoding.UTF8.GetBytes(value);
        var section = 0;
        var current = new StringBuilder();
        current.Append("utf-8''");
        foreach (var b in bytes)
        {
            if (current.Length > 50 && (b & 0xC0) != 0x80)
            {
                sb.Append("\r\n ").Append(name).Append('*').Append(section++).Append("*=").Append(current);
                sb.Append(';');
                current.Clear();
            }

            if (b is > 32 and < 127 && ParseUtils.IsTokenChar(b) && b is not ((byte)'%' or (byte)'\'' or (byte)'*'))
            {
                current.Append((char)b);
            }
            else
            {
                current.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        sb.Append("\r\n ").Append(name).Append('*').Append(section).Append("*=").Append(current);
    }

    internal static void AppendQuotedIfNeeded(StringBuilder sb, string value)
    {
        var needsQuotes = value.Length == 0;
        foreach (var c in value)
        {
            if (c > 127 || !ParseUtils.IsTokenChar((byte)c))
            {
                needsQuotes = true;
                break;
            }
        }

        if (!needsQuotes)
        {
            sb.Append(value);
            return;
        }

        sb.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        sb.Append('"');
    }
}
