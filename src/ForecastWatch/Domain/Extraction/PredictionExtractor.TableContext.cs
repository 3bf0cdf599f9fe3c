using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// What dates a table or a list besides its own headers: a lead-in or section heading further up ("Forecasts for
/// 2027:" two paragraphs before, "Outlook 2027"), a caption after it ("Table 2: Projected rates for 2028"); and
/// period labels written as named periods ("Year to June 2027", "Dec-27", "Q4/27", "H1 CY27", "June 2028 year").
/// </summary>
public static partial class PredictionExtractor
{
    /// <summary>How many lines up a heading or lead-in may stand from the table it dates (two short paragraphs).</summary>
    private const int FarContextLines = 8;

    /// <summary>A caption after a table: "Table 2: ...", "Source: ...", "Note: ...", "f = forecast", "* Forecast".</summary>
    [GeneratedRegex(@"^\s*(?:(?:table|chart|figure|exhibit)\s*\d*\s*[:.\u2014\u2013-]|notes?\s*:|\*|[a-z]\s*=\s*\w|\([a-z]\)\s*=?)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex CaptionAfterCue();

    /// <summary>"Year to June 2027", "year ending Jun-27", "June 2028 year", "Dec-27", "December 2027": a month's end.</summary>
    [GeneratedRegex(@"^\s*(?:(?:(?:fiscal|financial|budget)\s+)?(?:year|12\s+months)\s+(?:to|ending|ended)\s+)?"
        + @"(?<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
        + @"(?:\s*[-'\u2019/]\s*(?<y>\d\d)|\s*[-'\u2019/ ]?\s*(?<y>(?:19|20)\d\d))"
        + @"(?:\s+(?:fiscal\s+|financial\s+)?year)?\s*\(?(?<mk>[AEFPaefp]|est\.?|proj\.?|forecast|f'?cast)?\)?\.?\s*$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex MonthPeriodLabel();

    /// <summary>"Q4/27", "Q4-27", "Q4'27" → "Q4 27"; "H1 CY27", "CY2027" → "H1 27", "2027".</summary>
    [GeneratedRegex(@"(?<=^\s*[QH][1-4])\s*[/\-'\u2019]\s*(?=\d\d\s*[EFef]?\s*$)|\bCY\s*(?=(?:19|20)?\d\d\b)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PeriodLabelNoise();

    /// <summary>A period label with its named-period noise taken out, for <see cref="PeriodRx"/>.</summary>
    private static string NormalizePeriodLabel(string label)
    {
        if (label.Length > 40 || !(label.Contains('/') || label.Contains('-') || label.Contains('\'') || label.Contains('\u2019')
            || label.Contains("CY", StringComparison.OrdinalIgnoreCase)))
        {
            return label;
        }

        return Bounded(() => PeriodLabelNoise().IsMatch(label)) ? PeriodLabelNoise().Replace(label, " ").Trim() : label;
    }

    /// <summary>A month-end period label ("Year to June 2027", "Dec-27"), or null.</summary>
    private static Horizon? MonthPeriod(string label, PartialDate published, out PeriodMark mark)
    {
        mark = PeriodMark.None;
        if (label.Length > 40 || !label.Any(char.IsAsciiDigit))
        {
            return null;
        }

        var m = Bounded(() => MonthPeriodLabel().IsMatch(label)) ? MonthPeriodLabel().Match(label) : null;
        if (m is null)
        {
            return null;
        }

        var ys = m.Groups["y"].Value;
        var y = ys.Length == 2 ? 2000 + int.Parse(ys, CultureInfo.InvariantCulture) : int.Parse(ys, CultureInfo.InvariantCulture);
        var month = DateTime.ParseExact(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(m.Groups["m"].Value.ToLowerInvariant()),
            "MMM", CultureInfo.InvariantCulture).Month;
        mark = m.Groups["mk"].Value.ToLowerInvariant() switch
        {
            "a" => PeriodMark.Actual,
            "e" or "est" or "est." or "p" => PeriodMark.Estimate,
            "" => PeriodMark.None,
            _ => PeriodMark.Forecast,
        };
        var end = new DateOnly(y, month, 1).AddMonths(1).AddDays(-1);
        return new Horizon(label.Trim(), null, end, DatePrecision.Month, end < published.First) { Kind = HorizonKind.Period };
    }

    /// <summary>
    /// The text that dates a table when its nearest caption does not: a heading or a lead-in further up (within
    /// <see cref="FarContextLines"/>, not past another table), then a caption right after it.
    /// </summary>
    private static string? TableContext(string text, List<Span> lines, bool[] boiler, MarkdownTable table, string? caption)
    {
        if (caption is not null && YearIn(caption) is not null)
        {
            return null;
        }

        string? far = null;
        var seen = 0;
        for (var i = table.FirstLine - 1; i >= 0 && seen < FarContextLines; i--)
        {
            if (boiler[i] || lines[i].Length == 0 || text.AsSpan(lines[i].Start, lines[i].Length).IsWhiteSpace())
            {
                continue;
            }

            seen++;
            if (MarkdownTableReader.IsTableLine(text, lines[i]))
            {
                break;
            }

            var s = text.Substring(lines[i].Start, lines[i].Length).Trim();
            var headingLike = s.Length <= 100 && (s[^1] == ':' || s[^1] is not ('.' or '!' or '?' or '"' or '\u201D'));
            if (headingLike && YearIn(s) is not null)
            {
                far = s;
                break;
            }

            if (headingLike && seen > 1)
            {
                break; // an undated heading closes the section the table is in
            }
        }

        string? after = null;
        for (var i = table.LastLine + 1; i < lines.Count && i <= table.LastLine + 3; i++)
        {
            if (lines[i].Length == 0 || text.AsSpan(lines[i].Start, lines[i].Length).IsWhiteSpace())
            {
                continue;
            }

            var s = text.Substring(lines[i].Start, lines[i].Length).Trim();
            if (s.Length <= 200 && Bounded(() => CaptionAfterCue().IsMatch(s)))
            {
                after = s;
            }

            break;
        }

        return far is null && after is null ? null : string.Join(' ', new[] { far, after }.Where(static x => x is not null));
    }

    private const string FiscalMonthNames = @"(?<m>January|February|March|April|May|June|July|August|September|October|November|December)";

    /// <summary>
    /// A fiscal or statistical year in prose: "FY28", "FY2027-28", "fiscal 2027", "financial year 2027/28", "2027-28",
    /// "2027/28", "the June 2028 year", "the year to June 2027".
    /// </summary>
    [GeneratedRegex(@"\b(?<fy>FY|fiscal(?:\s+year)?|financial\s+year|budget\s+year)\s*'?(?<y>(?:19|20)\d\d|\d\d)(?!\d)"
        + @"(?:\s*[/\u2013-]\s*(?<y2>(?:19|20)?\d\d)(?!\d))?"
        + @"|\b(?<y>(?:19|20)\d\d)\s*[/\u2013-]\s*(?<y2>\d\d)(?![\d/\u2013-])"
        + @"|\b(?<y>(?:19|20)\d\d)\s+(?:fiscal|financial)\s+year\b"
        + @"|\b" + FiscalMonthNames + @"\s+(?<my>(?:19|20)\d\d)\s+(?:fiscal\s+|financial\s+|statistical\s+)?year\b"
        + @"|\b(?:year|12\s+months)\s+(?:to|ending|ended)\s+(?:(?:the\s+)?end\s+of\s+)?" + FiscalMonthNames + @"\s+(?<my>(?:19|20)\d\d)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex FiscalYearPhrase();

    [GeneratedRegex(@"\b(?:Bank\s+of\s+Japan|BOJ|BoJ|Japan(?:ese)?|Tokyo|Nikkei)\b|\u00A5",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex JapaneseCue();

    /// <summary>
    /// Prose candidates whose horizon is a fiscal or statistical year are dated at the year's end, as the article
    /// states it ("years end 30 June", Indian or Australian money, the OBR), instead of 31 December: "2027/28" in a New
    /// Zealand article ends on 30 June 2028, "FY28" in an Indian one on 31 March 2028, Japan's "fiscal 2027" on 31
    /// March 2028. A year whose end the article does not give keeps its calendar date.
    /// </summary>
    private static List<PredictionCandidate> DateFiscalYears(string text, List<PredictionCandidate> candidates)
    {
        FiscalYear? fiscal = null;
        var fiscalRead = false;
        bool? japan = null;
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            if (c.Source == CandidateSource.Table || c.ResolveBy is not { } old || c.Horizon is not { Length: > 0 } ht
                || !ht.Any(char.IsAsciiDigit))
            {
                continue;
            }

            var at = c.Quote.IndexOf(ht, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            Match? m = null;
            try
            {
                for (var x = FiscalYearPhrase().Match(c.Quote); x.Success; x = x.NextMatch())
                {
                    if (x.Index < at + ht.Length && at < x.Index + x.Length)
                    {
                        m = x;
                        break;
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (m is null)
            {
                continue;
            }

            DateOnly? end = null;
            if (m.Groups["my"].Success)
            {
                var month = DateTime.ParseExact(m.Groups["m"].Value[..3], "MMM", CultureInfo.InvariantCulture).Month;
                end = new DateOnly(int.Parse(m.Groups["my"].Value, CultureInfo.InvariantCulture), month, 1).AddMonths(1).AddDays(-1);
            }
            else
            {
                var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
                y = y < 100 ? 2000 + y : y;
                int? y2 = m.Groups["y2"].Success ? int.Parse(m.Groups["y2"].Value, CultureInfo.InvariantCulture) : null;
                y2 = y2 < 100 ? y / 100 * 100 + y2 : y2;
                if (y2 is { } yy && yy != y + 1)
                {
                    continue; // "2024-28" is a span of years
                }

                if (!fiscalRead)
                {
                    fiscal = FiscalYearOf(text);
                    fiscalRead = true;
                }

                var startYearNamed = m.Groups["fy"].Value.StartsWith("fiscal", StringComparison.OrdinalIgnoreCase)
                    && m.Groups["y"].Value.Length == 4 && y2 is null && (japan ??= Bounded(() => JapaneseCue().IsMatch(text)));
                if (startYearNamed)
                {
                    end = new DateOnly(y + 1, 3, 31); // Japan's fiscal 2027 runs April 2027 to March 2028
                }
                else if (fiscal is { } fy)
                {
                    end = new DateOnly(y2 ?? y, fy.EndMonth, 1).AddMonths(1).AddDays(-1);
                }
            }

            if (end is not { } e || e == old)
            {
                continue;
            }

            var oldText = old.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var newText = e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            candidates[k] = c with
            {
                ResolveBy = e,
                Earliest = c.Earliest is null ? null : e.AddDays(1).AddYears(-1),
                Precision = DatePrecision.Month,
                Claim = c.Claim.Replace(oldText, newText, StringComparison.Ordinal),
            };
        }

        return candidates;
    }

    /// <summary>
    /// A list item that dates the items under it ("- 2027: completions recover", "- For 2028:") becomes their lead-in,
    /// with the outer lead-in's words (whether it speaks of forecasts); null when the item is an ordinary one.
    /// </summary>
    private static LeadIn? ItemLeadIn(string item, LeadIn? outer, PartialDate published)
    {
        var bullet = Bounded(() => Bullet().IsMatch(item)) ? Bullet().Match(item) : null;
        if (bullet is null || item.Length > 120)
        {
            return null;
        }

        var body = item[bullet.Length..].Trim();
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var label = body[..colon].Trim();
        var rest = body[(colon + 1)..].Trim();
        if (rest.Any(char.IsAsciiDigit))
        {
            return null;
        }

        var h = Period(label, null, published, out _);
        if (h is null && rest.Length == 0)
        {
            h = HorizonParser.FindAll(label, published).FirstOrDefault()?.Horizon;
        }

        if (h is null || h.EndsBeforePublication)
        {
            return null;
        }

        var own = ReadLeadIn(body, published);
        return new LeadIn(((outer?.Text ?? "") + " " + body).Trim(), h, (outer?.Forecast ?? false) || (own?.Forecast ?? false), null);
    }

    /// <summary>"Votes will be counted on Friday, November 14", "polling day is 5 October": the day a vote is decided.</summary>
    [GeneratedRegex(@"\b(?:counted|counting(?:\s+day)?|results?\s+(?:are|is|will\s+be)\s+(?:due|declared|announced)|election\s+day"
        + @"|polling\s+day|(?:election|vote|referendum|ballot)\s+(?:is|will\s+be)\s+held|goes?\s+to\s+the\s+polls)"
        + @"[^.;]{0,30}?\b(?:on|is)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
        + @"(?<d>(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}"
        + @"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December))\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex VoteDayCue();

    [GeneratedRegex(@"\b(?:polls?|seats?|votes?|vote\s+share|election|referendum|exit\s+polls?)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex VoteTableCue();

    /// <summary>
    /// The day the article says a vote is decided, for a table of poll or seat projections that names no period; null
    /// when the table is not about a vote or the article gives no such day ahead of publication.
    /// </summary>
    private static Horizon? VoteDay(string text, string? caption, IReadOnlyList<string> headers, PartialDate published)
    {
        var about = (caption ?? "") + " " + string.Join(' ', headers);
        if (!Bounded(() => VoteTableCue().IsMatch(about)) || !Bounded(() => VoteDayCue().IsMatch(text)))
        {
            return null;
        }

        var m = VoteDayCue().Match(text);
        return HorizonParser.TryParse("by " + m.Groups["d"].Value, published, out var h) && !h.EndsBeforePublication
            && h.ResolveBy >= published.First ? h : null;
    }
}

