using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>Prose: one sentence at a time, one proposal per value and date in it.</summary>
public static partial class PredictionExtractor
{
    /// <summary>
    /// Reported and modal forecast language the main cue list does not hold (docs/forecast-language.md): "sees",
    /// "projects", "is seen remaining", "stands to gain", "is to", "aims to", "is targeted to", "puts X at",
    /// "on track for", "favourites to", "guided", "pencilled in", "would", "needs to"... .
    /// </summary>
    [GeneratedRegex(ReportedCuePattern, Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex ReportedCue();

    /// <summary>
    /// <see cref="ReportedCuePattern"/> anchored where the search stands (<c>\G</c>): one attempt at one position, for
    /// <see cref="ReportedCueMatch"/>.
    /// </summary>
    [GeneratedRegex(@"\G(?:" + ReportedCuePattern + ")", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ReportedCueAt();

    /// <summary>The text of <see cref="ReportedCue"/> (the whole-text scan, the reference of <see cref="ReportedCueMatch"/>).</summary>
    private const string ReportedCuePattern = @"\b(?:sees?\b(?=[^.]{0,80}\d)|seeing\b(?=[^.]{0,80}\d)"
        + @"|(?:is|are|was|were)\s+seen\s+(?:as\s+)?\w+|projects?|"
        + @"projecting|projected\s+(?:at|to|for)|forecasts?\s+(?:at|to|for|of)|forecast(?:ed)?\s+(?:at|to)"
        + @"|estimates?\s+(?:that|at)|estimated\s+(?:at|to)|stands?\s+to|(?:is|are)\s+to\s+(?!be\s+(?:held|published|released))\w+|"
            + @"aims?\s+to|aiming\s+to|targets?|targeted\s+(?:to|at|for)"
        + @"|puts?\s+(?:the\s+)?\w+(?:\s+\w+)?\s+at|on\s+(?:track|course)\s+for|heading\s+(?:for|towards?)|favou?rites?\s+to|guided|guides|"
            + @"guidance"
        + @"|pencil?led\s+in|envisag(?:es?|ed)|predicted|anticipated|(?:our|the|their|its)\s+(?:model|projection|forecast|baseline|"
            + @"scenario)s?\s+(?:gives?|shows?|suggests?|has|puts?|sees?|implies|points)"
        + @"|expect(?:s|ed)?\s+(?:[\w'\u2019-]+\s+){1,4}to|believes?|reckons?|bets?\s+(?:that|on)|believed\s+to|tipped\s+to|to\s+hover|"
            + @"expect(?!\s+to\s+see)"
        + @"|(?:is|are|be|being|now)\s+pegged\s+at|pegs?\s+(?:[\w-]+\s+){0,3}at|wager"
            + @"|(?:my|our|his|her|their|the)\s+(?:own\s+|best\s+|personal\s+)?guess\s+is"
            + @"|(?:we|i|they)\s+(?:now\s+)?have\s+(?:it|them|that|this|the\s+\w+)\s+(?:at|on|around|near)"
            + @"|consensus\s+(?:is|remains)\s+(?:for|that)|consensus\s+(?:forecasts?|estimates?|expectations?|view)\s+(?:is|of|for|sees)"
            + @")\b";

    /// <summary>Verbs in the past that make a cue-less sentence a report of what happened, not an outlook.</summary>
    [GeneratedRegex(@"\b(?:was|were|had|did|rose|fell|grew|declined|increased|decreased|dropped|climbed|reached|hit|stood|averaged|won|"
        + @"lost|scored|sold|shipped"
        + @"|reported|posted|recorded|peaked|overtook|struck|signed|bought|acquired|surged|slumped|jumped|gained|slid|edged|eased|ended|"
            + @"finished|totall?ed|came|saw|began|started|launched|opened"
        + @"|closed|agreed|announced|warned|raised|lowered|revised|made|took|settled|weakened|strengthened|slowed|lifted|set|broke|became|"
            + @"went|hit|doubled|halved"
        + @"|tripled|shrank|expanded|contracted|narrowed|widened|missed|beat|topped|led|trailed|ago|proved|proven|"
            + @"turned\s+out|last\s+(?:year|month|week|season|"
            + @"quarter))\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastTense();

    /// <summary>A cue that reports an expectation that was held before: "had expected", "as expected by", "was forecast".</summary>
    [GeneratedRegex(
        @"\b(?:had\s+(?:been\s+)?(?:expected|forecast|projected|predicted|anticipated)|as\s+(?:had\s+been\s+|was\s+)?(?:expected|forecast|"
        + @"predicted|anticipated)\b(?!\s+to)|than\s+(?:expected|forecast|predicted|anticipated)|(?:foresaw|predicted|forecast)\s+how)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastExpectation();

    /// <summary>The publication calendar of an institution: reports, results, meetings, data releases. A date, not a forecast.</summary>
    [GeneratedRegex(@"\b(?:(?:next|upcoming|following)\s+(?:\w+\s+){0,3}(?:report|release|meeting|decision|review|update|publication|data|"
        + @"figures|round|edition|statement|minutes|survey|outlook|estimate|auction|hearing|session|debate)s?\b.{0,60}\b(?:is|are|"
        + @"will\s+be|was)\s+(?:due|scheduled|set|published|released|held|expected|out|on)"
        + @"|\b(?:will|to|shall|is\s+due\s+to|are\s+due\s+to|is\s+scheduled\s+to|is\s+set\s+to)\s+(?:next\s+)?(?:report|publish|release|"
            + @"hold|update|announce|present|issue|confirm|reveal|unveil|deliver|table)\s+(?:its|their|the|his|her|our|a|"
            + @"an)?\s*(?:[\w-]+\s+){0,2}?(?:results|report|figures|data|outlook|statistics|minutes|baseline|projections|estimates|budget|"
            + @"statement|decision|review|survey|conference|meeting|update|accounts|earnings|assessment|date|numbers|bulletin|dataset|"
            + @"findings|study|paper)\b"
        + @"|\b(?:reports?|publishes|releases|announces)\s+(?:its\s+|their\s+)?(?:interim|annual|quarterly|full[-\s]year|first[-\s]quarter|"
            + @"half[-\s]year)?\s*(?:results|figures|earnings|data)\s+on\b"
        + @"|\b(?:report|data|figures|results|statistics|minutes|release|decision|budget|congress|conference|summit|convention|meeting|"
            + @"hearing|bulletin|update|review)\s+(?:is|are)\s+(?:due|scheduled|expected)\s+(?:out\s+)?(?:on|in|at|next)\b"
        + @"|\b(?:begins?|opens?|closes?|starts?|kicks?\s+off)\s+on\s+(?:\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr|may|"
            + @"jun|jul|aug|sep|oct|nov|dec)"
        + @"|\bwill\s+(?:be\s+)?(?:published|released|held|announced|presented|updated)\s+(?:on|in|at)\s+(?:(?:early|mid|late|the\s+(?:end|"
            + @"start|beginning)\s+of)[-\s]+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|the\s+(?:spring|summer|autumn|fall|"
            + @"winter))"
        + @"|\bwill\s+next\s+meet\b|\bwill\s+give\s+the\s+next\s+signal\b"
        + @"|\b(?:follows?|comes?\s+out|(?:is|are)\s+out|appears?)\s+(?:on|in)\s+(?:(?:early|mid|late)[-\s]+)?"
            + @"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|the\s+(?:spring|summer|autumn|fall|winter))"
        + @"|\bwill\s+(?:be\s+)?(?:published|released|presented|updated)\s+(?:by|before|around|at)\s+"
            + @"(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?(?:(?:early|mid|late)[-\s]+)?"
            + @"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|the\s+(?:spring|summer|autumn|"
            + @"fall|winter)))",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex ScheduledRelease();

    /// <summary>
    /// A revision stated as a difference from an earlier forecast ("revised down by 0.2 points", "half a point lower
    /// than in the spring").
    /// </summary>
    [GeneratedRegex(@"\b(?:revised\s+(?:\w+\s+)?(?:up|down|upward|downward|higher|lower)(?:s)?\b(?!\s+(?:to|at)\s)|(?:upgrade|downgrade|"
        + @"revision)s?\s+(?:amounts?|comes?|works?\s+out)\s+to|(?:higher|lower|smaller|larger|bigger|weaker|"
        + @"stronger|above|below)\s+than\s+(?:in\s+)?(?:the|our|its|their|those|that|a|last)\s+(?:\w+\s+){0,3}(?:outlook|forecasts?|"
        + @"projections?|estimates?|report|published|update|round|edition|baseline|guidance|month|year|quarter|time|survey|poll)|"
        + @"compared\s+with\s+(?:the|our|its)\s+(?:\w+\s+){0,2}(?:projections?|forecasts?|outlook|estimates?)\s*,)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Revision();

    /// <summary>A revision that also gives the new level: "raised 100 million bushels to 2.9 billion".</summary>
    [GeneratedRegex(@"\b(?:to|at)\s+(?:about\s+|around\s+)?[$\u20AC\u00A3]?\d", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex NewLevel();

    /// <summary>
    /// A dateline glued to the first sentence: "VIENNA, Dec 4 (Barrel Daily) - ", "LONDON (Reuters) -", "Berlin, 18
    /// November 2026 (DNA-English) - ", "Madrid, October 14, 2026 --". Its date is the publication date, never a horizon;
    /// a city in mixed case needs the date to count as a dateline.
    /// </summary>
    [GeneratedRegex(@"^(?:[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][a-z]{1,12}\.?(?:\s[A-Z][a-z]{1,12}\.?)?(?=,))?"
        + @"(?:,\s*(?<date>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,?\s+(?:19|20)\d\d)?|\d{1,2}\.?\s+"
        + @"[A-Z][a-z]{2,9}\.?(?:\s+(?:19|20)\d\d)?))?"
        + @"|[A-Z][A-Za-z.'\-]{2,20}(?:\s[A-Z][A-Za-z.'\-]{1,20}){0,2},\s*(?<date>[A-Z][a-z]{2,9}"
        + @"\.?\s+\d{1,2}(?:,?\s+(?:19|20)\d\d)?|\d{1,2}\.?\s+[A-Z][a-z]{2,9}\.?(?:\s+(?:19|20)\d\d)?))"
        + @"\s*(?:\([^)]{2,40}\)|/[A-Za-z][^/\s]{1,30}/)?\s*(?:[-\u2013\u2014]+\s*|$)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Dateline();

    /// <summary>
    /// A coming event that is the claim's horizon: "at the next general election", "after the committee's November
    /// meeting".
    /// </summary>
    [GeneratedRegex(@"\b(?:at|in|after|before|following|by|until|once|when|if)\s+(?:the|its|their|this|a|an|next|his|"
        + @"her)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:election|elections|vote|referendum|meeting|summit|midterms?|primary|primaries|caucus|"
        + @"budget|review|conference|season|tournament|world\s+cup|olympics|final|launch|merger|ipo|listing|approval|deal|campaign|"
        + @"parliament|window|inauguration|ruling|verdict|trial|census)s?\b(?:\s+(?:in|on)\s+[A-Z]?\w+(?:\s+\d{4})?)?"
        + @"|\b(?:once|after|when)\s+(?:a|the)\s+(?:\w+\s+){0,2}(?:begins?|starts?|ends?|closes?|opens?)\b|"
            + @"\bafter\s+regulatory\s+approval\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex EventHorizon();

    /// <summary>
    /// Quoted history: a forecast made in the past and reported as such ("In 2019 I predicted ...", "Back in 2021 the
    /// agency forecast ...", "Five years ago analysts projected ...", "At the time, economists expected ...", "Her 2020
    /// book predicted ..."). <c>y</c> is the year it was made, when given (checked against publication).
    /// </summary>
    [GeneratedRegex(@"(?:\b(?:(?:back\s+)?in|as\s+(?:long\s+ago|early)\s+as)\s+(?<y>(?:19|20)\d\d)\b|\bback\s+in\b"
        + @"|(?:^|\bback\s+)in\s+(?:early\s+|late\s+|mid-?)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
            + @"(?:\s+(?<y>(?:19|20)\d\d))?\b(?!\s+(?:next|this|will))"
        + @"|\b(?:\w+|a\s+few|several)\s+years?\s+ago\b|\bat\s+the\s+time\b"
        + @"|^\W*last\s+(?:year|spring|summer|autumn|fall|winter|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)\s*,"
        + @"|\b(?<y>(?:19|20)\d\d)\s+(?:book|report|paper|study|outlook|forecast|column|speech|interview|essay|survey|projections?))"
        + @"[^.;:!?]{0,80}?(?<!\b(?:is|are|be|being)\s+)\b(?:predicted|forecast|projected|expected|anticipated|foresaw|warned|estimated"
            + @"|said|"
            + @"thought|promised|pledged|vowed|told|called\s+for|assumed|envisaged"
        + @"|had\s+(?:predicted|forecast|projected|expected|anticipated|called\s+for|assumed|envisaged))\b"
        + @"|\b(?:predicted|forecast|projected|foresaw|told|promised|pledged|vowed|assured)\s+(?:[\w-]+\s+){0,2}?(?:back\s+)?"
            + @"in\s+(?<y>(?:19|20)\d\d)\b(?!\s*(?:[-\u2013]|to\b))"
        + @"|\b(?:we|i|they|he|she|it|analysts|economists)\s+(?:had\s+)?(?:predicted|forecast|projected|foresaw|promised|said)\s+"
            + @"\(?\s*(?:last|a)\s+(?:year|month|spring|summer|autumn|fall|winter)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex QuotedHistory();

    /// <summary>
    /// A change to a forecast reported as news ("raised its full-year profit guidance", "cut its production outlook",
    /// "reaffirmed its 2027 guidance", "withdrew its forecast"): an event, not a forecast, unless the new level follows.
    /// </summary>
    [GeneratedRegex(@"\b(?:(?<met>(?:has|have|had)\s+(?:now\s+|already\s+|just\s+)?(?:met|hit|beat|reached)|met|missed|exceeded|surpassed"
        + @"|achieved|delivered\s+on)|raised|lifted|upgraded"
        + @"|increased|boosted|hiked|lowered|cut|trimmed|reduced|downgraded|slashed"
        + @"|reaffirmed|reiterated|confirmed|maintained|kept|withdrew|withdrawn|suspended|scrapped|pulled|revised|nudged|tweaked"
        + @"|narrowed|widened)\s+(?:its|their|the|his|her|our)\s+"
        + @"(?:[\w-]+\s+){0,4}?(?:guidance|outlook|forecasts?|projections?|targets?|estimates?|expectations?)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex GuidanceChange();

    /// <summary>
    /// Where a sentence with one horizon holds more values: ", of which", ", including", ", while", "; ", and the level a
    /// change leads to (", reaching $1.05 trillion", ", taking the market to $840 billion", ", leaving a surplus of $80bn").
    /// </summary>
    [GeneratedRegex(@",\s*(?:(?:\d[\d,.]*|[a-z]+(?:-[a-z]+)?)\s+of\s+(?:which|whom|them)|of\s+which|including|while|whereas)\b|;\s+"
        + @"|,\s*(?=(?:reaching|leaving|(?:taking|bringing|lifting|pushing|putting)\s+(?:the\s+|its\s+|their\s+)?[\w-]+(?:\s+[\w-]+)?\s+"
            + @"(?:to|at))\b)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ValueBreak();

    /// <summary>
    /// "in two years of the election", "within six months after the merger": a duration counted from an event, not from
    /// publication.
    /// </summary>
    [GeneratedRegex(@"^\s*(?:of|after|from|following)\s+(?!now\b)(?:the|its|a|an|their)\s+\w+", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex CountedFromEvent();

    /// <summary>"55,000 the year after", "and 3% the following year": a value for the year after the horizon before it.</summary>
    [GeneratedRegex(
        @"(?:,|\band\b|\bwhile\b|;)\s*(?:then\s+)?(?:by\s+)?(?:about\s+|around\s+|some\s+)?[$\u20AC\u00A3]?\d[\d,.]*\s*(?:%|percent|"
        + @"[a-z]+)?(?:\s+[a-z]+)?\s+(?<rel>the\s+(?:year|one)\s+after|the\s+following\s+year|a\s+year\s+later|the\s+next\s+year)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex YearAfter();

    [GeneratedRegex(@"^(?:[,;:]|\s|\band\b|\bor\b|\bwhile\b|\bbut\b|\bwith\b|\bwhereas\b|\bthen\b|\bbefore\b(?=\s+\d))+", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex SegmentConnector();

    /// <summary>"whether the entity will adopt ...", "it remains to be seen if ...": an open question, not a claim.</summary>
    [GeneratedRegex(@"\b(?:whether|it\s+remains\s+to\s+be\s+seen|it\s+is\s+(?:unclear|not\s+clear|uncertain)|nobody\s+knows|"
        + @"no\s+one\s+knows|the\s+question\s+is)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex IndirectQuestion();

    /// <summary>The verbs of forecasting, in any voice and tense: a claim even without a date or a number.</summary>
    [GeneratedRegex(@"\b(?:expect(?:s|ed|ing)?(?!\s+to\s+see)|anticipat(?:es?|ed|ing)|forecast(?:s|ed|ing)?|project(?:s|ed|ing)|"
        + @"predict(?:s|ed|ing)?|foresee(?:s|n)?|estimat(?:es?|ed)\s+(?:that|at|to))\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ForecastVerb();

    /// <summary>What must or needs to happen (a requirement, a goal) is not what is expected to happen.</summary>
    [GeneratedRegex(@"\b(?:must|needs?\s+to|have\s+to|has\s+to|required\s+to|would\s+have\s+to)\b", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Normative();

    /// <summary>A question that does not end with a question mark: "How will regulators respond—...".</summary>
    [GeneratedRegex(@"^(?:how|what|why|when|where|who|which)\s+(?:\w+\s+)?(?:will|would|could|can|should|do|does|did|might|may)\b", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex WhQuestion();

    /// <summary>
    /// Words of which every <see cref="ScheduledRelease"/> match holds one: a sentence with none of them cannot match,
    /// and skips that (costly) pattern. The letters that case-fold onto ASCII ones (Kelvin sign, long s, dotted and
    /// dotless i) make the test inconclusive, and the pattern runs.
    /// </summary>
    private static readonly SearchValues<string> ScheduledReleaseWords = SearchValues.Create(
        [
            "next", "upcoming", "follow", "report", "out", "appear", "publish", "release", "hold", "held", "update", "announce",
            "present", "issue",
            "confirm", "reveal", "unveil", "deliver", "table", "due", "scheduled", "expected", "begin", "open", "close", "start", "kick",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Words of which every <see cref="Revision"/> match holds one (as <see cref="ScheduledReleaseWords"/>).</summary>
    private static readonly SearchValues<string> RevisionWords =
        SearchValues.Create(["revis", "than", "compared", "grade"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> CaseFoldingLetters = SearchValues.Create("\u212A\u212B\u017F\u0130\u0131");

    /// <summary>Words of which every <see cref="Scheduled"/> match holds one (as <see cref="ScheduledReleaseWords"/>).</summary>
    private static readonly SearchValues<string> ScheduledWords = SearchValues.Create(
        ["held", "place", "from", "convene", "kick", "open", "ticket", "register", "bird", "scheduled", "slated", "set", "due"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Words of which a sentence needs one to become a proposal without a digit in it: a forecast cue of
    /// <see cref="ForwardCue"/>, <see cref="ReportedCue"/> or <see cref="ScheduleCue"/>, a stated chance
    /// (<see cref="EstimativeLanguage"/>), or a word every horizon rule of <see cref="HorizonParser"/> needs (a
    /// unit of time, a month, a season, "end", "half"). A sentence with none of them, no digit, no "is/are to" and no
    /// letter that case-folds onto ASCII is not read further: none of those patterns can match it (the pre-scan).
    /// </summary>
    internal static readonly WordSearch ForecastOrTimeWords = WordSearch.Create(
        [
            // ForwardCue
            "will", "won", "shall", "would", "could", "may", "might", "should", "going", "gonna", "expect", "project", "forecast",
            "predict", "anticipat", "likely", "set", "poised", "bound", "certain", "sure", "tipped", "track", "course", "foresee",
            "probabl", "plan", "intend", "about", "'ll", "\u2019ll", "favo", "primed", "odds", "line", "pace", "destined",
            // ReportedCue and ScheduleCue
            "see", "estimat", "stand", "aim", "target", "put", "heading", "favo", "guid", "pencil", "envisag", "model", "baseline",
            "scenario", "believ", "reckon", "bet", "hover", "pushed", "moved", "shifted", "delayed", "postponed", "slipped",
            "pegged", "wager", "guess", "have it", "have them", "have that", "have this", "have the", "consensus", "backed", "fancied",
            "brought", "pulled", "slated", "scheduled", "earmarked", "timed", "due",
            // a stated chance
            "chance", "probability", "likelihood", "odds", "risk", "shot",
            // horizon rules
            "day", "week", "month", "quarter", "year", "decade", "half", "end", "spring", "summer", "autumn", "fall",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "christmas", "xmas", "easter",
            "thanksgiving", "halloween", "holiday", "season", "campaign", "time next",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Words of which every <see cref="ForwardCue"/> match holds one.</summary>
    internal static readonly WordSearch ForwardCueWords = WordSearch.Create(
        [
            "will", "won", "shall", "would", "could", "may", "might", "should", "going", "gonna", "expect", "project", "forecast",
            "predict", "anticipat", "likely", "set", "poised", "bound", "certain", "sure", "tipped", "track", "course", "foresee",
            "probabl", "plan", "intend", "about", "'ll", "\u2019ll", "favo", "primed", "odds", "line", "pace", "destined", "backed",
            "fancied", "wager",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Words of which every <see cref="ReportedCue"/> match holds one, but for "is/are to" (<see cref="HasIsTo"/>); "have"
    /// for its "have it/them/..." phrases (any white space between). Each starts a word in the pattern, so
    /// <see cref="WordStart.ContainsAny"/> skips the ones inside a word ("output", "between", "claim").
    /// </summary>
    private static readonly SearchValues<string> ReportedCueWordStarts = SearchValues.Create(
        [
            "see", "project", "forecast", "estimat", "stand", "aim", "target", "put", "track", "course", "heading", "favo", "guid",
            "pencil", "envisag", "predict", "anticipat", "model", "baseline", "scenario", "expect", "believ", "reckon", "bet",
            "tipped", "hover", "peg", "wager", "guess", "have", "consensus",
        ],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    /// <summary>The pre-scan of <see cref="ReportedCue"/>: a key word where a word starts, or "is/are to".</summary>
    internal static bool MayBeReportedCue(string s) =>
        WordStart.ContainsAny(s, ReportedCueWordStarts) || s.AsSpan().ContainsAny(CaseFoldingLetters) || HasIsTo(s);

    /// <summary>
    /// The first <see cref="ReportedCue"/> match in <paramref name="s"/> (the same match the whole-text scan returns),
    /// tried only where one can start. Every match holds one of <see cref="ReportedCueWordStarts"/> where a word starts,
    /// and starts at that word or at most two words before it ("is seen", "on track", "my own guess", "we now have"),
    /// those words being ASCII letters after white space. So the anchored pattern is tried, left to right, at the word
    /// starts from two words before each key word up to it; the first that matches is the leftmost match. Text with
    /// "is/are to" (no key word) or a letter that case-folds onto ASCII takes the whole-text scan.
    /// <c>ExtractionScanEquivalenceTests</c> compare both over the corpus and edge cases.
    /// </summary>
    internal static Match ReportedCueMatch(string s)
    {
        var span = s.AsSpan();
        if (span.ContainsAny(CaseFoldingLetters) || HasIsTo(span))
        {
            return ReportedCue().Match(s);
        }

        var tried = 0; // every position before this one was tried (or cannot start a match)
        for (var i = 0; i < span.Length;)
        {
            var k = span[i..].IndexOfAny(ReportedCueWordStarts);
            if (k < 0)
            {
                break;
            }

            var at = i + k;
            i = at + 1;
            if (at > 0 && char.IsAsciiLetterOrDigit(span[at - 1]))
            {
                continue; // inside a word: "put" in "output"
            }

            for (var p = Math.Max(tried, TwoWordsBefore(span, at)); p <= at; p++)
            {
                if (char.IsAsciiLetter(span[p]) && (p == 0 || !char.IsAsciiLetterOrDigit(span[p - 1]))
                    && ReportedCueAt().Match(s, p) is { Success: true } m)
                {
                    return m;
                }
            }

            tried = at + 1;
        }

        return Match.Empty;
    }

    /// <summary>Where the second run of ASCII letters before <paramref name="at"/> starts, over white space only.</summary>
    private static int TwoWordsBefore(ReadOnlySpan<char> s, int at)
    {
        var i = at;
        for (var w = 0; w < 2; w++)
        {
            while (i > 0 && char.IsWhiteSpace(s[i - 1]))
            {
                i--;
            }

            while (i > 0 && char.IsAsciiLetter(s[i - 1]))
            {
                i--;
            }
        }

        return i;
    }

    /// <summary>Whether a forecast cue (<see cref="ForwardCue"/> or <see cref="ReportedCue"/>, behind their pre-scans) is found.</summary>
    internal static bool HasForecastCue(string s) => FirstCue(s, out _) is not null;

    /// <summary>The pre-scan: false when no forecast pattern can match <paramref name="s"/> (<see cref="ForecastOrTimeWords"/>).</summary>
    internal static bool MayBeForecast(ReadOnlySpan<char> s) =>
        s.ContainsAny(Digits) || s.ContainsAny(ForecastOrTimeWords) || s.ContainsAny(CaseFoldingLetters) || HasIsTo(s);

    /// <summary>"is to", "are to" with any white space between ("the plant is to close"): a cue of <see cref="ReportedCue"/>.</summary>
    private static bool HasIsTo(ReadOnlySpan<char> s)
    {
        for (var at = s.IndexOf("to", StringComparison.OrdinalIgnoreCase); at > 0;)
        {
            var before = s[..at].TrimEnd();
            if (before.Length < at
                && (before.EndsWith("is", StringComparison.OrdinalIgnoreCase)
                    || before.EndsWith("are", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            var next = s[(at + 2)..].IndexOf("to", StringComparison.OrdinalIgnoreCase);
            at = next < 0 ? -1 : at + 2 + next;
        }

        return false;
    }

    /// <summary>The verbs of which every <see cref="QuotedHistory"/> match holds one (its pre-scan).</summary>
    private static readonly SearchValues<string> QuotedHistoryVerbs = SearchValues.Create(
        [
            "predicted", "forecast", "projected", "expected", "anticipated", "foresaw", "warned", "estimated", "said", "thought",
            "promised", "pledged", "vowed", "told", "called", "assumed", "envisaged", "assured",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Every branch of <see cref="QuotedHistory"/> ends on (or starts with) one of its verbs.</summary>
    internal static bool MayBeQuotedHistory(string s) =>
        s.AsSpan().ContainsAny(QuotedHistoryVerbs) || s.AsSpan().ContainsAny(CaseFoldingLetters);

    /// <summary>
    /// A past forecast reported as history: made in a year before publication, "years ago" or "at the time", and no
    /// present forecast beside it ("still expects", "now forecasts", "will" outside the reported clause).
    /// </summary>
    private static bool IsQuotedHistory(string s, PartialDate published)
    {
        if (!s.AsSpan().ContainsAny(Digits) && !s.Contains("ago", StringComparison.OrdinalIgnoreCase)
            && !s.Contains("time", StringComparison.OrdinalIgnoreCase) && !s.Contains("back", StringComparison.OrdinalIgnoreCase)
            && !s.Contains("last", StringComparison.OrdinalIgnoreCase)
            && !s.StartsWith("in ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!MayBeQuotedHistory(s))
        {
            return false;
        }

        var m = QuotedHistory().Match(s);
        if (!m.Success || (m.Groups["y"].Success && int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) >= published.Year))
        {
            return false;
        }

        return !Bounded(() => StillForecasting().IsMatch(s));
    }

    [GeneratedRegex(@"\b(?:still|now|continues?\s+to|stands?\s+by|maintains?)\s+(?:\w+\s+)?"
        + @"(?:expects?|predicts?|forecasts?|projects?|sees?|believes?)\b"
        + @"|\b(?:expects|predicts|forecasts|projects)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex StillForecasting();

    /// <summary>A guidance change reported as news with no new level after it and no other forecast in the sentence.</summary>
    private static bool IsGuidanceNews(string s)
    {
        if (!s.AsSpan().ContainsAny(GuidanceWords))
        {
            return false;
        }

        var m = GuidanceChange().Match(s);
        if (!m.Success)
        {
            return false;
        }

        if (m.Groups["met"].Success)
        {
            return true; // "has now met its FY26 guidance of 31%": a target reached, reported
        }

        var after = s[(m.Index + m.Length)..];
        var firstBreak = after.IndexOfAny([',', ';']);
        var clause = firstBreak < 0 ? after : after[..firstBreak];
        if (Bounded(() => NewLevel().IsMatch(clause) || LevelOf().IsMatch(clause)))
        {
            return false; // "raised its guidance to £410m", "kept its outlook of 3% growth"
        }

        var rest = s[..m.Index] + " " + after;
        return !Bounded(() => ForwardCue().IsMatch(rest));
    }

    /// <summary>"kept its outlook of 3% growth", "at 2.1%": the level right after the forecast's noun.</summary>
    [GeneratedRegex(@"^\s*(?:of|at)\s+[$\u20AC\u00A3]?\d", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex LevelOf();

    private static readonly SearchValues<string> GuidanceWords = SearchValues.Create(
        ["guidance", "outlook", "forecast", "projection", "target", "estimate", "expectation"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The parts of a sentence split at <see cref="ValueBreak"/> that each hold a value of their own (not a baseline,
    /// not a past fact): two or more, or none. The part index is kept for the confidence (later parts rank lower).
    /// </summary>
    private static List<(int Start, int End, Quantity Quantity, int Part)> ValueParts(string s, bool[] masked)
    {
        var parts = new List<(int Start, int End, Quantity Quantity, int Part)>();
        if (!s.Contains(',', StringComparison.Ordinal) && !s.Contains(';', StringComparison.Ordinal))
        {
            return parts;
        }

        var cuts = new List<int> { 0 };
        foreach (Match b in ValueBreak().Matches(s))
        {
            cuts.Add(b.Index);
        }

        if (cuts.Count < 2)
        {
            return parts;
        }

        cuts.Add(s.Length);
        var trapDropped = false;
        for (var k = 0; k + 1 < cuts.Count; k++)
        {
            var (from, to) = (cuts[k], cuts[k + 1]);
            var part = s[from..to];
            var mask = masked.AsSpan(from, part.Length + 1).ToArray();
            if (IsTrapPart(part))
            {
                trapDropped = true; // "Our previous forecast was $11,500/t; we now see $12,500/t": the old level is no proposal
                continue;
            }

            if (QuantityReader.OnlyBaselines(part, mask) || QuantityReader.Read(part, mask, -1, -1) is not { } q)
            {
                continue;
            }

            if (k > 0 && FirstCue(part, out _) is null && Bounded(() => PastTense().IsMatch(part)))
            {
                continue; // ", while sales fell 3% last year": a past fact beside the forecast
            }

            parts.Add((from, to, q, parts.Count));
        }

        var distinct = parts.Select(static p => (p.Quantity.Value, p.Quantity.Low, p.Quantity.Unit)).Distinct().Count();
        return (parts.Count >= 2 && distinct >= 2) || (trapDropped && parts.Count >= 1) ? parts : [];
    }

    /// <summary>The first match's trimmed text, or null (also when the pattern runs out of time).</summary>
    private static string? FirstMatch(Regex rx, string s)
    {
        try
        {
            var m = rx.Match(s);
            return m.Success ? m.Value.Trim() : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static bool MayBeRevision(string s) => s.AsSpan().ContainsAny(RevisionWords) || s.AsSpan().ContainsAny(CaseFoldingLetters);

    private static bool MayBeScheduled(string s) => s.AsSpan().ContainsAny(ScheduledWords) || s.AsSpan().ContainsAny(CaseFoldingLetters);

    /// <summary>Each of <see cref="ScheduledReleaseWords"/> starts a word in the pattern: "out" in "about" cannot match.</summary>
    internal static bool MayBeScheduledRelease(string s) =>
        WordStart.ContainsAny(s, ScheduledReleaseWords) || s.AsSpan().ContainsAny(CaseFoldingLetters);

    private static bool BareModal(string words) =>
        words.ToLowerInvariant() is "will" or "would" or "could" or "may" or "might" or "should" or "shall" or "won't" or "will not"
            or "is going to" or "are going to" or "possibly" or "perhaps" or "potentially";

    /// <summary>A publication named right after a month: "September outlook", "June Statement on Monetary Policy".</summary>
    [GeneratedRegex(@"^\s*(?:\d{4}\s+)?(?:\w+\s+)?(?:outlook|forecasts?|projections?|statement|report|estimates?|update|survey|round|"
        + @"edition|release|bulletin|review|assessment|baseline)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex DocumentAfter();

    [GeneratedRegex(@"\b(?:its|the|our|their|his|her)\s+(?:\w+\s+){0,2}(?:outlook|forecasts?|projections?|statement|report|estimates?|"
        + @"update|survey|round|edition|release|bulletin|review|assessment|baseline)$", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex DocumentTail();

    [GeneratedRegex(@"\b(?:in|by|until|before|from)\s+(?:early\s+|late\s+|mid-?)?(?:january|february|march|april|may|june|july|august|"
        + @"september|october|november|december)\b(?!\s*,?\s*(?:19|20)\d\d)", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex MonthWithoutYear();

    /// <summary>A forecast cue in the past tense: "was expected to", "were projected to", "was likely to".</summary>
    [GeneratedRegex(@"^(?:was|were)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastCue();

    /// <summary>A past-tense expectation ending at the cue: "the plant was expected to", "had been forecast to".</summary>
    [GeneratedRegex(@"\b(?:was|were|had\s+been)\s+(?:\w+\s+)?(?:expected|projected|forecast|predicted|anticipated|likely|set|"
        + @"due|scheduled)\s+to$", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastCueBefore();

    /// <summary>The past tense right before a cue: "was estimated at", "were heading for", "was still seen".</summary>
    [GeneratedRegex(@"\b(?:was|were)\s+(?:\w+\s+)?$", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex WasBeforeCue();

    /// <summary>A past perfect: "had been spent", "had priced", "had risen".</summary>
    [GeneratedRegex(@"\bhad\s+(?:not\s+|already\s+|been\s+)*(?:[a-z]+ed|spent|seen|put|risen|fallen|grown|been|given|hit|met|set|"
        + @"taken|made|sold|won|lost|cut|paid)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PastPerfect();

    [GeneratedRegex(@"^(?:early\s+|late\s+|mid-?)?(?:in\s+|by\s+|until\s+|before\s+)?(?:early\s+|late\s+|mid-?|the\s+end\s+of\s+)?"
        + @"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter)[a-z]*\.?$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex YearlessMonth();

    private static bool IsYearlessMonth(string text) => Bounded(() => YearlessMonth().IsMatch(text.Trim()));

    /// <summary>
    /// Counterfactuals and undated hypotheticals: "Had the tariffs not been raised, we would ...", "If X had ..., Y
    /// would have ...", "Without a policy response, inflation would ...", and nowcasts ("would win 311 seats if an
    /// election were held tomorrow").
    /// </summary>
    [GeneratedRegex(@"^[""\u201C']?had\s+[^,.;]{3,120},[^.;]*\bwould\b"
        + @"|\bif\b[^,.;]{0,120}\bhad\s+(?:not\s+|n['\u2019]t\s+)?(?:been\s+)?\w+[^.;]*\bwould\s+(?:not\s+)?have\b"
        + @"|\bwould\s+(?:not\s+)?have\s+\w+[^.;]*\bif\b[^.;]{0,120}\bhad\b"
        + @"|^[""\u201C']?(?:\w+\s+(?:noted|said|warned|argued)\s+that,?\s+)?(?:without|absent|but\s+for|in\s+the\s+absence\s+of)\s+"
            + @"[^,.;]{3,80},[^.;]*\bwould\b"
        + @"|\b(?:members|they|analysts|economists|officials)\s+(?:noted|said|warned|argued)\s+that,?\s+(?:without|absent|but\s+for)\s+"
            + @"[^,.;]{3,80},[^.;]*\bwould\b"
        + @"|\bif\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:election|referendum|vote|ballot)s?\s+(?:were|was)\s+(?:to\s+be\s+)?(?:held|called|"
            + @"taking\s+place)\b(?![^.;]{0,30}\b(?:19|20)\d\d)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Counterfactual();

    private static readonly SearchValues<string> CounterfactualWords = SearchValues.Create(
        ["had", "without", "absent", "but for", "absence", "election", "referendum", "vote", "ballot"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>A counterfactual, or a hypothetical ("would") sentence in a paragraph that opened with a nowcast.</summary>
    private static bool IsCounterfactual(string s, ParagraphState state)
    {
        if ((s.AsSpan().ContainsAny(CounterfactualWords) || s.AsSpan().ContainsAny(CaseFoldingLetters))
            && Bounded(() => Counterfactual().IsMatch(s)))
        {
            state.Nowcast = true;
            return true;
        }

        // "Labour would be reduced to 144 MPs, the model suggests": the nowcast goes on, with no date of its own.
        return state.Nowcast && s.Contains("would", StringComparison.OrdinalIgnoreCase)
            && !s.Contains("will", StringComparison.OrdinalIgnoreCase) && !s.AsSpan().ContainsAny(YearDigits);
    }

    private static readonly SearchValues<string> YearDigits = SearchValues.Create(["19", "20"], StringComparison.Ordinal);

    /// <summary>A betting or sign-up advert: "Bet £10 get £40 in free bets - 18+, T&amp;Cs apply".</summary>
    [GeneratedRegex(@"\bfree\s+bets?\b|\bT\s*&\s*Cs?\b|\b18\+|\bbegambleaware\b|\bgamble\s*aware\b|\bnew\s+customers\s+only\b|"
        + @"\bbet\s+[$\u20AC\u00A3]\s?\d+\s+(?:and\s+)?get\b|\bpromo(?:tion(?:al)?)?\s+code\b|\bsign[-\s]up\s+(?:offer|bonus)\b|"
        + @"\bplease\s+gamble\s+responsibly\b|\bwhen\s+you\s+stake\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Advert();

    private static readonly SearchValues<string> AdvertWords = SearchValues.Create(
        ["bet", "t&c", "t & c", "18+", "aware", "customers", "promo", "sign", "gamble", "stake"], StringComparison.OrdinalIgnoreCase);

    private static bool IsAdvert(string s) =>
        (s.AsSpan().ContainsAny(AdvertWords) || s.AsSpan().ContainsAny(CaseFoldingLetters)) && Bounded(() => Advert().IsMatch(s));

    private sealed class ParagraphState
    {
        /// <summary>The paragraph opened with a nowcast or counterfactual: its later "would" sentences go on with it.</summary>
        public bool Nowcast { get; set; }

        public bool Verdict { get; set; }

        public bool Outlook { get; set; }

        public bool HadCandidate { get; set; }

        /// <summary>The candidate read from the sentence just before, if it was one (what "This will ..." points at).</summary>
        public PredictionCandidate? Previous { get; set; }

        /// <summary>A list's lead-in ("By 2035, the share of renters will be:"): its horizon and cue carry over to the items.</summary>
        public LeadIn? LeadIn { get; set; }

        /// <summary>A forecast question just asked ("Q: Where will rates be by end-2027?"): the next sentence answers it.</summary>
        public LeadIn? Question { get; set; }

        /// <summary>The sentence just before (its horizon may date a sentence that has none).</summary>
        public string? PreviousText { get; set; }
    }

    /// <summary>What a paragraph hands to the next one: a nowcast that goes on, a forecast question not yet answered.</summary>
    internal sealed record ParagraphCarry(bool Nowcast, LeadIn? Question);

    /// <summary>What a lead-in line gives the lines under it: a horizon, a forecast cue, an event condition.</summary>
    internal sealed record LeadIn(string Text, Horizon? Horizon, bool Forecast, string? Event);

    private static ParagraphCarry? ReadParagraph(string text, Span line, PartialDate published, bool outlookSection,
        List<PredictionCandidate> output, LeadIn? leadIn = null, ParagraphCarry? carry = null)
    {
        var sentences = TextSegmenter.Sentences(text, line);
        if (sentences.Count == 0)
        {
            return null;
        }

        var first = text.Substring(sentences[0].Start, sentences[0].Length);
        var state = new ParagraphState
        {
            Verdict = Bounded(() => VerdictLabel().IsMatch(first) || (outlookSection && NumberedItem().IsMatch(first))),
            Outlook = outlookSection || Bounded(() => OutlookLead().IsMatch(first)) || leadIn is { Forecast: true },
            LeadIn = leadIn,
            Nowcast = carry?.Nowcast ?? false,
            Question = carry?.Question,
        };

        for (var n = 0; n < sentences.Count; n++)
        {
            var sentence = sentences[n];
            if (n == 0 && sentences.Count >= 2 && Bounded(() => IsTitleSentence(text.Substring(sentence.Start, sentence.Length),
                    text.Substring(sentences[1].Start, sentences[1].Length))))
            {
                continue; // "Phones stall. Global shipments will grow no more than 2%.": the item's title
            }

            List<PredictionCandidate>? found;
            var asked = state.Question;
            state.Question = null;
            try
            {
                var sentenceText = text.AsSpan(sentence.Start, sentence.Length).TrimEnd();
                if (sentenceText.Length > 0 && sentenceText[^1] == '?')
                {
                    state.Question = ForecastQuestion(sentenceText.ToString(), published); // "Q: Where will rates be by end-2027?"
                }

                if (asked is not null && VerblessAnswer(text, sentence, asked) is { } answer)
                {
                    found = [answer]; // "A: Around 3%."
                }
                else if (asked is not null)
                {
                    var saved = state.LeadIn;
                    state.LeadIn = asked; // "A: I think they will be around 3%": dated by the question
                    found = ReadSentence(text, sentence, published, state);
                    state.LeadIn = saved;
                }
                else
                {
                    found = ReadSentence(text, sentence, published, state);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                found = null; // a pathological sentence is skipped, never allowed to hang the run
            }

            found = Elliptical(text, sentence, published, state.Previous, found); // "Edmonton, 6 per cent." after a forecast
            state.PreviousText = text.Substring(sentence.Start, sentence.Length);

            if (found is null || found.Count == 0)
            {
                state.Previous = null; // "This" in the next sentence points at a non-prediction
                continue;
            }

            if (ReferenceEquals(found[0], Elaboration))
            {
                continue; // it still points at the same prediction: keep Previous for the next "This ..."
            }

            state.HadCandidate = true;
            state.Previous = found[^1];
            output.AddRange(found);
        }

        return new ParagraphCarry(state.Nowcast, state.Question);
    }

    private static List<PredictionCandidate>? ReadSentence(string text, Span sentence, PartialDate published, ParagraphState state)
    {
        var raw = text.AsSpan(sentence.Start, sentence.Length);
        if (raw[^1] == '?' || raw.Length < 12 || raw.Length > 1500 || (state.LeadIn is null && !MayBeForecast(raw))
            || BoilerplateDetector.IsForeign(raw))
        {
            return null;
        }

        // Drop a leading label ("Prediction 3:", "What to watch next:", "Data Takeaway:") or dateline: not part of the claim.
        var start = sentence.Start;
        var s = raw.ToString();
        var source = state.Verdict ? CandidateSource.Verdict : state.Outlook ? CandidateSource.Outlook : CandidateSource.Prose;
        var label = VerdictLabel().Match(s);
        if (!label.Success)
        {
            label = NumberedItem().Match(s);
        }

        if (!label.Success)
        {
            label = OutlookLead().Match(s);
        }

        if (!label.Success)
        {
            label = Dateline().Match(s);
        }

        if (!label.Success)
        {
            label = ShortLabel().Match(s);
        }

        if (label.Success && label.Groups["date"].Success && s[label.Length..].Trim().Length < 4)
        {
            return null; // "Berlin, 18 November 2026 (DNA-English)": a dateline alone, the publication date
        }

        if (label.Success && label.Length < s.Length)
        {
            var skip = label.Length;
            while (skip < s.Length && char.IsWhiteSpace(s[skip]))
            {
                skip++;
            }

            start += skip;
            s = s[skip..];
        }

        if (s.Length < 8 || WhQuestion().IsMatch(s) || (MayBeScheduled(s) && Scheduled().IsMatch(s)) || IsAdvert(s)
            || IsTrapLine(s)
            || IsRoleTrap(s)
            || IsCounterfactual(s, state)
            || (MayBeScheduledRelease(s) && ScheduledRelease().IsMatch(s))
                || (MayBeRevision(s) && Revision().IsMatch(s) && !NewLevel().IsMatch(s)))
        {
            return null;
        }

        var cue = FirstCue(s, out var reportedCue);
        cue ??= PastTenseGuidance(s, published); // "Members saw inflation returning to 2% by 2028", "the staff projected ..."
        if (cue is not null && PastExpectation().Match(s) is { Success: true } past && past.Index <= cue.Index + cue.Length
            && past.Index + past.Length >= cue.Index)
        {
            cue = null; // "Wall Street had expected $3.05 billion", "as expected by all 24 economists"
        }

        if (IsPastPromiseOrJudgedForecast(s))
        {
            return null; // "promised in her first Budget that the target was ...", "forecasts a year ago overestimated ..."
        }

        if (cue is not null && IsQuotedHistory(s, published))
        {
            return null; // "In 2019 I predicted the coalition would collapse by 2028": a past forecast, reported
        }

        if (cue is not null && IsGuidanceNews(s))
        {
            return null; // "raised its full-year guidance after sales rose 6.4%": a change reported, no new level
        }

        if (cue is null && ScheduleCue().Match(s) is { Success: true } schedule)
        {
            cue = schedule;
        }

        var conditionSpan = FindConditionSpan(s);
        (string? condition, bool conditionNegated) =
            conditionSpan is { } cs0 ? ConditionWords(s[cs0.Start..cs0.End].Trim()) : (null, false);
        var estimate = EstimativeLanguage.Read(s);
        if (cue is null && estimate is { Stated: true } && Bounded(() => PastPerfect().IsMatch(s)))
        {
            return null; // "Futures had priced a 90 per cent chance of today's cut": a past reading of the odds
        }

        if (cue is null && estimate is { Stated: true })
        {
            // "We see a 60% chance of two more cuts before year-end": a stated probability is itself a forecast.
            cue = Match.Empty;
        }

        if (cue is null && Bounded(() => (condition is null && PastTense().IsMatch(s)) || Normative().IsMatch(s)))
        {
            return null; // "Net debt fell to £1.1bn at the end of 2025", "emissions must fall 42% by 2030": not forecasts
        }

        var horizons = HorizonParser.FindAll(s, published).ToList();
        AddContextHorizons(s, horizons, published); // "this time next year", "December to February", "this season"
        if (IsBareHorizon(s, horizons))
        {
            return null; // "By year's end.": a fragment with nothing but its date
        }

        FiscalSplitYears(text, s, horizons, published); // "in 2025-26" in an article whose years end 30 June

        // "after 0.7% in its September outlook": the month names a publication, not the claim's date.
        horizons.RemoveAll(h =>
            Bounded(() => DocumentAfter().IsMatch(s[(h.Start + h.Length)..]) || DocumentTail().IsMatch(h.Horizon.Text)));
        AddEventHorizons(s, horizons, published); // "at its Dec. 15-16 meeting", "win the 2029 general election"

        // "was expected to start production in June": under a past-tense cue a month without a year is behind us.
        if (cue is { Success: true }
            && Bounded(() => PastCue().IsMatch(cue.Value) || PastCueBefore().IsMatch(s[..(cue.Index + cue.Length)])))
        {
            var yearless = horizons.RemoveAll(static h => IsYearlessMonth(h.Horizon.Text))
                + (Bounded(() => MonthWithoutYear().IsMatch(s[(cue.Index + cue.Length)..])) ? 1 : 0);
            if (!horizons.Any(static h => !h.Horizon.EndsBeforePublication)
                && (yearless > 0 || Bounded(() => PastPerfect().IsMatch(s[(cue.Index + cue.Length)..]))))
            {
                return null; // "was expected to support investment, and 58 per cent had been spent": a past expectation
            }
        }

        // "In April 2026 the population was estimated at 5.4m", "When we took office in 2023, debt was heading for 50%": a
        // cue in the past tense whose every date is behind us reports a past reading or a past course.
        if (cue is { Success: true, Index: > 0 } && horizons.Count > 0
            && horizons.TrueForAll(static h => h.Horizon.EndsBeforePublication)
            && Bounded(() => WasBeforeCue().IsMatch(s[..cue.Index])))
        {
            return null;
        }

        // "We predicted that prices would fall below $80,000": the writer's past call, no date of it still ahead.
        if (cue is not null && horizons.TrueForAll(static h => h.Horizon.EndsBeforePublication)
            && (s.Contains("we ", StringComparison.OrdinalIgnoreCase) || s.Contains("i ", StringComparison.OrdinalIgnoreCase))
            && Bounded(() => OwnPastCall().IsMatch(s) && !StillForecasting().IsMatch(s)))
        {
            return null;
        }

        // "Should mortgage rates fall below 4% by the summer, prices would rise 7%": the condition's date and number are
        // the condition's own (ConditionSpec), not the claim's.
        // When the claim has no date of its own, the condition's is the claim's too (as the curated seeds have it).
        HorizonMatch? conditionHorizon = null;
        if (conditionSpan is { } span)
        {
            static bool Inside(HorizonMatch h, (int Start, int End) c) => h.Start >= c.Start && h.Start + h.Length <= c.End;
            conditionHorizon = horizons.FirstOrDefault(h => Inside(h, span));
            if (horizons.Any(h => !Inside(h, span)))
            {
                horizons.RemoveAll(h => Inside(h, span));
            }
        }

        // "within two years of the election": counted from an event, not from publication.
        string? eventCount = null;
        horizons.RemoveAll(h =>
        {
            if (h.Horizon.Kind == HorizonKind.Duration && Bounded(() => CountedFromEvent().IsMatch(s[(h.Start + h.Length)..])))
            {
                eventCount ??= h.Horizon.Text;
                return true;
            }

            return false;
        });
        // "After rising 3.1% last year, output is forecast to grow 2.4% in 2027": the past fact's number and dates are not
        // the forecast's.
        var horizonMask = new bool[s.Length + 1];
        foreach (var h in horizons)
        {
            Array.Fill(horizonMask, true, h.Start, h.Length);
        }

        var pastFacts = PastFactSpans(s, horizons, cue, horizonMask);
        var future = horizons.Where(h => !h.Horizon.EndsBeforePublication && !pastFacts.Any(p => h.Start >= p.Start && h.Start < p.End))
            .ToList();
        var dated = future.FirstOrDefault(static h => h.Horizon.Kind != HorizonKind.Date) ?? future.FirstOrDefault();
        var cueless = false;
        if (cue is null && condition is null && !state.Outlook)
        {
            // "Heat pumps make up half of sales in 2035": a present-tense outlook with a date still ahead.
            dated = future.FirstOrDefault(static h => !h.Horizon.Relative && h.Horizon.Kind != HorizonKind.Date);
            if (dated is null)
            {
                return null;
            }

            cueless = true;
        }

        var leadHorizon = dated is null && state.LeadIn?.Horizon is { } lh ? lh : null;
        if (dated is null && leadHorizon is null && horizons.Count == 0 && cue is { Success: true, Length: > 0 } && condition is null
            && QuantityReader.ValueSpans(s, horizonMask).Count > 0)
        {
            leadHorizon = CarriedHorizon(state.PreviousText, published); // "... its outlook for 2028. It expects growth of 1.9%."
        }

        var unplaced = dated is null && leadHorizon is null ? HorizonParser.FindUnplaced(s, published).FirstOrDefault() : null;
        var vague = dated is null && leadHorizon is null && unplaced is null ? HorizonParser.FindVague(s).FirstOrDefault() : null;
        var eventHorizon = FirstMatch(EventHorizon(), s) ?? FirstMatch(EventAnchor(), s);
        if (cue is null && dated is null && Bounded(() => PresentState().IsMatch(s)))
        {
            return null; // "Robotaxis now run in seven cities": today's state under an outlook, not a forecast
        }

        if (cue is null && dated is null && leadHorizon is null && !(state.LeadIn is { Forecast: true }))
        {
            return null; // a conditional or an outlook sentence needs a horizon to be a prediction
        }

        // "X will happen by 2027. This will add costs.": with no horizon of its own, a sentence about "this" spells
        // out the previous prediction and is not another one, unless its verb names a new event ("This will lead to
        // a recall"), which is then kept, dated by an editor, and tied to the prediction it follows from.
        string? followsFrom = null;
        if (state.Previous is { } previous && dated is null && AnaphoricSubject().Match(s) is { Success: true } anaphor)
        {
            if (!anaphor.Groups["cause"].Success)
            {
                return [Elaboration];
            }

            followsFrom = "Follows from the previous prediction: " + previous.Claim;
        }

        var masked = new bool[s.Length + 1];
        foreach (var h in horizons)
        {
            Array.Fill(masked, true, h.Start, h.Length);
        }

        if (vague is not null)
        {
            Array.Fill(masked, true, vague.Start, vague.Length);
        }

        if (unplaced is not null)
        {
            Array.Fill(masked, true, unplaced.Start, unplaced.Length);
        }

        foreach (var (pastStart, pastEnd) in pastFacts)
        {
            Array.Fill(masked, true, pastStart, pastEnd - pastStart);
        }

        // "$10 billion higher than last month's", "raised its forecast by 15 billion yen to 410 billion yen": a difference is
        // not a level; a sentence with no other value is a revision reported, not a forecast.
        var differences = DifferenceSpans(s);
        if (differences.Count > 0)
        {
            var values = QuantityReader.ValueSpans(s, masked);
            if (values.Count > 0 && values.TrueForAll(v => differences.Exists(d => v.Index >= d.Start && v.Index < d.End)))
            {
                return null;
            }

            foreach (var (dStart, dEnd) in differences)
            {
                Array.Fill(masked, true, dStart, dEnd - dStart);
            }
        }

        CandidateCondition? conditionDetail = null;
        if (conditionSpan is { } cspan && condition is not null)
        {
            conditionDetail = ReadCondition(s, cspan, condition, conditionNegated, conditionHorizon, masked);
            Array.Fill(masked, true, cspan.Start, cspan.End - cspan.Start);
        }

        var weak = cue is not null && WeakCue().IsMatch(cue.Value) && (estimate is null || estimate.Probability <= 0.5);

        // With no horizon at all, a bare modal ("this could mean", "it will be fraught") is commentary; a forecasting
        // verb, a stated probability, a number after will/would/should, or a list or outlook context make it a claim.
        var speculative = false;
        string? noDateReason = null;
        if (dated is null && leadHorizon is null && unplaced is null && eventHorizon is null && eventCount is null
            && source != CandidateSource.Verdict && state.LeadIn is null)
        {
            // A conditional with only a bare modal and no date or number ("If xAI adopts this approach, it could
            // democratize safety research") stays commentary, as the curated seeds have it.
            var strong = reportedCue || ForecastVerb().IsMatch(s) || estimate is { Stated: true };
            var hedged = cue is not null && !weak || estimate is { } e && !BareModal(e.Words);
            var withNumber = hedged && QuantityReader.Read(s, masked, -1, -1) is not null;
            speculative = (!strong && !withNumber) || Bounded(() => IndirectQuestion().IsMatch(s));

            // "Prices may climb to 5% if the drought persists": a conditional with a value of its own, undated.
            if (speculative && condition is not null && cue is { Success: true, Length: > 0 }
                && QuantityReader.Read(s, masked, -1, -1) is not null && !Bounded(() => IndirectQuestion().IsMatch(s)))
            {
                speculative = false;
                noDateReason = "A conditional forecast with no date in the sentence: give it one (and the condition's).";
            }
        }

        var common = new SentenceFacts(s, start, source, cue, weak, cueless, estimate, condition ?? followsFrom, eventHorizon, eventCount,
            vague, unplaced, state, speculative)
        {
            ConditionDetail = conditionDetail,
            NoDateReason = noDateReason,
        };

        // "2.1% and 1.8% in 2027 and 2028 respectively": the n-th value with the n-th date.
        if (ReadRespectively(common, s, horizons, masked, published,
                dated ?? (leadHorizon is null ? null : new HorizonMatch(-1, 0, leadHorizon))) is { } paired)
        {
            return paired;
        }

        // One sentence, many forecasts: "2.1% in 2026, 1.9% in 2027 and 2.0% in 2028"; "Spain by 2031, Italy by 2034".
        var segments = Segments(s, future, published);
        if (segments.Count == 1)
        {
            dated = segments[0].Horizon; // two horizons that make one window
        }

        if (segments.Count >= 2)
        {
            var list = new List<PredictionCandidate>();
            var head = HeadBeforeFirstValue(s, segments[0], masked);
            for (var k = 0; k < segments.Count; k++)
            {
                var (segStart, segEnd, horizon) = segments[k];
                var seg = s[segStart..segEnd];
                var segMask = masked.AsSpan(segStart, seg.Length + 1).ToArray();
                if (QuantityReader.OnlyBaselines(seg, segMask) || IsTrapPart(seg))
                {
                    continue; // "rises from 100 percent of GDP in 2026": the starting point
                }

                var q = QuantityReader.Read(seg, segMask, -1, -1);
                var core = SegmentConnector().Replace(seg, "", 1);
                var coreStart = segEnd - core.Length;
                var claimText = k == 0 || head is null || core.Length == 0 || char.IsUpper(core[0]) && !StartsWithValue(core) ? core
                    : head + core;
                if (k > 0 && q is null && core.Length > 0 && char.IsUpper(core[0]))
                {
                    claimText = core + " (as in: " + s[segments[0].Start..segments[0].End].Trim() + ")";
                }

                list.Add(Build(common, k == 0 ? 0 : coreStart, segEnd, q, horizon, claimText, -1, k));
            }

            if (list.Count > 0)
            {
                return list;
            }
        }

        // One horizon, several values: "15 to 21 named storms this season, of which seven to 11 could become hurricanes".
        if (ValueParts(s, masked) is { Count: >= 1 } valueParts)
        {
            var list = new List<PredictionCandidate>();
            var firstPart = (valueParts[0].Start == 0 ? s[..valueParts[0].End] : s[..valueParts[0].Start]).Trim();
            foreach (var (from, to, q, k) in valueParts)
            {
                var part = s[from..to];
                var core = SegmentConnector().Replace(part, "", 1);
                var coreStart = to - core.Length;
                var inside = dated is null || (dated.Start >= from && dated.Start + dated.Length <= to);
                var claimText = from == 0 ? part : core + (inside ? "" : " (as in: " + firstPart.TrimEnd('.', ',', ';') + ")");
                var at = from == 0 && dated is not null && inside ? dated.Start - from : -1;
                var horizonMatch0 = dated ?? (leadHorizon is null ? null : new HorizonMatch(-1, 0, leadHorizon));
                list.Add(Build(common, from == 0 ? 0 : coreStart, to, q, horizonMatch0, claimText, at, k));
            }

            return list;
        }

        if (Bounded(() => GuidanceChange().Match(s) is { Success: true, Index: > 0 } g && !g.Groups["met"].Success
            && NewLevel().IsMatch(s[(g.Index + g.Length)..])))
        {
            // "cut the repo rate by 25 basis points to 5.25 per cent and raised its forecast for growth to 7.3 per cent":
            // the past fact's numbers come first, the forecast's value is the one after the guidance change.
            var g = GuidanceChange().Match(s);
            Array.Fill(masked, true, 0, g.Index);
        }

        var quantity = QuantityReader.Read(s, masked, cue is { Success: true } ? cue.Index : -1,
            cue is { Success: true } ? cue.Index + cue.Length : -1);
        var horizonMatch = dated ?? (leadHorizon is null ? null : new HorizonMatch(-1, 0, leadHorizon));
        return [Build(common, 0, s.Length, quantity, horizonMatch, s, horizonMatch?.Start ?? -1, 0)];
    }

    private sealed record SentenceFacts(
        string Sentence,
        int Start,
        CandidateSource Source,
        Match? Cue,
        bool Weak,
        bool Cueless,
        Estimate? Estimate,
        string? Condition,
        string? EventHorizon,
        string? EventCount,
        VagueHorizonMatch? Vague,
        UnplacedHorizonMatch? Unplaced,
        ParagraphState State,
        bool Speculative)
    {
        public CandidateCondition? ConditionDetail { get; init; }

        /// <summary>Why a claim with no horizon at all is proposed undated (a conditional with a value).</summary>
        public string? NoDateReason { get; init; }
    }

    /// <summary>
    /// A condition that holds when its event does NOT happen: "unless X", "barring X", "absent X", "in the absence of
    /// X", "if X does not / fails to / is not Y". <c>x</c> is the event (or <c>subj</c> and <c>rest</c> around the
    /// negation), <c>neg</c> the negation (which decides how the verb is written back in the positive).
    /// </summary>
    [GeneratedRegex(@"^(?:unless|barring|absent|in\s+the\s+absence\s+of)\s+(?<x>.+)$"
        + @"|^(?:if|provided\s+that|providing\s+that|as\s+long\s+as|so\s+long\s+as|assuming\s+that|in\s+the\s+event\s+that|"
            + @"on\s+condition\s+that)\s+(?<subj>[^,;]+?)\s+(?<neg>does\s+not|doesn['\u2019]t|fails\s+to|do\s+not|don['\u2019]t|"
            + @"fail\s+to|did\s+not|didn['\u2019]t|failed\s+to|is\s+not|isn['\u2019]t|are\s+not|aren['\u2019]t|cannot|can['\u2019]t|"
            + @"will\s+not|won['\u2019]t)\s+(?<rest>.+)$",
        Options | RegexOptions.Singleline, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex NegatedCondition();

    /// <summary>
    /// The condition's words, and whether it is negated. A negated condition is written as the event itself ("unless
    /// the strike ends" -> "the strike ends", "if La Ni\u00F1a fails to develop" -> "La Ni\u00F1a develops"), so the desk is
    /// never asked a double negative; <c>ConditionSpec.Negated</c> says it holds when that did not happen.
    /// </summary>
    private static (string Words, bool Negated) ConditionWords(string clause)
    {
        var m = Bounded(() => clause.Length < 400) ? NegatedConditionMatch(clause) : null;
        if (m is null)
        {
            return (clause, false);
        }

        if (m.Groups["x"].Success)
        {
            return (m.Groups["x"].Value.Trim(), true);
        }

        var subject = m.Groups["subj"].Value.Trim();
        var rest = m.Groups["rest"].Value.Trim();
        var neg = string.Join(' ', m.Groups["neg"].Value.ToLowerInvariant().Replace('\u2019', '\'').Split(' ',
            StringSplitOptions.RemoveEmptyEntries));
        var positive = neg switch
        {
            "does not" or "doesn't" or "fails to" => ThirdPerson(rest),
            "is not" or "isn't" => "is " + rest,
            "are not" or "aren't" => "are " + rest,
            "cannot" or "can't" => "can " + rest,
            "will not" or "won't" => "will " + rest,
            _ => rest, // "do not", "fail to", "did not", "failed to": the verb as written
        };
        return (subject + " " + positive, true);
    }

    private static Match? NegatedConditionMatch(string clause)
    {
        try
        {
            var m = NegatedCondition().Match(clause);
            return m.Success ? m : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>"develop rapidly" -> "develops rapidly", "reach" -> "reaches", "rally" -> "rallies", "have" -> "has".</summary>
    private static string ThirdPerson(string phrase)
    {
        var space = phrase.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? phrase : phrase[..space];
        var tail = space < 0 ? "" : phrase[space..];
        var lower = verb.ToLowerInvariant();
        var inflected = lower switch
        {
            "have" => "has",
            "be" => "is",
            "do" => "does",
            "go" => "goes",
            _ when lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith('z') || lower.EndsWith("sh", StringComparison.Ordinal)
                || lower.EndsWith("ch", StringComparison.Ordinal) => verb + "es",
            _ when lower.Length > 1 && lower[^1] == 'y' && "aeiou".IndexOf(lower[^2], StringComparison.Ordinal) < 0 => verb[..^1] + "ies",
            _ => verb + "s",
        };
        return inflected + tail;
    }

    /// <summary>
    /// The condition as the scoring side models it (<c>ConditionSpec</c>): its own quantity ("below 4%") and horizon
    /// ("by the summer"). A negated condition ("unless inflation falls below 3%") keeps the quantity of the event it
    /// names, with <see cref="CandidateCondition.Negated"/> set: it holds when that quantity was NOT met.
    /// </summary>
    private static CandidateCondition ReadCondition(
        string s, (int Start, int End) span, string words, bool negated, HorizonMatch? horizon, bool[] sentenceMask)
    {
        var text = s[span.Start..span.End];
        bool[] mask;
        int lead;
        if (negated)
        {
            // Read the event's own words; the condition's horizon (masked in the sentence) is masked in them too.
            text = words;
            mask = new bool[text.Length + 1];
            if (horizon is not null && text.IndexOf(horizon.Horizon.Text, StringComparison.Ordinal) is var at and >= 0)
            {
                Array.Fill(mask, true, at, horizon.Horizon.Text.Length);
            }

            lead = -1;
        }
        else
        {
            mask = sentenceMask.AsSpan(span.Start, text.Length).ToArray();
            Array.Resize(ref mask, text.Length + 1);
            lead = text.IndexOf(' ', StringComparison.Ordinal); // "if", "should", "provided": not part of the metric
        }

        var q = QuantityReader.Read(text, mask, lead > 0 ? 0 : -1, lead > 0 ? lead : -1);
        if (q is { Kind: CandidateKind.Threshold } && (q.Metric is null || q.Comparator is null || q.Value is null))
        {
            q = null;
        }
        else if (q is { Kind: CandidateKind.Range } && (q.Metric is null || q.Low is null || q.High is null))
        {
            q = null;
        }

        return new CandidateCondition(words)
        {
            Kind = q?.Kind ?? CandidateKind.Event,
            Metric = q?.Metric,
            Comparator = q?.Comparator,
            Threshold = q?.Value,
            Low = q?.Low,
            High = q?.High,
            Unit = q?.Unit,
            Horizon = horizon?.Horizon.Text,
            ResolveBy = horizon?.Horizon.ResolveBy,
            RelativeHorizon = horizon?.Horizon.Relative ?? false,
            Negated = negated,
        };
    }

    /// <summary>
    /// One candidate from a sentence or a part of it. <paramref name="from"/>..<paramref name="to"/> is the quote
    /// inside the sentence; <paramref name="claimText"/> is what the claim is written from, and
    /// <paramref name="horizonAt"/> where the horizon sits in it (-1 when it came from a lead-in).
    /// </summary>
    private static PredictionCandidate Build(SentenceFacts f, int from, int to, Quantity? quantity, HorizonMatch? dated, string claimText,
        int horizonAt, int part)
    {
        var s = f.Sentence;
        var h0 = dated?.Horizon;
        var undatedReason = f.Unplaced?.Reason;
        string? condition = f.Condition;
        if (h0 is null && f.EventHorizon is not null)
        {
            condition ??= f.EventHorizon;
            undatedReason ??= $"The horizon is an event ('{f.EventHorizon}'), not a date: give it one when the event is scheduled.";
        }

        if (h0 is null && f.EventCount is not null)
        {
            undatedReason ??= $"'{f.EventCount}' is counted from an event, not from publication: give it a date.";
        }

        if (h0 is null)
        {
            undatedReason ??= f.NoDateReason;
        }

        var confidence = 0.45;
        confidence += h0 is not null ? 0.3 : f.Unplaced is not null ? 0.2 : f.Vague is not null || f.EventHorizon is not null ? 0.1 : 0;
        confidence += f.Source switch
        {
            CandidateSource.Verdict => f.State.HadCandidate ? 0.15 : 0.25, // later sentences of a verdict elaborate on it
            CandidateSource.Outlook => h0 is not null ? 0.15 : 0.05,
            _ => 0,
        };
        confidence += f.Cue is null ? (f.Cueless ? -0.1 : 0) : f.Weak ? 0.05 : 0.1;
        confidence += quantity is not null ? 0.05 : 0;
        confidence += part > 0 ? -0.05 : 0;
        confidence = f.Speculative ? Math.Min(confidence, 0.4) : confidence;
        confidence = Math.Clamp(Math.Round(confidence, 2), 0.05, 0.99);

        HorizonMatch? inClaim = dated is not null && !dated.Horizon.Event && horizonAt >= 0 && horizonAt + dated.Length <= claimText.Length
            && string.Equals(claimText.Substring(horizonAt, dated.Length), dated.Horizon.Text, StringComparison.Ordinal)
            ? dated with { Start = horizonAt }
            : null;
        if (inClaim is null && dated is not null && !dated.Horizon.Event
            && claimText.IndexOf(dated.Horizon.Text, StringComparison.Ordinal) is var at and >= 0)
        {
            inClaim = dated with { Start = at };
        }

        var claim = NormalizeClaim(claimText, inClaim);
        if (dated is not null && inClaim is null)
        {
            claim = claim.TrimEnd('.') + string.Create(CultureInfo.InvariantCulture, $" (by {dated.Horizon.ResolveBy:yyyy-MM-dd}).");
        }

        return new PredictionCandidate
        {
            Quote = s[from..to].TrimEnd(),
            Start = f.Start + from,
            End = f.Start + from + s[from..to].TrimEnd().Length,
            Claim = claim,
            Horizon = h0?.Text ?? f.Unplaced?.Text ?? f.Vague?.Text ?? f.EventHorizon ?? f.EventCount,
            UndatedReason = h0 is null ? undatedReason : null,
            ResolveBy = h0?.ResolveBy,
            Earliest = h0?.Earliest,
            Precision = h0?.Precision,
            EndsBeforePublication = false,
            Kind = quantity?.Kind ?? CandidateKind.Event,
            Metric = quantity?.Metric,
            Comparator = quantity?.Comparator,
            Threshold = quantity?.Value,
            Low = quantity?.Low,
            High = quantity?.High,
            Unit = quantity?.Unit,
            Hedge = f.Estimate?.Words,
            Probability = f.Estimate?.Probability,
            Condition = condition,
            ConditionDetail = f.ConditionDetail is { } detail && condition == detail.Text ? detail : null,
            Confidence = confidence,
            Source = f.Source,
            RelativeHorizon = h0?.Relative ?? false,
        };
    }

    /// <summary>
    /// Splits a sentence at its horizons when it holds several ("2.1% next year and 1.8% in 2028"): each part runs
    /// from the end of the previous horizon to the end of its own. "55,000 the year after" adds a part dated a year
    /// after the horizon before it. Fewer than two parts: the sentence stays whole.
    /// </summary>
    private static List<(int Start, int End, HorizonMatch Horizon)> Segments(string s, List<HorizonMatch> future, PartialDate published)
    {
        var parts = new List<(int, int, HorizonMatch)>();
        if (future.Count == 0)
        {
            return parts;
        }

        // Ranges of horizons ("between 2026 and 2031") are one horizon already; nested ones were merged by FindAll.
        var prevEnd = 0;
        foreach (var h in future)
        {
            parts.Add((prevEnd, h.Start + h.Length, h));
            prevEnd = h.Start + h.Length;
        }

        if (Bounded(() => YearAfter().IsMatch(s)))
        {
            foreach (Match m in YearAfter().Matches(s))
            {
                var rel = m.Groups["rel"];
                var before = future.LastOrDefault(h => h.Start + h.Length <= m.Index);
                if (before is null || !HorizonParser.TryParse(
                    "in " + (before.Horizon.ResolveBy.Year + 1).ToString(CultureInfo.InvariantCulture), published, out var next))
                {
                    continue;
                }

                var hm = new HorizonMatch(rel.Index, rel.Length, next with { Text = rel.Value, Relative = before.Horizon.Relative });
                var at = parts.FindIndex(p => p.Item2 > rel.Index);
                var startAt = at > 0 ? parts[at - 1].Item2 : at == 0 ? 0 : parts[^1].Item2;
                var entry = (startAt, rel.Index + rel.Length, hm);
                if (at < 0)
                {
                    parts.Add(entry);
                }
                else
                {
                    parts.Insert(at, entry);
                    parts[at + 1] = (rel.Index + rel.Length, parts[at + 1].Item2, parts[at + 1].Item3);
                }
            }
        }

        if (parts.Count < 2)
        {
            return [];
        }

        // "from March 2027 to March 2028": the second horizon closes the first one's window. Two horizons for the same
        // date side by side ("in the 2029 election, by the end of 2029") are one.
        var kept = new List<(int Start, int End, HorizonMatch Horizon)>();
        foreach (var p in parts)
        {
            if (kept.Count > 0)
            {
                var prev = kept[^1];
                var words = s[p.Item1..p.Item3.Start].Trim(' ', ',', ';').ToLowerInvariant();
                if (words is "to" or "until" or "through" or "till" or "and" or "-" or "\u2013" or ""
                    && p.Item3.Horizon.ResolveBy > prev.Horizon.Horizon.ResolveBy)
                {
                    var window = p.Item3.Horizon with { Earliest = prev.Horizon.Horizon.Earliest ?? PeriodStart(prev.Horizon.Horizon) };
                    var merged = new HorizonMatch(prev.Horizon.Start, p.Item3.Start + p.Item3.Length - prev.Horizon.Start,
                        window with { Text = s[prev.Horizon.Start..(p.Item3.Start + p.Item3.Length)] });
                    kept[^1] = (prev.Start, p.Item2, merged);
                    continue;
                }

                if (p.Item3.Horizon.ResolveBy == prev.Horizon.Horizon.ResolveBy
                    && words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 3)
                {
                    kept[^1] = (prev.Start, p.Item2, prev.Horizon);
                    continue;
                }
            }

            kept.Add(p);
        }

        if (kept.Count == 1 && kept[0].Horizon.Horizon.Earliest is not null && kept[0].Horizon.Length > future[0].Length)
        {
            return kept; // one window made of two horizons: the caller dates the whole sentence with it
        }

        return kept.Count >= 2 ? kept : [];
    }

    /// <summary>
    /// The words before the first value of the first part ("Inflation is expected to average "), to lead the later
    /// parts' claims.
    /// </summary>
    private static string? HeadBeforeFirstValue(string s, (int Start, int End, HorizonMatch Horizon) first, bool[] masked)
    {
        for (var i = first.Start; i < first.End; i++)
        {
            if (!masked[i] && (char.IsAsciiDigit(s[i]) || s[i] is '$' or '\u20AC' or '\u00A3'))
            {
                var j = i;
                while (j > 0 && s[j - 1] is not ' ')
                {
                    j--;
                }

                return j > 0 ? s[..j] : null;
            }
        }

        return null;
    }

    /// <summary>The first day of the period a horizon's resolve-by date closes ("March 2027" -> 2027-03-01).</summary>
    private static DateOnly PeriodStart(Horizon h) => h.Precision switch
    {
        DatePrecision.Year => new DateOnly(h.ResolveBy.Year, 1, 1),
        DatePrecision.Quarter => new DateOnly(h.ResolveBy.Year, ((h.ResolveBy.Month - 1) / 3 * 3) + 1, 1),
        DatePrecision.Month => new DateOnly(h.ResolveBy.Year, h.ResolveBy.Month, 1),
        _ => h.ResolveBy,
    };

    private static bool StartsWithValue(string core) =>
        core.Length > 0 && (char.IsAsciiDigit(core[0]) || core[0] is '$' or '\u20AC' or '\u00A3' or '+' or '-' or '\u2212');
}
