namespace ForecastWatch.Domain.Extraction;

/// <summary>A markdown-style table ("| a | b |" rows, optional "|---|" separator), with cell offsets into the text.</summary>
internal sealed record MarkdownTable(int FirstLine, int LastLine, IReadOnlyList<Span> Header, IReadOnlyList<TableRow> Rows);

internal sealed record TableRow(Span Line, IReadOnlyList<Span> Cells);

internal static class MarkdownTableReader
{
    public static bool IsTableLine(string text, Span line)
    {
        var s = text.AsSpan(line.Start, line.Length).Trim();
        return s.Length >= 3 && s[0] == '|' && s[1..].Contains('|');
    }

    /// <summary>Reads the table starting at <paramref name="first"/>; returns null when there is no header and body.</summary>
    public static MarkdownTable? Read(string text, IReadOnlyList<Span> lines, int first, out int last)
    {
        last = first;
        while (last + 1 < lines.Count && IsTableLine(text, lines[last + 1]))
        {
            last++;
        }

        var rows = new List<TableRow>();
        for (var i = first; i <= last; i++)
        {
            var cells = Cells(text, lines[i]);
            if (IsSeparator(text, cells))
            {
                continue;
            }

            rows.Add(new TableRow(lines[i], cells));
        }

        if (rows.Count < 2)
        {
            return null;
        }

        return new MarkdownTable(first, last, rows[0].Cells, rows.Skip(1).ToList());
    }

    private static List<Span> Cells(string text, Span line)
    {
        var cells = new List<Span>();
        var i = line.Start;
        while (i < line.End && text[i] != '|')
        {
            i++;
        }

        var cellStart = i + 1;
        for (var j = cellStart; j < line.End; j++)
        {
            if (text[j] == '|' && text[j - 1] != '\\')
            {
                cells.Add(Trim(text, cellStart, j));
                cellStart = j + 1;
            }
        }

        if (cellStart < line.End && !text.AsSpan(cellStart, line.End - cellStart).IsWhiteSpace())
        {
            cells.Add(Trim(text, cellStart, line.End));
        }

        return cells;
    }

    private static Span Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new Span(start, end);
    }

    private static bool IsSeparator(string text, List<Span> cells)
    {
        if (cells.Count == 0)
        {
            return false;
        }

        foreach (var c in cells)
        {
            var s = text.AsSpan(c.Start, c.Length);
            if (!s.Contains('-') || s.ContainsAnyExcept(":-\u2013\u2014 "))
            {
                return false;
            }
        }

        return true;
    }
}
