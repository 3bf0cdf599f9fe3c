namespace ForecastWatch.Domain.Extraction;

/// <summary>A span of the original text: [Start, End).</summary>
internal readonly record struct Span(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>Splits text into lines and sentences, keeping offsets into the original string.</summary>
internal static class TextSegmenter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "e.u",
        "u.n", "st", "jr", "sr", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "approx", "est", "gov", "sen", "rep", "gen", "fig", "vol", "ave", "mt", "ft", "bros", "plc",
    };

    public static List<Span> Lines(string text)
    {
        var lines = new List<Span>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.Add(new Span(start, end));
                start = i + 1;
            }
        }

        lines.Add(new Span(start, text.Length));
        return lines;
    }

    /// <summary>Sentences inside one line (a line never continues a sentence: articles here are one paragraph per line).</summary>
    public static List<Span> Sentences(string text, Span line)
    {
        var result = new List<Span>();
        var start = SkipSpace(text, line.Start, line.End);
        var i = start;
        while (i < line.End)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' or '\u2026')
            {
                var end = i + 1;
                while (end < line.End && text[end] is '"' or '\'' or ')' or ']' or '\u201D' or '\u2019' or '.' or '!' or '?')
                {
                    end++;
                }

                if (end >= line.End || (char.IsWhiteSpace(text[end]) && StartsSentence(text, SkipSpace(text, end, line.End), line.End)))
                {
                    if (!(c == '.' && IsAbbreviationOrNumber(text, start, i)))
                    {
                        AddTrimmed(text, result, start, end);
                        start = SkipSpace(text, end, line.End);
                        i = start;
                        continue;
                    }
                }
            }

            i++;
        }

        if (start < line.End)
        {
            AddTrimmed(text, result, start, line.End);
        }

        return result;
    }

    private static void AddTrimmed(string text, List<Span> result, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            result.Add(new Span(start, end));
        }
    }

    private static int SkipSpace(string text, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool StartsSentence(string text, int i, int end)
    {
        if (i >= end)
        {
            return true;
        }

        var c = text[i];
        if (char.IsLower(c))
        {
            // Brand names that start lower-case ("xAI", "iPhone", "eBay") still start a sentence.
            for (var j = i + 1; j < end && j < i + 8 && char.IsLetter(text[j]); j++)
            {
                if (char.IsUpper(text[j]))
                {
                    return true;
                }
            }

            return false;
        }

        return char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\'' or '(' or '[' or '\u201C' or '\u2018' or '$' or '\u20AC' or '\u00A3'
            || !char.IsLetter(c) || c > '\u024F';
    }

    private static bool IsAbbreviationOrNumber(string text, int sentenceStart, int dot)
    {
        if (dot + 1 < text.Length && char.IsDigit(text[dot + 1]))
        {
            return true;
        }

        var j = dot - 1;
        while (j >= sentenceStart && (char.IsLetter(text[j]) || text[j] == '.'))
        {
            j--;
        }

        var word = text[(j + 1)..dot];
        if (word.Length == 0)
        {
            return false;
        }

        // A single capital ("J. Smith") or a dotted acronym ("U.S.") does not end a sentence; "64K." does.
        if (j >= sentenceStart && char.IsDigit(text[j]))
        {
            return false;
        }

        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])) || (word.Contains('.') && word.Length <= 5);
    }
}
