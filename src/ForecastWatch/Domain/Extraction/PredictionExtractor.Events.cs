using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Events named in a sentence as its horizon: a day given to a meeting, vote or election ("at its Dec. 15-16 meeting",
/// "at the Oct. 26 election", "after the Nov. 3 vote") dates the claim at that day; the year of a named contest ("win
/// the 2029 general election", "take the 2027-28 title") dates it at that year's end. An event with no day or year
/// stays undated with the event as its condition (<see cref="EventHorizon"/>): no date is invented.
/// </summary>
public static partial class PredictionExtractor
{
    private const string EventMonth = @"(?-i:(?<mon>January|February|March|April|May|June|July|August|September|October|November|December"
        + @"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec))\.?";

    private const string EventDay = @"(?<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?:\s*(?:[-\u2013]|and|or)\s*(?<d2>[1-9]|[12]\d|3[01])"
        + @"(?:st|nd|rd|th)?)?";

    /// <summary>
    /// "at its Dec. 15-16 meeting", "at the 12 December meeting", "after the Nov. 3 vote", "on Oct. 26": a day and month
    /// with no year after a preposition of time or place; the calendar rules want "by" or "in" before a yearless day.
    /// </summary>
    [GeneratedRegex(@"(?<![\w.])(?:at|on|after|following|ahead\s+of|before|until)\s+(?:(?:its|their|the|this|his|her|our)\s+)?"
        + @"(?:" + EventMonth + @"\s+" + EventDay + @"|" + EventDay + @"\s+(?:of\s+)?" + EventMonth + @")"
        + @"(?![\w\u2013-])(?!\s*,?\s*(?:19|20)\d\d)(?!\s*(?:%|per\s*cent|percent))"
        + @"(?:\s+(?:[A-Za-z'\u2019-]+\s+){0,2}?(?:meetings?|elections?|vote|ballot|poll|referendum|summit|hearing|deadline|session|budget|"
        + @"decision|auction|conference|debate|primary|run-?off|caucus(?:es)?|announcement|ruling|verdict|launch|opening|game|match|final|"
        + @"race|kick-?off|ceremony|talks|sitting|plenary)\b)?",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex EventDate();

    /// <summary>"win the 2029 general election", "take the 2027-28 title", "at the 2028 Olympics": a contest named by its year.</summary>
    [GeneratedRegex(@"\b(?:win|wins|winning|lose|loses|losing|take|takes|taking|sweep|sweeps|sweeping|carry|carries|carrying|contest|"
        + @"contests|contesting|claim|claims|claiming|clinch|clinches|retain|retains|retaining|at)\s+(?:the|this|next|its|their)\s+"
        + @"(?<y>20\d\d)(?:\s*[-\u2013/]\s*(?<y2>\d\d))?\s+(?:[A-Za-z'\u2019-]+\s+){0,3}?(?<noun>elections?|polls|race|vote|referendum|"
        + @"primar(?:y|ies)|midterms|season|championship|title|tournament|world\s+cup|olympics|games|playoffs|final|series|cup|open|"
        + @"grand\s+prix)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ContestYear();

    /// <summary>
    /// A forecasting verb in the past tense that reports guidance (minutes, press conferences): "members saw inflation
    /// returning to 2%", "the staff projected growth of 1.2%", "officials forecast a deficit of 3%".
    /// </summary>
    [GeneratedRegex(@"\b(?:saw|projected|forecast|predicted|estimated|anticipated|envisaged|envisioned)\b(?!\s+(?:to|at|for|that)\b)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastGuidanceVerb();

    /// <summary>A past anchor beside a past-tense forecast: it was made before (and may be judged), not guidance now.</summary>
    [GeneratedRegex(@"\b(?:last|previous|earlier|prior|ago|originally|initially|at\s+the\s+time|came\s+in|turned\s+out|proved)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastAnchor();

    /// <summary>
    /// A plan or a schedule stated with its day ("would end the runoff on Dec. 1", "will hold a news conference on Nov. 4"):
    /// the day is a fact of the calendar, not the horizon of a forecast.
    /// </summary>
    [GeneratedRegex(@"\b(?:will|would|shall|(?:is|are)\s+(?:due\s+)?to|plans?\s+to|intends?\s+to)\s+(?:\w+\s+)?"
        + @"(?:end|start|begin|stop|halt|resume|launch|open|close|hold|publish|release|meet|convene|announce|unveil|"
        + @"present|publish|issue|report|host|vote|sit)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ScheduledAction();

    private static readonly SearchValues<string> PastGuidanceWords = SearchValues.Create(
        ["saw", "projected", "forecast", "predicted", "estimated", "anticipated", "envisaged", "envisioned"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Guidance reported in the past tense, as minutes and press-conference reports give it: a past forecasting verb with
    /// a value after it and a date after it that is still ahead ("saw" only with a year after publication's: "saw
    /// growth of 2% this year" may be a reading). What happened ("saw inflation fall to 2.5% in 2025") has no such date.
    /// </summary>
    private static Match? PastTenseGuidance(string s, PartialDate published)
    {
        if (!s.AsSpan().ContainsAny(PastGuidanceWords) || !s.AsSpan().ContainsAny(Digits)
            || PastGuidanceVerb().Match(s) is not { Success: true } verb)
        {
            return null;
        }

        var after = s.AsSpan(verb.Index + verb.Length);
        if (after.IndexOfAny(Digits) < 0 || Bounded(() => PastAnchor().IsMatch(s)))
        {
            return null; // "The outlook issued last August projected a peak in late December; the peak came in January"
        }

        var saw = verb.Value.Equals("saw", StringComparison.OrdinalIgnoreCase);
        foreach (var h in HorizonParser.FindAll(s, published))
        {
            if (h.Start > verb.Index && !h.Horizon.EndsBeforePublication && h.Horizon.Kind != HorizonKind.Duration
                && (!saw || h.Horizon.ResolveBy.Year > published.Last.Year))
            {
                return verb;
            }
        }

        return null;
    }

    /// <summary>Capitalised month names and abbreviations: an <see cref="EventDate"/> match holds one (its pre-scan).</summary>
    private static readonly SearchValues<string> EventMonthWords = SearchValues.Create(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], StringComparison.Ordinal);

    /// <summary>Words of which a <see cref="ContestYear"/> match holds one (its pre-scan, with a digit).</summary>
    private static readonly SearchValues<string> ContestWords = SearchValues.Create(
        ["election", "poll", "race", "vote", "referendum", "primar", "midterm", "season", "champion", "title", "tournament", "cup",
            "olympic", "games", "playoff", "final", "series", "open", "grand prix"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds the event dates of <paramref name="s"/> to <paramref name="horizons"/> when the sentence has no date still
    /// ahead of its own. A yearless day is placed at its next occurrence after publication, and used only when that is
    /// within eleven months (a day a few weeks before publication is a past event, not next year's); an article dated
    /// less precisely than to the day gets none. The day is masked, so "Dec. 15-16" is never read as the value.
    /// </summary>
    private static void AddEventHorizons(string s, List<HorizonMatch> horizons, PartialDate published)
    {
        if (!s.AsSpan().ContainsAny(Digits) || horizons.Exists(static h => !h.Horizon.EndsBeforePublication))
        {
            return;
        }

        if (published.Precision == DatePrecision.Day && published != UnknownPublication
            && (s.AsSpan().ContainsAny(EventMonthWords) || s.AsSpan().ContainsAny(CaseFoldingLetters))
            && !Bounded(() => ScheduledAction().IsMatch(s)))
        {
            foreach (Match m in EventDate().Matches(s))
            {
                if (horizons.Exists(h => h.Start < m.Index + m.Length && m.Index < h.Start + h.Length))
                {
                    continue;
                }

                var month = HorizonRules.MonthNumber(m.Groups["mon"].Value);
                var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
                var last = m.Groups["d2"].Success ? int.Parse(m.Groups["d2"].Value, CultureInfo.InvariantCulture) : day;
                var from = published.First;
                var year = from.Year;
                if (last < day || last > DateTime.DaysInMonth(year, month) || last > DateTime.DaysInMonth(year + 1, month))
                {
                    continue;
                }

                var date = new DateOnly(year, month, last);
                if (date < from)
                {
                    date = date.AddYears(1);
                }

                if (date.AddMonths(-11) > from)
                {
                    continue; // "At its Oct. 5 meeting" in an article of 15 October: that meeting is behind us
                }

                var first = new DateOnly(date.Year, month, day);
                horizons.Add(new HorizonMatch(m.Index, m.Length, new Horizon(m.Value.Trim(), first < date ? first : null, date,
                    DatePrecision.Day, false)
                {
                    Kind = HorizonKind.Date,
                    Relative = true,
                    Event = true,
                }));
                horizons.Sort(static (a, b) => a.Start.CompareTo(b.Start));
                return;
            }
        }

        if (s.AsSpan().ContainsAny(ContestWords) && ContestYear().Match(s) is { Success: true } contest)
        {
            var y = contest.Groups["y"];
            if (horizons.Exists(h => h.Start < y.Index + y.Length && y.Index < h.Start + h.Length))
            {
                return;
            }

            var year = int.Parse(y.Value, CultureInfo.InvariantCulture);
            if (contest.Groups["y2"].Success)
            {
                var y2 = year / 100 * 100 + int.Parse(contest.Groups["y2"].Value, CultureInfo.InvariantCulture);
                if (y2 != year + 1)
                {
                    return;
                }

                year = y2;
            }

            var end = new DateOnly(year, 12, 31);
            if (contest.Groups["y2"].Success && ArticleSeason is { } league)
            {
                end = new DateOnly(year, league.EndMonth, DateTime.DaysInMonth(year, league.EndMonth));
            }

            var at = y.Index;
            var length = contest.Index + contest.Length - at;
            horizons.Add(new HorizonMatch(at, length, new Horizon(s.Substring(at, length), null, end, DatePrecision.Year,
                end < published.First)
            {
                Kind = HorizonKind.Period,
                Event = true,
            }));
            horizons.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        }
    }
}
