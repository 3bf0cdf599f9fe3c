using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class ScoreDimensionsTests
{
    [Theory]
    [InlineData("outlet", ScoreDimension.Outlet)]
    [InlineData(" Author ", ScoreDimension.Author)]
    [InlineData("TAG", ScoreDimension.Tag)]
    [InlineData("hedge", ScoreDimension.Hedge)]
    [InlineData("horizon", ScoreDimension.Horizon)]
    [InlineData("article", ScoreDimension.Article)]
    public void TryParse_KnownNames_Parses(string text, ScoreDimension expected)
    {
        Assert.True(ScoreDimensions.TryParse(text, out var d));
        Assert.Equal(expected, d);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("editor")]
    public void TryParse_Unknown_False(string? text)
    {
        Assert.False(ScoreDimensions.TryParse(text, out _));
    }

    [Fact]
    public void ForEachKey_NoAuthorsOrBlankTags_UsesPlaceholders()
    {
        var p = Fixtures.Resolved("p", 0.7, 1) with { Authors = [], Tags = [" ", ""], Hedge = "  Likely " };
        var authors = new List<string>();
        var tags = new List<string>();
        var hedges = new List<string>();

        ScoreDimensions.ForEachKey(p, ScoreDimension.Author, authors, static (k, l) => l.Add(k));
        ScoreDimensions.ForEachKey(p, ScoreDimension.Tag, tags, static (k, l) => l.Add(k));
        ScoreDimensions.ForEachKey(p, ScoreDimension.Hedge, hedges, static (k, l) => l.Add(k));

        Assert.Equal([ScoreDimensions.UnknownAuthor], authors);
        Assert.Equal([ScoreDimensions.Untagged], tags);
        Assert.Equal(["likely"], hedges);
    }
}
