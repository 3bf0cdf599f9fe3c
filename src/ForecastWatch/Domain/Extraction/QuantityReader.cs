using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>The quantity a claim is about: a threshold ("more than 15%") or a range ("3-4 labs").</summary>
internal sealed record Quantity(CandidateKind Kind, string? Comparator, decimal? Value, decimal? Low, decimal? High, string? Unit,
    string? Metric);

/// <summary>Reads the main quantity of a claim: comparator + number + unit, a range, and the metric it measures.</summary>
internal static partial class QuantityReader
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>Every regex is bounded: a match attempt that runs longer than this is abandoned (treated as no match).</summary>
    private const int RegexTimeoutMs = 1000;

    /// <summary>
    /// A number in digits (<c>n</c>) or in words (<c>w</c>: "three", "a dozen", "twenty-four", "half", "two-thirds"),
    /// with its currency, multiplier and percent sign.
    /// </summary>
    private const string NumberPattern =
        @"(?<cur>US\$|A\$|C\$|NZ\$|HK\$|S\$|[$\u20AC\u00A3\u00A5\u20B9\u20A9]|\bRs\.?\s?"
        + @"|\bR(?=\d[\d,]*\.\d|\d[\d,.]*\s?(?:bn|tn|m|billion|million|trillion)\b|\d{3})"
        + @"|\b(?:USD|EUR|GBP|JPY|CNY|INR|AUD|CHF|NZD|ZAR|KRW)\s?)?(?:(?<n>"
        + @"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![,\d])|" // Indian grouping: "4,38,210"
        + @"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}(?![.,]?\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![,\d])|\d+,\d{1,2}(?![,.]?\d)"
        + @"|\d*[\u00BC\u00BD\u00BE]|\d+(?:\.\d+)?(?![,.]\d))|(?<w>" + WordNumber + @"))"
        + @"(?:\s?(?<mult>lakh\s+crores?|lakhs?|crores?|trillion|billion|million|thousand|tn|bn|mn|[kKmMbBT])\b)?"
        + @"(?<pct>\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b|pp\b|bps\b|bp\b|basis\s+points?\b)|x(?![\w.]))?"
        + @"(?<plus>\+)?";

    /// <summary>
    /// <see cref="NumberPattern"/> as a scan over the whole text: the reference for <see cref="Numbers"/> (and its
    /// equivalence test), no longer run by the reader itself.
    /// </summary>
    [GeneratedRegex(NumberPattern, Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    internal static partial Regex NumberRx();

    /// <summary><see cref="NumberPattern"/> anchored where the search stands (<c>\G</c>): one attempt at one position.</summary>
    [GeneratedRegex(@"\G(?:" + NumberPattern + ")", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex NumberAt();

    /// <summary>
    /// The matches of <see cref="NumberRx"/> in <paramref name="s"/>, the same ones in the same order as
    /// <c>NumberRx().Matches(s)</c>, found by trying the anchored pattern only where a match can start. The scan used
    /// to try the pattern at every letter of its first-character set (most letters of English, each attempt a long
    /// generated method and a clock read for the time limit): a third of the reader's time. A match starts with a
    /// digit (<c>\d</c>), a fraction or currency sign, or a letter; its letters start a currency code or a number word
    /// only at a word start (<c>\b</c>, <c>(?&lt;![\w-])</c>), or a dollar prefix ("US$", "NZ$", "A$") with the <c>$</c>
    /// one or two characters on. Whoever adds a form to <see cref="NumberPattern"/> that starts otherwise widens
    /// <see cref="MayStartNumber"/>; <c>QuantityScanTests</c> compare both scans over the corpus and edge cases.
    /// </summary>
    internal static IEnumerable<Match> Numbers(string s)
    {
        var folding = s.AsSpan().ContainsAny(CaseFoldingLetters);
        for (var p = 0; p < s.Length;)
        {
            if (!MayStartNumber(s, p, folding))
            {
                p++;
                continue;
            }

            var m = NumberAt().Match(s, p);
            if (!m.Success)
            {
                p++;
                continue;
            }

            yield return m;
            p = m.Length == 0 ? p + 1 : p + m.Length;
        }
    }

    /// <summary>The text whose <see cref="NumberMatches"/> are kept on this thread (the same instance, so the same content).</summary>
    [ThreadStatic]
    private static string? numbersText;

    [ThreadStatic]
    private static Match[]? numbersOfText;

    /// <summary>
    /// <see cref="Numbers"/> of <paramref name="s"/> as an array, kept for the last text read on this thread: a sentence
    /// is read for its values several times (its quantity, its value spans, its past-fact clauses, its baselines), and
    /// the scan was a tenth of the run. The matches depend on the text only.
    /// </summary>
    internal static Match[] NumberMatches(string s)
    {
        if (numbersOfText is { } kept && ReferenceEquals(numbersText, s))
        {
            return kept;
        }

        var list = new List<Match>();
        foreach (var m in Numbers(s))
        {
            list.Add(m);
        }

        var found = list.ToArray();
        numbersText = s;
        numbersOfText = found;
        return found;
    }

    /// <summary>
    /// A match of <see cref="NumberPattern"/> can start at <paramref name="p"/> (a superset of where one can). A letter
    /// starts one before a <c>$</c> one or two characters on ("US$", "AUS$"), or at a word start when its first two
    /// letters begin a currency code or a number word (<see cref="MayStartWordNumberOrCode"/>); when the text holds a
    /// letter that case-folds onto ASCII (<paramref name="folding"/>), at every word start.
    /// </summary>
    private static bool MayStartNumber(string s, int p, bool folding)
    {
        var c = s[p];
        if (char.IsLetter(c))
        {
            if ((p + 1 < s.Length && s[p + 1] == '$') || (p + 2 < s.Length && s[p + 2] == '$'))
            {
                return true;
            }

            return (p == 0 || !char.IsLetterOrDigit(s[p - 1])) && (folding || MayStartWordNumberOrCode(s, p));
        }

        return char.IsDigit(c) || c is '$' or '\u20AC' or '\u00A3' or '\u00A5' or '\u20B9' or '\u20A9' or '\u00BC' or '\u00BD'
            or '\u00BE';
    }

    /// <summary>Letters that case-fold onto ASCII ones (Kelvin and angstrom signs, long s, dotted and dotless i).</summary>
    private static readonly SearchValues<char> CaseFoldingLetters = SearchValues.Create("\u212A\u212B\u017F\u0130\u0131");

    /// <summary>
    /// The first two characters at <paramref name="p"/> can begin a currency prefix or code of <see cref="NumberPattern"/>
    /// (US$/USD, A$/AUD, C$/CNY/CHF, NZ$/NZD, HK$, S$, Rs, R before a digit, EUR, GBP, JPY, INR, ZAR, KRW) or a number
    /// word of <see cref="WordNumber"/> ("a dozen", "a-third", one, two, twenty, twice, three, thirty, thrice, ten, four,
    /// forty, five, fifty, six, seven, eight, eleven, nine, half), in any case.
    /// </summary>
    private static bool MayStartWordNumberOrCode(string s, int p)
    {
        var next = p + 1 < s.Length ? s[p + 1] : '\0';
        var n = char.IsAsciiLetterUpper(next) ? (char)(next | 0x20) : next;
        return (s[p] | 0x20) switch
        {
            'u' => n == 's',
            'a' => n is '$' or 'u' or '-' || char.IsWhiteSpace(n),
            'c' => n is '$' or 'n' or 'h',
            'n' => n is 'z' or 'i',
            'h' => n is 'k' or 'a',
            's' => n is '$' or 'i' or 'e',
            'r' => n == 's' || char.IsDigit(n),
            'e' => n is 'u' or 'i' or 'l',
            'g' => n == 'b',
            'j' => n == 'p',
            'i' => n == 'n',
            'z' => n == 'a',
            'k' => n == 'r',
            'o' => n == 'n',
            't' => n is 'w' or 'h' or 'e',
            'f' => n is 'i' or 'o',
            _ => false,
        };
    }

    private const string WordNumber =
        @"(?<![\w-])(?:a\s+dozen|(?:one|a)[-\s]third|two[-\s]thirds|(?:one|a)[-\s]quarter|three[-\s]quarters|half"
        + @"|(?:one|a)[-\s](?:tenth|fifth)|(?:twice|thrice)(?=\s+(?:more|again)\b)"
        + @"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
        + @"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
        + @"|a\s+hundred|one\s+hundred)(?![\w-])";

    /// <summary>Fractions written as words, as a percentage ("half of sales" is 50%).</summary>
    private static readonly Dictionary<string, decimal> Fractions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["half"] = 50m,
        ["a third"] = 33.3m,
        ["one third"] = 33.3m,
        ["two thirds"] = 66.7m,
        ["a quarter"] = 25m,
        ["one quarter"] = 25m,
        ["three quarters"] = 75m,
        ["a tenth"] = 10m,
        ["one tenth"] = 10m,
        ["a fifth"] = 20m,
        ["one fifth"] = 20m,
    };

    /// <summary>The digits or words of a number match.</summary>
    private static Group Num(Match m) => m.Groups["n"].Success ? m.Groups["n"] : m.Groups["w"];

    private static bool IsWord(Match m) => !m.Groups["n"].Success;

    private static string WordKey(Match m) =>
        string.Join(
            ' ', m.Groups["w"].Value.ToLowerInvariant().Split([' ', '\t', '\n', '\u00A0', '-'], StringSplitOptions.RemoveEmptyEntries));

    private static bool IsFraction(Match m) => IsWord(m) && Fractions.ContainsKey(WordKey(m));

    // Ordered longest first; matched against the lower-cased words just before the number.
    private static readonly (string Words, string Op)[] Comparators =
    [
        ("no more than", "<="), ("no fewer than", ">="), ("no less than", ">="), ("at or above", ">="), ("at or below", "<="),
        ("more than", ">"), ("greater than", ">"), ("higher than", ">"), ("in excess of", ">"), ("upwards of", ">"), ("north of", ">"),
        ("less than", "<"), ("fewer than", "<"), ("lower than", "<"), ("south of", "<"),
        ("at least", ">="), ("a minimum of", ">="), ("at most", "<="), ("up to", "<="), ("a maximum of", "<="), ("as much as", "<="),
        ("as many as", "<="), ("as high as", "<="), ("as low as", ">="),
        ("reaching", ">="), ("rising to", ">="), ("climbing to", ">="), ("hitting", ">="), ("topping", ">"), ("surpassing", ">"),
        ("rise to", ">="), ("rise above", ">"), ("climb to", ">="), ("grow to", ">="), ("increase to", ">="), ("reach", ">="),
        ("reaches", ">="), ("hit", ">="), ("hits", ">="), ("top", ">"), ("tops", ">"), ("surpass", ">"), ("surpasses", ">"),
        ("exceed", ">"), ("exceeds", ">"), ("exceeding", ">"), ("over", ">"), ("above", ">"), ("beyond", ">"),
        ("fall to", "<="), ("fall below", "<"), ("drop to", "<="), ("drop below", "<"), ("decline to", "<="), ("sink to", "<="),
        ("dip below", "<"), ("cut to", "<="), ("below", "<"), ("under", "<"),
    ];

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "of", "to", "by", "in", "on", "at", "for", "and", "or", "but", "than", "with", "will", "would", "could",
        "may", "might", "should", "be", "is", "are", "was", "were", "within", "if", "that", "this", "its", "their", "our", "from",
        "as", "per", "each", "every", "over", "under", "above", "below", "into", "around", "about", "some", "all", "after", "before",
        "while", "when", "which", "who", "up",
    };

    private static readonly HashSet<string> LinkVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "be", "remain", "stay", "reach", "hit", "exceed", "top", "surpass", "rise", "fall", "drop", "climb", "grow", "decline", "sink",
        "average", "stand", "come", "end", "finish", "increase", "decrease", "dip", "cut", "at", "to", "by", "likely", "probably",
        "easily", "still", "then", "also", "approximately", "roughly", "about", "around", "some", "nearly", "almost", "command",
    };

    /// <summary>
    /// Reads the main quantity in <paramref name="s"/>; characters where <paramref name="masked"/> is true (horizon
    /// phrases, dates) are ignored. <paramref name="cueEnd"/> is where the forward-looking verb ends (or -1).
    /// </summary>
    public static Quantity? Read(string s, bool[] masked, int cueStart, int cueEnd)
    {
        try
        {
            return ReadCore(s, masked, cueStart, cueEnd);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static Quantity? ReadCore(string s, bool[] masked, int cueStart, int cueEnd)
    {
        var numbers = new List<Match>();
        foreach (var m in NumberMatches(s))
        {
            var ns = Num(m);
            if (masked[ns.Index] || IsNoise(s, m))
            {
                continue;
            }

            numbers.Add(m);
        }

        if (numbers.Count == 0)
        {
            return null;
        }

        // "Six of the 20 clubs": a count in words out of a whole in digits; the whole is not the claim's value.
        for (var i = 0; i + 1 < numbers.Count; i++)
        {
            if (IsWord(numbers[i]) && !IsFraction(numbers[i]) && IsShareOf(s, numbers[i], numbers[i + 1]))
            {
                numbers.RemoveAt(i + 1);
            }
        }

        // "up from 12% in 2024", "compared with 2.7%": a starting point, not the claim's value (unless it is all there is).
        if (numbers.Any(m => !IsBaseline(s, m.Index)))
        {
            numbers.RemoveAll(m => IsBaseline(s, m.Index));
        }

        // A range: two numbers joined by a dash, "to" or "and" ("3-4", "between 30 and 40", "$60 to $70").
        for (var i = 0; i + 1 < numbers.Count; i++)
        {
            var a = numbers[i];
            var b = numbers[i + 1];
            var between = s[(a.Index + a.Length)..b.Index].Trim().ToLowerInvariant();
            if (between.Length <= 3 && (between is "to" or "and"
                || (between.Length == 1 && between[0] is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212'))
                && (between != "and" || Before(s, a.Index).EndsWith("between", StringComparison.Ordinal))
                && !Before(s, a.Index).EndsWith("by", StringComparison.Ordinal))
            {
                var lo = Value(a);
                var hi = Value(b);
                if (lo is not null && hi is not null && hi > lo)
                {
                    var unit = Unit(b) ?? Unit(a) ?? CountedNoun(s, b.Index + b.Length);
                    return new Quantity(CandidateKind.Range, null, null, lo, hi, unit,
                        Metric(s, a.Index, b.Index + b.Length, masked, cueStart, cueEnd));
                }
            }
        }

        Match? chosen = null;
        string? op = null;
        foreach (var m in numbers)
        {
            var c = ComparatorBefore(s, m.Index);
            if (c is not null)
            {
                chosen = m;
                op = c;
                break;
            }
        }

        if (chosen is null)
        {
            foreach (var m in numbers)
            {
                if (m.Groups["plus"].Success)
                {
                    chosen = m;
                    op = ">=";
                    break;
                }
            }
        }

        chosen ??= numbers.FirstOrDefault(static m => m.Groups["pct"].Success || m.Groups["cur"].Success || m.Groups["mult"].Success);
        chosen ??= numbers.FirstOrDefault(static m => !IsWord(m) || IsFraction(m)) ?? numbers[0]; // digits before "three analysts"
        var after = s[(chosen.Index + chosen.Length)..].TrimStart().ToLowerInvariant();
        if (after.StartsWith("or more", StringComparison.Ordinal) || after.StartsWith("or higher", StringComparison.Ordinal))
        {
            op = ">=";
        }
        else if (after.StartsWith("or less", StringComparison.Ordinal) || after.StartsWith("or fewer", StringComparison.Ordinal))
        {
            op = "<=";
        }

        var value = Value(chosen);
        if (value is null)
        {
            return null;
        }

        var u = Unit(chosen) ?? CountedNoun(s, chosen.Index + chosen.Length);
        return new Quantity(CandidateKind.Threshold, op ?? "=", value, null, null, u,
            Metric(s, chosen.Index, chosen.Index + chosen.Length, masked, cueStart, cueEnd));
    }

    /// <summary>Reads a table cell value: "3-4", "$16.00", "30", "8+", "5-6".</summary>
    public static Quantity? ReadCell(string cell, string metric)
    {
        var q = Read(cell, new bool[cell.Length + 1], -1, -1);
        if (q is null)
        {
            return null;
        }

        // "-1.5%", "\u22122.3%" in a cell or a list item: the sign is the value's (a fall), not a dash.
        var t = cell.TrimStart();
        var negative = t.Length > 1 && t[0] is '-' or '\u2212' or '\u2013' && (char.IsAsciiDigit(t[1]) || t[1] == '.');
        // "(1.2)", "(0.5)%": an accountant's negative.
        negative |= t.Length > 2 && t[0] == '(' && (char.IsAsciiDigit(t[1]) || t[1] == '.')
            && t.TrimEnd('%', ' ', '*').EndsWith(')') && t.IndexOf(')', StringComparison.Ordinal) == t.TrimEnd('%', ' ', '*').Length - 1;
        if (q.Kind == CandidateKind.Threshold && negative)
        {
            q = q with { Value = -q.Value };
        }

        return q with { Metric = metric };
    }

    private static readonly string[] BaselineWords =
    [
        "from", "up from", "down from", "compared with", "compared to", "versus", "vs", "vs.", "against", "previously",
        "from a previous", "from an earlier", "from last year's", "a previous range of", "their earlier forecast of",
        "its earlier forecast of",
    ];

    /// <summary>The number at <paramref name="index"/> is a starting point or a past level: "up from 12%", "compared with 2.7%".</summary>
    public static bool IsBaseline(string s, int index)
    {
        var before = Before(s, index);
        foreach (var w in BaselineWords)
        {
            if (before.EndsWith(" " + w, StringComparison.Ordinal) || before == w)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="s"/> has numbers outside the mask and every one of them is a baseline.</summary>
    public static bool OnlyBaselines(string s, bool[] masked)
    {
        var any = false;
        try
        {
            foreach (var m in NumberMatches(s))
            {
                if (masked[Num(m).Index] || IsNoise(s, m))
                {
                    continue;
                }

                if (!IsBaseline(s, m.Index))
                {
                    return false;
                }

                any = true;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }

        return any;
    }

    /// <summary>
    /// Where the values are in <paramref name="s"/> (not masked, not noise, not a baseline): "2.1% and 1.8%" gives two.
    /// Used to pair values with dates ("respectively") by masking all values but one.
    /// </summary>
    internal static List<(int Index, int Length)> ValueSpans(string s, bool[] masked)
    {
        var spans = new List<(int Index, int Length)>();
        try
        {
            foreach (var m in NumberMatches(s))
            {
                if (!masked[Num(m).Index] && !IsNoise(s, m) && !IsBaseline(s, m.Index))
                {
                    spans.Add((m.Index, m.Length));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }

        return spans;
    }

    private static bool IsNoise(string s, Match m)
    {
        var start = m.Index;
        var end = m.Index + m.Length;
        if (IsWord(m))
        {
            return IsWordNoise(s, m);
        }

        // Glued to letters: model names and versions (H100, GPT-4o, 1Q26), ordinals (1st); not a unit of measure ("310kt").
        if (GluedUnit(s, end) is not null && !(start > 0 && char.IsLetter(s[start - 1]) && !m.Groups["cur"].Success))
        {
            return false;
        }

        if ((start > 0 && (char.IsLetter(s[start - 1]) || s[start - 1] is '-' && start > 1 && char.IsLetter(s[start - 2]))
            && !m.Groups["cur"].Success)
            || (end < s.Length && char.IsLetter(s[end]) && !m.Groups["mult"].Success && !m.Groups["pct"].Success
                && !(s[end] is 'p' or 'x' && (end + 1 == s.Length || !char.IsLetter(s[end + 1])))))
        {
            return true;
        }

        // A bare year.
        if (!m.Groups["cur"].Success && !m.Groups["pct"].Success && !m.Groups["mult"].Success
            && m.Groups["n"].Value.Length == 4 && int.TryParse(m.Groups["n"].Value, out var y) && y is >= 1900 and <= 2100)
        {
            return true;
        }

        // "Claude 3.5", "Prediction 3": a number right after a capitalized name, with no unit.
        if (!m.Groups["cur"].Success && !m.Groups["pct"].Success && !m.Groups["mult"].Success)
        {
            var prev = PreviousWord(s, start);
            if (prev.Length > 1 && char.IsUpper(prev[0]) && !char.IsUpper(prev[^1]) && CountedNoun(s, end) is null)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> GluedUnits = new(StringComparer.Ordinal)
    {
        "kt", "Mt", "mt", "t", "kg", "GW", "MW", "kW", "GWh", "TWh", "MWh", "kWh", "bcm", "bpd", "km", "mm", "ha", "mph", "GB", "TB",
    };

    /// <summary>A unit of measure glued to a number ("310kt", "45GW", "12TWh"): its letters, or null.</summary>
    private static string? GluedUnit(string s, int end)
    {
        var stop = end;
        while (stop < s.Length && char.IsAsciiLetter(s[stop]) && stop - end < 4)
        {
            stop++;
        }

        if (stop == end || (stop < s.Length && char.IsLetterOrDigit(s[stop])))
        {
            return null;
        }

        var unit = s[end..stop];
        return GluedUnits.Contains(unit) ? unit : null;
    }

    private static decimal? Value(Match m)
    {
        if (IsWord(m))
        {
            var key = WordKey(m);
            return Fractions.TryGetValue(key, out var f) ? f
                : key is "a hundred" or "one hundred" ? 100m
                : key is "twice" ? 2m
                : key is "thrice" ? 3m
                : NumberWords.TryParse(key, out var w) ? w : null;
        }

        return Digits(m.Groups["n"].Value, DecimalComma);
    }

    /// <summary>
    /// The document writes decimals with a comma ("0,4 %", "118,5"): set by the extractor for the article it reads
    /// (<see cref="UsesDecimalComma"/>). Then "1,234" and "1.234" are ambiguous and not read as values at all.
    /// </summary>
    [ThreadStatic]
    internal static bool DecimalComma;

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d|(?<![\d.,])\d+,\d{1,2}(?![\d.,]*\d)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex CommaDecimalEvidence();

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d|(?<![\d.,])\d+\.\d{1,2}(?![\d.,]*\d)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PointDecimalEvidence();

    /// <summary>True when the text writes decimals with a comma ("0,4 %", "1.234,5") and never with a point.</summary>
    public static bool UsesDecimalComma(string text)
    {
        try
        {
            return CommaDecimalEvidence().IsMatch(text) && !PointDecimalEvidence().IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Digits in English ("1,234.5"), continental ("1.234,5", "3.050.000", "0,4") or with a vulgar fraction ("3¼").
    /// Null when the reading is ambiguous: "1,234" or "1.234" in a text that writes decimals with a comma.
    /// </summary>
    internal static decimal? Digits(string n, bool decimalComma)
    {
        decimal fraction = 0;
        if (n.Length > 0 && n[^1] is '\u00BC' or '\u00BD' or '\u00BE')
        {
            fraction = n[^1] switch { '\u00BC' => 0.25m, '\u00BD' => 0.5m, _ => 0.75m };
            n = n[..^1];
            if (n.Length == 0)
            {
                return fraction;
            }
        }

        var comma = n.LastIndexOf(',');
        var point = n.LastIndexOf('.');
        string invariant;
        if (comma >= 0 && point >= 0)
        {
            invariant = comma > point
                ? n.Replace(".", "", StringComparison.Ordinal).Replace(',', '.')
                : n.Replace(",", "", StringComparison.Ordinal);
        }
        else if (comma >= 0)
        {
            var thousands = n.Length - comma - 1 == 3;
            if (thousands && decimalComma)
            {
                return null; // "1,234" where decimals take a comma
            }

            invariant = thousands || n.Count(static c => c == ',') > 1 ? n.Replace(",", "", StringComparison.Ordinal) : n.Replace(',', '.');
        }
        else if (point >= 0 && n.Count(static c => c == '.') > 1)
        {
            invariant = n.Replace(".", "", StringComparison.Ordinal); // "3.050.000"
        }
        else
        {
            if (point >= 0 && decimalComma && n.Length - point - 1 == 3)
            {
                return null; // "1.234" where decimals take a comma
            }

            invariant = n;
        }

        return decimal.TryParse(invariant, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v + fraction : null;
    }

    /// <summary>
    /// A number in words counts only where it quantifies something: a fraction of something ("half of sales",
    /// "by a third"), or a cardinal with a percent sign, a multiplier or a counted noun ("a dozen stores", "five
    /// percent") that no determiner makes a reference ("the three banks").
    /// </summary>
    /// <summary>"six of the 20", "four of its 12": <paramref name="part"/> is a count out of <paramref name="whole"/>.</summary>
    private static bool IsShareOf(string s, Match part, Match whole)
    {
        var between = s.AsSpan(part.Index + part.Length, whole.Index - part.Index - part.Length).Trim();
        if (!between.StartsWith("of", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        between = between[2..].Trim();
        return between.Length == 0 || between.Equals("the", StringComparison.OrdinalIgnoreCase)
            || between.Equals("its", StringComparison.OrdinalIgnoreCase) || between.Equals("their", StringComparison.OrdinalIgnoreCase)
            || between.Equals("those", StringComparison.OrdinalIgnoreCase) || between.Equals("these", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsWordNoise(string s, Match m)
    {
        var end = m.Index + m.Length;
        var prev = PreviousWord(s, m.Index).ToLowerInvariant();
        if (WordKey(m) is "twice" or "thrice")
        {
            return false; // "cut rates twice more": a count of times (the pattern needs "more" or "again" after it)
        }

        if (IsFraction(m))
        {
            var next = WordsAfter(s, end, 1);
            var of = next.Count == 1 && next[0].Equals("of", StringComparison.OrdinalIgnoreCase);
            return !(of || prev is "by" or "to" or "than" or "about" or "around" or "nearly" or "almost" or "over" or "roughly");
        }

        if (m.Groups["pct"].Success || m.Groups["mult"].Success)
        {
            return false;
        }

        if (prev is "the" or "these" or "those" or "all" or "both" or "its" or "their" or "our" or "his" or "her" or "of" or "one"
            or "every")
        {
            return true;
        }

        // "three to five hurricanes", "seven or eight", "a dozen of the seats": the first of a range, a share of a whole.
        var after = WordsAfter(s, end, 2);
        if (after.Count == 2 && after[0].ToLowerInvariant() is "to" or "or" or "of"
            && (char.IsAsciiDigit(after[1][0]) || NumberWords.TryParse(after[1], out _)
                || after[1].ToLowerInvariant() is "the" or "its" or "their" or "those" or "these" or "which" or "them" or "whom"))
        {
            return false;
        }

        return CountedNoun(s, end) is null;
    }

    private static string? Unit(Match m)
    {
        string? unit = IsFraction(m) && !m.Groups["pct"].Success ? "%" : null;
        if (m.Groups["cur"].Success)
        {
            unit = m.Groups["cur"].Value.Trim() switch
            {
                "$" or "US$" => "USD",
                "\u20AC" => "EUR",
                "\u00A3" => "GBP",
                "\u00A5" => "JPY",
                "\u20B9" or "Rs" or "Rs." => "INR",
                "A$" => "AUD",
                "C$" => "CAD",
                "NZ$" => "NZD",
                "HK$" => "HKD",
                "S$" => "SGD",
                "R" => "ZAR",
                "\u20A9" => "KRW",
                var code => code.ToUpperInvariant(),
            };
        }

        if (m.Groups["mult"].Success)
        {
            var mult = m.Groups["mult"].Value.ToLowerInvariant() switch
            {
                "tn" or "t" => "trillion",
                "bn" or "b" => "billion",
                "mn" or "m" => "million",
                "k" => "thousand",
                var w => w,
            };
            unit = unit is null ? mult : unit + " " + mult;
        }

        if (m.Groups["pct"].Success)
        {
            var p = m.Groups["pct"].Value.Trim().ToLowerInvariant();
            unit = p switch
            {
                "%" or "percent" or "per cent" or "percent" => "%",
                "pp" => "percentage points",
                "bps" or "bp" => "basis points",
                "x" => "times",
                _ => p.StartsWith("percentage", StringComparison.Ordinal) ? "percentage points"
                    : p.StartsWith("basis", StringComparison.Ordinal) ? "basis points" : "%",
            };
        }

        return unit;
    }

    /// <summary>The counted noun after a number: "3-4 major independent labs" -> "labs".</summary>
    private static string? CountedNoun(string s, int index)
    {
        var words = WordsAfter(s, index, 4);
        string? last = null;
        foreach (var w in words)
        {
            if (StopWords.Contains(w) || !w.All(char.IsLetter))
            {
                break;
            }

            last = w;
        }

        return last;
    }

    private static string? ComparatorBefore(string s, int index)
    {
        var before = Before(s, index);
        foreach (var (words, op) in Comparators)
        {
            if (before.EndsWith(" " + words, StringComparison.Ordinal) || before == words)
            {
                return op;
            }
        }

        return null;
    }

    /// <summary>Lower-cased, single-spaced text before <paramref name="index"/> (last 40 characters).</summary>
    private static string Before(string s, int index)
    {
        var from = Math.Max(0, index - 40);
        return string.Join(' ', s[from..index].ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string? Metric(string s, int numStart, int numEnd, bool[] masked, int cueStart, int cueEnd)
    {
        // "15% of their senior researchers leave" -> "senior researchers leave"
        var after = WordsAfter(s, numEnd, 10, masked);
        var k = 0;
        while (k < after.Count && !after[k].Equals("of", StringComparison.OrdinalIgnoreCase) && k < 3 && after[k].All(char.IsLetter)
            && !StopWords.Contains(after[k]))
        {
            k++;
        }

        if (k < after.Count && after[k].Equals("of", StringComparison.OrdinalIgnoreCase))
        {
            var words = after.Skip(k + 1)
                .SkipWhile(static w => w.ToLowerInvariant() is "the" or "their" or "its" or "our" or "all" or "his" or "her" or "a" or "an")
                .TakeWhile(static w => w.Length > 0 && !(w.ToLowerInvariant() is "will" or "would" or "could" or "by" or "within" or "in"
                    or "if" or "and" or "but" or "than" or "to" or "is" or "are"))
                .Take(6).ToList();
            if (words.Count > 0)
            {
                return string.Join(' ', words);
            }
        }

        // "... will reduce the number of independent AI labs by up to 40%" -> "reduce the number of independent AI labs"
        var from = cueEnd >= 0 && cueEnd <= numStart ? cueEnd : 0;
        var span = WordsBetween(s, from, numStart, masked);
        while (span.Count > 0 && (StopWords.Contains(span[^1]) || IsComparatorWord(span[^1])))
        {
            span.RemoveAt(span.Count - 1);
        }

        while (span.Count > 0 && (StopWords.Contains(span[0]) || LinkVerbs.Contains(span[0])))
        {
            span.RemoveAt(0);
        }

        if (span.Count == 0 && cueStart > 0)
        {
            span = WordsBetween(s, 0, cueStart, masked);
            var comma = span.FindLastIndex(static w => w.EndsWith(',') || w.EndsWith(':'));
            if (comma >= 0)
            {
                span = span.Skip(comma + 1).ToList();
            }
        }

        var result = span.TakeLast(8).Select(static w => w.TrimEnd(',', ';', ':')).Where(static w => w.Length > 0).ToList();
        return result.Count == 0 ? null : string.Join(' ', result);
    }

    private static bool IsComparatorWord(string w) =>
        w.ToLowerInvariant() is "more" or "less" or "fewer" or "than" or "least" or "most" or "over" or "under" or "above" or "below"
            or "exceed" or "exceeds" or "reach" or "reaches" or "hit" or "top" or "surpass" or "rise" or "fall" or "drop" or "up" or "as"
                or "much" or "many";

    private static List<string> WordsBetween(string s, int from, int to, bool[] masked)
    {
        var chars = new char[Math.Max(0, to - from)];
        for (var i = from; i < to; i++)
        {
            chars[i - from] = masked[i] ? ' ' : s[i];
        }

        return new string(chars).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(static w => w.Trim('(', ')', '"', '\u201C', '\u201D'))
            .Where(static w => w.Length > 0)
            .ToList();
    }

    private static List<string> WordsAfter(string s, int index, int max, bool[]? masked = null)
    {
        var words = new List<string>();
        var i = index;
        while (words.Count < max && i < s.Length)
        {
            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }

            if (i >= s.Length || (masked is not null && masked[i])
                || s[i] is ',' or '.' or ';' or ':' or '(' or ')' or '|' or '\u2014' or '!' or '?')
            {
                break;
            }

            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not (',' or '.' or ';' or ':' or ')' or '|'))
            {
                i++;
            }

            words.Add(s[start..i]);
        }

        return words;
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
}
