using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Reads every candidate against the article's document model (<see cref="ArticleFrame"/>): a claim with no horizon of
/// its own takes the period the outlook is about; "by the end of the year" or a yearless quarter in a piece about next
/// year is that year's; a fiscal half-year is the issuer's. Sentences with their own horizon keep it.
/// </summary>
public static partial class PredictionExtractor
{
    private const string PeriodNotePrefix = "dated from the article at ";

    /// <summary>The article's document model, built once per article before any line is read.</summary>
    private static ArticleFrame ReadFrame(string text, List<Span> lines, bool[] boiler, PartialDate published, bool known, string? title)
    {
        try
        {
            return ArticleFrame.Read(text, lines, boiler, published, known, title, FiscalYearOf(text)?.EndMonth);
        }
        catch (RegexMatchTimeoutException)
        {
            return ArticleFrame.Empty;
        }
    }

    private static List<PredictionCandidate> DateFromFrame(string text, ArticleFrame frame, PartialDate published, bool known,
        List<PredictionCandidate> candidates, List<string> notes)
    {
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            if (c.Claim.Length == 0)
            {
                continue;
            }

            try
            {
                if (MonthQuarter(c) is { } quarter)
                {
                    candidates[k] = Redate(c, quarter, DatePrecision.Month);
                    continue;
                }

                var bare = c.ResolveBy is null && c.Horizon is null && c.Condition is null && c.UndatedReason is null
                    && !EventClause().IsMatch(c.Quote);
                if (c.ResolveBy is null && c.Horizon is null && c.UndatedReason is null
                    && YearModifier(c.Quote, published, known) is { } own)
                {
                    // "2027 growth could fall to 2%": the sentence's own year, written as a modifier.
                    candidates[k] = DatedBy(c, own.End, DatePrecision.Year, own.Words);
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{PeriodNotePrefix}{c.Start}-{c.End}: the year in '{own.Words}'"));
                    continue;
                }

                if (frame.PeriodAt(c.Start) is not { } period || (known && period.ResolveBy < published.First))
                {
                    if (bare && PreviousInParagraph(text, candidates, k, published, known) is { } before)
                    {
                        // "... rising 24.8% this year. Logic is seen up 14.1%": the year of the sentence before.
                        candidates[k] = DatedBy(c, before.ResolveBy!.Value, DatePrecision.Year, before.Horizon!);
                        notes.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{PeriodNotePrefix}{c.Start}-{c.End}: the horizon of the sentence before, '{before.Horizon}'"));
                    }

                    continue;
                }

                if (bare)
                {
                    // No horizon of its own: the period the outlook is about.
                    candidates[k] = c with
                    {
                        ResolveBy = period.ResolveBy,
                        Precision = period.Precision,
                        Horizon = period.Words,
                        Claim = c.Claim.TrimEnd('.', ' ') + " by " + Iso(period.ResolveBy) + ".",
                    };
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"{PeriodNotePrefix}{c.Start}-{c.End}: {period.Reason}"));
                    continue;
                }

