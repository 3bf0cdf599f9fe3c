using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Horizons;

/// <summary>
/// Parses time horizons as they appear in articles, relative to the publication date.
/// <see cref="TryParse"/> reads one whole horizon phrase; <see cref="FindAll"/> scans running text and returns every
/// dated horizon phrase with its offsets; <see cref="FindVague"/> returns forward-looking phrases with no computable
/// date ("in the coming months", "soon", "within weeks").
/// </summary>
/// <remarks>
/// Rules (docs/estimative-language.md has the table of phrases):
/// the resolve-by date is the last day of the window at the coarsest precision involved. A duration is added to
/// the last day the publication date may stand for and rounded up to the end of its period ("within 12 months" of
/// "2026-05" is 2027-05-31; of 2026-05-14 it is 2027-05-14). Calendar periods end on their last day ("by Q2 2026"
/// is 2026-06-30); "mid" is the middle of the period, "early" its first third, "start" its first month; "by 2028"
/// is the end of 2028; "the end of the decade" is the last year of the calendar decade (2029 for the 2020s).
/// A horizon ending before the earliest possible publication day is kept and flagged. A month or quarter without a
/// year ("by September", "at its June meeting", "by Q3") is the next one on or after publication, provided every
/// day the publication date may stand for gives the same one; otherwise it is not dated (<see cref="FindUnplaced"/>).
/// All regexes are source-generated with a match timeout, so no input can hang the parser.
/// </remarks>
public static partial class HorizonParser
{
    public static bool TryParse(string text, PartialDate published, [NotNullWhen(true)] out Horizon? horizon)
    {
        ArgumentNullException.ThrowIfNull(text);
        horizon = null;
        var trimmed = text.Trim().TrimEnd('.', ',', ';', ':', '!', '?').Trim();
        if (trimmed.Length == 0 || trimmed.Length > 200)
        {
            return false;
        }

        foreach (var m in FindAll(trimmed, published))
        {
            if (m.Start == 0 && m.Length == trimmed.Length)
            {
                horizon = m.Horizon;
                return true;
            }
        }

        return false;
    }

    public static IReadOnlyList<HorizonMatch> FindAll(string text, PartialDate published)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        // Long texts are read in overlapping windows, so that every regex call (and its time limit) covers a
        // bounded stretch; the overlap is longer than any horizon phrase, and duplicates are merged below.
        const int Window = 4096;
        const int Overlap = 256;
        var found = new List<HorizonMatch>();
        for (var start = 0; start < text.Length;)
        {
            var end = Math.Min(text.Length, start + Window);
            if (end < text.Length)
            {
                var cut = text.LastIndexOfAny([' ', '\n', '\t'], end - 1, end - start - Overlap);
                end = cut > start ? cut : end;
            }

            FindIn(start == 0 && end == text.Length ? text : text.Substring(start, end - start), start, published, found);
            if (end >= text.Length)
            {
                break;
            }

            var next = end - Overlap;
            var space = text.IndexOf(' ', next, end - next);
            start = space > start ? space + 1 : end;
        }

