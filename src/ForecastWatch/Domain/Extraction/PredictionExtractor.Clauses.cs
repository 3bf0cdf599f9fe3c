using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Clauses inside a forecast sentence that change which value is the forecast: several values paired with several dates
/// ("2.1% and 1.8% in 2027 and 2028 respectively"), and a past fact beside the forecast ("After rising 3.1% last year,
/// output is forecast to grow 2.4% in 2027") whose number must not win.
/// </summary>
public static partial class PredictionExtractor
{
    /// <summary>Words of which every <see cref="PastFactClause"/> match holds one (the pre-scan for that pattern).</summary>
    private static readonly System.Buffers.SearchValues<string> PastFactWords = System.Buffers.SearchValues.Create(
        ["after", "following", "having", "on the back", "on top"], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\brespectively\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Respectively();

    /// <summary>A year or split year named without a preposition ("2027", "2025-26", "2026/27", "FY28").</summary>
    [GeneratedRegex(@"\b(?:FY\s*)?(?:19|20)\d\d(?:\s*[-\u2013/]\s*(?:19|20)?\d\d)?\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PeriodToken();

    /// <summary>
    /// A clause that states what already happened beside the forecast: "After rising 3.1% last year, ...", "..., having
    /// fallen 2% in 2025", "... following a 0.4% contraction in the first quarter". <c>kw</c> is its first word.
    /// </summary>
    [GeneratedRegex(@"(?:^|[,;(]\s*|\s)(?<kw>after|following|having|on\s+the\s+back\s+of|on\s+top\s+of)\s+(?<body>[^,;()]{2,140})",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastFactClause();

    /// <summary>
    /// The spans of <paramref name="s"/> that state a past fact with a number of its own, to be masked when the
    /// forecast's value is read: a clause opened by "after", "following" or "having" whose dates are behind us or whose
    /// verb is in the past ("last year", "rose"), and, when the cue has a value after it, what comes before a cue in a
    /// sentence whose first part is in the past tense ("Output rose 3.1% last year and is forecast to grow 2.4%").
    /// </summary>
    private static List<(int Start, int End)> PastFactSpans(string s, List<HorizonMatch> horizons, Match? cue, bool[] masked)
    {
        var spans = new List<(int Start, int End)>();
        if (!s.AsSpan().ContainsAny(Digits))
        {
            return spans;
        }

        var afterCue = cue is { Success: true, Length: > 0 } ? cue.Index + cue.Length : -1;
        List<(int Index, int Length)>? valueSpans = null; // read once, when first asked
        List<(int Index, int Length)> Values() => valueSpans ??= QuantityReader.ValueSpans(s, masked);
        bool ValueAfter(int at) => at >= 0 && Values().Exists(v => v.Index >= at);

        var clauses = s.AsSpan().ContainsAny(PastFactWords) || s.AsSpan().ContainsAny(CaseFoldingLetters)
            ? PastFactClause().Matches(s)
            : null;
        foreach (Match m in (IEnumerable<Match>?)clauses ?? [])
        {
            var start = m.Groups["kw"].Index;
            var body = m.Groups["body"];
            var end = body.Index + body.Length;
            if ((cue is { Success: true, Length: > 0 } && cue.Index >= start && cue.Index < end)
                || !body.Value.AsSpan().ContainsAny(Digits))
            {
                continue; // the forecast's own clause, or no number to hide
            }

            var inside = horizons.Where(h => h.Start >= start && h.Start < end).ToList();
            if (inside.Any(static h => !h.Horizon.EndsBeforePublication && !(h.Horizon.Relative && IsYearlessPeriod(h.Horizon.Text))))
            {
                continue; // "after 2.1% in 2027, growth slows to 1.5% in 2028": a forecast as well
            }

            // "following a 0.5% contraction in the second quarter": a yearless period in a clause of what came before
            var past = inside.Count > 0 || Bounded(() => PastTense().IsMatch(body.Value));
            if (!past || Bounded(() => ForwardCue().IsMatch(body.Value)))
            {
                continue;
            }

            var rest = Values().Exists(v => v.Index < start || v.Index >= end);
            if (rest)
            {
                spans.Add((start, end));
            }
        }

        // "Output rose 3.1% last year and is forecast to grow 2.4% in 2027": the value after the cue is the forecast's.
        if (cue is { Success: true, Length: > 0 } && cue.Index > 0 && ValueAfter(afterCue)
            && Values().Exists(v => v.Index < cue.Index))
        {
            var before = s[..cue.Index];
            if (Bounded(() => PastTense().IsMatch(before)) && !Bounded(() => ForwardCue().IsMatch(before)))
            {
                spans.Add((0, cue.Index));
            }
        }

        return spans;
    }

    [GeneratedRegex(@"^(?:in|during|over|by)?\s*(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:(?:first|second|third|fourth|final|last)\s+"
        + @"(?:quarter|half)|q[1-4]|h[12]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter)[a-z]*\.?$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex YearlessPeriod();

    private static bool IsYearlessPeriod(string text) => Bounded(() => YearlessPeriod().IsMatch(text.Trim()));

    /// <summary>
    /// "Growth of 2.1% and 1.8% in 2027 and 2028 respectively", "In 2026-27 and 2027-28 the deficit is put at 4.4% and
    /// 4.1% respectively": the n-th value goes with the n-th date. One proposal per date still ahead; null when the
    /// values and dates cannot be paired one to one.
    /// </summary>
    private static List<PredictionCandidate>? ReadRespectively(SentenceFacts common, string s, List<HorizonMatch> horizons, bool[] masked,
        PartialDate published, HorizonMatch? fallback)
    {
        if (!s.Contains("respectively", StringComparison.OrdinalIgnoreCase) || !Bounded(() => Respectively().IsMatch(s)))
        {
            return null;
        }

        // "in 2027 and 2028" may be read as one horizon: each year in it is a date of its own here.
        var dates = horizons.Where(h => PeriodToken().Matches(s.Substring(h.Start, h.Length)).Count < 2).ToList();
        foreach (Match y in PeriodToken().Matches(s))
        {
            if (dates.Any(h => y.Index < h.Start + h.Length && h.Start < y.Index + y.Length))
            {
                continue;
            }

            if (HorizonParser.TryParse("in " + y.Value, published, out var h))
            {
                dates.Add(new HorizonMatch(y.Index, y.Length, h with { Text = y.Value }));
            }
        }

        dates.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var mask = (bool[])masked.Clone();
        foreach (var d in dates)
        {
            Array.Fill(mask, true, d.Start, d.Length);
        }

        var values = QuantityReader.ValueSpans(s, mask);
        if (values.Count >= 2 && dates.Count <= 1)
        {
            return OneDateRespectively(common, s, values, mask, dates.Count == 1 ? dates[0] : fallback);
        }

        if (values.Count < 2 || values.Count != dates.Count)
        {
            return null;
        }

        // The words that lead the values ("The bank expects growth of "), without dates that come first.
        var lastDateBefore = dates.Where(d => d.Start + d.Length <= values[0].Index).Select(static d => d.Start + d.Length)
            .DefaultIfEmpty(0).Max();
        var head = s[lastDateBefore..values[0].Index].TrimStart(',', ' ', ':', ';');
        var list = new List<PredictionCandidate>();
        for (var k = 0; k < values.Count; k++)
        {
            var date = dates[k];
            if (date.Horizon.EndsBeforePublication)
            {
                continue; // "2.9% and 2.1% in 2025 and 2027 respectively": only the year still ahead is a forecast
            }

            var one = (bool[])mask.Clone();
            for (var j = 0; j < values.Count; j++)
            {
                if (j != k)
                {
                    Array.Fill(one, true, values[j].Index, values[j].Length);
                }
            }

            var q = QuantityReader.Read(s, one, common.Cue is { Success: true } c ? c.Index : -1,
                common.Cue is { Success: true } c2 ? c2.Index + c2.Length : -1);
            var valueText = s.Substring(values[k].Index, values[k].Length);
            var when = date.Horizon.Text;
            var glue = char.IsDigit(when[0]) || when.StartsWith("FY", StringComparison.OrdinalIgnoreCase) ? " in " : " ";
            var claimText = head + valueText + glue + when;
            var at = claimText.Length - when.Length;
            list.Add(Build(common, 0, s.Length, q, date, claimText, at, list.Count));
        }

        return list.Count > 0 ? list : null;
    }

    [GeneratedRegex(@"\s*,?\s*\brespectively\b\s*,?", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex RespectivelyWord();

    /// <summary>
    /// "The Weather Company and AccuWeather forecast 19 and 16 named storms, respectively, for 2027", "Denver and
    /// Minnesota at 51 and 49, respectively": several subjects, one value each, one date (or none) for all. One proposal
    /// per value; null when the date is behind us or the values are a range ("3-4% and 5-6%").
    /// </summary>
    private static List<PredictionCandidate>? OneDateRespectively(SentenceFacts common, string s, List<(int Index, int Length)> values,
        bool[] mask, HorizonMatch? date)
    {
        if (date is { Horizon.EndsBeforePublication: true } || values.Count > 5)
        {
            return null;
        }

        for (var k = 0; k + 1 < values.Count; k++)
        {
            var between = s.AsSpan(values[k].Index + values[k].Length, values[k + 1].Index - values[k].Index - values[k].Length).Trim();
            if (!(between.Equals("and", StringComparison.OrdinalIgnoreCase) || between.SequenceEqual(",")
                || between.Equals(", and", StringComparison.OrdinalIgnoreCase)))
            {
                return null; // "between 2% and 3%": a range; values apart in the sentence: not a list of values
            }
        }

        var head = s[..values[0].Index];
        var tail = RespectivelyWord().Replace(s[(values[^1].Index + values[^1].Length)..], " ", 1);
        var list = new List<PredictionCandidate>();
        for (var k = 0; k < values.Count; k++)
        {
            var one = (bool[])mask.Clone();
            for (var j = 0; j < values.Count; j++)
            {
                if (j != k)
                {
                    Array.Fill(one, true, values[j].Index, values[j].Length);
                }
            }

            var q = QuantityReader.Read(s, one, common.Cue is { Success: true } c ? c.Index : -1,
                common.Cue is { Success: true } c2 ? c2.Index + c2.Length : -1);
            if (q is null)
            {
                return null;
            }

            var claimText = (head + s.Substring(values[k].Index, values[k].Length) + tail).Replace("  ", " ", StringComparison.Ordinal)
                .Replace(" ,", ",", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);
            list.Add(Build(common, 0, s.Length, q, date, claimText, -1, k));
        }

        return list;
    }

    /// <summary>
    /// A promise made in the past and quoted ("promised in her first Budget that the target was ...", "pledged that the
    /// deficit was to close"): history, not the article's or anyone's present forecast.
    /// </summary>
    [GeneratedRegex(@"\b(?:promised|pledged|vowed)\s+(?:in|at|during|when|while)\s+(?:her|his|their|its|the|a|an)\s+(?:[\w'-]+\s+){0,3}?"
        + @"(?:budget|speech|manifesto|statement|campaign|conference|interview|letter|address|report|election|term|tenure|platform)\b"
        + @"|\b(?:promised|pledged|vowed)\b[^.;]{0,80}?\bthat\b[^.;]{0,80}?\b(?:was|were)\b(?![^.;]{0,60}\b(?:will|would)\b)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastPromise();

    /// <summary>
    /// A past forecast judged against what happened ("forecasts published a year ago overestimated growth", "the
    /// projections proved too optimistic"): a verdict on history, not a forecast.
    /// </summary>
    [GeneratedRegex(@"\b(?:forecasts?|projections?|estimates?|predictions?|models?|polls?|forecasters|projected\s+\w+)\b[^.;]{0,100}?\b"
        + @"(?:overestimated|underestimated|overstated|understated|over-?predicted|under-?predicted|overshot|undershot"
        + @"|proved\s+(?:to\s+be\s+)?(?:too|wrong|right|accurate|correct|optimistic|pessimistic|wide)"
        + @"|turned\s+out\s+(?:to\s+be\s+)?(?:too|wrong|right|accurate|correct|optimistic|pessimistic)"
        + @"|were\s+(?:too\s+(?:optimistic|pessimistic|high|low)|wrong|off\s+the\s+mark|wide\s+of\s+the\s+mark)"
        + @"|got\s+(?:it\s+)?wrong|missed\s+the\s+mark)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastForecastJudged();

    /// <summary>A present forecast beside a judged or promised past one: "and now expects", "will".</summary>
    [GeneratedRegex(@"\b(?:still|now|continues?\s+to)\s+(?:\w+\s+)?(?:expects?|predicts?|forecasts?|projects?|sees?)\b|\bwill\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PresentForecast();

    private static readonly System.Buffers.SearchValues<string> HistoryJudgementWords = System.Buffers.SearchValues.Create(
        ["promised", "pledged", "vowed", "estimated", "stated", "predicted", "proved", "turned out", "were", "wrong", "overshot",
            "undershot", "mark"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>A past promise quoted, or a past forecast judged, with no present forecast beside it.</summary>
    private static bool IsPastPromiseOrJudgedForecast(string s) =>
        (s.AsSpan().ContainsAny(HistoryJudgementWords) || s.AsSpan().ContainsAny(CaseFoldingLetters))
        && Bounded(() => (PastPromise().IsMatch(s) || PastForecastJudged().IsMatch(s)) && !PresentForecast().IsMatch(s));

    /// <summary>"A:", "Answer:", "A.": the label of an answer in a Q&amp;A.</summary>
    [GeneratedRegex(@"^\s*(?:\*\*)?(?:A|Answer|Ans)(?:\*\*)?\s*[:.\u2013\u2014-]\s*(?:\*\*)?\s*", RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex AnswerLabel();

    /// <summary>"Q:", "Question:", "Q.": the label of a question in a Q&amp;A.</summary>
    [GeneratedRegex(@"^\s*(?:\*\*)?(?:Q|Question)(?:\*\*)?\s*[:.\u2013\u2014-]\s*(?:\*\*)?\s*", RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex QuestionLabel();

    /// <summary>
    /// A question that asks for a forecast ("Q: Where will rates be by end-2027?"): the lead-in of the answer that
    /// follows, with its horizon. Null when the paragraph is not such a question.
    /// </summary>
    private static LeadIn? ForecastQuestion(string paragraph, PartialDate published)
    {
        var q = paragraph.Trim().TrimEnd('*').TrimEnd();
        if (q.Length < 8 || q[^1] != '?' || q.Length > 400)
        {
            return null;
        }

        var label = QuestionLabel().Match(q);
        var body = label.Success ? q[label.Length..] : q;
        var lead = ReadLeadIn(body, published);
        return lead is { Horizon: not null } && (lead.Forecast || Bounded(() => ForwardCue().IsMatch(body)))
            ? lead with { Forecast = true }
            : null;
    }

    /// <summary>
    /// The answer to a forecast question when it has no verb of its own ("A: Around 3%.", "Somewhere near 40,000."): a
    /// proposal with the answer's value, dated by the question. Null when the sentence is not such an answer.
    /// </summary>
    private static PredictionCandidate? VerblessAnswer(string text, Span sentence, LeadIn question)
    {
        var first = text.Substring(sentence.Start, sentence.Length);
        var label = AnswerLabel().Match(first);
        var answer = (label.Success ? first[label.Length..] : first).Trim();
        // "About 12,000.": read as "about 12,000" (a number after a capitalised word alone reads as a name's, "Claude 3").
        var lowered = answer.Length > 1 ? char.ToLowerInvariant(answer[0]) + answer[1..] : answer;
        if (answer.Length is <= 2 or >= 160 || answer[^1] == '?' || HasForecastCue(answer) || question.Horizon is not { } h
            || QuantityReader.ValueSpans(lowered, new bool[answer.Length + 1]).Count == 0 || Bounded(() => PastTense().IsMatch(answer)))
        {
            return null;
        }

        var q = QuantityReader.Read(lowered, new bool[answer.Length + 1], -1, -1);
        var start = sentence.Start + first.IndexOf(answer, StringComparison.Ordinal);
        var asked = QuestionLabel().Match(question.Text) is { Success: true } ql ? question.Text[ql.Length..] : question.Text;
        return new PredictionCandidate
        {
            Quote = answer,
            Start = start,
            End = start + answer.Length,
            Claim = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{answer.TrimEnd('.')} (asked: {asked.Trim()}) (by {h.ResolveBy:yyyy-MM-dd})."),
            Horizon = h.Text,
            RelativeHorizon = h.Relative,
            ResolveBy = h.ResolveBy,
            Earliest = h.Earliest,
            Precision = h.Precision,
            Kind = q?.Kind ?? CandidateKind.Event,
            Metric = q?.Metric,
            Comparator = q?.Comparator,
            Threshold = q?.Value,
            Low = q?.Low,
            High = q?.High,
            Unit = q?.Unit,
            Confidence = 0.7,
            Source = CandidateSource.Prose,
        };
    }

    /// <summary>
    /// The horizon the previous sentence gave, for a sentence with a cue and a value but no date of its own ("The bank
    /// published its outlook for 2028 on Tuesday. It expects growth of 1.9%."): a single calendar horizon, in a later
    /// year than publication, and no date at all in this sentence.
    /// </summary>
    private static Horizon? CarriedHorizon(string? previous, PartialDate published)
    {
        if (previous is null || !previous.AsSpan().ContainsAny(Digits) || previous.TrimEnd().EndsWith('?'))
        {
            return null;
        }

        var found = HorizonParser.FindAll(previous, published)
            .Where(static h => !h.Horizon.EndsBeforePublication && !h.Horizon.Relative && h.Horizon.Kind != HorizonKind.Duration)
            .Select(static h => h.Horizon).DistinctBy(static h => h.ResolveBy).ToList();
        return found.Count == 1 && found[0].ResolveBy.Year > published.Last.Year ? found[0] : null;
    }

    /// <summary>The league whose season "this season" means in the article being read (<see cref="SportSeasons"/>).</summary>
    [ThreadStatic]
    internal static SportSeason? ArticleSeason;

    private const string MonthNames = "January|February|March|April|May|June|July|August|September|October|November|December";

    [GeneratedRegex(@"\bthis\s+time\s+next\s+(?<u>year|month|week)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ThisTimeNext();

    /// <summary>"from December to February", "December-February": a run of months with no year, which may cross a year end.</summary>
    [GeneratedRegex(@"(?:\b(?:from|between)\s+)?(?-i:\b(?<m1>" + MonthNames + @"))\s*(?:to|through|until|till|and|[-\u2013\u2014])\s*"
        + @"(?-i:(?<m2>" + MonthNames + @"))\b(?!\s*,?\s*(?:of\s+)?(?:19|20)\d\d)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex MonthRun();

    /// <summary>
    /// "January rainfall", "December sales": a month with no year naming the period a figure is for; not the figures a
    /// company or office reports ("will report April sales on Friday" is a release).
    /// </summary>
    [GeneratedRegex(@"(?<!\b(?:last|since|of|previous)\s)"
        + @"(?<!\b(?:report|reports|reporting|publish|publishes|release|releases|announce|announces|post|posts|issue|issues)\s+"
            + @"(?:its|their|the|his|her|our)?\s*)"
        + @"(?-i:\b(?<m>" + MonthNames + @"))\s+(?:rainfall|rain|temperatures?|snowfall|sales|"
        + @"inflation|figures|data|jobs|payrolls|output|exports|imports|prices|production|deliveries|reading|print|numbers|"
        + @"unemployment|retail\s+sales|jobless\s+rate)\b(?!\s*,?\s*(?:19|20)\d\d)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex MonthFigure();

    [GeneratedRegex(@"\b(?:(?<which>this|the\s+current|the\s+coming|next)\s+(?:season|campaign)"
        + @"|(?:by\s+)?the\s+end\s+of\s+(?:the|this)\s+(?:season|campaign))\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex SeasonPhrase();

    private static readonly System.Buffers.SearchValues<string> ContextHorizonWords = System.Buffers.SearchValues.Create(
        ["time next", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
            "December", "season", "campaign"],
        StringComparison.Ordinal);

    /// <summary>
    /// Horizons the calendar rules cannot give without the article's context: "this time next year" (a year from
    /// publication, to the day), a run of months that crosses a year end ("December to February" in November: the coming
    /// December to the February after it), a month naming the figure it is for ("January rainfall" in a November
    /// article: next January), and "this season" in an article about one league (the month its season ends).
    /// </summary>
    private static void AddContextHorizons(string s, List<HorizonMatch> horizons, PartialDate published)
    {
        if (!s.AsSpan().ContainsAny(ContextHorizonWords) && !s.Contains("SEASON", StringComparison.OrdinalIgnoreCase)
            && !s.AsSpan().ContainsAny(CaseFoldingLetters))
        {
            return;
        }

        void Put(int start, int length, Horizon h)
        {
            horizons.RemoveAll(x => x.Start < start + length && start < x.Start + x.Length);
            horizons.Add(new HorizonMatch(start, length, h));
            horizons.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        }

        bool Free(int start, int length) => !horizons.Any(x => x.Start < start + length && start < x.Start + x.Length);

        if (ThisTimeNext().Match(s) is { Success: true } next)
        {
            var from = published.Last;
            var by = next.Groups["u"].Value.ToLowerInvariant() switch
            {
                "year" => from.AddYears(1),
                "month" => from.AddMonths(1),
                _ => from.AddDays(7),
            };
            Put(next.Index, next.Length, new Horizon(next.Value, null, by, DatePrecision.Day, false)
            {
                Kind = HorizonKind.Date,
                Relative = true,
            });
        }

        foreach (Match run in MonthRun().Matches(s))
        {
            if (!HorizonParser.TryParse("in " + run.Groups["m1"].Value, published, out var first) || first.EndsBeforePublication)
            {
                continue;
            }

            var m1 = first.ResolveBy.Month;
            var m2 = HorizonRules.MonthNumber(run.Groups["m2"].Value);
            var year = m2 > m1 ? first.ResolveBy.Year : first.ResolveBy.Year + 1;
            if (m2 == m1)
            {
                continue;
            }

            var end = new DateOnly(year, m2, DateTime.DaysInMonth(year, m2));
            Put(run.Index, run.Length, new Horizon(run.Value, new DateOnly(first.ResolveBy.Year, m1, 1), end, DatePrecision.Month, false)
            {
                Kind = HorizonKind.Period,
                Relative = true,
            });
        }

        foreach (Match fig in MonthFigure().Matches(s))
        {
            var mon = fig.Groups["m"];
            if (Free(mon.Index, mon.Length) && HorizonParser.TryParse("in " + mon.Value, published, out var month)
                && !month.EndsBeforePublication)
            {
                Put(mon.Index, mon.Length, month with { Text = mon.Value, Relative = true });
            }
        }

        if (ArticleSeason is { } league && SeasonPhrase().Match(s) is { Success: true } season && Free(season.Index, season.Length))
        {
            var last = published.Last;
            var year = last.Month <= league.EndMonth ? last.Year : last.Year + 1;
            if (season.Groups["which"].Value.Equals("next", StringComparison.OrdinalIgnoreCase))
            {
                year++;
            }

            var end = new DateOnly(year, league.EndMonth, DateTime.DaysInMonth(year, league.EndMonth));
            Put(season.Index, season.Length, new Horizon(season.Value, null, end, DatePrecision.Month, false)
            {
                Kind = HorizonKind.Period,
                Relative = true,
            });
        }
    }

    [GeneratedRegex(@"^(?:in|by|for|during|over|through|until|from)?\s*(?:the\s+)?(?:(?:19|20)\d\d)\s*[-\u2013/]\s*(?<y2>\d\d)$", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex SplitYear();

    /// <summary>
    /// A split year in prose ("from $385 billion in 2024-25 to $369 billion in 2025-26") in an article whose fiscal year
    /// is known (its own cue, or its money: A$ 30 June, rupees 31 March; as for tables) ends at that fiscal year's end,
    /// not on 31 December; a year that ended before publication is then a past one.
    /// </summary>
    private static void FiscalSplitYears(string text, string s, List<HorizonMatch> horizons, PartialDate published)
    {
        if (horizons.Count == 0 || !s.AsSpan().ContainsAny(SplitYearDashes))
        {
            return;
        }

        for (var i = 0; i < horizons.Count; i++)
        {
            var h = horizons[i];
            if (h.Horizon.Precision != DatePrecision.Year || !Bounded(() => SplitYear().IsMatch(h.Horizon.Text.Trim()))
                || FiscalYearOf(text) is not { } fy || fy.EndMonth == 12)
            {
                continue;
            }

            var y2 = h.Horizon.ResolveBy.Year;
            var end = new DateOnly(y2, fy.EndMonth, DateTime.DaysInMonth(y2, fy.EndMonth));
            var start = end.AddDays(1).AddYears(-1);
            horizons[i] = h with
            {
                Horizon = h.Horizon with { ResolveBy = end, Earliest = start, EndsBeforePublication = end < published.First },
            };
        }
    }

    private static readonly System.Buffers.SearchValues<char> SplitYearDashes = System.Buffers.SearchValues.Create("-\u2013/");
}
