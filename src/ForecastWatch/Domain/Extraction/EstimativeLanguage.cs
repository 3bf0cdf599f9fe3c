using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>The probability a reader takes from a hedge ("likely" = 0.75), and the words it came from.</summary>
public sealed record Estimate(string Words, double Probability, bool Stated);

/// <summary>
/// Maps estimative words to probabilities. Sources (docs/estimative-language.md has the full table):
/// Sherman Kent, "Words of Estimative Probability", Studies in Intelligence 8(4), CIA, 1964: certain 100%,
/// almost certain 93% (±6), probable 75% (±12), chances about even 50% (±10), probably not 30% (±10),
/// almost certainly not 7% (±5), impossible 0%; and the IPCC AR4 uncertainty guidance (2005): virtually certain
/// &gt;99%, very likely &gt;90%, likely &gt;66%, about as likely as not 33-66%, unlikely &lt;33%, very unlikely &lt;10%.
/// Kent gave "possible" no value at all, and Mauboussin and Mauboussin (HBR, 2018, 1,700 readers) found phrases
/// like "real possibility" read anywhere from 20% to 80%: the values for could/may/might and for plans are our own
/// choices, documented as such; a bare "will" is <see cref="UnhedgedAssertion"/>. A stated number ("a 70% chance") always wins.
/// </summary>
public static partial class EstimativeLanguage
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>Every regex is bounded: a match attempt that runs longer than this is abandoned (treated as no match).</summary>
    private const int RegexTimeoutMs = 1000;

    /// <summary>Phrase, probability, source. Longer phrases are matched before their parts.</summary>
    public static IReadOnlyList<(string Phrase, double Probability, string Source)> Table { get; } =
    [
        ("almost certainly not", 0.07, "Kent 1964"),
        ("almost no chance", 0.07, "Kent 1964 (almost certainly not)"),
        ("virtually impossible", 0.07, "Kent 1964 (almost certainly not)"),
        ("no chance", 0.02, "Kent 1964 (impossible), capped"),
        ("very unlikely", 0.10, "IPCC AR4 (<10%)"),
        ("highly unlikely", 0.10, "IPCC AR4 (<10%)"),
        ("extremely unlikely", 0.05, "IPCC AR4 (<5%)"),
        ("little chance", 0.10, "IPCC AR4 (very unlikely)"),
        ("probably not", 0.30, "Kent 1964"),
        ("probably won't", 0.30, "Kent 1964 (probably not)"),
        ("unlikely", 0.30, "Kent 1964 (probably not) / IPCC AR4 (<33%)"),
        ("doubtful", 0.30, "Kent 1964 (probably not)"),
        ("improbable", 0.30, "Kent 1964 (probably not)"),
        ("not expected to", 0.30, "Kent 1964 (probably not)"),
        ("chances about even", 0.50, "Kent 1964"),
        ("about as likely as not", 0.50, "IPCC AR4 (33-66%)"),
        ("as likely as not", 0.50, "IPCC AR4 (33-66%)"),
        ("even chance", 0.50, "Kent 1964"),
        ("toss-up", 0.50, "Kent 1964 (chances about even)"),
        ("coin flip", 0.50, "Kent 1964 (chances about even)"),
        ("fifty-fifty", 0.50, "Kent 1964 (chances about even)"),
        ("50-50", 0.50, "Kent 1964 (chances about even)"),
        ("more likely than not", 0.60, "IPCC AR5 (>50%)"),
        ("real possibility", 0.50, "Mauboussin 2018 (read as 20-80%); midpoint"),
        ("virtually certain", 0.99, "IPCC AR4 (>99%)"),
        ("almost certainly", 0.93, "Kent 1964"),
        ("almost certain", 0.93, "Kent 1964"),
        ("nearly certain", 0.93, "Kent 1964 (almost certain)"),
        ("all but certain", 0.93, "Kent 1964 (almost certain)"),
        ("very likely", 0.90, "IPCC AR4 (>90%)"),
        ("highly likely", 0.90, "IPCC AR4 (>90%)"),
        ("extremely likely", 0.95, "IPCC AR4 (>95%)"),
        ("very probably", 0.90, "IPCC AR4 (very likely)"),
        ("in all likelihood", 0.90, "IPCC AR4 (very likely)"),
        ("most likely", 0.80, "Kent 1964 (probable, upper half)"),
        ("is certain to", 0.99, "Kent 1964 (certain), capped"),
        ("are certain to", 0.99, "Kent 1964 (certain), capped"),
        ("certainly", 0.99, "Kent 1964 (certain), capped"),
        ("definitely", 0.99, "Kent 1964 (certain), capped"),
        ("undoubtedly", 0.99, "Kent 1964 (certain), capped"),
        ("surely", 0.93, "Kent 1964 (almost certain)"),
        ("likely", 0.75, "Kent 1964 (probable) / IPCC AR4 (>66%)"),
        ("probably", 0.75, "Kent 1964 (probable)"),
        ("probable", 0.75, "Kent 1964"),
        ("is expected to", 0.75, "Kent 1964 (probable)"),
        ("are expected to", 0.75, "Kent 1964 (probable)"),
        ("expected to", 0.75, "Kent 1964 (probable)"),
        ("expect", 0.75, "Kent 1964 (probable)"),
        ("expects", 0.75, "Kent 1964 (probable)"),
        ("anticipate", 0.75, "Kent 1964 (probable)"),
        ("projected to", 0.75, "Kent 1964 (probable)"),
        ("forecast to", 0.75, "Kent 1964 (probable)"),
        ("on track to", 0.75, "Kent 1964 (probable)"),
        ("poised to", 0.75, "Kent 1964 (probable)"),
        ("set to", 0.75, "Kent 1964 (probable)"),
        ("plans to", 0.70, "our choice: a reported plan"),
        ("planning to", 0.70, "our choice: a reported plan"),
        ("intends to", 0.70, "our choice: a reported plan"),
        ("should", 0.70, "our choice: expectation sense of 'should'"),
        ("possibly", 0.40, "our choice: Kent gives 'possible' no value"),
        ("perhaps", 0.40, "our choice: Kent gives 'possible' no value"),
        ("potentially", 0.40, "our choice: Kent gives 'possible' no value"),
        ("could", 0.40, "our choice: Kent gives 'possible' no value"),
        ("might", 0.40, "our choice: Kent gives 'possible' no value"),
        ("may", 0.40, "our choice: Kent gives 'possible' no value"),
        ("would", 0.50, "our choice: hypothetical"),
        ("is going to", UnhedgedAssertion, "unhedged assertion: Kent 1964 almost certain band (87-99%), IPCC AR4 very likely"),
        ("are going to", UnhedgedAssertion, "unhedged assertion: Kent 1964 almost certain band (87-99%), IPCC AR4 very likely"),
        ("won't", UnhedgedAssertion, "unhedged assertion: Kent 1964 almost certain band (87-99%), IPCC AR4 very likely"),
        ("will not", UnhedgedAssertion, "unhedged assertion: Kent 1964 almost certain band (87-99%), IPCC AR4 very likely"),
        ("will", UnhedgedAssertion, "unhedged assertion: Kent 1964 almost certain band (87-99%), IPCC AR4 very likely"),
        ("shall", UnhedgedAssertion, "unhedged assertion: Kent 1964 almost certain band (87-99%), IPCC AR4 very likely"),
    ];

    /// <summary>
    /// The probability of a flat "will" (and shall, won't, is going to): 0.9. The one value for an unhedged
    /// assertion; <c>ScoringSettings.DefaultUnstatedProbability</c> and the curated manifest use the same number,
    /// and docs/estimative-language.md says why (tests hold the three together).
    /// </summary>
    public const double UnhedgedAssertion = 0.9;

    /// <summary>The table's phrases by their first word, longest first (a word scan instead of a 70-way regex).</summary>
    private static readonly Dictionary<string, (string[] Words, double Probability)[]> ByFirstWord = Table
        .Select(static t => (Words: t.Phrase.Split(' '), t.Probability))
        .GroupBy(static t => t.Words[0], StringComparer.Ordinal)
        .ToDictionary(static g => g.Key, static g => g.OrderByDescending(static t => t.Words.Length).ToArray(), StringComparer.Ordinal);

    [GeneratedRegex(@"\b(?:(?<n>\d{1,3}(?:\.\d+)?)\s*(?:%|percent|per\s*cent)\s+(?:chance|probability|likelihood|odds|likely|certain|"
        + @"certainty|confident|confidence|risk)"
        + @"|(?:chance|probability|likelihood|odds|risk)\s+(?:of|at|is|as\s+high\s+as)\s+(?:(?:about|around|roughly|some|at\s+least|only|"
            + @"just|nearly|almost)\s+)?(?<n>\d{1,3}(?:\.\d+)?)\s*(?:%|percent|per\s*cent)"
        + @"|(?<a>" + NumberWords.Pattern + @")[-\s]+in[-\s]+(?<b>" + NumberWords.Pattern
            + @")\s+(?:chance|odds|probability|likelihood|shot))",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex StatedRx();

    private static bool MayStateANumber(string s)
    {
        foreach (var w in (ReadOnlySpan<string>)["chance", "probab", "likel", "odds", "certain", "confiden", "risk", "shot"])
        {
            if (s.Contains(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesAt(List<(string Word, int Start, int End)> words, int i, string[] phrase)
    {
        if (i + phrase.Length > words.Count)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            if (!string.Equals(words[i + k].Word, phrase[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-cased words with their offsets; apostrophes and hyphens stay inside words ("won't", "toss-up").</summary>
    private static List<(string Word, int Start, int End)> Words(string s)
    {
        var words = new List<(string, int, int)>();
        var i = 0;
        while (i < s.Length)
        {
            if (!char.IsLetterOrDigit(s[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < s.Length && (char.IsLetterOrDigit(s[i])
                || (s[i] is '\'' or '\u2019' or '-' or '\u2013' && i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1]))))
            {
                i++;
            }

            words.Add((s[start..i].ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2013', '-'), start, i));
        }

        return words;
    }

    /// <summary>The probability for one phrase of the table (case-insensitive), or null.</summary>
    public static double? Lookup(string phrase)
    {
        var norm = string.Join(' ',
            phrase.ToLowerInvariant().Replace('\u2019', '\'').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        foreach (var t in Table)
        {
            if (t.Phrase == norm)
            {
                return t.Probability;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the estimate from a claim: a stated probability if there is one; otherwise the most specific hedge
    /// (a bare "will" only when nothing else hedges it: "will likely" is "likely").
    /// </summary>
    public static Estimate? Read(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        try
        {
            return ReadCore(sentence);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static Estimate? ReadCore(string sentence)
    {
        var stated = MayStateANumber(sentence) ? StatedRx().Match(sentence) : Match.Empty;
        if (stated.Success)
        {
            double? p = null;
            if (stated.Groups["n"].Success)
            {
                p = double.Parse(stated.Groups["n"].Value, CultureInfo.InvariantCulture) / 100.0;
            }
            else if (NumberWords.TryParse(stated.Groups["a"].Value, out var a) && NumberWords.TryParse(stated.Groups["b"].Value, out var b)
                && b > 0)
            {
                p = (double)(a / b);
            }

            if (p is > 0 and <= 1)
            {
                return new Estimate(stated.Value, Math.Round(p.Value, 3), Stated: true);
            }
        }

        Estimate? best = null;
        var bestRank = int.MaxValue;
        var words = Words(sentence);
        for (var i = 0; i < words.Count; i++)
        {
            if (!ByFirstWord.TryGetValue(words[i].Word, out var phrases))
            {
                continue;
            }

            foreach (var (phrase, p) in phrases)
            {
                if (!MatchesAt(words, i, phrase))
                {
                    continue;
                }

                var start = words[i].Start;
                var end = words[i + phrase.Length - 1].End;
                var text = sentence[start..end];

                // A hedge inside parentheses qualifies an aside ("(likely Microsoft or Amazon)"), not the claim.
                if (IsMonthMay(sentence, start, text) || InsideParentheses(sentence, start)
                    || IsAttributiveAdjective(sentence, start, text))
                {
                    break;
                }

                // Unhedged modals rank last: "will likely" reads as "likely", "could easily" as "could".
                var rank = Rank(text);
                if (rank < bestRank)
                {
                    best = new Estimate(text, p, Stated: false);
                    bestRank = rank;
                }

                break;
            }
        }

        return best;
    }

    private static bool InsideParentheses(string s, int index)
    {
        var depth = 0;
        for (var i = 0; i < index; i++)
        {
            depth += s[i] == '(' ? 1 : s[i] == ')' && depth > 0 ? -1 : 0;
        }

        return depth > 0;
    }

    /// <summary>"an unlikely synthesis", "the likely winner": the word describes a noun, it does not hedge a claim.</summary>
    internal static bool IsAttributiveAdjective(string s, Match m) => IsAttributiveAdjective(s, m.Index, m.Value);

    private static bool IsAttributiveAdjective(string s, int index, string value)
    {
        var w = value.ToLowerInvariant();
        if (w is not ("likely" or "unlikely" or "probable" or "possible" or "certain"))
        {
            return false;
        }

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

        return s[(i + 1)..end].ToLowerInvariant() is "a" or "an" or "the" or "its" or "their" or "his" or "her" or "most";
    }

    internal static bool IsMonthMay(string text, Match m) => IsMonthMay(text, m.Index, m.Value);

    private static bool IsMonthMay(string text, int index, string value) =>
        value == "May" && (index > 0 || NextNonSpaceIsDigit(text, index + value.Length));

    private static bool NextNonSpaceIsDigit(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i < text.Length && char.IsDigit(text[i]);
    }

    private static int Rank(string words)
    {
        var w = words.ToLowerInvariant();
        if (w is "will" or "shall" or "would" or "should" or "is going to" or "are going to")
        {
            return 3;
        }

        if (w is "could" or "may" or "might")
        {
            return 2;
        }

        return 1;
    }
}
