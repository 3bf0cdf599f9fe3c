using System.Buffers;
using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>Writes header fields: non-ASCII text as RFC 2047 encoded-words, folded at whitespace, CRLF-terminated.</summary>
internal static class HeaderFormatter
{
    /// <summary>Unstructured text (Subject, extra headers): runs of words needing encoding become encoded-words.</summary>
    public static void Write(string name, string value, IBufferWriter<byte> output, MimeFormatOptions options)
    {
        value = value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        var words = value.Split(' ');
        var tokens = new List<string>(words.Length);
        var run = new StringBuilder();
        foreach (var w in words)
        {
            if (NeedsEncoding(w))
            {
                if (run.Length > 0)
                {
                    run.Append(' ');
                }

                run.Append(w);
                continue;
            }

            if (run.Length > 0)
            {
                tokens.AddRange(Rfc2047.EncodeWords(run.ToString()));
                run.Clear();
            }

            tokens.Add(w);
        }

        if (run.Length > 0)
        {
            tokens.AddRange(Rfc2047.EncodeWords(run.ToString()));
        }

        WriteFolded(name, tokens, output, options);
    }

    /// <summary>An already formatted ASCII structured value (addresses, ids, parameters): folded at spaces only.</summary>
    public static void WriteStructured(string name, string value, IBufferWriter<byte> output, MimeFormatOptions options)
    {
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            // Pre-folded (RFC 2231 parameter sections): written as given, but only folds (CRLF + space) are allowed.
            var lines = value.Split("\r\n");
            if (lines.Skip(1).Any(static l => l.Length == 0 || l[0] != ' ') || lines.Any(static l => l.AsSpan().IndexOfAny('\r', '\n') >= 0))
            {
                throw new ArgumentException($"Header '{name}' contains a line break that is not a fold.", nameof(value));
            }

            Append(output, name + ": " + value + "\r\n");
            return;
        }

        WriteFolded(name, value.Split(' '), output, options);
    }

    private static bool NeedsEncoding(string word)
    {
        if (word.Contains("=?", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var c in word)
        {
            if (c >= 0x7f || (c < 0x20 && c != '\t'))
            {
                return true;
            }
        }

        return word.Length > 900;
    }

    private static void WriteFolded(string name, IReadOnlyList<string> tokens, IBufferWriter<byte> output, MimeFormatOptions options)
    {
        var sb = new StringBuilder(name.Length + 80);
        sb.Append(name).Append(':');
        var lineLength = sb.Length;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];

            // Fold before the space so that unfolding (removing CRLF) restores the text exactly (section 2.2.3).
            if (lineLength + 1 + t.Length > options.PreferredLineLength && lineLength > name.Length + 1)
            {
                sb.Append("\r\n");
                lineLength = 0;
            }

            sb.Append(' ').Append(t);
            lineLength += 1 + t.Length;
        }

        sb.Append("\r\n");
        Append(output, sb.ToString());
    }

    private static void Append(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