        return PickNonOverlapping(found);
    }

    private static void FindIn(string text, int offset, PartialDate published, List<HorizonMatch> found)
    {
        foreach (var rule in HorizonRules.All)
        {
            if (!rule.Applies(text))
            {
                continue;
            }

            try
            {
                foreach (Match m in rule.Regex.Matches(text))
                {
                    if (m.Length == 0 || HorizonRules.RejectedByContext(text, m))
                    {
                        continue;
                    }

                    Horizon? h;
                    try
                    {
                        h = rule.Build(m, published);
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        h = null; // a date outside the calendar (year 0 or 10000): not a horizon
                    }

                    if (h is not null)
                    {
                        found.Add(
                            new HorizonMatch(offset + m.Index, m.Length, h with { Text = m.Value, Relative = HorizonRules.IsRelative(m) }));
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological input: keep what this rule found before the time limit.
            }
        }
    }

    /// <summary>
    /// Phrases that name a month or quarter without a year ("by September", "at its June meeting", "by Q3") when the
    /// publication date is too coarse to tell which year is meant: for an article dated only "2026", "by September"
    /// may be September 2026 or September 2027. <see cref="FindAll"/> leaves these out; each comes with the reason.
    /// </summary>
    public static IReadOnlyList<UnplacedHorizonMatch> FindUnplaced(string text, PartialDate published)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<UnplacedHorizonMatch>();
        if (text.Length > 4096)
        {
            return list; // called on single sentences; a longer text is not one
        }

        foreach (var rule in HorizonRules.All)
        {
            if (rule.Unplaced is null || !rule.Applies(text))
            {
                continue;
            }

            try
            {
                foreach (Match m in rule.Regex.Matches(text))
                {
                    if (m.Length > 0 && !HorizonRules.RejectedByContext(text, m) && rule.Unplaced(m, published) is { } reason)
                    {
                        list.Add(new UnplacedHorizonMatch(m.Index, m.Length, m.Value, reason));
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Keep what was found before the time limit.
            }
        }

        list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return list;
    }

    /// <summary>Forward-looking time phrases that give no date: the claim they belong to is undated.</summary>
    public static IReadOnlyList<VagueHorizonMatch> FindVague(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<VagueHorizonMatch>();
        try
        {
            foreach (Match m in HorizonRules.Vague().Matches(text))
            {
                if (m.Length > 0)
                {
                    list.Add(new VagueHorizonMatch(m.Index, m.Length, m.Value));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Keep what was found before the time limit.
        }

        return list;
    }

    private static List<HorizonMatch> PickNonOverlapping(List<HorizonMatch> found)
    {
        // Longest match wins where two phrases overlap ("by the end of Q2 2026" over "Q2 2026").
        found.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        found = found.DistinctBy(static m => (m.Start, m.Length)).ToList();
        var result = new List<HorizonMatch>(found.Count);
        foreach (var m in found)
        {
            if (result.Count > 0)
            {
                var last = result[^1];
                if (m.Start < last.Start + last.Length)
                {
                    if (m.Length > last.Length)
                    {
                        result[^1] = m;
                    }

                    continue;
                }
            }

            result.Add(m);
        }

        return result;
    }
}

/// <summary>A pattern, what it builds, and a cheap test that the text could contain it at all (skips the regex when not).</summary>
/// <summary><paramref name="Unplaced"/>, when set, says why a match <paramref name="Build"/> rejected names no computable date.</summary>
internal sealed record HorizonRule(Regex Regex, Func<Match, PartialDate, Horizon?> Build, Func<string, bool> Applies,
    Func<Match, PartialDate, string?>? Unplaced = null);

internal static partial class HorizonRules
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
        | RegexOptions.IgnorePatternWhitespace;

    /// <summary>Every regex is bounded: a match attempt that runs longer than this is abandoned (treated as no match).</summary>
    private const int RegexTimeoutMs = 1000;

    private const string Dash = @"[-\u2010\u2011\u2012\u2013\u2014\u2212]";
    private const string Apos = @"['\u2019]";
    private const string Year4 = @"(?:19[5-9]\d|20\d\d|21\d\d)";
    private const string Num = NumberWords.Pattern;

    private const string Lead =
        @"(?:(?<prep>by|before|until|till|through|thru|in|during|for|from|over|within|no\s+later\s+than|not\s+until|ahead\s+of|"
            + @"as\s+early\s+as|around|between)\s+)?"
        + @"(?:the\s+)?(?:(?<edge>end|close|middle|start|beginning|turn)\s+of\s+(?:the\s+)?)?";

    private const string Mod = @"(?:(?<mod>early|mid|late|later|end)(?:\s*" + Dash + @"?\s*(?:to\s*" + Dash
        + @"?\s*)?(?<mod2>mid|late))?\s*" + Dash + @"?\s*)?";

    private const string MonthName =
        @"(?<mon>january|february|march|april|may|june|july|august|september|october|november|december"
        + @"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?";

    [GeneratedRegex(@"\b
        (?:(?<prep>within|in|over|during|for|between|inside(?:\s+of)?|in\s+(?:less|fewer)\s+than|in\s+under)\s+)?
        (?:(?<the>the|an?)\s+)?
        (?:(?<nx>next|coming|upcoming)\s+)?
        (?:(?:about|around|roughly|approximately|some|just|only|less\s+than|under|up\s+to|at\s+most|no\s+more\s+than|another|"
        + @"a\s+further)\s+)?
        (?:(?<a>" + Num + @")(?:\s*(?:" + Dash + @"|to|or|and)\s*(?<b>" + Num + @"))?(?<h1>\s+and\s+a\s+half)?\s*(?:" + Dash + @"\s*)?)?
        (?<u>days?|weeks?|months?|quarters?|years?|decades?)\b
        (?<h2>\s+and\s+a\s+half)?
        (?:\s+or\s+(?<or>two|so))?
        (?<suf>\s+from\s+now|\s+hence|" + Apos + @"?\s+time\b|\s+out\b)?
        (?:\s+(?<noun>period|window|timeframe|time\s*frame|horizon|timeline|span|stretch)\b)?",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex DurationRx();

    [GeneratedRegex(@"\b" + Lead + @"
        (?:
            (?:Q(?<q>[1-4])|(?<qw>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter)
            (?:\s*(?:of\s+|,\s*|" + Dash + @"|/)?\s*(?:(?<y>" + Year4 + @")|" + Apos + @"(?<yy>\d\d)|(?<rel>this|next)\s+year|"
            + @"(?<ry>the)\s+year))?
          | (?<y>" + Year4 + @")\s*(?:" + Dash + @"|/)?\s*Q(?<q>[1-4])
          | (?<q>[1-4])Q\s*(?:(?<y>" + Year4 + @")|(?<yy>\d\d))
        )\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex QuarterRx();

    [GeneratedRegex(@"\b" + Lead + @"
        (?:
            H(?<h>[12])\s*(?:" + Dash + @"|/)?\s*(?:(?<y>" + Year4 + @")|" + Apos + @"?(?<yy>\d\d))
          | (?<y>" + Year4 + @")\s*(?:" + Dash + @"|/)?\s*H(?<h>[12])
          | (?<h>[12])H\s*(?:(?<y>" + Year4 + @")|(?<yy>\d\d))
          | (?<hw>first|second|1st|2nd|latter|back|front)\s+half\s+(?:of\s+)?(?:(?<y>" + Year4 + @")|(?<rel>this|next)\s+year|"
          + @"(?<ry>the)\s+year)
          | (?<hw>first|second|1st|2nd|latter|back|front)\s+half(?!\s+of\b|" + Dash + @")
        )\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex HalfRx();

    [GeneratedRegex(@"\b" + Lead + Mod + @"
        (?:
            (?:(?:fiscal|financial|calendar|crop|marketing|tax)(?:\s+years?)?\s+|FY\s*)?(?<y>" + Year4 + @")(?:\s*(?:" + Dash + @"|to|"
            + @"and|or)\s*(?<y2>" + Year4 + @")|\s*(?:" + Dash + @"|/)\s*(?<y2>\d\d)\b)?
          | (?<dy>(?:19|20)\d0)" + Apos + @"?s
          | FY\s*" + Apos + @"?(?<yy>\d\d)(?!\d)
        )\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex YearRx();

    /// <summary>
    /// A holiday or named day as a deadline ("before Christmas", "by Easter 2027", "ahead of Thanksgiving", "by New
    /// Year's Day", "during the holiday season"): a preposition is required, since the bare name is often a past one.
    /// </summary>
    [GeneratedRegex(@"\b(?<prep>by|before|until|till|ahead\s+of|in\s+time\s+for|for|over|during|around|at|on)\s+(?:the\s+)?
        (?<hol>christmas(?:\s+(?:day|eve))?|xmas|easter(?:\s+sunday)?|thanksgiving(?:\s+day)?|halloween
          |new\s+year(?:" + Apos + @"s)?(?:\s+(?:day|eve))?|holiday\s+season)
        (?:\s+(?<y>" + Year4 + @"))?\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex HolidayRx();

    [GeneratedRegex(@"\b(?:(?<prep>by|before|until|till|through|at|around|in)\s+)?(?:the\s+)?(?<ye>year" + Dash + @"?\s*end|decade" + Apos
        + @"?s?\s*" + Dash + @"?\s*end)(?:\s*(?<y>" + Year4 + @"))?\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex YearEndRx();

    [GeneratedRegex(@"\b" + Lead + Mod + @"(?:(?<rel>next|this|current|coming)\s+)?(?<cu>week|month|quarter|year|decade)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex RelativeRx();

    [GeneratedRegex(@"\b" + Lead + Mod + @"
        (?:
            (?:(?<rel>next|this|coming)\s+)?" + MonthName + @"(?:\s+(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:" + Dash + @"|"
            + @"to)\s*(?<d2>\d{1,2})(?:st|nd|rd|th)?)?)?(?:,?\s+(?:of\s+)?(?<y>" + Year4 + @"))?
          | (?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:" + Dash + @"|to)\s*(?<d2>\d{1,2})(?:st|nd|rd|"
          + @"th)?)?\s+(?:of\s+)?" + MonthName + @"(?:,?\s+(?<y>" + Year4 + @"))?
        )\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex MonthRx();

    /// <summary>
    /// A month named as the time of a coming event ("at its June meeting", "in the September quarter"): a
    /// preposition, a determiner, the capitalised full month name, a lower-case noun, and no year ("the May 2027
    /// meeting" is read by the month rule).
    /// </summary>
    [GeneratedRegex(@"(?<![\w.])(?-i:(?:[Aa]t|[Ii]n|[Ff]or|[Dd]uring)\s+(?:its|their|his|her|our|the)\s+(?<mon>January|February|March|"
        + @"April|May|June|July|August|September|October|November|December)\s+(?<noun>[a-z]{3,20}))\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex AttributiveMonthRx();

    [GeneratedRegex(@"\b(?:(?<prep>by|before|until|till|through|on|in|no\s+later\s+than)\s+)?(?<y>" + Year4
        + @")-(?<m>0[1-9]|1[0-2])(?:-(?<d>0[1-9]|[12]\d|3[01]))?\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex IsoRx();

    [GeneratedRegex(
        @"\b" + Lead + Mod + @"(?:(?<rel>this|next)\s+)?(?<season>spring|summer|autumn|fall)(?:\s+(?:of\s+)?(?<y>" + Year4 + @"))?\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex SeasonRx();

    [GeneratedRegex(@"\b(?:
            (?:in|over|during|for|within)\s+the\s+(?:coming|next|following|upcoming)\s+(?:few\s+|several\s+|couple\s+of\s+|"
            + @"many\s+)?(?:days|weeks|months|quarters|years|decades)
          | (?:in|over)\s+the\s+(?:days|weeks|months|quarters|years|decades)\s+(?:ahead|to\s+come)
          | within\s+(?:(?:a\s+)?(?:few|several|couple\s+of)\s+)?(?:days|weeks|months|years)
          | in\s+(?:a\s+)?(?:few|several|couple\s+of)\s+(?:more\s+)?(?:days|weeks|months|years)(?:" + Apos + @"?\s+time)?
          | (?:in|for|over)\s+the\s+(?:near|foreseeable|not" + Dash + @"?\s*too" + Dash + @"?\s*distant|long|medium|short)\s+(?:future|"
          + @"term|run)
          | sooner\s+or\s+later|sooner\s+rather\s+than\s+later|before\s+long|soon|shortly|eventually|someday|some\s+day|one\s+day
          | down\s+the\s+(?:road|line)|in\s+(?:the\s+)?future|at\s+some\s+point|going\s+forward|in\s+due\s+course
        )\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex Vague();

    public static readonly IReadOnlyList<HorizonRule> All =
    [
        new(DurationRx(), BuildDuration, static t => HasAny(t, "day", "week", "month", "quarter", "year", "decade")),
        new(QuarterRx(), BuildQuarter, static t => HasAny(t, "quarter") || LetterNextToDigit(t, 'q'), UnplacedQuarter),
        new(HalfRx(), BuildHalf, static t => HasAny(t, "half") || LetterNextToDigit(t, 'h')),
        new(YearRx(), BuildYear, static t => HasDigits(t, 3) || LetterNextToDigit(t, 'y')),
        new(
            HolidayRx(),
            BuildHoliday,
            static t => HasAny(t, "christmas", "xmas", "easter", "thanksgiving", "halloween", "new year", "holiday"),
            UnplacedHoliday),
        new(YearEndRx(), BuildYearEnd, static t => HasAny(t, "end")),
        new(RelativeRx(), BuildRelative, static t => HasAny(t, "week", "month", "quarter", "year", "decade")),
        new(MonthRx(), BuildMonth, HasMonthWord, UnplacedMonth),
        new(AttributiveMonthRx(), BuildAttributiveMonth, HasMonthWord, UnplacedAttributiveMonth),
        new(IsoRx(), BuildIso, static t => HasDigits(t, 4)),
        new(SeasonRx(), BuildSeason, static t => HasAny(t, "spring", "summer", "autumn", "fall")),
    ];

    private static readonly HashSet<string> MonthWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MonthWordLookup =
        MonthWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The text holds a month name or abbreviation as a whole word, which every month pattern needs. The modal
    /// "may" counts only capitalised or before a digit: a lower-case "may" is a month to no rule without a day or year.
    /// (Substrings such as "mar" in "market" and "dec" in "decline" no longer send every sentence through the patterns.)
    /// </summary>
    private static bool HasMonthWord(string text)
    {
        var gates = Gates.Of(text);
        if (gates.MonthWord is not { } known)
        {
            known = ScanMonthWord(text);
            gates.MonthWord = known;
        }

        return known;
    }

    private static bool ScanMonthWord(string text)
    {
        var span = text.AsSpan();
        for (var i = 0; i < span.Length;)
        {
            if (!char.IsAsciiLetter(span[i]))
            {
                if (char.IsLetter(span[i]) && span[i] is '\u212A' or '\u017F' or '\u0130' or '\u0131')
                {
                    return true; // letters that case-fold onto ASCII ones: let the pattern decide
                }

                i++;
                continue;
            }

            var start = i;
            while (i < span.Length && char.IsAsciiLetter(span[i]))
            {
                i++;
            }

            var word = span[start..i];
            if (word.Length is >= 3 and <= 9 && MonthWordLookup.Contains(word))
            {
                if (!word.Equals("may", StringComparison.Ordinal))
                {
                    return true;
                }

                var j = i;
                while (j < span.Length && span[j] == ' ')
                {
                    j++;
                }

                if (j < span.Length && char.IsAsciiDigit(span[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The text contains one of <paramref name="words"/> (ordinal, ignoring case). The words of the gates above are
    /// looked up in <see cref="Gates"/> (one pass over the text for all of them, kept while the same text is read);
    /// any other word is searched for as before.
    /// </summary>
    internal static bool HasAny(string text, params ReadOnlySpan<string> words)
    {
        foreach (var w in words)
        {
            var bit = Array.IndexOf(GateWords, w);
            if (bit >= 0 ? (Gates.Of(text).Mask & (1 << bit)) != 0 : text.Contains(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The words the rules' gates look for. (Order is the bit order of <see cref="Gates.Mask"/>; at most 32.)</summary>
    internal static readonly string[] GateWords =
    [
        "day", "week", "month", "quarter", "year", "decade", "half", "christmas", "xmas", "easter", "thanksgiving", "halloween",
        "new year", "holiday", "end", "spring", "summer", "autumn", "fall",
    ];

    private static readonly SearchValues<string> GateWordValues = SearchValues.Create(GateWords, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What the gates found in one text: <see cref="HorizonParser.FindAll"/> tests a sentence against every rule, and
    /// <see cref="HorizonParser.FindUnplaced"/> the same sentence again; each key word used to be searched for once per
    /// rule (about 25 passes over the sentence). Now one pass finds every key word, and the result is kept for the last
    /// text read on this thread (the same string instance, so the same content). Same answers as
    /// <c>string.Contains(word, StringComparison.OrdinalIgnoreCase)</c>: <c>HorizonGateTests</c>.
    /// </summary>
    private sealed class Gates
    {
        [ThreadStatic]
        private static Gates? last;

        private Gates(string text, int mask)
        {
            Text = text;
            Mask = mask;
        }

        public string Text { get; }

        /// <summary>Bit i: <see cref="GateWords"/>[i] occurs in the text.</summary>
        public int Mask { get; }

        /// <summary><see cref="HasMonthWord"/>, once it has been asked.</summary>
        public bool? MonthWord { get; set; }

        public static Gates Of(string text)
        {
            if (last is { } g && ReferenceEquals(g.Text, text))
            {
                return g;
            }

            var mask = 0;
            var span = text.AsSpan();
            for (var i = 0; i < span.Length; i++)
            {
                var k = span[i..].IndexOfAny(GateWordValues);
                if (k < 0)
                {
                    break;
                }

                i += k;
                for (var w = 0; w < GateWords.Length; w++)
                {
                    if (span[i..].StartsWith(GateWords[w], StringComparison.OrdinalIgnoreCase))
                    {
                        mask |= 1 << w;
                    }
                }
            }

            last = new Gates(text, mask);
            return last;
        }
    }

    /// <summary>"Q2", "2Q", "H1", "1H": the letter right before or after a digit.</summary>
    private static bool LetterNextToDigit(string text, char letter)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.ToLowerInvariant(text[i]) == letter
                && ((i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])) || (i > 0 && char.IsAsciiDigit(text[i - 1]))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDigits(string text, int run)
    {
        var n = 0;
        foreach (var c in text)
        {
            n = char.IsAsciiDigit(c) ? n + 1 : 0;
            if (n >= run)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> PastBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "past", "last", "previous", "prior", "recent", "earlier", "since", "preceding", "first", "initial",
    };

    private static readonly HashSet<string> PastAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "ago", "earlier", "previously", "prior", "later", "old", "before",
    };

    private static readonly HashSet<string> ForwardPreps = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "before", "until", "till", "through", "thru", "no later than", "ahead of", "not until", "within",
    };

    /// <summary>A horizon phrase that names no calendar year ("next year", "within 12 months", "by September").</summary>
    public static bool IsRelative(Match m) =>
        !(m.Groups["y"].Success || m.Groups["yy"].Success || m.Groups["dy"].Success);

    /// <summary>"the past 12 months", "two years ago", "earlier this year": not horizons.</summary>
    public static bool RejectedByContext(string text, Match m)
    {
        var before = PreviousWord(text, m.Index);
        var after = NextWord(text, m.Index + m.Length);
        // "two years before" is past; "in the second half of 2026 before declining" is not.
        var afterPast = PastAfter.Contains(after) && (after.Equals("ago", StringComparison.OrdinalIgnoreCase) || !HasDigits(m.Value, 4));
        return PastBefore.Contains(before) || afterPast || (IsYearlessPeriod(m) && PastClauseBefore(text, m.Index));
    }

    private static bool IsYearlessPeriod(Match m) =>
        IsRelative(m) && G(m, "rel") is null && (m.Groups["mon"].Success || m.Groups["q"].Success || m.Groups["qw"].Success
            || m.Groups["season"].Success || m.Groups["hw"].Success);

    private static readonly HashSet<string> PastVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "was", "were", "had", "did", "fell", "rose", "grew", "saw", "came", "went", "began", "hit", "won", "lost", "sold", "made",
        "took", "shrank", "sank", "slid", "stood", "ran", "brought", "bought", "beat", "led", "set", "paid", "spent", "met", "held",
    };

    /// <summary>
    /// The clause before <paramref name="index"/> states a past fact: a past verb ("fell", "was") or a verb in -ed
    /// followed by a number ("declined 3%", "increased by 2%").
    /// </summary>
    private static bool PastClauseBefore(string text, int index)
    {
        var start = index;
        while (start > 0 && text[start - 1] is not (',' or ';' or ':' or '\u2014' or '(' or '.' or '!' or '?' or '\n'))
        {
            start--;
        }

        var words = text[start..index].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (PastVerbs.Contains(w))
            {
                return true;
            }

            if (w.Length > 4 && w.EndsWith("ed", StringComparison.OrdinalIgnoreCase) && i + 1 < words.Length)
            {
                var next = words[i + 1];
                var number = char.IsAsciiDigit(next[0]) || next[0] is '$' or '\u20AC' or '\u00A3'
                    || (next.Equals("by", StringComparison.OrdinalIgnoreCase) && i + 2 < words.Length
                        && char.IsAsciiDigit(words[i + 2][0]));
                if (number)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string PreviousWord(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && char.IsLetter(text[i]) && end - i < 20)
        {
            i--;
        }

        return text[(i + 1)..end];
    }

    private static string NextWord(string text, int index)
    {
        var i = index;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        var start = i;
        while (i < text.Length && char.IsLetter(text[i]) && i - start < 20)
        {
            i++;
        }

        return text[start..i];
    }

    private static string? G(Match m, string name)
    {
        var g = m.Groups[name];
        return g.Success ? g.Value : null;
    }

    private static string? Norm(string? s) =>
        s is null ? null : string.Join(' ', s.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static Horizon? BuildDuration(Match m, PartialDate published)
    {
        var prep = Norm(G(m, "prep"));
        var the = Norm(G(m, "the"));
        var nx = Norm(G(m, "nx"));
        var aText = G(m, "a");
        var bText = G(m, "b");
        var unit = Norm(G(m, "u"))!;
        var plural = unit.EndsWith('s');
        var suffix = G(m, "suf") is not null;
        var noun = G(m, "noun") is not null;
        var half = G(m, "h1") is not null || G(m, "h2") is not null;
        var orTwo = string.Equals(Norm(G(m, "or")), "two", StringComparison.Ordinal);

        decimal a;
        if (aText is not null)
        {
            if (!NumberWords.TryParse(aText, out a))
            {
                return null;
            }
        }
        else if (the is "a" or "an" || (the == "the" && nx is not null))
        {
            if (plural)
            {
                return null; // "the next months": vague
            }

            a = 1;
        }
        else
        {
            return null;
        }

        decimal? b = null;
        if (bText is not null)
        {
            if (!NumberWords.TryParse(bText, out var bv))
            {
                return null;
            }

            b = bv;
        }
        else if (orTwo)
        {
            b = 2 * a;
        }

        if (half)
        {
            if (b is not null)
            {
                b += 0.5m;
            }
            else
            {
                a += 0.5m;
            }
        }

        if (prep is "for" or "during" && nx is null)
        {
            return null; // "for five years" describes a past or ongoing span, not a deadline
        }

        if (nx is not null && the is null && prep is null && aText is null)
        {
            return null; // "next year" is a calendar period, handled elsewhere
        }

        if (prep is null && nx is null && b is null && !suffix && !noun)
        {
            return null; // a bare "12 months" is a length, not a horizon
        }

        if (a <= 0 || a > 100 || (b is not null && (b <= a || b > 100)))
        {
            return null;
        }

        var start = published.First;
        var endBase = published.Last;
        var end = Ceil(AddDuration(endBase, b ?? a, unit), published.Precision);
        DateOnly? earliest = b is null ? null : AddDuration(start, a, unit);
        if (end.Year > 2200)
        {
            return null;
        }

        return new Horizon("", earliest, end, published.Precision, end < published.First) { Kind = HorizonKind.Duration };
    }

    private static DateOnly AddDuration(DateOnly from, decimal n, string unit)
    {
        var u = unit.TrimEnd('s');
        if (u is "day" or "week")
        {
            var days = (int)Math.Round(n * (u == "day" ? 1 : 7), MidpointRounding.AwayFromZero);
            return from.AddDays(days);
        }

        var months = n * u switch
        {
            "month" => 1,
            "quarter" => 3,
            "year" => 12,
            _ => 120,
        };
        var whole = (int)Math.Floor(months);
        var extraDays = (int)Math.Round((months - whole) * 30, MidpointRounding.AwayFromZero);
        return from.AddMonths(whole).AddDays(extraDays);
    }

    /// <summary>The last day of the period of the given precision that contains <paramref name="d"/>.</summary>
    internal static DateOnly Ceil(DateOnly d, DatePrecision precision) => precision switch
    {
        DatePrecision.Year => new DateOnly(d.Year, 12, 31),
        DatePrecision.Quarter => new DateOnly(d.Year, ((d.Month - 1) / 3 * 3) + 1, 1).AddMonths(3).AddDays(-1),
        DatePrecision.Month => new DateOnly(d.Year, d.Month, 1).AddMonths(1).AddDays(-1),
        _ => d,
    };

    private static DatePrecision Coarsest(DatePrecision a, DatePrecision b) => a < b ? a : b;

    /// <summary>A calendar period: first day, length in months (0 for a single day), precision of its end.</summary>
    private readonly record struct Period(DateOnly First, int Months, DatePrecision Precision)
    {
        public DateOnly Last => Months == 0 ? First : First.AddMonths(Months).AddDays(-1);
    }

    private static (DateOnly End, DatePrecision Precision) ApplyEdge(Period p, string? edge, string? mod)
    {
        var which = Norm(mod) ?? Norm(edge);
        if (p.Months <= 1 || which is null or "end" or "close" or "late" or "later" or "turn")
        {
            return (p.Last, p.Precision);
        }

        var k = which switch
        {
            "mid" or "middle" => p.Months / 2,
            "early" => (p.Months + 2) / 3,
            _ => p.Months >= 120 ? 12 : 1, // start / beginning
        };
        var precision = p.Months >= 120 ? DatePrecision.Year : DatePrecision.Month;
        var end = p.First.AddMonths(k).AddDays(-1);
        return (Ceil(end, precision), precision);
    }

    private static Horizon? Finish(Period p, Match m, PartialDate published, HorizonKind kind, DateOnly? earliest = null, Period? to = null)
    {
        var (end, precision) = ApplyEdge(to ?? p, G(m, "edge"), G(m, "mod2") ?? G(m, "mod"));
        if (Norm(G(m, "prep")) == "before" && G(m, "edge") is null && G(m, "mod") is null && to is null && p.Months == 12
            && G(m, "ye") is null && G(m, "y") is not null && G(m, "mon") is null && G(m, "q") is null)
        {
            end = p.First.AddDays(-1); // "before 2028" is done by 31 December 2027
        }

        return new Horizon("", earliest, end, precision, end < published.First) { Kind = kind };
    }

    /// <summary>
    /// "in January", "during the fourth quarter", "for the second half", "in the spring": a yearless period named with
    /// a plain preposition, which takes the publication year's rule (the next one not yet over). A past verb in the
    /// clause before it ("fell 4% in the fourth quarter") makes it a past period instead (<see cref="RejectedByContext"/>).
    /// </summary>
    private static bool HasYearlessLead(Match m) => Norm(G(m, "prep")) is "in" or "during" or "for" && G(m, "edge") is null;

    private static bool HasForwardLead(Match m)
    {
        var prep = Norm(G(m, "prep"));
        var edge = Norm(G(m, "edge"));
        return (prep is not null && ForwardPreps.Contains(prep)) || edge is "end" or "close";
    }

    /// <summary>For a yearless period ("by Q3", "by March"): the first occurrence that has not ended before publication.</summary>
    private static Period NextOccurrence(Func<int, Period> make, PartialDate published)
    {
        var p = make(published.Year);
        return p.Last < published.First ? make(published.Year + 1) : p;
    }

    /// <summary>
    /// For a yearless month or quarter: the next occurrence on or after publication, if every day the publication
    /// date may stand for gives the same one. "By September" in an article dated 2026-05 is September 2026; dated
    /// only 2026, it may have been written in October, so it is null and <paramref name="reason"/> says why.
    /// </summary>
    private static Period? PlaceYearless(Func<int, Period> make, PartialDate published, string words, out string? reason)
    {
        static Period From(Func<int, Period> make, DateOnly day)
        {
            var p = make(day.Year);
            return p.Last < day ? make(day.Year + 1) : p;
        }

        var early = From(make, published.First);
        var late = From(make, published.Last);
        if (early == late)
        {
            reason = null;
            return early;
        }

        reason = string.Create(CultureInfo.InvariantCulture,
            $"'{words}' names no year and the article is dated only to {published}: it could end on {early.Last:yyyy-MM-dd} or "
                + $"{late.Last:yyyy-MM-dd}, so the claim is left undated.");
        return null;
    }

    private static int? YearOf(Match m, PartialDate published)
    {
        if (G(m, "y") is { } y)
        {
            return int.Parse(y, CultureInfo.InvariantCulture);
        }

        if (G(m, "yy") is { } yy)
        {
            return 2000 + int.Parse(yy, CultureInfo.InvariantCulture);
        }

        return Norm(G(m, "rel")) switch
        {
            "this" => published.Year,
            "next" => published.Year + 1,
            _ => G(m, "ry") is not null ? published.Year : null,
        };
    }

    private static Horizon? BuildQuarter(Match m, PartialDate published) => Quarter(m, published, out _);

    private static string? UnplacedQuarter(Match m, PartialDate published) => Quarter(m, published, out var reason) is null ? reason : null;

    private static Horizon? Quarter(Match m, PartialDate published, out string? unplaced)
    {
        unplaced = null;
        int q;
        if (G(m, "q") is { } qs)
        {
            q = qs[0] - '0';
        }
        else
        {
            q = Norm(G(m, "qw")) switch
            {
                "first" or "1st" => 1,
                "second" or "2nd" => 2,
                "third" or "3rd" => 3,
                _ => 4,
            };
        }

        static Period Make(int year, int q) => new(new DateOnly(year, ((q - 1) * 3) + 1, 1), 3, DatePrecision.Quarter);
        var year = YearOf(m, published);
        if (year is null)
        {
            if (!HasForwardLead(m) && !HasYearlessLead(m))
            {
                return null;
            }

            var placed = PlaceYearless(y => Make(y, q), published, m.Value, out unplaced);
            return placed is null ? null : Finish(placed.Value, m, published, HorizonKind.Period);
        }

        return Finish(Make(year.Value, q), m, published, HorizonKind.Period);
    }

    private static Horizon? BuildHalf(Match m, PartialDate published)
    {
        var h = G(m, "h") is { } hs ? hs[0] - '0' : Norm(G(m, "hw")) is "first" or "1st" or "front" ? 1 : 2;
        Period Make(int y) => new(new DateOnly(y, h == 1 ? 1 : 7, 1), 6, DatePrecision.Quarter);
        var year = YearOf(m, published);
        if (year is null)
        {
            // "in the second half": the publication year's, like a yearless quarter.
            return HasForwardLead(m) || HasYearlessLead(m) ? PlaceYearless(Make, published, m.Value, out _) is { } placed
                ? Finish(placed, m, published, HorizonKind.Period) : null : null;
        }

        return Finish(Make(year.Value), m, published, HorizonKind.Period);
    }

    private static Horizon? BuildYear(Match m, PartialDate published)
    {
        var hasLead = G(m, "prep") is not null || G(m, "edge") is not null || G(m, "mod") is not null;
        if (!hasLead)
        {
            return null; // a bare "2027" is a number, not a horizon
        }

        if (G(m, "dy") is { } dys)
        {
            var dy = int.Parse(dys, CultureInfo.InvariantCulture);
            return Finish(new Period(new DateOnly(dy, 1, 1), 120, DatePrecision.Year), m, published, HorizonKind.Period);
        }

        int y;
        if (G(m, "y") is { } ys)
        {
            y = int.Parse(ys, CultureInfo.InvariantCulture);
        }
        else if (G(m, "yy") is { } yy)
        {
            y = 2000 + int.Parse(yy, CultureInfo.InvariantCulture); // FY27
        }
        else
        {
            return null;
        }

        var first = new Period(new DateOnly(y, 1, 1), 12, DatePrecision.Year);
        if (G(m, "y2") is { } y2s)
        {
            var y2 = int.Parse(y2s, CultureInfo.InvariantCulture);
            if (y2 < 100)
            {
                y2 += y / 100 * 100;
            }

            if (y2 <= y || y2 - y > 20)
            {
                return null;
            }

            var last = new Period(new DateOnly(y2, 1, 1), 12, DatePrecision.Year);
            return Finish(first, m, published, HorizonKind.Period, first.First, last);
        }

        return Finish(first, m, published, HorizonKind.Period);
    }

    private static Horizon? BuildHoliday(Match m, PartialDate published) => Holiday(m, published, out _);

    private static string? UnplacedHoliday(Match m, PartialDate published) => Holiday(m, published, out var reason) is null ? reason : null;

    /// <summary>The day a holiday falls on in a year (Easter by the Gregorian computus; Thanksgiving as in the US).</summary>
    private static Period HolidayIn(string name, int year)
    {
        var n = name.ToLowerInvariant();
        var day = n switch
        {
            _ when n.StartsWith("christmas eve", StringComparison.Ordinal) => new DateOnly(year, 12, 24),
            _ when n.StartsWith("christmas", StringComparison.Ordinal) || n == "xmas" => new DateOnly(year, 12, 25),
            _ when n.StartsWith("easter", StringComparison.Ordinal) => Easter(year),
            _ when n.StartsWith("thanksgiving", StringComparison.Ordinal) => FourthThursdayOfNovember(year),
            "halloween" => new DateOnly(year, 10, 31),
            _ when n.StartsWith("holiday", StringComparison.Ordinal) => new DateOnly(year, 12, 31),
            _ when n.EndsWith("eve", StringComparison.Ordinal) => new DateOnly(year, 12, 31),
            _ => new DateOnly(year, 1, 1), // New Year, New Year's Day
        };
        return new Period(day, 0, DatePrecision.Day);
    }

    private static Horizon? Holiday(Match m, PartialDate published, out string? unplaced)
    {
        unplaced = null;
        var name = string.Join(' ', G(m, "hol")!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Period? p = G(m, "y") is { } ys
            ? HolidayIn(name, int.Parse(ys, CultureInfo.InvariantCulture))
            : PlaceYearless(y => HolidayIn(name, y), published, m.Value.Trim(), out unplaced);
        return p is { } period ? Finish(period, m, published, HorizonKind.Date) : null;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    private static DateOnly Easter(int y)
    {
        int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        int mm = (a + (11 * h) + (22 * l)) / 451, month = (h + l - (7 * mm) + 114) / 31, day = ((h + l - (7 * mm) + 114) % 31) + 1;
        return new DateOnly(y, month, day);
    }

    private static DateOnly FourthThursdayOfNovember(int y)
    {
        var first = new DateOnly(y, 11, 1);
        var toThursday = ((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toThursday + 21);
    }

    private static Horizon? BuildYearEnd(Match m, PartialDate published)
    {
        var ye = Norm(G(m, "ye"))!;
        if (ye.StartsWith("decade", StringComparison.Ordinal))
        {
            var dy = published.Year / 10 * 10;
            return Finish(new Period(new DateOnly(dy, 1, 1), 120, DatePrecision.Year), m, published, HorizonKind.Period);
        }

        if (G(m, "y") is { } ys)
        {
            var y = int.Parse(ys, CultureInfo.InvariantCulture);
            return Finish(new Period(new DateOnly(y, 1, 1), 12, DatePrecision.Year), m, published, HorizonKind.Period);
        }

        if (G(m, "prep") is null)
        {
            return null;
        }

        return Finish(new Period(new DateOnly(published.Year, 1, 1), 12, DatePrecision.Year), m, published, HorizonKind.Period);
    }

    private static Horizon? BuildRelative(Match m, PartialDate published)
    {
        var rel = Norm(G(m, "rel"));
        var cu = Norm(G(m, "cu"))!;
        var edge = G(m, "edge");
        if (rel is null && edge is null && G(m, "mod") is null)
        {
            return null; // "in year three"
        }

        if (rel is null && edge is null)
        {
            return null; // "mid year" alone is too loose
        }

        if (rel is "next" or "coming" && PrecededByThe(m, "rel"))
        {
            return null; // "the next year": a duration, handled by the duration rule
        }

        var basis = published.Last;
        if (rel is "next" or "coming")
        {
            basis = cu switch
            {
                "week" => basis.AddDays(7),
                "month" => basis.AddMonths(1),
                "quarter" => basis.AddMonths(3),
                "year" => basis.AddYears(1),
                _ => basis.AddYears(10),
            };
        }

        Period p = cu switch
        {
            "week" => new Period(basis.AddDays(-(((int)basis.DayOfWeek + 6) % 7)), 0, DatePrecision.Day),
            "month" => new Period(new DateOnly(basis.Year, basis.Month, 1), 1, DatePrecision.Month),
            "quarter" => new Period(new DateOnly(basis.Year, ((basis.Month - 1) / 3 * 3) + 1, 1), 3, DatePrecision.Quarter),
            "year" => new Period(new DateOnly(basis.Year, 1, 1), 12, DatePrecision.Year),
            _ => new Period(new DateOnly(basis.Year / 10 * 10, 1, 1), 120, DatePrecision.Year),
        };
        if (cu == "week")
        {
            p = p with { First = p.First.AddDays(6) }; // a week resolves on its Sunday
        }

        var (end, precision) = ApplyEdge(p, edge, G(m, "mod2") ?? G(m, "mod"));
        var coarse = Coarsest(precision, published.Precision);
        end = Ceil(end, coarse);
        return new Horizon("", null, end, coarse, end < published.First) { Kind = HorizonKind.Period };
    }

    private static bool PrecededByThe(Match m, string group)
    {
        var g = m.Groups[group];
        var before = m.Value[..(g.Index - m.Index)].TrimEnd();
        return before.EndsWith("the", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>1-12 for an English month name or its three-letter abbreviation.</summary>
    internal static int MonthNumber(string name) => name.ToLowerInvariant()[..3] switch
    {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        _ => 12,
    };

    private static Horizon? BuildMonth(Match m, PartialDate published) => Month(m, published, out _);

    private static string? UnplacedMonth(Match m, PartialDate published) => Month(m, published, out var reason) is null ? reason : null;

    private static Horizon? Month(Match m, PartialDate published, out string? unplaced)
    {
        unplaced = null;
        var monText = G(m, "mon")!;
        var month = MonthNumber(monText);
        var year = G(m, "y") is { } ys ? int.Parse(ys, CultureInfo.InvariantCulture) : (int?)null;
        int? d = G(m, "d") is { } ds ? int.Parse(ds, CultureInfo.InvariantCulture) : null;
        int? d2 = G(m, "d2") is { } d2s ? int.Parse(d2s, CultureInfo.InvariantCulture) : null;

        // "May" and "March" are also ordinary words; without a year they need a deadline word in front, "in"/"during"
        // before the capitalised name ("in January"), or "next" ("next April").
        if (year is null && !HasForwardLead(m) && G(m, "rel") is null && !(HasYearlessLead(m) && char.IsUpper(monText[0])))
        {
            return null;
        }

        if (year is null && d is null && monText.Length == 3 && !char.IsUpper(monText[0]))
        {
            return null;
        }

        Period Make(int y)
        {
            var first = new DateOnly(y, month, 1);
            if (d is null)
            {
                return new Period(first, 1, DatePrecision.Month);
            }

            var dim = DateTime.DaysInMonth(y, month);
            var day = Math.Min(d2 ?? d.Value, dim);
            return new Period(new DateOnly(y, month, day), 0, DatePrecision.Day);
        }

        if (d is < 1 or > 31 || d2 is < 1 or > 31 || (d2 is not null && d2 <= d))
        {
            return null;
        }

        Period p;
        if (year is null)
        {
            if (PlaceYearless(Make, published, m.Value, out unplaced) is not { } placed)
            {
                return null;
            }

            p = placed;
        }
        else
        {
            p = Make(year.Value);
        }

        DateOnly? earliest = d2 is not null
            ? new DateOnly(p.First.Year, month, Math.Min(d!.Value, DateTime.DaysInMonth(p.First.Year, month))) : null;
        return Finish(p, m, published, d is null ? HorizonKind.Period : HorizonKind.Date, earliest);
    }

    private static Horizon? BuildAttributiveMonth(Match m, PartialDate published) => AttributiveMonth(m, published, out _);

    private static string? UnplacedAttributiveMonth(Match m, PartialDate published) =>
        AttributiveMonth(m, published, out var reason) is null ? reason : null;

    private static Horizon? AttributiveMonth(Match m, PartialDate published, out string? unplaced)
    {
        var month = MonthNumber(G(m, "mon")!);
        var p = PlaceYearless(y => new Period(new DateOnly(y, month, 1), 1, DatePrecision.Month), published, m.Value, out unplaced);
        return p is null ? null : new Horizon("", null, p.Value.Last, DatePrecision.Month, false) { Kind = HorizonKind.Period };
    }

    private static Horizon? BuildIso(Match m, PartialDate published)
    {
        var y = int.Parse(G(m, "y")!, CultureInfo.InvariantCulture);
        var mo = int.Parse(G(m, "m")!, CultureInfo.InvariantCulture);
        if (G(m, "d") is { } ds)
        {
            var d = int.Parse(ds, CultureInfo.InvariantCulture);
            if (d > DateTime.DaysInMonth(y, mo))
            {
                return null;
            }

            return Finish(new Period(new DateOnly(y, mo, d), 0, DatePrecision.Day), m, published, HorizonKind.Date);
        }

        return Finish(new Period(new DateOnly(y, mo, 1), 1, DatePrecision.Month), m, published, HorizonKind.Period);
    }

    private static Horizon? BuildSeason(Match m, PartialDate published)
    {
        // Northern-hemisphere meteorological seasons; winter straddles two years and is left out on purpose.
        var startMonth = Norm(G(m, "season")) switch
        {
            "spring" => 3,
            "summer" => 6,
            _ => 9,
        };
        Period Make(int y) => new(new DateOnly(y, startMonth, 1), 3, DatePrecision.Month);
        var rel = Norm(G(m, "rel"));
        if (G(m, "y") is { } ys)
        {
            return Finish(Make(int.Parse(ys, CultureInfo.InvariantCulture)), m, published, HorizonKind.Period);
        }

        if (rel == "next")
        {
            var p = NextOccurrence(Make, published);
            p = p.First <= published.Last ? Make(p.First.Year + 1) : p;
            return Finish(p, m, published, HorizonKind.Period);
        }

        if (rel == "this" || HasForwardLead(m) || HasYearlessLead(m))
        {
            return Finish(NextOccurrence(Make, published), m, published, HorizonKind.Period);
        }

        return null;
    }
}
