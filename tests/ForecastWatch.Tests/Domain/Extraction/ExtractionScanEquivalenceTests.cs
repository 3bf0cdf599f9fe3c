using System.Buffers;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// The extractor's fast paths find exactly what the plain scans find: the anchored number scan
/// (<c>QuantityReader.Numbers</c>) against <c>NumberRx().Matches</c>, and the one-pass horizon gates
/// (<c>HorizonRules.HasAny</c>) against <c>string.Contains(word, OrdinalIgnoreCase)</c>, the split word pre-scans
/// (<see cref="WordSearch"/>) against one <c>SearchValues</c> of all their words, over every line, sentence and
/// many substrings of the whole extraction corpus (every set, text and HTML as stored) and over edge cases.
/// </summary>
public sealed class ExtractionScanEquivalenceTests
{
    private static readonly string[] EdgeCases =
    [
        "AUS$5bn", "NZ$3.2 billion", "US$ 4", "us$4", "A$1.5bn and C$2", "HK$300", "Rs 8,000 to Rs 10,000", "Rs.500", "xRs 5",
        "USD 5 EUR6 gbp 7", "ſix months", "\u212Aelvin 5", "twenty-five", "-three", "x3.5", "½", "3¼%", "4½ per cent",
        "EUR 118,5 billion", "3.050.000", "1.234,5", "0,4 %", "\u0663\u0664 percent", "H100", "GPT-4o", "1Q26", "a dozen", "a  third",
        "two-thirds", "one hundred", "a hundred", "half", "behalf", "often", "seventy-seven", "ninety nine", "tenfold", "5bn", "5 bn",
        "5k", "5%+", "50 bps", "25 basis points", "2 percentage points", "3 pp", "$", "$$5", "£5m", "€3bn", "¥100", "₹500", "", " ",
        "a", "ab$", "a$", "1", "12,345.67", "1,2", "1,23", "1,234", "3-4", "3–4", "holİday", "ſpring", "SUMMER", "New Year",
        "newyear", "weekend", "Decade's end", "HALF", "daY", "mid-2027", "end-2026", "the year-end", "fall", "Fall",
        "it\u2019ll rise", "IT\u2019LL", "we'll see", "\u00A9 2026", "(c) 2026", "ſhall", "\u212Aeep", "wİll", "coo\u212Aie",
        "We will look\u00A0back at these predictions next year.", "We will\tmark our calls in December.", "output put at 5%",
        "The bank pegs growth at 2%.", "we have\u00A0it at 40%", "The next report is due on 4 March.", "Results are out on 5 May.",
        "Prices as of 27 November 2026", "up\u00A0from an estimated 38%", "less than half that", "twice this.", "In 2019 I said so",
        "Growth is  \t seen\u00A0rising", "prices were\nseen as firm", "on   track for 3%", "My own guess is 4%", "my best  guess is",
        "We now have it at 5%", "they have them near 2", "we have\u2003it at 40%", "it is\u00A0pegged at 1%", "it is to\u00A0close",
        "Costs are to rise", "this to that", "our model shows 3%", "the baselines suggest 2", "Is seen as", "I have it at 3",
        "out-projected", "reprojected 5", "x-ray sees 5", "_sees 5", "9sees 5", "\u00E9sees 5", "sees\u00E9 5", "OUR   MODELS SHOW",
        "expects the economy of the region to grow", "seen,  seen as", "aim\u00A0to", "is  to be held", "pegs it, at last, at 3",
        "TEN to 12", "a\u00A0dozen", "A-third of", "Thrice more", "Eleven", "ZAR 12", "krw 5000", "Jpy 300", "inr 5", "Chf 3",
        "Cny 4", "hk$ 5", "s$ 3", "Sixty-six", "NINETEEN", "Fifty-Five", "r5", "R 5", "Rs.5", "eur5", "Gbp 5", "audit 5", "USA 5",
        "one-quarter", "a\tquarter", "\u00E9ight 5", "\u00C0 5", "x\u017Fix", "\u017Fixty", "\u212ARW 500", "\u0130NR 5",
        "The forecast is now higher after the strike.", "Guidance is unchanged, as expected.", "the outlook was lower since May",
        "raised its target\tby 5%", "our old\u00A0forecast was 3%",
    ];

    private static IEnumerable<string> Texts()
    {
        foreach (var e in EdgeCases)
        {
            yield return e;
        }

        var corpus = Path.GetDirectoryName(ExtractionCorpus.Directory("dev"))!;
        foreach (var part in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(part)
                .Where(static f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                foreach (var line in TextSegmenter.Lines(text))
                {
                    var l = text.Substring(line.Start, line.Length);
                    yield return l;
                    foreach (var sentence in TextSegmenter.Sentences(text, line))
                    {
                        var s = text.Substring(sentence.Start, sentence.Length);
                        yield return s;
                        for (var k = 1; k < s.Length; k += 5)
                        {
                            yield return s[k..]; // parts and segments start anywhere: mid-word, at a sign, a digit
                            yield return s[..k];
                        }
                    }
                }
            }
        }
    }

    private static string Describe(Match m) =>
        $"{m.Index}+{m.Length} '{m.Value}' cur='{m.Groups["cur"].Value}' n='{m.Groups["n"].Value}' w='{m.Groups["w"].Value}' "
        + $"mult='{m.Groups["mult"].Value}' pct='{m.Groups["pct"].Value}' plus={m.Groups["plus"].Success}";

