using System.Buffers;
using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Sentences that look like forecasts and are not (issue #15, item 7), by class, each pattern kept narrow: a sentence
/// that also states a new level ("to 3%") or a forecasting verb after the trap stays a candidate, because recall comes
/// first. The lexicons and their reasons are in docs/forecast-language.md ("Traps").
/// </summary>
public static partial class PredictionExtractor
{
    /// <summary>
    /// The calendar of an institution or a newsroom: when it will publish, revise, deliver or meet, or look back at
    /// its calls. The act of publishing is certain and scheduled; what the publication will say is the forecast, and
    /// a sentence that says it ("will show inflation above 3%", "will raise its outlook to 15bn") is not matched.
    /// Verbs: the ones that make a document public or new (publish, release, update, revise, deliver, table, issue,
    /// present, unveil, rerun, refresh). Nouns: documents and their parts (forecast, outlook, statement, balances...).
    /// </summary>
    [GeneratedRegex(
        @"\b(?:will|to|shall)\s+(?:next\s+|again\s+|also\s+)?(?:update|revise|publish|release|deliver|present|table|issue|unveil|rerun|"
        + @"refresh)\s+(?:its|their|the|our|his|her|a|an|these|those)\s+(?:[\w'\u2019-]+\s+){0,4}?(?:forecasts?|projections?|outlooks?|"
        + @"estimates?|balances?|numbers|statements?|budget|reviews?|reports?|updates?|predictions|calls|models?|figures|results|"
        + @"assessments?|bulletins?|minutes|rankings|ratings)\b(?=\s*(?:$|[.;]|\s(?:on|in|every|each|then|next|later|until|during|"
        + @"through|from|at\s+(?:its|the|their)|after|before|after)\b))"
        + @"|\b(?:budget|reports?|results|forecasts?|outlook|statements?|figures|data|estimates|projections|census|reviews?|updates?|"
            + @"minutes|decision|model|survey|poll|numbers|statistics|accounts|bulletin|rankings)\s+(?:[\w'\u2019-]+\s+){0,3}?will\s+"
            + @"(?:be\s+|then\s+be\s+)?(?:published|released|delivered|tabled|presented|unveiled|issued|updated|refreshed|rerun|revised|"
            + @"announced)\s+(?:in\s+(?:stages|full|parts|instal?ments|tranches)\s+)?(?:on|in|during|through(?:out)?|over|across|every|"
            + @"each|daily|weekly|monthly|nightly|until|from|at|by|next|later|this|after|before)\b"
        + @"|\b(?:announcements?|meetings?|debates?|decisions?|releases?|publications?|votes?|hearings?|statements?|reports?|updates?|"
            + @"briefings?|conferences?|auctions?|reviews?|budget|minutes|sessions?|sittings?|address|speech|testimony|rounds?)\s+"
            + @"(?:is|are)\s+(?:now\s+)?(?:scheduled|slated|timetabled|set|due)\s+(?:for|on)\s+(?!(?:a|an)\s)"
        + @"|\b(?:meets|convenes|gathers|will\s+(?:next\s+)?meet|is\s+(?:next\s+)?meeting|next\s+meets)\s+(?:again\s+)?"
            + @"(?:in\s+\w+\s+)?(?:on|next|this|in\s+(?:early\s+|mid-?|late\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
        + @"|\bwill\s+(?:look\s+back\s+(?:at|on)|revisit|check\s+(?:back\s+)?(?:on|in\s+on)|grade|score|mark|return\s+to|"
            + @"take\s+stock\s+of)\s+(?:these|those|our|the|this|my|his|her|their|all)\s+(?:[\w-]+\s+){0,2}?(?:predictions|forecasts|"
            + @"calls|picks|projections|bets|guesses|prognostications|tips)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex CalendarEvent();

    /// <summary>
    /// Words of which every <see cref="CalendarEvent"/> match holds one (its pre-scan), each where a word starts
    /// (<see cref="WordStart"/>); the look-back branch's words count only beside "will", which that branch needs.
    /// </summary>
    internal static bool MayBeCalendarEvent(string s) =>
        WordStart.ContainsAny(s, CalendarEventWords) || s.AsSpan().ContainsAny(CaseFoldingLetters)
        || (s.Contains("will", StringComparison.OrdinalIgnoreCase) && WordStart.ContainsAny(s, CalendarLookBackWords));

    private static readonly SearchValues<string> CalendarEventWords = SearchValues.Create(
        [
            "update", "revise", "publish", "release", "deliver", "present", "table", "issue", "unveil", "rerun", "refresh",
            "announce", "scheduled", "slated", "timetabled", "set", "due", "meet", "convene", "gather",
        ],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> CalendarLookBackWords = SearchValues.Create(
        ["look", "revisit", "check", "grade", "score", "mark", "return", "stock"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A revision stated as a difference and not as a level: "up 0.5 percentage points from the previous forecast",
    /// "we raise our copper price forecasts by 5-9%", "our previous forecast (September) was $11,500/t". The
    /// difference and the old level are not what the forecaster now expects.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:up|down|higher|lower)\s+(?:by\s+)?(?:about\s+|around\s+|some\s+)?[\d.,]+\s*(?:percentage\s+points?|pp|points?|%|"
        + @"per\s*cent|percent|bps?|basis\s+points)\s+(?:from|on|than|versus|vs\.?|compared\s+(?:with|to))\s+(?:the|our|its|their|"
        + @"a|an)\s+(?:[\w-]+\s+){0,2}?(?:previous|prior|earlier|last|preceding|old|original)\b(?:\s+(?:[\w-]+\s+)?(?:forecasts?|"
            + @"projections?|outlooks?|estimates?|reports?|updates?|rounds?|editions?|guidance)\b)?"
        + @"|\b(?:raise|lift|cut|lower|trim|upgrade|downgrade|revise|increase|reduce|nudge|mark)(?:s|d|ed)?\s+(?:(?:up|down)\s+)?"
            + @"(?:our|its|their|the|his|her)\s+(?:[\w-]+\s+){0,4}?(?:forecasts?|projections?|estimates?|outlooks?|targets?|"
            + @"assumptions?|expectations?)\s+(?:[\w-]+\s+){0,3}?by\s+(?:about\s+|around\s+|roughly\s+|some\s+)?"
            + @"(?!(?:19|20)\d\d\b)\d[\d.,]*\s*(?:[-\u2013]\s*\d[\d.,]*\s*)?(?:%|per\s*cent|percent|pp|percentage|points?|bps?|basis)"
        + @"|\b(?:our|its|their|the|his|her|my)\s+(?:previous|prior|earlier|last|old|original)\s+(?:[\w-]+\s+){0,2}?(?:forecasts?|"
            + @"projections?|estimates?|outlooks?|targets?|guidance|calls?)\s*(?:\([^)]{1,30}\)\s*)?(?:was|were|had\s+been|stood\s+at|"
            + @"called\s+for|had)\b"
        + @"|\b(?:forecasts?|outlooks?|projections?|estimates?|guidance)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+)?"
            + @"(?:up|down|higher|lower|unchanged)\s+(?=after|from|on|since|because|following|as|,)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex DifferenceOrOldLevel();

    /// <summary>
    /// Words of which every <see cref="DifferenceOrOldLevel"/> match holds one (its pre-scan): the old level's
    /// adjectives, a revision's " by ", and the nouns of the "the forecast is now higher after" branch.
    /// </summary>
    internal static bool MayBeDifferenceOrOldLevel(string s) =>
        s.AsSpan().ContainsAny(DifferenceWords) || WordStart.ContainsAny(s, ByWord) || s.AsSpan().ContainsAny(CaseFoldingLetters);

    private static readonly SearchValues<string> DifferenceWords = SearchValues.Create(
        ["previous", "prior", "earlier", "last", "preceding", "old", "original", "forecast", "outlook", "projection", "estimate",
            "guidance"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> ByWord = SearchValues.Create(["by"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A stand-alone line or fragment that carries no forecast of its own: "Price forecasts as of 27 November 2026"
    /// (the date the table was made), "up from an estimated 38%" (the base a forecast is compared with), and "rise
    /// less than half that" (a share of an earlier value, with no value of its own).
    /// </summary>
    [GeneratedRegex(
        @"^(?!.*\b(?:will|expect|likely|to\s+(?:rise|fall|grow|reach)))[^.;:]{0,60}\b(?:as\s+(?:of|at)|updated(?:\s+on)?|"
        + @"correct\s+as\s+(?:of|at))\s+(?:\d{1,2}\s+[a-z]+\.?|[a-z]+\.?\s+\d{1,2},?)\s+(?:19|20)\d\d\s*\.?$"
        + @"|^\W*(?:[\w'\u2019-]+\s+(?:said|says|estimates?|estimated)\s*,\s*)?(?:up|down)\s+from\s+(?:an?\s+)?"
            + @"(?:estimated\s+|projected\s+|expected\s+|forecast\s+|provisional\s+|preliminary\s+)?(?:about\s+|around\s+)?"
            + @"[$\u20AC\u00A3]?[\d.,]+\s*[^\s.;]{0,12}[^.;]{0,30}\.?$"
        + @"|\b(?:less|more|fewer)\s+than\s+(?:half|a\s+third|a\s+quarter|twice|double|three\s+times)\s+(?:of\s+)?(?:that|this|those|"
            + @"it)\b|\b(?:half|twice|double|triple)\s+(?:that|this)\s*\.?$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex ValuelessFragment();

    /// <summary>
    /// The pre-scan of <see cref="ValuelessFragment"/>: its "as of" branch needs a year ("19"/"20") and "as" or
    /// "updated", its "up from" branch "from", its ratio branch "than" or one of half, twice, double, triple.
    /// </summary>
    internal static bool MayBeValuelessFragment(string s) =>
        s.AsSpan().ContainsAny(FragmentWords) || s.AsSpan().ContainsAny(CaseFoldingLetters)
        || (s.AsSpan().ContainsAny(YearDigits)
            && (s.Contains("as", StringComparison.OrdinalIgnoreCase) || s.Contains("updated", StringComparison.OrdinalIgnoreCase)));

    private static readonly SearchValues<string> FragmentWords =
        SearchValues.Create(["from", "than", "half", "twice", "double", "triple"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An imperative betting advert: "Bet on the election at NorthBet", "Place your bets on the final with BetPlanet".
    /// A bookmaker's odds ("bookmakers make X favourites") are a forecast and do not match.
    /// </summary>
    [GeneratedRegex(@"^\W*(?:[Bb]et|[Ww]ager|[Pp]lace\s+(?:your\s+|a\s+)?(?:bets?|wagers?))\s+on\s+[^.;]{3,80}?\s+(?:at|with|on)\s+"
        + @"[A-Z][\w.-]{2,30}(?:\s+[A-Z][\w.-]{1,20})?\s*[.!]?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex BettingAdvert();

    /// <summary>
    /// "The last poll, conducted Sept. 12 to 15, put the PQ at 34%": a reading that is over (last, previous, prior),
    /// reported in the past.
    /// </summary>
    [GeneratedRegex(@"\b(?:the|its|their|our)\s+(?:last|previous|prior)\s+(?:[\w-]+\s+){0,2}?(?:poll|survey|census|count|tally|"
        + @"reading|sounding|estimate)s?\b[^.;]{0,80}?\b(?:put|showed|gave|had|found|placed|conducted|was|were)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastReading();

    private static readonly SearchValues<string> PastReadingWords =
        SearchValues.Create(["last", "previous", "prior"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the sentence is a trap of <see cref="CalendarEvent"/>, <see cref="DifferenceOrOldLevel"/>,
    /// <see cref="ValuelessFragment"/>, <see cref="BettingAdvert"/> or <see cref="PastReading"/>, and states no new
    /// level or forecast beside it.
    /// </summary>
    private static bool IsTrapLine(string s)
    {
        if (MayBeCalendarEvent(s))
        {
            var m = CalendarEvent().Match(s);
            if (m.Success && !Bounded(() => LevelNotClock().IsMatch(s) || OutcomeVerb().IsMatch(s)))
            {
                return true;
            }
        }

        if (MayBeDifferenceOrOldLevel(s) && DifferenceOrOldLevel().Match(s) is { Success: true } d)
        {
            var before = s[..d.Index];
            var rest = s[(d.Index + d.Length)..];
            var cut = rest.IndexOfAny([',', ';']);
            var clause = cut < 0 ? rest : rest[..cut];
            foreach (var word in (string[])[" after ", " because ", " following ", " since ", " as "])
            {
                var at = (" " + clause).IndexOf(word, StringComparison.OrdinalIgnoreCase);
                clause = at < 0 ? clause : clause[..Math.Max(0, at - 1)];
            }

            if (!Bounded(() => NewLevel().IsMatch(before) || NewLevel().IsMatch(clause))
                && (FirstCue(before, out _) is null || Bounded(() => ForecastAsSubject().IsMatch(before)))
                && FirstCue(rest, out _) is null
                && !rest.Contains(" now ", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (s.Length < 160 && MayBeValuelessFragment(s) && ValuelessFragment().IsMatch(s)
            && (!s.AsSpan().ContainsAny(Digits) || !Bounded(() => ThanHalfThat().IsMatch(s))))
        {
            return true;
        }

        if (s.Length < 120 && BettingAdvert().IsMatch(s))
        {
            return true;
        }

        return (s.AsSpan().ContainsAny(PastReadingWords) || s.AsSpan().ContainsAny(CaseFoldingLetters))
            && PastReading().IsMatch(s) && !Bounded(() => OutcomeVerb().IsMatch(s));
    }

    /// <summary>
    /// A part of a sentence split into several proposals that is a trap on its own: "MDC said, up from an estimated 38%
    /// this year", "Our previous forecast (September) was $11,500/t for 4Q27" before "; we now see $12,500/t".
    /// </summary>
    private static bool IsTrapPart(string part)
    {
        var p = part.Trim();
        if (p.Length < 160 && Bounded(() => ValuelessFragment().IsMatch(p)))
        {
            return true;
        }

        if (DifferenceOrOldLevel().Match(p) is not { Success: true } d)
        {
            return false;
        }

        var rest = p[(d.Index + d.Length)..];
        return FirstCue(rest, out _) is null && !Bounded(() => NewLevel().IsMatch(rest))
            && (FirstCue(p[..d.Index], out _) is null || Bounded(() => ForecastAsSubject().IsMatch(p[..d.Index])));
    }

    /// <summary>"The forecast is ", "Our projections are now ": the forecast is the subject, not a cue before the trap.</summary>
    [GeneratedRegex(@"^\W*(?:the|our|its|their|this|that)\s+(?:[\w-]+\s+){0,3}?(?:forecasts?|projections?|outlooks?|estimates?)\s+"
        + @"(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+)?$", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ForecastAsSubject();

    /// <summary>A new level ("to 3%", "at $80"), not a clock time ("at 8 p.m.", "at 9:30") nor a day range ("27 to 29").</summary>
    [GeneratedRegex(@"(?<!\d\.?\s{0,2})\b(?:to|at)\s+(?:about\s+|around\s+)?[$\u20AC\u00A3]?\d[\d.,]*"
        + @"(?![\d.,]|\s*(?:[ap]\.?m\b|o['\u2019]clock|:\d|h\d))",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex LevelNotClock();

    /// <summary>
    /// "We predicted that COE prices would fall below $80,000": the writer's own call, made in the past ("predicted
    /// ... would"); with no date still ahead it is a call being looked back on, not a forecast.
    /// </summary>
    [GeneratedRegex(@"\b(?:we|i)\s+(?:had\s+)?(?:predicted|forecast|projected|expected|thought|called\s+for|bet)\s+(?:that\s+)?"
        + @"[^.;]{0,100}?\bwould\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex OwnPastCall();

    /// <summary>The ratio-of-that form of <see cref="ValuelessFragment"/>: it is a trap only when no digit is in the sentence.</summary>
    [GeneratedRegex(@"\b(?:less|more|fewer)\s+than\s+(?:half|a\s+third|a\s+quarter|twice|double|three\s+times)\s+(?:of\s+)?"
        + @"(?:that|this|those|it)\b|\b(?:half|twice|double|triple)\s+(?:that|this)\s*\.?$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ThanHalfThat();

    /// <summary>
    /// What the event or publication is expected to bring, said in the same sentence: "will show", "to cut rates",
    /// "is expected to", "likely", "will (cut|raise|hold) rates": then the sentence is a forecast, not a calendar.
    /// </summary>
    [GeneratedRegex(@"\b(?:will|would|could|may|might|to)\s+(?:likely\s+|probably\s+|again\s+)?(?:show|cut|raise|hike|lower|hold|"
        + @"keep|leave|confirm\s+(?:a|an|the)\s+\w+\s+(?:of|to)|reveal\s+(?:a|an)|point\s+to|signal)\b"
        + @"|\b(?:expect(?:s|ed)?|likely|predicts?|forecasts?\s+(?:that|a|an)|projects?\s+(?:that|a|an)|poised|tipped)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex OutcomeVerb();
}
