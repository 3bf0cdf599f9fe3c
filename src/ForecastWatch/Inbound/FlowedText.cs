using System.Text;

namespace ForecastWatch.Inbound;

/// <summary>
/// Un-wraps text/plain; format=flowed (RFC 3676 section 4): a line ending in a space continues on the next line of the
/// same quote depth; space-stuffing is removed; the signature separator "-- " is never flowed (section 4.3); with
/// delsp=yes the trailing space is deleted when lines are joined (section 4.2). Quoted lines come out as "&gt; " per
/// level, so the reply trimmer sees ordinary quotes.
/// </summary>
internal static class FlowedText
{
    public static string Unwrap(string text, bool deleteSpace)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length);
        var paragraph = new StringBuilder();
        var depth = -1;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var lineDepth = 0;
            while (lineDepth < raw.Length && raw[lineDepth] == '>')
            {
                lineDepth++;
            }

            var line = raw[lineDepth..];
            if (line.StartsWith(' '))
            {
                line = line[1..];
            }

            // A flowed line followed by one of another depth is improperly flowed: it ends there (section 4.5).
            if (depth >= 0 && lineDepth != depth)
            {
                Flush(output, paragraph, depth);
            }

            depth = lineDepth;
            var flowed = line.EndsWith(' ') && line != "-- ";
            paragraph.Append(flowed && deleteSpace ? line[..^1] : line);
            if (!flowed)
            {
                Flush(output, paragraph, depth);
                depth = -1;
            }
        }

        if (depth >= 0)
        {
            Flush(output, paragraph, depth);
        }

        // Every line was written with a line break; the input's last line had none (or was the empty one after it).
        if (output.Length > 0)
        {
            output.Length--;
        }

        return output.ToString();
    }

    private static void Flush(StringBuilder output, StringBuilder paragraph, int depth)
    {
        if (depth > 0)
        {
            output.Append('>', depth).Append(' ');
        }

        output.Append(paragraph).Append('\n');
        paragraph.Clear();
    }
}
