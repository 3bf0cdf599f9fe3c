using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// The period an outlook is about, as the article names it once ("2027 outlook", "Winter Outlook", "FY27 guidance",
/// "predictions for next year"): the date a claim with no horizon of its own resolves by.
/// </summary>
/// <param name="Words">The words that name the period, as written.</param>
/// <param name="ResolveBy">The period's last day.</param>
/// <param name="Precision">Year for a calendar or fiscal year, Month for a season.</param>
/// <param name="From">Where the article names it: "title", "heading", "standfirst" or "lead".</param>
/// <param name="Fiscal">The period is a fiscal year ending in a month other than December.</param>
public sealed record ArticlePeriod(string Words, DateOnly ResolveBy, DatePrecision Precision, string From, bool Fiscal = false)
{
    /// <summary>Read from a headline's one year with no outlook word: the lead must not name another year.</summary>
    internal bool Bare { get; init; }

    /// <summary>The period's calendar year (of its last day).</summary>
    public int Year => ResolveBy.Year;

    /// <summary>The reason shown to the desk for a date taken from the article rather than the sentence.</summary>
    public string Reason => $"no horizon in the sentence: the article's period, '{Words}' in the {From}";
}

/// <summary>
/// The article-level document model every sentence, list item and table row is read against: the period the outlook
/// is about (from the title, standfirst, lead or a section heading) and the sections that scope it (a "Last year's
/// calls" section is not the outlook). Built once per article from its lines; pure, no I/O.
/// docs/forecast-language.md ("Article period") lists the forms and their sources.
/// </summary>
public sealed partial class ArticleFrame
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private readonly List<(int Start, ArticlePeriod? Period)> sections;

    private ArticleFrame(ArticlePeriod? period, List<(int Start, ArticlePeriod? Period)> sections, int? fiscalEndMonth)
    {
        Period = period;
        this.sections = sections;
        FiscalEndMonth = fiscalEndMonth;
    }

    /// <summary>A frame with no period: every claim keeps what its own sentence says.</summary>
    public static ArticleFrame Empty { get; } = new(null, [], null);

    /// <summary>The period named in the title, standfirst or lead; null when the article names none.</summary>
    public ArticlePeriod? Period { get; }

    /// <summary>The month the issuer's fiscal year ends in, when the article gives one (6 for "year to 30 June").</summary>
    public int? FiscalEndMonth { get; }

    /// <summary>Section headings after the head, with the period each scopes (null for a retrospective section).</summary>
    public IReadOnlyList<(int Start, ArticlePeriod? Period)> Sections => sections;

    /// <summary>The period in force at a character offset: its section's, or the article's; null in a look back.</summary>
    public ArticlePeriod? PeriodAt(int offset)
    {
        var found = Period;
        foreach (var (start, period) in sections)
        {
            if (start > offset)
            {
                break;
            }

            found = period;
        }

        return found;
    }

    /// <summary>Reads the frame from plain article text (one heading or paragraph a line).</summary>
    public static ArticleFrame Read(string text, PartialDate published, bool knownPublication = true, string? title = null,
        int? fiscalEndMonth = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = TextSegmenter.Lines(text);
        return Read(text, lines, new bool[lines.Count], published, knownPublication, title, fiscalEndMonth);
    }

    internal static ArticleFrame Read(string text, List<Span> lines, bool[] boiler, PartialDate published, bool knownPublication,
        string? title, int? fiscalEndMonth)
    {
        var ctx = new Context(published, knownPublication, fiscalEndMonth, text);
        ArticlePeriod? period = null;
        if (title is { Length: > 0 })
        {
            period = Find(title, "title", ctx, strict: false);
        }

        var sections = new List<(int Start, ArticlePeriod? Period)>();
        var head = 0;
        var leadRead = false;
        var leadInOpen = false;
        ArticlePeriod? restore = null;
        for (var i = 0; i < lines.Count; i++)
        {
            if (boiler[i])
            {
                continue;
            }

            var line = text.AsSpan(lines[i].Start, lines[i].Length).Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            var s = line.ToString();
            var isHeading = IsHeading(s);
            if (!leadRead && isHeading && head < 5)
            {
                // The head: title, kicker, standfirst. The first that names a period names the article's.
                period ??= Find(s, head == 0 ? "title" : "standfirst", ctx, strict: false);
                head++;
                continue;
            }

            if (!leadRead && !isHeading)
            {
                leadRead = true;
                head = int.MaxValue;
                if (!IsItem(s) && s.Length >= 60)
                {
                    var lead = s.Length > 400 ? s[..400] : s;
                    if (period is { Bare: true } && !LeadAgrees(lead, period, ctx))
                    {
                        period = null; // "market to reach $840 billion in 2027" over a lead about 2026: one claim, not the period
                    }

                    period ??= Find(lead, "lead", ctx, strict: true);
                }

                continue;
            }

            if (leadInOpen)
            {
                if (IsItem(s) || s.Contains("->", StringComparison.Ordinal) || s.Contains('\u2192', StringComparison.Ordinal))
                {
                    continue;
                }

                sections.Add((lines[i].Start, restore)); // the list under the lead-in is over
                leadInOpen = false;
            }

            if (isHeading && leadRead)
            {
                var own = Retrospective(s) ? null : Find(s, "heading", ctx, strict: true) ?? HeadingYear(s, ctx) ?? SectionDefault;
                sections.Add((lines[i].Start, own));
            }
            else if (leadRead && s[^1] == ':' && s.Length <= 160 && Find(s, "lead-in", ctx, strict: true) is { } listPeriod)
            {
                // "Our first-quarter outlook by lane:": the period of the list under it, not of what follows the list.
                restore = sections.Count > 0 ? sections[^1].Period : SectionDefault;
                sections.Add((lines[i].Start, listPeriod));
                leadInOpen = true;
            }
        }

        // A heading with no period of its own falls back to the article's.
        for (var k = 0; k < sections.Count; k++)
        {
            if (ReferenceEquals(sections[k].Period, SectionDefault))
            {
                sections[k] = (sections[k].Start, period);
            }
        }

        return new ArticleFrame(period, sections, fiscalEndMonth);
    }

    private static readonly ArticlePeriod SectionDefault = new("", DateOnly.MinValue, DatePrecision.Day, "");

    private sealed record Context(PartialDate Published, bool Known, int? FiscalEndMonth, string Text);

    /// <summary>A short line with no closing punctuation: a title, standfirst or section heading, not a list item.</summary>
    internal static bool IsHeading(string s) =>
        s.Length <= 120 && s[^1] is not ('.' or '!' or '?' or '"' or '\u201D' or ':' or ';' or ',') && !IsItem(s)
        && s.Any(char.IsLetter) && !s.Contains('|', StringComparison.Ordinal) && !s.Contains("  ", StringComparison.Ordinal);

    private static bool IsItem(string s) =>
        s[0] is '-' or '*' or '\u2022' or '\u00B7' or '>' or '\u2013' or '\u2014' || (s.Length > 2 && char.IsAsciiDigit(s[0])
            && (s[1] is '.' or ')' || (char.IsAsciiDigit(s[1]) && s[2] is '.' or ')')));

    private static bool Retrospective(string heading)
    {
        try
        {
            return RetrospectiveHeading().IsMatch(heading);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The period a line names. Strict (lead, headings): only a period tied to an outlook word ("the 2027 outlook",
    /// "our forecasts for next year", "this winter's outlook"). Not strict (title, standfirst): also a forward-looking
    /// headline's one year ("Exports to hit record $740b next year").
    /// </summary>
    private static ArticlePeriod? Find(string line, string from, Context ctx, bool strict)
    {
        try
        {
            foreach (var rx in new[] { NounThenPeriod(), PeriodThenNoun() })
            {
                for (var m = rx.Match(line); m.Success; m = m.NextMatch())
                {
                    var before = line[..m.Index];
                    var seasonOnly = SeasonName().IsMatch(m.Groups["p"].Value) && !Years().IsMatch(m.Groups["p"].Value);
                    if (DurationBefore().IsMatch(before) || (ReferenceBefore().IsMatch(before) && ReferenceEquals(rx, PeriodThenNoun()))
                        || (strict && seasonOnly && ReferenceEquals(rx, PeriodThenNoun())))
                    {
                        continue; // "three-month winter outlook", "from the autumn forecast": not the article's period
                    }

                    if (Resolve(m.Groups["p"].Value, m.Groups["filler"].Value, from, ctx) is { } p)
                    {
                        return p;
                    }
                }
            }

            if (strict || !ForwardHeadline().IsMatch(line) || PastHeadline().IsMatch(line))
            {
                return null;
            }

            if (ctx.Known && HolidayHeadline().Match(line) is { Success: true } holiday)
            {
                return Next(holiday.Value, 12, 2, from, ctx.Published);
            }

            if (Years().Count(line) > 1)
            {
                return null; // "in 2027 and 2028": no one period
            }

            ArticlePeriod? only = null;
            foreach (var m in Horizons.HorizonParser.FindAll(line, ctx.Known ? ctx.Published : PartialDate.OfYear(1990)))
            {
                var h = m.Horizon;
                if (h.Precision != DatePrecision.Year || h.Kind != Horizons.HorizonKind.Period || h.EndsBeforePublication
                    || (h.Relative && !ctx.Known) || (only is not null && only.ResolveBy != h.ResolveBy))
                {
                    return null;
                }

                only = new ArticlePeriod(line.Substring(m.Start, m.Length), h.ResolveBy, DatePrecision.Year, from) { Bare = true };
            }

            return only;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>A section heading that names one year ahead and nothing past ("2028 and beyond", "Looking to 2028").</summary>
    private static ArticlePeriod? HeadingYear(string heading, Context ctx)
    {
        if (Years().Count(heading) != 1 || PastHeadline().IsMatch(heading) || MonthWord().IsMatch(heading))
        {
            return null;
        }

        var m = Years().Match(heading);
        var year = int.Parse(m.Value, CultureInfo.InvariantCulture);
        var end = new DateOnly(year, 12, 31);
        return ctx.Known && end < ctx.Published.First ? null : new ArticlePeriod(m.Value, end, DatePrecision.Year, "heading");
    }

    /// <summary>Every horizon ahead in the lead ends with the headline's year (possessives such as "this year's" aside).</summary>
    private static bool LeadAgrees(string lead, ArticlePeriod headline, Context ctx)
    {
        foreach (var m in Horizons.HorizonParser.FindAll(lead, ctx.Known ? ctx.Published : PartialDate.OfYear(1990)))
        {
            var h = m.Horizon;
            var after = m.Start + m.Length;
            var possessive = after < lead.Length && lead[after] is '\'' or '\u2019';
            if (!h.EndsBeforePublication && !possessive && h.ResolveBy.Year != headline.ResolveBy.Year)
            {
                return false;
            }
        }

        return true;
    }

    private static ArticlePeriod? Resolve(string words, string filler, string from, Context ctx)
    {
        var w = words.Trim();
        var lower = w.ToLowerInvariant();
        var pub = ctx.Published;
        if (QuarterWords().IsMatch(w))
        {
            // "First-quarter outlook", "Q1 2027 forecast": the quarter or half, yearless ones the next not yet over.
            var phrase = "in the " + QuarterWords().Match(w).Value.Replace('-', ' ');
            var h = Horizons.HorizonParser.FindAll(phrase, ctx.Known ? pub : PartialDate.OfYear(1990)).FirstOrDefault()?.Horizon;
            return h is null || h.EndsBeforePublication || (h.Relative && !ctx.Known)
                ? null
                : new ArticlePeriod(w, h.ResolveBy, h.Precision, from);
        }

        if (YearEnding().Match(w) is { Success: true } ye)
        {
            // "The fiscal year ending March 2027", "the year to 30 June 2027": that month's last day.
            var month = Horizons.HorizonRules.MonthNumber(ye.Groups["m"].Value);
            var end = new DateOnly(int.Parse(ye.Groups["y"].Value, CultureInfo.InvariantCulture), month, 1).AddMonths(1).AddDays(-1);
            return new ArticlePeriod(w, end, DatePrecision.Year, from, month != 12);
        }

        if (SeasonYear().Match(w) is { Success: true } sy)
        {
            // "Winter 2026/27", "summer 2027": the named season of that year (a winter ends in its second year).
            var y1 = int.Parse(sy.Groups["y"].Value, CultureInfo.InvariantCulture);
            var winter = sy.Groups["s"].Value.StartsWith("w", StringComparison.OrdinalIgnoreCase);
            if (winter && !sy.Groups["y2"].Success)
            {
                return null; // "winter 2027" could be either winter that touches 2027
            }

            var endYear = winter ? y1 + 1 : y1;
            var endMonth = SeasonEnd(sy.Groups["s"].Value.ToLowerInvariant()).End;
            return filler.Length > 0 && !SeasonFiller().IsMatch(filler)
                ? null
                : new ArticlePeriod(w, new DateOnly(endYear, endMonth, 1).AddMonths(1).AddDays(-1), DatePrecision.Month, from);
        }

        if (YearWords().Match(w) is { Success: true } y)
        {
            if (EditionBefore(ctx, w))
            {
                return null;
            }

            return YearPeriod(y, w, from, ctx);
        }

        if (!ctx.Known)
        {
            return null; // every other form is counted from the publication date
        }

        if (lower.StartsWith("this year", StringComparison.Ordinal) || lower.StartsWith("the current year", StringComparison.Ordinal))
        {
            return new ArticlePeriod(w, new DateOnly(pub.Year, 12, 31), DatePrecision.Year, from);
        }

        if (lower.StartsWith("next year", StringComparison.Ordinal) || lower.StartsWith("the next year", StringComparison.Ordinal))
        {
            return new ArticlePeriod(w, new DateOnly(pub.Year + 1, 12, 31), DatePrecision.Year, from);
        }

        if (lower.Contains("year ahead", StringComparison.Ordinal) || lower.Contains("coming year", StringComparison.Ordinal)
            || lower.Contains("new year", StringComparison.Ordinal))
        {
            // "The year ahead" in an October-to-December piece is next year; in January or February, this one.
            return pub.Precision is DatePrecision.Day or DatePrecision.Month && pub.First.Month >= 10
                ? new ArticlePeriod(w, new DateOnly(pub.Year + 1, 12, 31), DatePrecision.Year, from)
                : pub.Precision is DatePrecision.Day or DatePrecision.Month && pub.Last.Month <= 2
                    ? new ArticlePeriod(w, new DateOnly(pub.Year, 12, 31), DatePrecision.Year, from)
                    : null;
        }

        if (lower.Contains("season", StringComparison.Ordinal) && !SeasonName().IsMatch(lower)
            && SportSeasons.Detect(ctx.Text) is { } league)
        {
            return Next(w, league.EndMonth, 1, from, pub);
        }

        if (SeasonName().Match(lower) is { Success: true } season)
        {
            if (filler.Length > 0 && !SeasonFiller().IsMatch(filler) && !season.Value.StartsWith("holiday", StringComparison.Ordinal))
            {
                return null; // "Spring Semiconductor Market Forecast": an edition's name, not a period
            }

            var (end, months) = SeasonEnd(season.Value);
            return Next(w, end, months, from, pub);
        }

        return null;
    }

    /// <summary>
    /// The month a named season ends in and its length in months: meteorological seasons of the northern hemisphere
    /// (winter December-February), the retail holiday season (November-December), the Atlantic hurricane season
    /// (June-November), the Indian south-west monsoon (June-September).
    /// </summary>
    private static (int End, int Months) SeasonEnd(string season) => season switch
    {
        var v when v.StartsWith("winter", StringComparison.Ordinal) => (2, 3),
        var v when v.StartsWith("spring", StringComparison.Ordinal) => (5, 3),
        var v when v.StartsWith("summer", StringComparison.Ordinal) => (8, 3),
        var v when v.StartsWith("autumn", StringComparison.Ordinal) || v.StartsWith("fall", StringComparison.Ordinal) => (11, 3),
        var v when v.StartsWith("holiday", StringComparison.Ordinal) => (12, 2),
        var v when v.StartsWith("hurricane", StringComparison.Ordinal) => (11, 6),
        _ => (9, 4),
    };

    /// <summary>The first season ending in <paramref name="endMonth"/> that is not over at publication.</summary>
    private static ArticlePeriod? Next(string words, int endMonth, int months, string from, PartialDate pub)
    {
        if (pub.Precision == DatePrecision.Year)
        {
            return null; // an article dated only to a year cannot tell which winter
        }

        var year = pub.First.Year;
        var end = new DateOnly(year, endMonth, 1).AddMonths(1).AddDays(-1);
        if (end < pub.Last)
        {
            end = new DateOnly(year + 1, endMonth, 1).AddMonths(1).AddDays(-1);
        }

        // A season that has not begun a whole season ahead of publication is too far off to be "the" season.
        return end.AddMonths(-months - 9) > pub.Last ? null : new ArticlePeriod(words, end, DatePrecision.Month, from);
    }

    private static ArticlePeriod? YearPeriod(Match y, string words, string from, Context ctx)
    {
        var first = int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture);
        first = first < 100 ? 2000 + first : first;
        int? second = y.Groups["y2"].Success ? int.Parse(y.Groups["y2"].Value, CultureInfo.InvariantCulture) : null;
        second = second < 100 ? first / 100 * 100 + second : second;
        if (second is { } s && s != first + 1)
        {
            return null; // "2024-28" is a span of years
        }

        var fiscalWord = y.Groups["fy"].Success;
        if (ctx.FiscalEndMonth is { } month and not 12 && (fiscalWord || second is not null))
        {
            var endYear = second ?? first;
            return new ArticlePeriod(words, new DateOnly(endYear, month, 1).AddMonths(1).AddDays(-1), DatePrecision.Year, from, true);
        }

        if (second is not null || fiscalWord)
        {
            return null; // a fiscal year whose end the article does not give
        }

        var period = new ArticlePeriod(words, new DateOnly(first, 12, 31), DatePrecision.Year, from);
        return ctx.Known && period.ResolveBy < ctx.Published.First ? null : period; // "2025 outlook" read in 2026 is a look back
    }

    /// <summary>"Spring 2026 Forecast", "June 2026 report": the year names the edition, not the period forecast.</summary>
    private static bool EditionBefore(Context ctx, string words) => EditionYear().IsMatch(words);

    private const string OutlookNoun = @"(?:outlook|forecasts?|predictions?|projections?|guidance|preview|expectations|prognosis"
        + @"|calls|picks|scenarios?|estimates|budget|prospects|view)";

    private const string YearEndingWords = @"(?:the\s+)?(?:(?:fiscal|financial|business|budget)\s+)?year\s+(?:ending|ended|to|through)\s+"
        + @"(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+)?(?<m>January|February|March|April|May|June|July|August|September|October|November"
        + @"|December)\s+(?:\d{1,2},?\s+)?(?<y>(?:19|20)\d\d)";

    private const string QuarterPeriod = @"(?:(?:first|second|third|fourth)[-\s]quarter|(?:first|second)[-\s]half|Q[1-4]|H[12])"
        + @"(?:\s+(?:of\s+)?(?:19|20)\d\d)?";

    private const string PeriodWords = @"(?:(?:the\s+)?" + QuarterPeriod + @"|" + YearEndingWords
        + @"|(?:(?:winter|spring|summer|autumn|fall)\s+)?(?:FY\s?'?|fiscal\s+(?:year\s+)?|financial\s+year\s+)?"
        + @"(?:19|20)\d\d(?:\s*[/\u2013-]\s*(?:19|20)?\d\d)?|FY\s?'?\d\d(?:\s*[/\u2013-]\s*\d\d)?"
        + @"|(?:this|next|the\s+coming|the\s+current|the\s+next)\s+(?:year|season|winter|summer|spring|autumn|fall)"
        + @"|the\s+(?:year|season|winter|summer)\s+ahead|the\s+new\s+year"
        + @"|(?:(?:this|the\s+coming|the)\s+)?(?:winter|summer|spring|autumn|fall|holiday|hurricane|monsoon)(?:\s+season)?)";

    /// <summary>"Forecasts for 2027", "our predictions for next year", "outlook for the season ahead".</summary>
    [GeneratedRegex(@"\b" + OutlookNoun + @"(?:\s+[\w\u2019'-]+){0,3}?\s+(?:for|of|over|into|through)\s+(?<p>" + PeriodWords
        + @")(?!\s*[/\u2013-]?\d)\b"
        + @"(?<filler>)", Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NounThenPeriod();

    /// <summary>"2027 outlook", "Winter Outlook", "this year's forecast", "FY27 guidance", "holiday sales forecast".</summary>
    [GeneratedRegex(@"(?<![\w/-])(?<p>" + PeriodWords + @")(?:['\u2019]s?)?(?<filler>(?:\s+[A-Za-z][\w\u2019'-]*){0,3}?)\s+"
        + OutlookNoun + @"\b", Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PeriodThenNoun();

    [GeneratedRegex(@"(?<fy>FY|fiscal|financial)?[\s']*(?<y>(?:19|20)\d\d|(?<=FY\s?'?)\d\d)(?:\s*[/\u2013-]\s*(?<y2>(?:19|20)?\d\d))?",
        Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex YearWords();

    [GeneratedRegex(@"(?<![\d/\u2013-])(?:19|20)\d\d(?![\d/\u2013-])", Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Years();

    /// <summary>A duration before the period ("three-month winter outlook"): the outlook covers the duration.</summary>
    [GeneratedRegex(@"\b(?:\d{1,3}|one|two|three|four|six|nine|twelve)[-\s](?:day|week|month|year)s?\s+$", Options,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationBefore();

    /// <summary>An earlier edition referred to ("from the autumn forecast", "than the spring outlook", "its 2026 budget").</summary>
    [GeneratedRegex(@"\b(?:from|than|since|on|versus|vs\.?|previous|last|earlier|prior)\s+(?:(?:the|its|their|our|his|her)\s+)?$", Options,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReferenceBefore();

    /// <summary>A month name: a dated line ("Updated 3 December 2026"), not a section about a year.</summary>
    [GeneratedRegex(@"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s", RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex MonthWord();

    [GeneratedRegex(QuarterPeriod, Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex QuarterWords();

    [GeneratedRegex(YearEndingWords, Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex YearEnding();

    /// <summary>A forward headline about the retail holiday season ("Holiday Sales to Top $1 Trillion").</summary>
    [GeneratedRegex(@"\bholiday\s+(?:season|sales|spending|shopping|retail|hiring)\b", Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HolidayHeadline();

    [GeneratedRegex(@"^(?:the\s+|this\s+)?(?<s>winter|summer)\s+(?<y>(?:19|20)\d\d)(?:\s*[/\u2013-]\s*(?<y2>(?:19|20)?\d\d))?",
        Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SeasonYear();

    [GeneratedRegex(@"^(?:winter|spring|summer|autumn|fall)\s+(?:19|20)\d\d$", Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EditionYear();

    [GeneratedRegex(@"\b(?:winter|spring|summer|autumn|fall|holiday|hurricane|monsoon)\b", Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SeasonName();

    [GeneratedRegex(@"^\s*(?:(?:season(?:al)?|weather|climate|temperature|precipitation|rainfall|snowfall|drought)\s*)+$", Options,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex SeasonFiller();

    /// <summary>A headline about what is to come: a forward verb or an outlook word.</summary>
    [GeneratedRegex(@"\b(?:will|to\s+(?!date\b)[a-z]+|set\s+to|seen|expected|expects?|forecasts?|projects?|projected|predicts?|outlook"
        + @"|guidance|poised|likely|could|may|eyes?|targets?)\b", Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ForwardHeadline();

    /// <summary>A headline about what happened: "rose", "fell", "in review".</summary>
    [GeneratedRegex(@"\b(?:rose|fell|grew|shrank|jumped|slumped|climbed|dropped|was|were|did|review|recap|looking\s+back)\b", Options,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex PastHeadline();

    /// <summary>A section that looks back: "Last year's calls", "How I did", "2026 in review", "Scorecard".</summary>
    [GeneratedRegex(@"\b(?:last\s+year['\u2019]?s?|how\s+(?:I|we|they|it)\s+(?:did|fared|went)|looking\s+back|in\s+review|review\s+of"
        + @"|score\s?card|report\s+card|track\s+record|what\s+(?:I|we)\s+got\s+(?:right|wrong)|past\s+(?:predictions|calls|forecasts)"
        + @"|(?:19|20)\d\d\s+(?:recap|results|review)|the\s+year\s+that\s+was|(?:old|previous)\s+(?:predictions|calls|forecasts))\b",
        Options, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RetrospectiveHeading();
}
