using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Domain.Extraction;

public sealed class EstimativeLanguageTests
{
    [Theory]
    [InlineData("The deal will close.", "will", 0.90)]
    [InlineData("The deal won't close.", "won't", 0.90)]
    [InlineData("The deal will likely close.", "likely", 0.75)]
    [InlineData("The deal will almost certainly close.", "almost certainly", 0.93)]
    [InlineData("The deal is very likely to close.", "very likely", 0.90)]
    [InlineData("The deal is unlikely to close.", "unlikely", 0.30)]
    [InlineData("The deal is highly unlikely to close.", "highly unlikely", 0.10)]
    [InlineData("The deal could close.", "could", 0.40)]
    [InlineData("The deal probably won't close.", "probably won't", 0.30)]
    [InlineData("It is a toss-up whether the deal closes.", "toss-up", 0.50)]
    [InlineData("The bank is expected to cut rates.", "is expected to", 0.75)]
    [InlineData("It is more likely than not that rates fall.", "more likely than not", 0.60)]
    public void Read_HedgeWords_MapToTheTable(string sentence, string words, double probability)
    {
        var e = EstimativeLanguage.Read(sentence);

        Assert.NotNull(e);
        Assert.Equal(words, e.Words);
        Assert.Equal(probability, e.Probability);
        Assert.False(e.Stated);
    }

    [Theory]
    [InlineData("We put a 70% chance on a cut, which will probably come in June.", 0.70)]
    [InlineData("There is a probability of 35 percent that the merger collapses.", 0.35)]
    [InlineData("Analysts give it a one-in-four chance.", 0.25)]
    public void Read_StatedNumber_WinsOverWords(string sentence, double probability)
    {
        var e = EstimativeLanguage.Read(sentence);

        Assert.NotNull(e);
        Assert.True(e.Stated);
        Assert.Equal(probability, e.Probability);
    }

    [Fact]
    public void Read_HedgeInsideParentheses_IsIgnored()
    {
        var e = EstimativeLanguage.Read("The deal will trigger a rival bid (likely from a bank).");

        Assert.Equal("will", e!.Words);
    }

    [Theory]
    [InlineData("It was an unlikely synthesis of rivals.")]
    [InlineData("Revenue rose 15% of total in May 2026.")]
    public void Read_NoHedge_ReturnsNull(string sentence)
    {
        Assert.Null(EstimativeLanguage.Read(sentence));
    }

    [Fact]
    public void Table_ProbabilitiesAreWithinZeroAndOneAndPhrasesUnique()
    {
        Assert.All(EstimativeLanguage.Table, static t => Assert.InRange(t.Probability, 0, 1));
        Assert.Equal(EstimativeLanguage.Table.Count, EstimativeLanguage.Table.Select(static t => t.Phrase).Distinct().Count());
        Assert.All(EstimativeLanguage.Table, static t => Assert.False(string.IsNullOrWhiteSpace(t.Source)));
    }

    [Fact]
    public void UnhedgedAssertion_BareWill_MatchesTheScorersDefaultForUnstatedClaims()
    {
        Assert.Equal(EstimativeLanguage.UnhedgedAssertion, EstimativeLanguage.Lookup("will"));
        Assert.Equal(ScoringSettings.DefaultUnstatedProbability, EstimativeLanguage.UnhedgedAssertion);
        Assert.True(EstimativeLanguage.Lookup("will") < EstimativeLanguage.Lookup("almost certainly"));
    }

    [Fact]
    public void Table_AgreesWithTheTableInTheDocs()
    {
        var documented = DocumentedTable();

        Assert.All(EstimativeLanguage.Table, t =>
        {
            Assert.True(documented.TryGetValue(t.Phrase, out var p), $"'{t.Phrase}' is not in docs/estimative-language.md");
            Assert.True(p == t.Probability, $"'{t.Phrase}': docs say {p}, the table {t.Probability}");
        });
        Assert.All(documented, d => Assert.Equal(d.Value, EstimativeLanguage.Lookup(d.Key)));
    }

    [Fact]
    public async Task Table_AgreesWithEveryCuratedHedgeProbabilityInTheManifest()
    {
        var seeds = await SeedDirectory.LoadAsync(ExtractionQualityTests.SeedsDirectory(), CancellationToken.None);
        var fromHedges = seeds.Predictions.Where(static p => p.ProbabilitySource == ProbabilitySource.Hedge).ToList();

        Assert.NotEmpty(fromHedges);
        Assert.All(fromHedges, p =>
        {
            var e = EstimativeLanguage.Read(p.Hedge!);
            Assert.True(e is not null && e.Probability == p.Probability,
                $"{p.Id}: '{p.Hedge}' is {p.Probability} in the manifest, {e?.Probability} in the table");
        });
    }

    /// <summary>The phrases of the table in docs/estimative-language.md: "is/are X", "expect(s)", "(about) X" expanded.</summary>
    private static Dictionary<string, double> DocumentedTable()
    {
        var path = Path.Combine(Path.GetDirectoryName(ExtractionQualityTests.SeedsDirectory())!, "docs", "estimative-language.md");
        var table = File.ReadAllLines(path).SkipWhile(static l => !l.StartsWith("| Words", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(static l => l.StartsWith('|'));
        var phrases = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in table)
        {
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            var p = double.Parse(cells[2], CultureInfo.InvariantCulture);
            var words = Regex.Replace(cells[1], @"\s*\(nothing[^)]*\)", "");
            foreach (var item in words.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var phrase in Expand(item))
                {
                    phrases[phrase] = p;
                }
            }
        }

        return phrases;
    }

    private static IEnumerable<string> Expand(string item)
    {
        if (item.StartsWith("is/are ", StringComparison.Ordinal))
        {
            return [item.Replace("is/are ", "is ", StringComparison.Ordinal), item.Replace("is/are ", "are ", StringComparison.Ordinal)];
        }

        if (item.EndsWith("(s)", StringComparison.Ordinal))
        {
            return [item[..^3], item[..^3] + "s"];
        }

        if (item.StartsWith('('))
        {
            var close = item.IndexOf(')', StringComparison.Ordinal);
            return [item[(close + 1)..].Trim(), item[1..close] + item[(close + 1)..]];
        }

        return [item];
    }
}
