using System.Text.RegularExpressions;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Sentence roles that are not forecasts although they carry a date ahead, a number or a forecasting word (issue #15,
/// genre and line roles): a forecaster's look back at its own calls, a definition or a target, a fact of the calendar,
/// the act of publishing, and a change stated as a difference. Each is a class of sentence, not a phrase list; the
/// classes and their reasons are in docs/forecast-language.md ("Sentence roles").
/// </summary>
public static partial class PredictionExtractor
{
    /// <summary>
    /// A forecast looked back on: a past forecasting act anchored in the past ("Last year I predicted", "A year ago the
    /// staff projected", "In May, the company had projected", "nobody then predicted"), a past plan's promise ("The
    /// previous plan ... promised"), an author's call followed by what came of it ("I said X would rise 3%; they rose
    /// 1.4%"), an outcome measured against guidance ("was at the top end of guidance"), and a scorecard ("My score").
    /// </summary>
    [GeneratedRegex(
        @"\b(?:last\s+(?:year|season|spring|summer|autumn|fall|winter|time)|(?:a|one|two|three|\d+)\s+(?:years?|seasons?|months?)"
        + @"\s+ago|back\s+then|at\s+the\s+time|then)\b,?\s+(?:[\w'\u2019-]+\s+){0,5}?(?:had\s+(?:been\s+)?)?"
        + @"(?<!\b(?:is|are|am|be|being|been|now)\s+)(?:predicted|forecast|"
        + @"projected|promised|pledged|pegged|said|called|expected|thought|guessed|bet|estimated|favou?red|tipped|envisaged)\b"
        + @"|\b(?:had|'d)\s+(?:predicted|forecast|projected|pegged|promised|envisaged|guided)\b"
        + @"|\b(?:the|its|our|their|his|her|my)\s+(?:previous|prior|earlier|former|old|original|last)\s+(?:[\w'\u2019-]+\s+){0,3}?"
            + @"(?:plan|forecast|outlook|projection|estimate|model|budget|strategy|target|report|guidance)s?\b[^.;]{0,60}?\b(?:promised|"
            + @"predicted|projected|forecast|pledged|envisaged|assumed|pegged|called\s+for|had)\b"
        + @"|\b(?:was|were|came\s+in|landed|finished|ended)\s+(?:at|within|in\s+line\s+with|above|below|ahead\s+of|short\s+of)\s+"
            + @"(?:the\s+)?(?:(?:top|bottom|upper|lower|high|low|middle|mid)(?:[-\s]end)?\s+(?:of\s+)?)?(?:(?:its|our|the|their)\s+)?"
            + @"(?:guidance|forecasts?|expectations|estimates?|targets?|range)\b"
        + @"|\b(?:delivered|met|beat|missed)\s+(?:on\s+)?(?:every|all|each|our|its|their)\s+(?:[\w-]+\s+){0,2}?(?:guidance|targets?|"
            + @"forecasts?)\b"
        + @"|^\W*(?:my|our|his|her|their)\s+(?:score|scorecard|tally|hit\s+rate)\s*(?:for\b|in\b|so\s+far|:)"
        + @"|\b(?:is|are|remains?|was|were|been|left)\s+unchanged\s+from\s+(?:the|its|our|their)\s+(?:[\w-]+\s+){0,3}?(?:range|"
            + @"guidance|forecasts?|outlook|estimates?|projections?)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Retrospective();

    /// <summary>
    /// "I said shipments would rise 3% in 2026; they rose 1.4%": a call in the past tense (said, predicted, thought,
    /// forecast ... would) and, after the semicolon or dash, what happened.
    /// </summary>
    [GeneratedRegex(@"\b(?:said|wrote|argued|claimed|reckoned|predicted|forecast|projected|thought|expected|bet|guessed|called)\b"
        + @"[^;]{0,140}?\bwould\b[^;]{0,120}(?:;|\s[\u2014\u2013-]\s)\s*(?:but\s+)?(?:they|it|he|she|we|that|this|actual\s+\w+|"
        + @"the\s+\w+(?:\s+\w+)?)\s+(?:only\s+|just\s+|actually\s+)?(?:[a-z]+ed|rose|fell|grew|came|did|didn['\u2019]t|was|were|went|"
        + @"got|hit|beat|stayed|made|took|won|lost|sold|shrank|stood|ran|held)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex CallAndOutcome();

    /// <summary>
    /// A definition or a mandate, not an expectation: "defines the season as", "is defined as", "the fiscal year ends in
    /// March", "figures for 2025 are estimates", "sets a target of 790 homes", "the bank's target is 3%", "a ceiling of".
    /// </summary>
    [GeneratedRegex(
        @"\b(?:defines?|defined)\s+(?:[\w'\u2019-]+\s+){0,5}?as\b|\b(?:is|are)\s+defined\s+as\b|\brefers?\s+to\s+the\s+period\b"
        + @"|^\W*(?:its\s+|the\s+|our\s+)?(?:fiscal|financial|marketing|crop|tax|school|academic|budget)\s+years?\s+(?:ends?|begins?|"
            + @"starts?|runs?)\b"
        + @"|^\W*(?:all\s+)?(?:figures|data|numbers|values|amounts)\s+(?:for|in)\s+[^.;]{1,30}?\s+are\s+(?:estimates|estimated|"
            + @"provisional|preliminary|forecasts|projections|projected|budget\s+estimates)\b"
        + @"|\b(?:sets?|set\s+out|fixe[sd]|has|have|had|with|under)\s+(?:a|an|the|its|their)\s+(?:[\w'\u2019-]+\s+){0,2}?(?:target|"
            + @"ceiling|cap|limit|mandate|floor|band)\s+(?:of|at)\b"
        + @"|\b(?:target|ceiling|mandate|tolerance\s+band)\s+(?:is|are|was|remains)\s+(?:set\s+at\s+)?(?:about\s+|around\s+)?"
            + @"[$\u20AC\u00A3]?\d",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex DefinitionOrTarget();

    /// <summary>A month name or its abbreviation, as a whole word ("Mar", "March"; not "market").</summary>
    private const string MonthName = @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        + @"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?";

    /// <summary>
    /// A fact of the calendar: a holiday or season that falls on a date, an event that runs, begins or closes on one (in
    /// the present tense: the calendar's), a procedure (session, consultation, hearing) that will continue or run until
    /// one, a stage "taken up" from one. Trap only when no value is in the sentence besides dates and times
    /// (<see cref="OnlyDates"/>): "prices will keep rising until March, to 5%" is a forecast, and "production will start
    /// in June" (a launch, in the future tense, of no procedure) is not matched.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:falls?|fell)\s+on\b"
        + @"|\b(?:runs?|ran|lasts?|continues?|is\s+open|remains?\s+open)\s+(?:from|until|till|to|through|between|"
            + MonthName + @"\s*\d)"
        + @"|(?<!\b(?:will|to|would|could|may|might|should|shall|can|cannot)\s+(?:\w+\s+)?)\b(?:begins?|starts?|opens?|closes?|ends?|"
            + @"resumes?|concludes?|kicks?\s+off)\s+(?:on\s+|in\s+)?"
            + @"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?(?:\d{1,2}\s+)?" + MonthName
        + @"|\b(?:session|consultation|hearing|meeting|conference|sitting|term|season|window|inquiry|exhibition|fair|summit|talks|"
            + @"recess|vote|ballot|polls)\s+(?:[\w'\u2019-]+\s+){0,3}?will\s+(?:continue|run|last|begin|start|open|close|end|resume|"
            + @"conclude|be\s+held)\s+(?:on|from|until|till|to|through|in|between)\b"
        + @"|\bwill\s+be\s+taken\s+up\b|\bis\s+scheduled\s+for\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}\s+"
            + MonthName + @"|" + MonthName + @"\s*\d)"
        + @"|\bwill\s+vote\s+on\s+whether\b|\bscheduled\s+(?:maintenance|downtime|outage)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex CalendarFact();

    /// <summary>
    /// A publication's routine: "the outlook is updated monthly", "updates are issued every Thursday", "the forecast is
    /// compiled by 40 member companies". Trap unless the sentence also says what the publication will show.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:is|are|gets?)\s+(?:updated|issued|published|released|revised|compiled|produced|reviewed|refreshed|prepared)\s+"
        + @"(?:every|each|monthly|weekly|daily|quarterly|annually|yearly|twice|once|by\s+(?:\d+|its|the|our|a)|at\s+meetings)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex RecurringPublication();

    /// <summary>
    /// The act of publishing: "X today issued its Winter Outlook for ...", "has released its Spring forecast", "will
    /// announce its policy directions for 2027". Trap only when the sentence states no value (the publication's content,
    /// "issued a forecast of 3% growth", is the forecast).
    /// </summary>
    [GeneratedRegex(
        @"\b(?:today|on\s+\w+day|yesterday|this\s+week|has|have)\s+(?:issued|released|published|unveiled|presented|launched|"
        + @"updated)\s+(?:its|the|their|a|an|his|her|our)\s+(?:[\w'\u2019.-]+\s+){0,5}?(?:forecasts?|outlooks?|projections?|reports?|"
        + @"surveys?|estimates|review|update|bulletin|statement)\b"
        + @"|\bwill\s+(?:announce|release|publish|present|unveil|issue|set\s+out|lay\s+out)\s+(?:its|the|their|a|an|his|her|our)\s+"
            + @"(?:[\w'\u2019.-]+\s+){0,5}?(?:survey|poll|directions|policy|policies|plans?|agenda|strategy|framework|programme|program|"
            + @"index|data|results|figures|forecasts?|outlooks?|report|review|update|budget|guidance|findings)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PublicationAct();

    /// <summary>
    /// A value that is a difference or a comparison, not a level: "$10 billion higher than", "1,400 homes lower than in the
    /// draft", "0.5 percentage points lower at the top end than", "400 billion yen below the 4 trillion yen guidance",
    /// "raised its net profit forecast by 15 billion yen (to ...)", "guidance has been lowered by 10 kt", "is lowered 5
    /// cents", "a revision of 2.3 points from", "compares with an average ... of 3.6%", a line opening "up 103 million".
    /// A rise forecast as a rate ("sales will increase by 15%") is not a difference: the verbs of revision need a forecast
    /// as their object or a passive.
    /// </summary>
    [GeneratedRegex(
        @"(?<v>[$\u20AC\u00A3\u00A5\u20B9]?\d[\d.,]*\s*(?:%|percent|per\s*cent|percentage\s+points?|points?|pp|bps?|basis\s+points|"
        + @"(?:lakh\s+)?crores?|trillion|billion|million|thousand|bn|tn|mn|m|k|kt|mt)?\s*(?:[a-z]+\s+){0,2}?)(?:more|less|fewer|higher|"
        + @"lower|greater|smaller)\s+(?:at\s+the\s+\w+\s+end\s+)?than\b"
        + @"|(?<v>[$\u20AC\u00A3\u00A5\u20B9]?\d[\d.,]*\s*(?:%|percentage\s+points?|points?|pp|bps?|(?:lakh\s+)?crores?|trillion|"
            + @"billion|million|bn|tn|mn|m|kt|mt)?\s*(?:[a-z]+\s+){0,2}?)(?:above|below|short\s+of|ahead\s+of)\s+(?:the|its|our|"
            + @"their|his|her|last|what|a)\s+(?<r>(?:[\w'\u2019.,-]+\s+){0,4}?)(?:guidance|forecasts?|estimates?|outlook|projections?|"
            + @"budget|targets?|consensus|expectations|plan|draft|range|previous|prior|earlier)\b"
        + @"|\b(?:rais(?:e|es|ed|ing)|lift(?:s|ed)?|cut(?:s|ting)?|lower(?:s|ed|ing)?|trim(?:s|med)?|revis(?:e|es|ed)\s+(?:up|down)"
            + @"(?:wards?)?|upgrad(?:e|es|ed)|downgrad(?:e|es|ed))\s+(?:its|their|our|the|his|her)\s+(?:[\w'\u2019-]+\s+){0,4}?"
            + @"(?:forecasts?|guidance|estimates?|outlook|projections?|targets?|view|expectations?)\s+(?:[\w-]+\s+){0,2}?by\s+"
            + @"(?<v>[$\u20AC\u00A3\u00A5\u20B9]?\d[\d.,]*\s*(?:%|percent|per\s*cent|percentage\s+points?|points?|pp|bps?|basis\s+"
            + @"points|trillion|billion|million|bn|tn|mn|m|kt|mt|cents?)?(?:\s+(?:yen|won|rupees|dollars|euros|pounds|bushels|tonnes))?)"
        + @"|\b(?:is|are|was|were|been|be)\s+(?:revised\s+(?:up|down)(?:wards?)?|raised|lowered|cut|trimmed|lifted|upgraded|"
            + @"downgraded)\s+(?:by\s+)?(?<v>[$\u20AC\u00A3\u00A5\u20B9]?\d[\d.,]*\s*(?:%|percent|per\s*cent|percentage\s+points?|"
            + @"points?|pp|bps?|basis\s+points|trillion|billion|million|bn|tn|mn|m|kt|mt|cents?)?(?:\s+[a-z]+)?)"
        + @"|\b(?:revision|upgrade|downgrade|cut|reduction)\s+of\s+(?<v>\d[\d.,]*\s*(?:%|percentage\s+points?|points?|pp|bps?))"
            + @"(?=\s+(?:from|on|versus|vs|compared))"
        + @"|\bcompares?\s+with\s+[^.;]{0,60}?(?<v>\d[\d.,]*\s*%?)"
        + @"|^\W*(?:up|down)\s+(?<v>\d[\d.,]*\s*(?:%|million|billion|cents?|points?)?)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex DifferenceValue();

    /// <summary>The spans of the values that <see cref="DifferenceValue"/> reads as differences or comparisons.</summary>
    private static List<(int Start, int End)> DifferenceSpans(string s)
    {
        var spans = new List<(int Start, int End)>();
        if (!s.AsSpan().ContainsAny(Digits))
        {
            return spans;
        }

        try
        {
            foreach (Match m in DifferenceValue().Matches(s))
            {
                foreach (var g in (ReadOnlySpan<Group>)[m.Groups["v"], m.Groups["r"]])
                {
                    if (g.Success && g.Length > 0)
                    {
                        spans.Add((g.Index, g.Index + g.Length)); // the difference, and the old level it is counted from
                    }
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }

        return spans;
    }

    /// <summary>A day, month or clock number: "Nov. 26", "6 to 9 January", "02:00-06:00", "Friday 21 August 2026".</summary>
    [GeneratedRegex(
        @"\b" + MonthName + @"\s*\d{1,2}(?:\s*(?:[-\u2013]|to|through)\s*\d{1,2})?(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d\d)?"
        + @"|\b\d{1,2}(?:\s*(?:[-\u2013]|to)\s*\d{1,2})?(?:st|nd|rd|th)?\s+(?:of\s+)?" + MonthName + @"(?:,?\s+(?:19|20)\d\d)?"
        + @"|\b\d{1,2}[:.]\d\d(?:\s*[-\u2013]\s*\d{1,2}[:.]\d\d)?(?:\s*[ap]\.?m\.?)?|\b(?:19|20)\d\d(?:[-/]\d{2,4})?\b"
        + @"|\b\d{1,2}\s*[ap]\.?m\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex DateNumber();

    /// <summary>True when every number in <paramref name="s"/> is part of a date, a year or a clock time.</summary>
    private static bool OnlyDates(string s)
    {
        var rest = DateNumber().Replace(s, " ");
        return !rest.AsSpan().ContainsAny(Digits);
    }

    /// <summary>
    /// A sentence whose role rules it out as a forecast (see the patterns above); <paramref name="s"/> is the sentence
    /// without its leading label.
    /// </summary>
    private static bool IsRoleTrap(string s)
    {
        if (Bounded(() => CallAndOutcome().IsMatch(s)))
        {
            return true;
        }

        if (Retrospective().Match(s) is { Success: true } r && !StillForecastsAfter(s, r.Index + r.Length))
        {
            return true;
        }

        if (DefinitionOrTarget().Match(s) is { Success: true } d)
        {
            var rest = s[..d.Index] + " " + s[(d.Index + d.Length)..];
            if (FirstCue(rest, out _) is null
                || (Bounded(() => !ForecastVerb().IsMatch(rest)) && !rest.Contains("will ", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        if (Bounded(() => CalendarFact().IsMatch(s)) && Bounded(() => OnlyDates(s)))
        {
            return true;
        }

        if (Bounded(() => RecurringPublication().IsMatch(s)) && !Bounded(() => OutcomeVerb().IsMatch(s)))
        {
            return true;
        }

        return Bounded(() => PublicationAct().IsMatch(s)) && Bounded(() => OnlyDates(s)) && !Bounded(() => OutcomeVerb().IsMatch(s));
    }

    /// <summary>"Last year we predicted 3%; this year we expect 4%": a forecast of now after the look back.</summary>
    private static bool StillForecastsAfter(string s, int from)
    {
        var tail = s[from..];
        if (Bounded(() => PresentState().IsMatch(tail)) && tail.Contains(" now ", StringComparison.OrdinalIgnoreCase))
        {
            return true; // "... but now sees 1.5%"
        }

        return FirstCue(tail, out _) is { } c
            && !(c.Value.Equals("would", StringComparison.OrdinalIgnoreCase) || c.Value.StartsWith("'d", StringComparison.Ordinal)
                || c.Value.Equals("could", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Present-tense state words: "Robotaxis now run in seven cities" reports today, not the outlook.</summary>
    [GeneratedRegex(@"\b(?:now|currently|at\s+present|so\s+far|to\s+date|already|as\s+of\s+today)\b", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PresentState();

    /// <summary>"By year's end.": a sentence that is nothing but its horizon (a headline fragment, a dangling phrase).</summary>
    private static bool IsBareHorizon(string s, List<HorizonMatch> horizons)
    {
        if (horizons.Count == 0)
        {
            return false;
        }

        var chars = s.ToCharArray();
        foreach (var h in horizons)
        {
            Array.Fill(chars, ' ', h.Start, Math.Min(h.Length, chars.Length - h.Start));
        }

        var letters = 0;
        foreach (var c in chars)
        {
            letters += char.IsLetterOrDigit(c) ? 1 : 0;
        }

        return letters < 3;
    }

    /// <summary>
    /// The first sentence of an item or paragraph that is its title: "Phones stall. Global smartphone shipments will grow no
    /// more than 2%." Short (six words at most), no digit, no forecasting word of its own, and followed by a sentence
    /// that has one.
    /// </summary>
    private static bool IsTitleSentence(string first, string next)
    {
        var t = first.Trim();
        if (t.Length == 0 || t[^1] is not ('.' or ':') || t.AsSpan().ContainsAny(Digits))
        {
            return false;
        }

        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words <= 6 && FirstCue(t, out _) is null
            && (FirstCue(next, out _) is not null || next.AsSpan().ContainsAny(Digits));
    }
}
