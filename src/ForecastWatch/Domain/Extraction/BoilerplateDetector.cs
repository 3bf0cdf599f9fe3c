using System.Buffers;
using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Marks lines that are page furniture rather than article body, for articles that arrive without annotations:
/// navigation bars, related-article and "more from" lists, event ads, comment forms, FAQ blocks, affiliate and
/// syndication notices, and lines mostly in another script.
/// </summary>
internal static partial class BoilerplateDetector
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>Every regex is bounded: a match attempt that runs longer than this is abandoned (treated as no match).</summary>
    private const int RegexTimeoutMs = 1000;

    /// <summary>Headings after which the rest of the page is furniture (when they sit in the back half).</summary>
    [GeneratedRegex(
        @"^\s*(?:more\s+from\b|more\s+stories|related(?:\s+(?:articles?|topics|stories|posts|reading|coverage|content|news))?\s*:?\s*$|"
        + @"further\s+reading|read\s+(?:more|next|also)\b|recommended(?:\s+for\s+you)?\s*$|you\s+(?:may|might)\s+also\s+like|"
        + @"most\s+(?:read|popular)|trending\b|popular\s+(?:now|stories)|leave\s+a\s+(?:reply|comment)|comments?\s*(?:\(\d+\))?\s*$|"
        + @"\d+\s+comments|discussion\s*$|join\s+the\s+(?:discussion|conversation)|frequently\s+asked\s+questions|faqs?\s*:?\s*$|"
        + @"about\s+the\s+author|share\s+this\s+(?:article|story)|sign\s+up\s+for|subscribe\s+to)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex TailHeading();

    /// <summary>Lines that are furniture wherever they are.</summary>
    [GeneratedRegex(@"(?:your\s+email\s+address\s+will\s+not\s+be\s+published|required\s+fields\s+are\s+marked|"
        + @"this\s+article\s+was\s+originally\s+published|read\s+the\s+full\s+(?:piece|article|story)|"
        + @"read\s+(?:the\s+)?(?:full\s+)?(?:original\s+)?article\s+on|read\s+original|"
        + @"all\s+(?:original\s+)?(?:content\s+and\s+)?rights\s+(?:belong|reserved)|through\s+the\s+links\s+in\s+our\s+articles|"
        + @"may\s+earn\s+a\s+(?:small\s+)?(?:commission|fee)|affiliate\s+(?:links?|commission)|does\s+not\s+affect\s+our\s+editorial|"
        + @"sign\s+in\s+to\s+(?:join|comment)|curated\s+from\b|\bcurates\b.{0,40}\bsources\b|^\s*advertisement\s*$|"
        + @"^\s*sponsored(?:\s+content)?\s*$|^\s*(?:tags|topics|filed\s+under|categories)\s*:|^\s*source\s*:|^\s*archive\s*:?|"
        + @"\bindexed\s+articles\b|\d+\s+related\s+articles|\d+\s+published\s+articles|^\s*(?:share|tweet|email|print)\s*$|"
        + @"^\s*(?:follow\s+us|subscribe)\b)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex FurnitureLine();

    /// <summary>Furniture only when the line is short (an article may well discuss cookies or privacy policies).</summary>
    [GeneratedRegex(@"(?:cookies?|privacy\s+policy|terms\s+of\s+(?:use|service)|all\s+rights\s+reserved|copyright|\u00A9|newsletter|"
        + @"sign\s+up|log\s+in|sign\s+in|download\s+(?:the\s+)?app)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ShortFurnitureLine();

    /// <summary>"Updated forecasts, sent to clients after the press conference:": a lead-in to a list of forecasts, not an ad.</summary>
    [GeneratedRegex(@"\b(?:forecasts?|projections?|outlook|expects?|estimates|predictions?|sees)\b[^:]*:\s*$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ForecastLeadIn();

    private static bool IsForecastLeadIn(string s)
    {
        try
        {
            return ForecastLeadIn().IsMatch(s);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>A short heading that announces an ad for an event (conference, summit, webinar, tickets).</summary>
    [GeneratedRegex(@"\b(?:event|events|summit|conference|webinar|expo|festival|tickets?|register\s+now|save\s+the\s+date|early[-\s]bird|"
        + @"livestream|meetup)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex EventHeading();

    /// <summary>Words of which every <see cref="FurnitureLine"/> match holds one: a line with none skips that pattern.</summary>
    private static readonly SearchValues<string> FurnitureWords = SearchValues.Create(
        [
            "email", "required", "originally", "read", "rights", "links", "earn", "affiliate", "editorial", "sign", "curate",
            "advertisement", "sponsored", "tags", "topics", "filed", "categories", "source", "archive", "indexed", "related",
            "published", "share", "tweet", "print", "follow", "subscribe",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Words of which every <see cref="ShortFurnitureLine"/> match holds one.</summary>
    internal static readonly WordSearch ShortFurnitureWords = WordSearch.Create(
        ["cookie", "privacy", "terms", "rights", "copyright", "\u00A9", "newsletter", "sign", "log", "download"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Letters that case-fold onto ASCII ones (Kelvin sign, long s, dotted and dotless i): the word test cannot tell.</summary>
    private static readonly SearchValues<char> CaseFoldingLetters = SearchValues.Create("\u212A\u212B\u017F\u0130\u0131");

    private static bool MayBeFurniture(ReadOnlySpan<char> s) => s.ContainsAny(FurnitureWords) || s.ContainsAny(CaseFoldingLetters);

    private static bool MayBeShortFurniture(ReadOnlySpan<char> s) =>
        s.ContainsAny(ShortFurnitureWords) || s.ContainsAny(CaseFoldingLetters);

    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "of", "by", "to", "will", "in", "and", "for", "a", "an", "is", "are", "on", "at", "with", "as", "could", "may",
        "would", "be", "has", "have", "its", "it", "that", "this",
    };

    public static bool[] Detect(string text, IReadOnlyList<Span> lines, IReadOnlyList<LineRange> annotated)
    {
        var flags = new bool[lines.Count];
        foreach (var r in annotated)
        {
            for (var n = Math.Max(1, r.StartLine); n <= Math.Min(lines.Count, r.EndLine); n++)
            {
                flags[n - 1] = true;
            }
        }

        var bodyChars = 0;
        foreach (var l in lines)
        {
            bodyChars += l.Length;
        }

        var seen = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var s = text.AsSpan(line.Start, line.Length);
            seen += line.Length;
            if (flags[i] || s.IsWhiteSpace())
            {
                continue;
            }

            var str = s.Length <= 400 ? s.ToString() : s[..400].ToString();
            try
            {
                if (DetectLine(text, lines, flags, i, s, str, seen, bodyChars))
                {
                    break;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // An unreadable line stays body; the extractor decides what to do with it.
            }
        }

        return flags;
    }

    /// <summary>Flags line <paramref name="i"/> (and a block after it); true when the rest of the page is furniture.</summary>
    private static bool DetectLine(string text, IReadOnlyList<Span> lines, bool[] flags, int i, ReadOnlySpan<char> s, string str, int seen,
        int bodyChars)
    {
        // Furniture lines are short; a long paragraph is body (and skipping it keeps the scan cheap).
        var trimmed = s.Trim().Length;
        if (IsForeign(s) || (trimmed <= 320 && ((MayBeFurniture(str) && FurnitureLine().IsMatch(str)) || IsNavigation(str)))
            || (trimmed <= 120 && MayBeShortFurniture(str) && ShortFurnitureLine().IsMatch(str))
            || (trimmed <= 240 && IsHousekeeping(str)))
        {
            flags[i] = true;
            return false;
        }

        var shortLine = trimmed <= 80 && !EndsSentence(s);
        if (shortLine && TailHeading().IsMatch(str) && seen >= bodyChars * 0.4)
        {
            for (var j = i; j < lines.Count; j++)
            {
                flags[j] = true;
            }

            return true;
        }

        if (shortLine && (TailHeading().IsMatch(str)
            || (EventHeading().IsMatch(str) && !NextIsTableRow(text, lines, i) && !IsForecastLeadIn(str))))
        {
            // A block inside the page: the heading and the short lines under it (title, place, date, "|").
            flags[i] = true;
            for (var j = i + 1; j < lines.Count; j++)
            {
                var t = text.AsSpan(lines[j].Start, lines[j].Length).Trim();
                if (t.Length > 80 || (t.Length > 0 && EndsSentence(t)))
                {
                    break;
                }

                flags[j] = true;
            }
        }

        return false;
    }

    /// <summary>"Eastern Conference" over "Boston Celtics   58-24   99%": a group header inside a table, not an events block.</summary>
    private static bool NextIsTableRow(string text, IReadOnlyList<Span> lines, int i)
    {
        var seen = 0;
        for (var j = i + 1; j < lines.Count && seen < 2; j++)
        {
            var t = text.AsSpan(lines[j].Start, lines[j].Length).Trim();
            if (t.IsEmpty)
            {
                continue;
            }

            seen++; // the row, or the column header and then the row
            if ((t.Contains("  ", StringComparison.Ordinal) || t.Contains('\t') || t[0] == '|') && t.ContainsAnyInRange('0', '9'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>More than 30% of the letters outside the Latin script: another language's UI or a translated block.</summary>
    internal static bool IsForeign(ReadOnlySpan<char> s)
    {
        int letters = 0, foreign = 0;
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (c > '\u024F')
                {
                    foreign++;
                }
            }
        }

        return letters > 0 && foreign * 10 > letters * 3;
    }

    private static bool EndsSentence(ReadOnlySpan<char> s)
    {
        s = s.TrimEnd();
        return s.Length > 0 && s[^1] is '.' or '!' or '?' or '"' or '\u201D';
    }

    /// <summary>"All AI Labs Business News Newsletters Research": many capitalized words, no verbs or function words.</summary>
    private static bool IsNavigation(string line)
    {
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 6 || line.Length > 200)
        {
            return false;
        }

        foreach (var w in words)
        {
            if (!char.IsUpper(w[0]) || FunctionWords.Contains(w) || w.Any(static c => c is '.' or ',' or ':' or '!' or '?'))
            {
                return false;
            }
        }

        return true;
    }
}