                if (c.ResolveBy is { } old && c.Horizon is { } words && known && Rebased(words, period, published) is { } rebased
                    && rebased != old)
                {
                    candidates[k] = Redate(c, rebased, c.Precision ?? DatePrecision.Day);
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{PeriodNotePrefix}{c.Start}-{c.End}: '{words}' read in the article's period, "
                        + $"'{period.Words}' in the {period.From}"));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Keep the candidate as read.
            }
        }

        return candidates;
    }

    private static PredictionCandidate DatedBy(PredictionCandidate c, DateOnly end, DatePrecision precision, string words) => c with
    {
        ResolveBy = end,
        Precision = precision,
        Horizon = words,
        Claim = c.Claim.TrimEnd('.', ' ') + " by " + Iso(end) + ".",
    };

    /// <summary>A year written as a modifier of the measure ("2027 growth", "2028 earnings"), one only, not yet over.</summary>
    private static (DateOnly End, string Words)? YearModifier(string quote, PartialDate published, bool known)
    {
        var m = YearAsModifier().Match(quote);
        if (!m.Success || m.NextMatch().Success)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var end = new DateOnly(year, 12, 31);
        return known && end < published.First ? null : (end, m.Value);
    }

    /// <summary>The candidate before, in the same paragraph, dated by a year of its own that is not over.</summary>
    private static PredictionCandidate? PreviousInParagraph(string text, List<PredictionCandidate> candidates, int k,
        PartialDate published, bool known)
    {
        var c = candidates[k];
        for (var j = k - 1; j >= 0; j--)
        {
            var p = candidates[j];
            if (p.Claim.Length == 0 || p.End > c.Start)
            {
                continue;
            }

            if (text.AsSpan(p.End, c.Start - p.End).Contains('\n'))
            {
                return null;
            }

            return p is { ResolveBy: { } rb, Horizon: { Length: > 0 }, Precision: DatePrecision.Year, Source: not CandidateSource.Table }
                && (!known || rb >= published.First) ? p : null;
        }

        return null;
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static PredictionCandidate Redate(PredictionCandidate c, DateOnly to, DatePrecision precision) => c with
    {
        ResolveBy = to,
        Precision = precision,
        EndsBeforePublication = false,
        Claim = c.ResolveBy is { } old ? c.Claim.Replace(Iso(old), Iso(to), StringComparison.Ordinal) : c.Claim,
    };

    /// <summary>
    /// A horizon that refers back to the article's year ("by the end of the year", "in the second half", "by the second
    /// quarter", "mid-year") read in that year when the outlook is about a later year than publication's; a fiscal
    /// half ("the first half") in a fiscal-year outlook is the issuer's half.
    /// </summary>
    private static DateOnly? Rebased(string words, ArticlePeriod period, PartialDate published)
    {
        if (!AnaphoricYear().IsMatch(words.Trim()))
        {
            return null;
        }

        if (period.Fiscal && FiscalHalf().Match(words) is { Success: true } half)
        {
            var fyStart = period.ResolveBy.AddDays(1).AddYears(-1);
            var first = half.Groups["h"].Value.StartsWith("first", StringComparison.OrdinalIgnoreCase) || half.Groups["h"].Value == "1";
            return first ? fyStart.AddMonths(6).AddDays(-1) : period.ResolveBy;
        }

        if (period.Precision != DatePrecision.Year || period.Fiscal || period.Year <= published.Last.Year)
        {
            return null;
        }

        var anchor = PartialDate.OfDay(new DateOnly(period.Year, 1, 1));
        foreach (var m in HorizonParser.FindAll(words, anchor))
        {
            var h = m.Horizon;
            return h.ResolveBy.Year == period.Year ? h.ResolveBy : null;
        }

        return null;
    }

    /// <summary>"In the December quarter of 2027": a quarter named by its last month, in that year.</summary>
    private static DateOnly? MonthQuarter(PredictionCandidate c)
    {
        var m = MonthNamedQuarter().Match(c.Quote);
        if (!m.Success || (c.Horizon is { } h && !h.Contains("quarter", StringComparison.OrdinalIgnoreCase)
            && !h.Contains(m.Groups["m"].Value, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var month = HorizonRules.MonthNumber(m.Groups["m"].Value);
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var end = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1);
        return c.ResolveBy == end ? null : end;
    }

    [GeneratedRegex(@"^(?:(?:by|before|until|till|through|in|during|into|at|from|over|for)\s+)?(?:the\s+)?(?:(?:very\s+)?(?:end|close|start"
        + @"|beginning|middle|turn)\s+of\s+the\s+year|year[-\s]?end|year['\u2019]s\s+end|end[-\s]of[-\s](?:the[-\s])?year|mid-?year"
        + @"|(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?:quarter|half)(?:\s+of\s+the\s+year)?|Q[1-4]|H[12]"
        + @"|(?:early|late|later)\s+in\s+the\s+year)$", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex AnaphoricYear();

    [GeneratedRegex(@"(?<![\w$\u20AC\u00A3/.,-])(?<y>(?:19|20)\d\d)\s+(?:[a-z]+\s+)?(?:growth|inflation|sales|revenues?|output|production"
        + @"|profits?|earnings|deficit|surplus|GDP|demand|exports|imports|shipments|volumes?|spending|capex|budget|harvest|crop)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex YearAsModifier();

    [GeneratedRegex(@"\b(?<h>first|second|1|2)(?:st|nd)?\s+half\b|\bH(?<h>[12])\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex FiscalHalf();

    [GeneratedRegex(@"\b(?<m>March|June|September|December)[-\s]+quarter(?:\s+of)?\s+(?<y>(?:19|20)\d\d)\b", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex MonthNamedQuarter();

    /// <summary>
    /// "For December through February": a yearless run of months ends at the last month's end, the first occurrence
    /// on or after the first month's (a winter outlook's February is the next year's).
    /// </summary>
    private static Horizon? MonthRange(string lead, PartialDate published)
    {
        if (!Bounded(() => YearlessMonthRange().IsMatch(lead)))
        {
            return null;
        }

        var m = YearlessMonthRange().Match(lead);
        var first = HorizonParser.FindAll("in " + m.Groups["m1"].Value, published).FirstOrDefault()?.Horizon;
        if (first is null || first.EndsBeforePublication)
        {
            return null;
        }

        var m1 = HorizonRules.MonthNumber(m.Groups["m1"].Value);
        var m2 = HorizonRules.MonthNumber(m.Groups["m2"].Value);
        var year = first.ResolveBy.Year + (m2 < m1 ? 1 : 0);
        var end = new DateOnly(year, m2, 1).AddMonths(1).AddDays(-1);
        return new Horizon(m.Value, null, end, DatePrecision.Month, false) { Kind = HorizonKind.Period, Relative = true };
    }

    private const string FullMonth = @"January|February|March|April|May|June|July|August|September|October|November|December";

    [GeneratedRegex(@"\b(?<m1>" + FullMonth + @")\s*(?:through|thru|to|until|till|[-\u2013])\s*(?<m2>" + FullMonth + @")\b(?!,?\s*\d)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex YearlessMonthRange();

    [GeneratedRegex(@"\b(first|second|third|fourth)-(quarter|half)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex HyphenedPeriod();

    /// <summary>A claim that waits on an event ("once the new Congress is seated", "after the next election"): not dated.</summary>
    [GeneratedRegex(@"\b(?:once|after|before|until|when|following|upon|unless|if)\s+(?:the|a|an|its|their|next|new)\b", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex EventClause();
}
