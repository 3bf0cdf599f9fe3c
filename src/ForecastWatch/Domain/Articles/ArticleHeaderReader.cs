using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Articles;

/// <summary>
/// What the head of a plain-text article says about itself: its title, byline, publication line and dateline.
/// <see cref="HeaderLines"/> are the lines that are page furniture (byline, "Published 18 March 2026", "Fieldwork:
/// ..."): the extractor never reads them as claims, and never reads their date as a horizon.
/// </summary>
/// <param name="PublishedFrom">The line the date was read from, for messages ("Published 18 March 2026").</param>
public sealed record ArticleHeader(
    string? Title,
    IReadOnlyList<string> Authors,
    PartialDate? Published,
    string? PublishedFrom,
    IReadOnlyList<LineRange> HeaderLines);

/// <summary>
/// Reads <see cref="ArticleHeader"/> from the first lines of a text article, and dates written the way newsrooms
/// write them ("18 March 2026", "March 4, 2026", "Dec. 4, 2026", "2026-03-18", "9/21/2026" is not read: ambiguous).
/// </summary>
public static partial class ArticleHeaderReader
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int RegexTimeoutMs = 1000;

    /// <summary>How many non-empty lines from the top are looked at.</summary>
    private const int HeadLines = 8;

    private const string Month =
        @"(?<mon>january|february|march|april|may|june|july|august|september|october|november|december"
        + @"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?";

    [GeneratedRegex(@"\b(?:(?<d>\d{1,2})(?:st|nd|rd|th)?\s+" + Month + @",?\s+(?<y>(?:19|20)\d\d)"
        + @"|" + Month + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d\d)"
        + @"|(?<y>(?:19|20)\d\d)-(?<m>0[1-9]|1[0-2])-(?<d>0[1-9]|[12]\d|3[01]))\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex DateRx();

    /// <summary>A publication line: "Published 18 March 2026", "Updated: ...", "Statistics release, 14 February 2026".</summary>
    [GeneratedRegex(@"^\W*(?:(?:first\s+)?published|updated|last\s+updated|released|posted|issued|date|dated|statistics\s+release|"
        + @"press\s+release|news\s+release)\b[^.]{0,40}?$|^\W*(?:(?:first\s+)?published|updated|released|posted|issued)\s*(?:on\s*)?:?\s",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PublicationLine();

    [GeneratedRegex(@"^\s*(?:by|written\s+by|words\s+by|reporting\s+by)\s+(?<who>[A-Z][\p{L}.'\-]+(?:\s+(?:[A-Z][\p{L}.'\-]+|van|von|de|da|"
        + @"del|der|and|&|,))*)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex BylineLine();

    /// <summary>Poll furniture: "Fieldwork: 3-5 June 2026. Sample: 2,014 adults."</summary>
    [GeneratedRegex(@"^\s*(?:fieldwork|sample|methodology|survey\s+dates?|conducted)\s*[:\-]", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PollFurniture();

    public static ArticleHeader Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? title = null;
        var authors = new List<string>();
        PartialDate? published = null;
        string? from = null;
        var header = new List<LineRange>();
        var lineNo = 0;
        var seen = 0;
        foreach (var raw in EnumerateLines(text))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (++seen > HeadLines)
            {
                break;
            }

            try
            {
                if (title is null && seen == 1 && line.Length <= 200 && line[^1] is not ('.' or ':'))
                {
                    title = line;
                    continue;
                }

                var isPublication = line.Length <= 120 && PublicationLine().IsMatch(line);
                var byline = line.Length <= 160 ? BylineLine().Match(line) : Match.Empty;
                var date = line.Length <= 160 ? DateRx().Match(line) : Match.Empty;
                var dateOnly = date.Success && line.Length - date.Length <= 30 && !EndsSentence(line);
                var shortWithSeparators = line.Length <= 120 && date.Success
                    && line.IndexOfAny(['|', '\u00B7', '\u2014', '\u2013', '\u2022']) >= 0;
                if (byline.Success)
                {
                    authors.AddRange(SplitNames(byline.Groups["who"].Value));
                }

                if (isPublication || byline.Success || dateOnly || shortWithSeparators || PollFurniture().IsMatch(line))
                {
                    header.Add(new LineRange(lineNo, lineNo));
                    if (published is null && date.Success && !PollFurniture().IsMatch(line) && TryDate(date, out var d))
                    {
                        published = d;
                        from = line;
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // An unreadable line is body.
            }
        }

        return new ArticleHeader(title, authors, published, from, header);
    }

    /// <summary>The first full date in <paramref name="text"/> ("18 March 2026", "March 4, 2026", "2026-03-18").</summary>
    public static bool TryParseDate(string text, out PartialDate date)
    {
        ArgumentNullException.ThrowIfNull(text);
        date = default;
        try
        {
            var m = DateRx().Match(text);
            return m.Success && TryDate(m, out date);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool TryDate(Match m, out PartialDate date)
    {
        date = default;
        var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = m.Groups["m"].Success
            ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture)
            : HorizonRules.MonthNumber(m.Groups["mon"].Value);
        var d = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (d < 1 || d > DateTime.DaysInMonth(y, month))
        {
            return false;
        }

        date = PartialDate.OfDay(new DateOnly(y, month, d));
        return true;
    }

    private static bool EndsSentence(string line) => line.Length > 0 && line[^1] is '.' or '!' or '?' && line.Split(' ').Length > 6;

    private static IEnumerable<string> SplitNames(string who)
    {
        foreach (var part in who.Split([",", " and ", " & "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length >= 3)
            {
                yield return part;
            }
        }
    }

    private static IEnumerable<string> EnumerateLines(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                yield return text[start..end];
                start = i + 1;
                if (start > 20_000)
                {
                    yield break; // the header is at the top
                }
            }
        }
    }
}
