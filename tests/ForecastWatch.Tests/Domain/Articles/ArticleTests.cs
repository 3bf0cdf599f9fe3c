using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Domain.Articles;

public sealed class ArticleTests
{
    private static Article CreateSut() => new(
        new ArticleMetadata(
            TempSeeds.ArticleId, "A Title Line", "Test Outlet", [], null, "en", PartialDate.Parse("2026-05-14"), null, null, null,
            [new BoilerplateRange("title", 1, 1, null), new BoilerplateRange("faq", 7, 8, null)]),
        TempSeeds.ArticleText);

    [Fact]
    public void FindInBody_QuoteAlsoRepeatedInBoilerplate_ReturnsBodyOffset()
    {
        var sut = CreateSut();

        var at = sut.FindInBody("The regulator will fine the company");

        Assert.Equal(TempSeeds.ArticleText.IndexOf("The regulator", StringComparison.Ordinal), at);
        Assert.Equal(3, sut.LineOf(at));
    }

    [Fact]
    public void FindInBody_QuoteOnlyInBoilerplate_ReturnsMinusOne()
    {
        var sut = CreateSut();

        Assert.Equal(-1, sut.FindInBody("A Title Line"));
        Assert.Equal(-1, sut.FindInBody("FAQ"));
    }

    [Fact]
    public void FindInBody_QuoteNotInText_ReturnsMinusOne()
    {
        Assert.Equal(-1, CreateSut().FindInBody("not in the article"));
    }

    [Fact]
    public void IsBody_SpanCrossingIntoBoilerplate_ReturnsFalse()
    {
        var sut = CreateSut();
        var faq = TempSeeds.ArticleText.IndexOf("FAQ", StringComparison.Ordinal);

        Assert.False(sut.IsBody(faq - 3, 6));
        Assert.True(sut.IsBody(faq - 3, 2));
    }

    [Fact]
    public void LineOf_OffsetsAtLineStartsAndEnds_ReturnsOneBasedLines()
    {
        var sut = CreateSut();

        Assert.Equal(1, sut.LineOf(0));
        Assert.Equal(1, sut.LineOf(12));
        Assert.Equal(2, sut.LineOf(13));
        Assert.Equal(8, sut.LineCount);
    }
}
