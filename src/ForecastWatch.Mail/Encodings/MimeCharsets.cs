using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;

namespace ForecastWatch.Mail.Encodings;

/// <summary>Maps MIME charset names to <see cref="Encoding"/> instances, with the code-pages provider registered.</summary>
public static class MimeCharsets
{
    private static readonly ConcurrentDictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, Encoding?>.AlternateLookup<ReadOnlySpan<char>> CacheLookup =
        Cache.GetAlternateLookup<ReadOnlySpan<char>>();

    // Names seen in real mail that Encoding.GetEncoding does not know, mapped to the encoding actually meant.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf8"] = "utf-8",
        ["latin1"] = "iso-8859-1",
        ["latin-1"] = "iso-8859-1",
        ["ascii"] = "us-ascii",
        ["x-sjis"] = "shift_jis",
        ["sjis"] = "shift_jis",
        ["shift-jis"] = "shift_jis",
        ["x-euc-jp"] = "euc-jp",
        ["gb2312"] = "gb18030",
        ["gbk"] = "gb18030",
        ["x-gbk"] = "gb18030",
        ["cp936"] = "gb18030",
        ["ks_c_5601-1987"] = "ks_c_5601-1987",
        ["koi8r"] = "koi8-r",
        ["x-unknown"] = "",
        ["unknown-8bit"] = "",
        ["x-user-defined"] = "",
    };

    static MimeCharsets()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    /// <summary>windows-1252, the fallback for 8-bit text that is not valid UTF-8 (a superset of ISO-8859-1 in practice).</summary>
    public static Encoding Windows1252 { get; }

    /// <summary>The encoding for a charset name (case-insensitive, common aliases and <c>cpNNNN</c> accepted), or null if unknown.</summary>
    public static Encoding? GetEncoding(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        return Cache.GetOrAdd(charset.Trim(), static name => Resolve(name));
    }

    internal static Encoding? GetEncoding(ReadOnlySpan<byte> charset)
    {
        charset = charset.Trim(" \t\""u8);
        if (charset.IsEmpty || charset.Length > 64)
        {
            return null;
        }

        Span<char> chars = stackalloc char[charset.Length];
        for (var i = 0; i < charset.Length; i++)
        {
            chars[i] = (char)charset[i];
        }

        if (CacheLookup.TryGetValue(chars, out var cached))
        {
            return cached;
        }

        return GetEncoding(new string(chars));
    }

    private static Encoding? Resolve(string name)
    {
        // RFC 2231 section 5 allows a language suffix on charsets in encoded-words: "utf-8*en".
        var star = name.IndexOf('*', StringComparison.Ordinal);
        if (star > 0)
        {
            name = name[..star];
        }

        if (Aliases.TryGetValue(name, out var alias))
        {
            if (alias.Length == 0)
            {
                return null;
            }

            name = alias;
        }

        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8;
        }

        try
        {
            if ((name.StartsWith("cp", StringComparison.OrdinalIgnoreCase) || name.StartsWith("windows", StringComparison.OrdinalIgnoreCase))
                && int.TryParse(name.AsSpan(name[0] == 'c' || name[0] == 'C' ? 2 : 7).TrimStart('-'), out var codePage))
            {
                return Encoding.GetEncoding(codePage);
            }

            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Decodes text in a declared charset. Unknown charsets, and bytes that are invalid in UTF-8 or US-ASCII, fall back
    /// to UTF-8 when the bytes are valid UTF-8, otherwise windows-1252; <paramref name="fellBack"/> reports that.
    /// </summary>
    internal static string Decode(ReadOnlySpan<byte> bytes, string? charset, out bool fellBack)
    {
        fellBack = false;
        var encoding = GetEncoding(charset);
        if (encoding is null)
        {
            fellBack = !string.IsNullOrEmpty(charset) || !IsAscii(bytes);
            return DecodeUnknown(bytes);
        }

        return Decode(bytes, encoding, out fellBack);
    }

    internal static string Decode(ReadOnlySpan<byte> bytes, Encoding encoding, out bool fellBack)
    {
        fellBack = false;
        var cp = encoding.CodePage;
        if (cp == 65001 || cp == 20127)
        {
            if (Utf8.IsValid(bytes))
            {
                return Encoding.UTF8.GetString(bytes);
            }

            // Mislabelled 8-bit text is common: US-ASCII or UTF-8 declared, Latin-1 sent.
            fellBack = true;
            return Windows1252.GetString(bytes);
        }

        return encoding.GetString(bytes);
    }

    internal static string DecodeUnknown(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Windows1252.GetString(bytes);

    internal static bool IsAscii(ReadOnlySpan<byte> bytes) => System.Text.Ascii.IsValid(bytes);
}