    [Fact]
    public void AnchoredNumberScan_FindsWhatTheFullScanFinds()
    {
        var texts = 0;
        var numbers = 0;
        foreach (var t in Texts())
        {
            var full = QuantityReader.NumberRx().Matches(t).Select(Describe).ToList();
            var fast = QuantityReader.Numbers(t).Select(Describe).ToList();
            Assert.True(full.SequenceEqual(fast), $"'{t}':\n full {string.Join("; ", full)}\n fast {string.Join("; ", fast)}");
            texts++;
            numbers += full.Count;
        }

        Assert.True(texts > 10_000 && numbers > 10_000, $"{texts} texts, {numbers} numbers: the corpus was not read");
    }

    /// <summary>The reported-cue scan from its key words returns the match the whole-text scan returns, or none with it.</summary>
    [Fact]
    public void ReportedCueScan_FindsWhatTheFullScanFinds()
    {
        var found = 0;
        foreach (var t in Texts())
        {
            var full = PredictionExtractor.ReportedCue().Match(t);
            var fast = PredictionExtractor.ReportedCueMatch(t);
            Assert.True(full.Success == fast.Success && full.Index == fast.Index && full.Length == fast.Length,
                $"'{t}': full {full.Success} {full.Index}+{full.Length}, fast {fast.Success} {fast.Index}+{fast.Length}");
            found += full.Success ? 1 : 0;
        }

        Assert.True(found > 1_000, $"{found} cues: the corpus was not read");
    }

    [Fact]
    public void KeptNumberMatches_AreTheAnchoredScan()
    {
        foreach (var t in Texts().Take(20_000))
        {
            var fast = QuantityReader.Numbers(t).Select(Describe).ToList();
            Assert.Equal(fast, QuantityReader.NumberMatches(t).Select(Describe));
            Assert.Equal(fast, QuantityReader.NumberMatches(t).Select(Describe)); // kept for the same string
        }
    }

    /// <summary>Each word pre-scan passes every text its pattern matches (it may pass more; it never skips a match).</summary>
    [Fact]
    public void PatternPreScans_PassEveryTextThePatternMatches()
    {
        var pairs = new (string Name, Regex Pattern, Func<string, bool> PreScan)[]
        {
            ("ReportedCue", PredictionExtractor.ReportedCue(), PredictionExtractor.MayBeReportedCue),
            ("QuotedHistory", PredictionExtractor.QuotedHistory(), PredictionExtractor.MayBeQuotedHistory),
            ("ScheduledRelease", PredictionExtractor.ScheduledRelease(), PredictionExtractor.MayBeScheduledRelease),
            ("CalendarEvent", PredictionExtractor.CalendarEvent(), PredictionExtractor.MayBeCalendarEvent),
            ("ValuelessFragment", PredictionExtractor.ValuelessFragment(), PredictionExtractor.MayBeValuelessFragment),
            ("DifferenceOrOldLevel", PredictionExtractor.DifferenceOrOldLevel(), PredictionExtractor.MayBeDifferenceOrOldLevel),
        };
        var matched = new int[pairs.Length];
        foreach (var t in Texts())
        {
            for (var k = 0; k < pairs.Length; k++)
            {
                if (pairs[k].Pattern.IsMatch(t))
                {
                    Assert.True(pairs[k].PreScan(t), $"{pairs[k].Name} matches '{t}' but its pre-scan skips it");
                    matched[k]++;
                }
            }
        }

        Assert.All(matched, static n => Assert.True(n > 0, "a pattern matched nothing: the corpus was not read"));
    }

    [Fact]
    public void HorizonGates_AnswerAsContainsDoes()
    {
        var hits = 0;
        foreach (var t in Texts())
        {
            foreach (var w in HorizonRules.GateWords)
            {
                var expected = t.Contains(w, StringComparison.OrdinalIgnoreCase);
                Assert.True(expected == HorizonRules.HasAny(t, w), $"'{w}' in '{t}': Contains says {expected}");
                hits += expected ? 1 : 0;
            }

            // A word outside the gate list is searched for as it was.
            Assert.Equal(t.Contains("fortnight", StringComparison.OrdinalIgnoreCase), HorizonRules.HasAny(t, "fortnight"));
        }

        Assert.True(hits > 1_000, $"{hits} gate words found: the corpus was not read");
    }

    [Fact]
    public void SplitWordPreScans_AnswerAsOneSearchValuesDoes()
    {
        var searches = new[]
        {
            PredictionExtractor.ForecastOrTimeWords, PredictionExtractor.ForwardCueWords, BoilerplateDetector.ShortFurnitureWords,
        };
        var references = searches.Select(static w => SearchValues.Create(w.Words.ToArray(), StringComparison.OrdinalIgnoreCase)).ToArray();
        var hits = 0;
        foreach (var t in Texts())
        {
            for (var k = 0; k < searches.Length; k++)
            {
                var expected = t.AsSpan().ContainsAny(references[k]);
                Assert.True(expected == searches[k].In(t), $"list {k} in '{t}': SearchValues says {expected}");
                hits += expected ? 1 : 0;
            }
        }

        Assert.True(hits > 1_000, $"{hits} hits: the corpus was not read");
    }
}
