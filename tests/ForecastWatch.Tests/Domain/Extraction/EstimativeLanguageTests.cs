using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

public sealed class EstimativeLanguageTests
{
    [Theory]
    [InlineData("The deal will close.", "will", 0.95)]
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
}
