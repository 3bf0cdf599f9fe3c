using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Proposes the checkable predictions in an article: forward-looking sentences (prose, numbered verdicts,
/// "What to watch" paragraphs) and rows of markdown tables under a forecast column. Pure CPU work, no I/O.
/// Skips past events and reported facts (no forward-looking verb), scheduled events ("will be held on ..."),
/// questions, page boilerplate and text in other languages. All regexes are source-generated with a match timeout: no input can hang it.
/// </summary>
public static partial class PredictionExtractor
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private const string UndatedNotePrefix = "undated at ";

    /// <summary>Every regex is bounded: a match attempt that runs longer than this is abandoned (treated as no match).</summary>
    private const int RegexTimeoutMs = 1000;

    [GeneratedRegex(@"\b(?:will|won['\u2019]t|shall|would\s+(?:wager|bet)|would|could|may|might|should|going\s+to|gonna"
        + @"|(?:is|are|be|being|was|were)\s+(?:widely\s+|now\s+|also\s+)?(?:expected|projected|forecast|predicted|anticipated"
        + @"|likely|unlikely|set|poised|bound|certain|sure|backed|fancied"
        + @"|tipped|on\s+track|on\s+course|favou?red|primed|odds[-\s]on|in\s+line|on\s+pace|destined)\s+to"
        + @"|expects?|expecting|anticipates?|forecasts?|predicts?|projected\s+to|foresees?|likely|unlikely|probably"
        + @"|plans?\s+to|planning\s+to|intends?\s+to|(?:is|are)\s+about\s+to|on\s+track\s+to|poised\s+to|set\s+to)\b"
        + @"|['\u2019]ll\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ForwardCue();

    /// <summary>A reported target date ("has been pushed to Q2 2026", "is slated for 2027"): checkable once dated.</summary>
    [GeneratedRegex(@"\b(?:(?:pushed|put|moved|shifted|delayed|postponed|rescheduled|slipped|brought\s+forward|pulled\s+forward|"
        + @"pushed\s+back)\s+(?:to|until|into|till)|(?:slated|scheduled|targeted|earmarked|pencil?led|timed|planned)\s+for|(?:due|"
        + @"expected)\s+(?:in|by)|target(?:s|ing)?\s+(?:a\s+)?(?:launch|release|completion|date)?\s*(?:of|in|by|for))\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ScheduleCue();

    [GeneratedRegex(@"^(?:could|may|might|would)$", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex WeakCue();

    /// <summary>A calendar listing (a conference, a meeting, a match): the date is a fact, not a forecast.</summary>
    [GeneratedRegex(@"\b(?:(?:will\s+be|is\s+being|to\s+be)\s+held|will\s+take\s+place|takes\s+place|will\s+run\s+from|runs\s+from|"
        + @"will\s+convene|convenes|kicks?\s+off\s+on|doors\s+open|tickets|register\s+(?:now|today|here)|early[-\s]bird|(?:conference|"
        + @"summit|meeting|hearing|festival|expo|webinar|event|match|fixture|race|ceremony|forum|symposium)\s+(?:is|are)\s+(?:scheduled|"
        + @"slated|set|due)\s+(?:for|to\s+(?:take\s+place|begin|start|open|run)))\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Scheduled();

    [GeneratedRegex(@"^(?:(?:our|my|the|bold|final|key)\s+)?(?:prediction|forecast|projection|call|bet|verdict|prognosis|"
        + @"guess)s?\s*(?:#\s*)?(?:\d{1,2}|[ivx]{1,4}|one|two|three|four|five)?\s*[:.)\u2013\u2014-]\s+",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex VerdictLabel();

    [GeneratedRegex(@"^\(?\d{1,2}[.)]\s+", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"^(?:what\s+to\s+watch(?:\s+(?:next|for))?|what(?:['\u2019]s|\s+is|\s+comes)\s+next|looking\s+(?:ahead|forward)|"
        + @"the\s+outlook|outlook|(?:the\s+)?bottom\s+line|watch\s+for|the\s+road\s+ahead)\s*(?:[:,.\u2014\u2013-]|$)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex OutlookLead();

    [GeneratedRegex(@"\b(?:verdict|predictions?|forecasts?|outlook|what\s+to\s+watch|looking\s+ahead|what['\u2019]s\s+next|"
        + @"what\s+comes\s+next|the\s+road\s+ahead|the\s+year\s+ahead)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex OutlookHeading();

    [GeneratedRegex(@"^[A-Z][A-Za-z'\u2019&/ -]{1,30}:\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ShortLabel();

    /// <summary>
    /// A sentence whose subject points back at the previous one ("This will ...", "That move could ...", "It will
    /// also ..."). <c>cause</c> is set when its verb brings in a new event ("This will lead to a recall"): the
    /// consequence can be checked on its own, unlike an elaboration ("This will add costs").
    /// </summary>
    [GeneratedRegex(@"^(?:(?:and|but|so|yet|still|however|moreover|in\s+turn|ultimately|crucially),?\s+)?(?:(?:this|that|these|"
        + @"those)(?:\s+(?!(?:will|would|could|may|might|should|shall|won)\b)[a-z]+)?|it)"
        + @"(?:\s+(?:will|would|could|may|might|should|shall|won['\u2019]t|(?:is|are)\s+(?:likely|expected|set|bound|going)\s+to)|"
            + @"['\u2019]ll)"
        + @"(?:\s+(?:not|also|further|likely|probably|then|in\s+turn|ultimately|eventually|almost\s+certainly|quickly|soon|"
            + @"in\s+all\s+likelihood))*"
        + @"(?:\s+(?<cause>lead\s+to|result\s+in|cause|trigger|spark|prompt|provoke|precipitate|give\s+rise\s+to|culminate\s+in|end\s+in|"
            + @"set\s+off|usher\s+in|bring\s+about)\b)?",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex AnaphoricSubject();

    /// <summary>Column words that make a column a forecast even when its period has passed ("Forecast (2026 Q1)").</summary>
    [GeneratedRegex(@"\b(?:forecasts?|projected|projections?|proj|outlook|targets?|predictions?|predicted|consensus|guidance|scenario)\b|"
        + @"\b(?:FY)?(?:19|20)\d\d\s*[EF]\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ForecastHeader();

    /// <summary>Column words that mean a forecast only for a period still ahead ("2024 Revenue (Est.)" is a past estimate).</summary>
    [GeneratedRegex(@"\b(?:estimated?|estimates|est|expected|expectations?)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex EstimateHeader();

    [GeneratedRegex(@"\b(?<y>(?:19|20)\d\d)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex AnyYear();

    [GeneratedRegex(@"\b(?<y>(?:19|20)\d\d)(?-i:[EFP]|[efp])(?![\w])", RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex MarkedYear();

    [GeneratedRegex(@"^\s*(?:FY\s*)?(?<y>(?:19|20)\d\d)\s*(?<e>[EF]|\(?(?:e|est|f|proj)\.?\)?)?\s*$", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex BareYearHeader();

    [GeneratedRegex(@"\b(?:once|after|following|post|upon|when)[-\s]+(?:the\s+|its\s+|it\s+(?:goes|is|becomes)\s+)?(?:public|ipo|listing|"
        + @"merger|deal\s+closes|election|vote|acquisition|approval|closing|completion|referendum|launch)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex EventAnchor();

    [GeneratedRegex(@"\b(?:the|and|of|to|in|is|will|that|for|it|on|with|as|are|be|by|this|was|from|has)\b", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex EnglishWord();

    private static readonly string[] LeadingMarkers =
    [
        "however, ", "moreover, ", "meanwhile, ", "still, ", "in short, ", "in sum, ", "but ", "and ", "so ", "yet ", "indeed, ",
        "furthermore, ", "additionally, ", "ultimately, ", "instead, ", "crucially, ", "then, ", "thus, ", "therefore, ",
    ];

    /// <summary>The date an article without a publication date is read against: before any horizon it can name.</summary>
    private static readonly PartialDate UnknownPublication = PartialDate.OfDay(new DateOnly(1990, 1, 1));

    /// <summary>
    /// For an article with no known publication date: absolute horizons ("by 2029", "in the first half of 2028") are
    /// dated all the same; relative ones ("next year", "within 12 months", "by September") stay undated with the reason.
    /// In tables, only columns marked as forecasts (2026F, 2025e, "Forecast") are read, since no year can be told past.
    /// </summary>
    public static ExtractionResult Extract(string text, PartialDate? published, ExtractionOptions? options = null)
    {
        if (published is { } p)
        {
            return Extract(text, p, options);
        }

        var result = Extract(text, UnknownPublication, options, known: false);
        var candidates = result.Candidates
            .Select(static c => c.RelativeHorizon || (c.Undated && c.UndatedReason is not null)
                ? c with
                {
                    ResolveBy = null,
                    Earliest = null,
                    Precision = null,
                    EndsBeforePublication = false,
                    UndatedReason = c.Horizon is { } h
                        ? $"'{h.Trim()}' is counted from the publication date, and the article has none: give it a date."
                        : null,
                    ConditionDetail = UndateRelative(c.ConditionDetail),
                }
                : c with { EndsBeforePublication = false, ConditionDetail = UndateRelative(c.ConditionDetail) })
            .ToList();
        var notes = result.Notes.Where(static n => !n.StartsWith(UndatedNotePrefix, StringComparison.Ordinal)).ToList();
        foreach (var c in candidates.Where(static c => c.UndatedReason is not null))
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{UndatedNotePrefix}{c.Start}-{c.End}: {c.UndatedReason}"));
        }

        notes.Add("The article has no publication date: only absolute horizons were dated.");
        return result with { Candidates = candidates, Notes = notes };
    }

    private static CandidateCondition? UndateRelative(CandidateCondition? c) =>
        c is { RelativeHorizon: true } ? c with { ResolveBy = null } : c;

    public static ExtractionResult Extract(string text, PartialDate published, ExtractionOptions? options = null) =>
        Extract(text, published, options, known: true);

    private static ExtractionResult Extract(string text, PartialDate published, ExtractionOptions? options, bool known)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= ExtractionOptions.Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ExtractionResult([], ["The text is empty."]);
        }

        if (text.Length > options.MaxChars)
        {
            return new ExtractionResult([], [string.Create(CultureInfo.InvariantCulture,
                $"The text has {text.Length:N0} characters; the limit is {options.MaxChars:N0}.")]);
        }

        if (LooksBinary(text))
        {
            return new ExtractionResult([], ["The input looks like binary data, not text."]);
        }

        QuantityReader.DecimalComma = QuantityReader.UsesDecimalComma(text); // "0,4 %": this article's numbers are continental
        ArticleSeason = SportSeasons.Detect(text); // "this season" ends when this article's league ends its season
        var lines = TextSegmenter.Lines(text);
        var boiler = BoilerplateDetector.Detect(text, lines, options.ExcludedLines);
        if (!LooksEnglish(text, lines, boiler))
        {
            return new ExtractionResult([], ["The article body is not in English (or has no readable prose): nothing extracted."]);
        }

        var frame = ReadFrame(text, lines, boiler, published, known, options.Title); // the period the article is about
        var candidates = new List<PredictionCandidate>();
        var outlookSection = false;
        LeadIn? leadIn = null;
        ParagraphCarry? carry = null; // a nowcast or a forecast question, from the paragraph before
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (boiler[i] || line.Length == 0 || text.AsSpan(line.Start, line.Length).IsWhiteSpace())
            {
                continue;
            }

            if (MarkdownTableReader.IsTableLine(text, line))
            {
                carry = null;
                var table = MarkdownTableReader.Read(text, lines, i, out var last);
                try
                {
                    if (table is not null)
                    {
                        ReadTable(text, lines, boiler, table, published, known, candidates);
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    // Skip a table whose cells defeat the patterns.
                }

                i = last;
                continue;
            }

            var lineText = text.AsSpan(line.Start, line.Length).Trim();
            var lineString = lineText.ToString();
            try
            {
                var structure = ReadAligned(text, lines, boiler, i, out var lastRow) ?? ReadFlattened(text, lines, boiler, i, out lastRow);
                if (structure is not null)
                {
                    ReadTable(text, lines, boiler, structure, published, known, candidates);
                    i = lastRow;
                    continue;
                }

                if (ReadPeriodRun(text, line, published, known, candidates))
                {
                    continue;
                }

                if (IsItemLine(lineString))
                {
                    if (ItemLeadIn(lineString, leadIn, published) is { } sub)
                    {
                        leadIn = sub; // "- 2027: completions recover" dates the items under it
                        continue;
                    }

                    ReadItem(text, line, published, known, leadIn, outlookSection, candidates);
                    continue;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A line that defeats the patterns is read as prose below.
            }

            var heading = lineText.Length <= 80 && lineText[^1] is not ('.' or '!' or '?' or '"' or '\u201D' or ':');
            if (heading)
            {
                carry = null;
                outlookSection = Bounded(() => OutlookHeading().IsMatch(lineString));
                leadIn = ReadLeadIn(lineString, published);
                continue;
            }

            if (lineText[^1] == ':' && NextIsStructure(text, lines, boiler, i))
            {
                leadIn = ReadLeadIn(lineString, published); // "By 2035, the share of renters will be:" introduces the list
                continue;
            }

            leadIn = null;
            carry = ReadParagraph(text, line, published, outlookSection, candidates, null, carry);
        }

        candidates = DateFiscalYears(text, candidates); // "2027/28", "FY28", "fiscal 2027": the year's end the article gives
        var frameNotes = new List<string>();
        candidates = DateFromFrame(text, frame, published, known, candidates, frameNotes);
        var kept = new List<PredictionCandidate>();
        var notes = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in candidates)
        {
            if (c.Confidence >= options.MinConfidence && seen.Add(c.Claim))
            {
                kept.Add(c);
                if (c.UndatedReason is { } why)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"{UndatedNotePrefix}{c.Start}-{c.End}: {why}"));
                }
            }
        }

        notes.AddRange(frameNotes.Where(n => kept.Any(c => n.StartsWith(string.Create(CultureInfo.InvariantCulture,
            $"{PeriodNotePrefix}{c.Start}-{c.End}:"), StringComparison.Ordinal))).Distinct(StringComparer.Ordinal));
        return new ExtractionResult(kept, notes);
    }

    /// <summary>The next non-blank line is a list item or a table: the current line, ending with a colon, leads it in.</summary>
    private static bool NextIsStructure(string text, List<Span> lines, bool[] boiler, int i)
    {
        for (var j = i + 1; j < lines.Count; j++)
        {
            if (boiler[j] || text.AsSpan(lines[j].Start, lines[j].Length).IsWhiteSpace())
            {
                continue;
            }

            var next = text.Substring(lines[j].Start, lines[j].Length).Trim();
            return IsItemLine(next) || MarkdownTableReader.IsTableLine(text, lines[j])
                || ReadAligned(text, lines, boiler, j, out _) is not null
                || ReadFlattened(text, lines, boiler, j, out _) is not null || AlignedCells(text, lines[j]).Count >= 2;
        }

        return false;
    }

    private static bool LooksBinary(string text)
    {
        var n = Math.Min(text.Length, 65536);
        var control = 0;
        for (var i = 0; i < n; i++)
        {
            var c = text[i];
            if (c == '\0' || c == '\uFFFD')
            {
                control += 4;
            }
            else if (c < ' ' && c is not ('\n' or '\r' or '\t' or '\f'))
            {
                control++;
            }
        }

        return control * 100 > n;
    }

    private static bool LooksEnglish(string text, List<Span> lines, bool[] boiler)
    {
        var sample = new StringBuilder();
        for (var i = 0; i < lines.Count && sample.Length < 200_000; i++)
        {
            if (!boiler[i] && !MarkdownTableReader.IsTableLine(text, lines[i]))
            {
                sample.Append(text, lines[i].Start, lines[i].Length).Append('\n');
            }
        }

        if (BoilerplateDetector.IsForeign(text.AsSpan(0, Math.Min(text.Length, 200_000))) && sample.Length < 200)
        {
            return false;
        }

        var s = sample.ToString();
        var words = 0;
        var inWord = false;
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                if (!inWord)
                {
                    words++;
                }

                inWord = true;
            }
            else
            {
                inWord = false;
            }
        }

        // Too little prose to judge (a bare table): let it through.
        if (words < 20)
        {
            return true;
        }

        // Counting stops once enough function words are seen: the answer cannot change after that.
        var english = 0;
        try
        {
            foreach (var unused in EnglishWord().EnumerateMatches(s))
            {
                if (++english * 100 >= words * 5)
                {
                    return true;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }

        return english * 100 >= words * 5;
    }

    private static bool Bounded(Func<bool> test)
    {
        try
        {
            return test();
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Marks a sentence that elaborates the previous candidate: not a candidate, but not a break either.</summary>
    private static readonly PredictionCandidate Elaboration = new() { Quote = "", Start = 0, End = 0, Claim = "" };

    private static Match? FirstCue(string s, out bool reportedFound)
    {
        Match? first = null;
        var mayHaveCue = s.AsSpan().ContainsAny(ForwardCueWords) || s.AsSpan().ContainsAny(CaseFoldingLetters);
        for (var m = mayHaveCue ? ForwardCue().Match(s) : Match.Empty; m.Success; m = m.NextMatch())
        {
            if (!EstimativeLanguage.IsMonthMay(s, m) && !EstimativeLanguage.IsAttributiveAdjective(s, m))
            {
                first = m;
                break;
            }
        }

        var reported = MayBeReportedCue(s)
            ? ReportedCueMatch(s)
            : Match.Empty;
        reportedFound = reported.Success;
        return reported.Success && (first is null || reported.Index < first.Index) ? reported : first;
    }

    /// <summary>The condition clause of a conditional claim: "If X, Y", "Y if X", "... - if X, Y", "Unless X, Y", "Should X, Y".</summary>
    internal static string? FindCondition(string s) => FindConditionSpan(s) is { } span ? s[span.Start..span.End].Trim() : null;

    /// <summary>
    /// Where the condition clause is: "If X, Y" and "Y if X" (the clause runs to the next comma, semicolon or dash),
    /// "Should X, Y" and "Were X to ..., Y" (inversion at the start), "unless", "provided that", "as long as",
    /// "assuming that", "in the event that", "on condition that", "so long as", "only if", and the negated "barring",
    /// "absent", "in the absence of".
    /// </summary>
    internal static (int Start, int End)? FindConditionSpan(string s)
    {
        string[] keys =
        [
            "if ", "unless ", "provided that ", "providing that ", "as long as ", "so long as ", "assuming that ", "in the event that ",
            "on condition that ", "barring ", "absent ", "in the absence of ",
        ];
        var lower = s.ToLowerInvariant();
        var firstComma = lower.IndexOf(", ", StringComparison.Ordinal);
        if (firstComma > 8 && (lower.StartsWith("should ", StringComparison.Ordinal)
            || (lower.StartsWith("were ", StringComparison.Ordinal)
                && lower.IndexOf(" to ", StringComparison.Ordinal) is > 0 and var to && to < firstComma)))
        {
            return (0, firstComma); // "Should rates fall, prices would rise", "Were the bank to cut, ..."
        }

        for (var pos = 0; pos < lower.Length;)
        {
            var best = -1;
            var keyLen = 0;
            foreach (var k in keys)
            {
                var idx = lower.IndexOf(k, pos, StringComparison.Ordinal);
                if (idx >= 0 && (best < 0 || idx < best))
                {
                    best = idx;
                    keyLen = k.Length;
                }
            }

            if (best < 0)
            {
                return null;
            }

            pos = best + keyLen;
            if (best > 0 && char.IsLetter(lower[best - 1]))
            {
                continue; // "motif ", "sheriff "
            }

            var prevWord = PreviousWord(lower, best);
            if (prevWord is "even" or "as" or "what" or "see" or "ask" or "asks" or "asked" or "wonder" or "know" or "unclear" or "clear")
            {
                continue;
            }

            if (lower.AsSpan(best).StartsWith("absent ", StringComparison.Ordinal)
                && prevWord is "is" or "are" or "was" or "were" or "be" or "been" or "remain" or "remains" or "remained"
                or "largely" or "conspicuously" or "notably")
            {
                continue; // "the minister was absent from the vote": an adjective, not a condition
            }

            var atClauseStart = best == 0 || IsClauseBoundary(lower, best);
            int end;
            if (atClauseStart)
            {
                var comma = lower.IndexOf(", ", best, StringComparison.Ordinal);
                var then = lower.IndexOf(" then ", best, StringComparison.Ordinal);
                end = comma < 0 ? then : then < 0 ? comma : Math.Min(comma, then);
                if (end < 0)
                {
                    continue;
                }
            }
            else
            {
                // "Y if X, the analysts said": the clause ends at the next comma, semicolon or dash.
                end = lower.Length;
                foreach (var stop in (ReadOnlySpan<string>)[", ", "; ", " \u2014", " \u2013", " - ", " and they ", " but "])
                {
                    var at = lower.IndexOf(stop, best, StringComparison.Ordinal);
                    if (at > best && at < end)
                    {
                        end = at;
                    }
                }

                while (end > best && lower[end - 1] is '.' or '!' or ';' or ' ')
                {
                    end--;
                }
            }

            return (best, end);
        }

        return null;
    }

    private static bool IsClauseBoundary(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && s[i] == ' ')
        {
            i--;
        }

        return i < 0 || s[i] is ',' or ';' or ':' or '\u2014' or '\u2013' or '-' or '(';
    }

    private static string PreviousWord(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && s[i] == ' ')
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && char.IsLetter(s[i]))
        {
            i--;
        }

        return s[(i + 1)..end];
    }

    /// <summary>One sentence: discourse markers dropped, whitespace collapsed, the horizon written as a date.</summary>
    internal static string NormalizeClaim(string s, HorizonMatch? horizon)
    {
        var body = s;
        if (horizon is not null)
        {
            var h = horizon.Horizon;
            var date = h.ResolveBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var before = PreviousWord(s.ToLowerInvariant(), horizon.Start);
            var ownPreposition = char.IsLetter(h.Text[0]) && !char.IsUpper(h.Text[0]) || h.Text.StartsWith("By", StringComparison.Ordinal)
                || h.Text.StartsWith("In", StringComparison.Ordinal) || h.Text.StartsWith("Within", StringComparison.Ordinal)
                    || h.Text.StartsWith("Over", StringComparison.Ordinal);
            var replacement = h.Earliest is { } e
                ? "between " + e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " and " + date
                : !ownPreposition && before is "to" or "until" or "till" or "for" or "in" or "by" or "before" or "into" ? date
                    : "by " + date;
            body = s[..horizon.Start] + replacement + s[(horizon.Start + horizon.Length)..];
        }

        body = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        foreach (var m in LeadingMarkers)
        {
            if (body.StartsWith(m, StringComparison.OrdinalIgnoreCase) && body.Length > m.Length + 10)
            {
                body = body[m.Length..];
                break;
            }
        }

        if (body.Length > 1 && char.IsLower(body[0]) && !char.IsUpper(body[1]))
        {
            body = char.ToUpperInvariant(body[0]) + body[1..];
        }

        body = body.TrimEnd(' ', ';', ',', ':', '\u2014', '-');
        if (body.Length > 0 && body[^1] is not ('.' or '!'))
        {
            body += ".";
        }

        return body;
    }

    private static void ReadTable(string text, List<Span> lines, bool[] boiler, MarkdownTable table, PartialDate published, bool known,
        List<PredictionCandidate> output)
    {
        var headers = table.Header.Select(h => text.Substring(h.Start, h.Length)).ToList();
        var caption = CaptionBefore(text, lines, boiler, table.FirstLine);
        var context = TableContext(text, lines, boiler, table, caption); // a heading further up, a caption after
        var captionForecast = (caption is not null && Bounded(() => ForecastWords().IsMatch(caption)))
            || (context is not null && Bounded(() => ForecastWords().IsMatch(context)));
        var captionYear = YearIn(caption) ?? YearIn(context);
        var records = headers.Skip(1).Any(h => Bounded(() => RecordHeader().IsMatch(h)));
        var projection = captionForecast || headers.Skip(1).Any(h => Bounded(() => ForecastHeader().IsMatch(h)));
        var contextHorizon = ContextHorizon(caption, context, captionYear, published, known);

        // No column names a period and the table sits under a dated forecast ("Outlook 2027", "Forecasts for 2027:"):
        // its value columns are that forecast.
        var nearForecast = caption is not null && Bounded(() => ForecastWords().IsMatch(caption)); // "Exit poll projections (seats)"
        var undatedColumns = captionForecast && (contextHorizon is not null || nearForecast) && !records
            && !headers.Skip(1).Any(h => Bounded(() => ForecastHeader().IsMatch(h) || EstimateHeader().IsMatch(h)))
            && headers.Skip(1).All(h => YearIn(h) is null && Period(h.Trim('*', ' '), null, published, out _) is null);
        var labelCol = RankLabelColumn(text, table, headers); // "Pos | Club | Proj. pts": the club names the row, not the rank
        for (var col = labelCol + 1; col < headers.Count; col++)
        {
            var header = headers[col].Trim('*', ' ');
            var horizon = Period(header, captionYear, published, FiscalYearOf(text), out var mark, out var confirm);
            if (horizon is null)
            {
                ReadMilestones(text, table, col, header, published, output); // "Pilot line opens | H2 2026"
            }

            bool isForecast;
            if (horizon is not null)
            {
                isForecast = IsForecastPeriod(horizon, mark, published, known, captionForecast);
            }
            else
            {
                horizon = HeaderHorizon(header, published, known, out isForecast);
                isForecast |= horizon is null && projection && Bounded(() => ProjectionColumn().IsMatch(header)); // "Playoff %"
                isForecast |= horizon is null && undatedColumns && !Bounded(() => NotForecastColumn().IsMatch(header));
            }

            if (!isForecast || Bounded(() => PriorColumn().IsMatch(header)))
            {
                continue; // "Previous forecast", "FY26 actual": the level the new forecast replaces or is compared with
            }

            if (horizon is null && records)
            {
                horizon = SeasonEnd(text, published); // a season's projected records resolve when the season ends
            }
            else if (horizon is null)
            {
                horizon = contextHorizon ?? (undatedColumns ? VoteDay(text, caption, headers, published) : null);
            }

            foreach (var row in table.Rows)
            {
                if (row.Cells.Count <= col)
                {
                    continue;
                }

                var metric = text.Substring(row.Cells[labelCol].Start, row.Cells[labelCol].Length).Trim('*', ' ');
                var cell = text.Substring(row.Cells[col].Start, row.Cells[col].Length).Trim('*', ' ');
                if (cell.Any(char.IsLetter) && Bounded(() => OnlyDates(cell)))
                {
                    continue; // "results Nov. 14": a date in a value column, not a value
                }

                var record = records && Bounded(() => RecordHeader().IsMatch(header)) && IsRecordCell(cell);
                var q = metric.Length == 0 ? null
                    : record ? RecordQuantity(cell, metric)
                    : WithPerUnit(WithTableUnit(QuantityReader.ReadCell(cell, metric), metric, header, headers[0], caption), cell);
                if (q is null)
                {
                    continue;
                }

                var rowHorizon = confirm is null ? horizon ?? RowYear(text, row, published) : null;
                var quoteSpan = RowQuote(text, new Span(row.Line.Start, Math.Max(row.Cells[col].End, row.Cells[0].End)));
                var when = rowHorizon is null ? ""
                    : rowHorizon.Text.StartsWith("by ", StringComparison.OrdinalIgnoreCase) ? " " + rowHorizon.Text.Trim()
                    : " for " + rowHorizon.Text.Trim();
                var by = rowHorizon is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (by {rowHorizon.ResolveBy:yyyy-MM-dd})");
                output.Add(new PredictionCandidate
                {
                    Quote = text.Substring(quoteSpan.Start, quoteSpan.Length),
                    Start = quoteSpan.Start,
                    End = quoteSpan.End,
                    Claim = records ? $"{metric}: {header} {cell}{when}{by}." : $"{metric} is forecast at {cell}{when}{by}.",
                    Horizon = rowHorizon?.Text,
                    RelativeHorizon = rowHorizon?.Relative ?? false,
                    ResolveBy = rowHorizon?.ResolveBy,
                    Earliest = rowHorizon?.Earliest,
                    Precision = rowHorizon?.Precision,
                    EndsBeforePublication = rowHorizon?.EndsBeforePublication ?? false,
                    UndatedReason = rowHorizon is null ? confirm ?? NoTableDate : null,
                    Kind = q.Kind,
                    Metric = q.Metric,
                    Comparator = q.Comparator,
                    Threshold = q.Value,
                    Low = q.Low,
                    High = q.High,
                    Unit = q.Unit,
                    Hedge = header.Trim(),
                    Probability = null,
                    Confidence = rowHorizon is null ? 0.55 : 0.85,
                    Source = CandidateSource.Table,
                });
            }
        }
    }

    /// <summary>
    /// A projected league table's first column is the position ("Pos", "Rank", "#", or small whole numbers in every row):
    /// the row is named by the next column, and the position is no value.
    /// </summary>
    private static int RankLabelColumn(string text, MarkdownTable table, List<string> headers)
    {
        if (headers.Count < 3 || table.Rows.Count == 0 || table.Rows.Any(static r => r.Cells.Count < 2))
        {
            return 0;
        }

        var first = headers[0].Trim('*', ' ', ':');
        var named = Bounded(() => RankHeader().IsMatch(first));
        var numbered = table.Rows.All(r =>
            int.TryParse(text.AsSpan(r.Cells[0].Start, r.Cells[0].Length).Trim().TrimEnd(".=".AsSpan()), out var n) && n is > 0 and < 200);
        var secondIsName = table.Rows.All(r => text.AsSpan(r.Cells[1].Start, r.Cells[1].Length).ContainsAnyInRange('A', 'z'));
        return (named || (numbered && first.Length == 0)) && secondIsName ? 1 : 0;
    }

    [GeneratedRegex(@"^(?:pos(?:ition|\.)?|rank(?:ing)?|rk|#|no\.?|place|seed|proj(?:ected)?\.?\s+(?:pos(?:ition)?|rank|finish))$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex RankHeader();

    /// <summary>A column of the old level or the outturn: "Previous forecast", "Prior guidance", "FY3/26 actual".</summary>
    [GeneratedRegex(@"\b(?:previous|prior|earlier|original|old|actual|actuals|outturn)\b|\blast\s+(?:forecast|estimate|guidance|"
        + @"projection|outlook|month|week|report)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PriorColumn();

    /// <summary>The horizon the caption gives a table, else the heading or lead-in further up or the caption after it.</summary>
    private static Horizon? ContextHorizon(string? caption, string? context, int? captionYear, PartialDate published, bool known)
    {
        foreach (var s in new[] { caption, context })
        {
            if (s is null)
            {
                continue;
            }

            var h = HorizonParser.FindAll(s, published).FirstOrDefault()?.Horizon;
            if (h is not null)
            {
                return h;
            }
        }

        if ((caption ?? context) is not null && captionYear is { } cy && (!known || cy >= published.Year)
            && HorizonParser.TryParse("in " + cy.ToString(CultureInfo.InvariantCulture), published, out var y))
        {
            return y;
        }

        return null;
    }

    /// <summary>Columns that are not a forecast even under a forecast heading: the last, the change, the actual.</summary>
    [GeneratedRegex(@"\b(?:previous|prior|last|old|earlier|now|current|today|latest|change|revisions?|revised|"
        + @"actual|outturn|diff(?:erence)?|vs\.?|since|history|historical|record|rank)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex NotForecastColumn();

    /// <summary>The horizon a column header names, and whether the column holds forecasts at all.</summary>
    private static Horizon? HeaderHorizon(string header, PartialDate published, bool known, out bool isForecast)
    {
        var found = HorizonParser.FindAll(header, published).FirstOrDefault()?.Horizon;
        var bare = BareYearHeader().Match(header);
        if (found is null && bare.Success)
        {
            var y = int.Parse(bare.Groups["y"].Value, CultureInfo.InvariantCulture);
            HorizonParser.TryParse("in " + bare.Groups["y"].Value, published, out found);
            found = found is null ? null : found with { Text = header.Trim() };
            isForecast = bare.Groups["e"].Success || (known && y > published.Last.Year);
            return found;
        }

        if (found is null && MarkedYear().Match(header) is { Success: true } marked)
        {
            // "Net profit 2026f (US$ bn)": a year with its forecast mark inside a longer header.
            HorizonParser.TryParse("in " + marked.Groups["y"].Value, published, out found);
            found = found is null ? null : found with { Text = marked.Value };
            isForecast = found is not null;
            return found;
        }

        if (found is null && AnyYear().Match(header) is { Success: true } ym)
        {
            HorizonParser.TryParse("in " + ym.Groups["y"].Value, published, out found);
            found = found is null ? null : found with { Text = ym.Value };
        }

        var ahead = known && found is not null && found.ResolveBy > published.Last;
        isForecast = ForecastHeader().IsMatch(header)
            || (ahead && (EstimateHeader().IsMatch(header) || found!.Kind != HorizonKind.Duration));
        return found;
    }

    private static Horizon? RowYear(string text, TableRow row, PartialDate published)
    {
        foreach (var c in row.Cells)
        {
            var cell = text.Substring(c.Start, c.Length);
            var bare = BareYearHeader().Match(cell);
            if (bare.Success && HorizonParser.TryParse("in " + bare.Groups["y"].Value, published, out var h))
            {
                return h with { Text = cell.Trim() };
            }

            var found = HorizonParser.FindAll(cell, published).FirstOrDefault();
            if (found is not null && found.Length >= cell.Trim().Length - 2)
            {
                return found.Horizon;
            }
        }

        return null;
    }

    private static string? CaptionBefore(string text, List<Span> lines, bool[] boiler, int firstLine)
    {
        for (var i = firstLine - 1; i >= 0 && i >= firstLine - 3; i--)
        {
            if (!boiler[i] && lines[i].Length > 0 && !text.AsSpan(lines[i].Start, lines[i].Length).IsWhiteSpace())
            {
                var s = text.Substring(lines[i].Start, lines[i].Length);
                return s.Length <= 200 ? s : null;
            }
        }

        return null;
    }

    private static Span RowQuote(string text, Span line)
    {
        var start = line.Start;
        var end = line.End;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new Span(start, end);
    }
}
