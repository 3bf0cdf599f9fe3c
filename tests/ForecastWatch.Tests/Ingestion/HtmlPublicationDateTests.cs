using ForecastWatch.Domain.Dates;
using ForecastWatch.Ingestion;

namespace ForecastWatch.Tests.Ingestion;

/// <summary>Which date of a page is its publication date: live blogs and updated stories carry several.</summary>
public sealed class HtmlPublicationDateTests
{
    private static string Page(string head, string top) => $"""
        <!doctype html><html><head><title>Live</title>{head}</head><body><article><h1>Election night</h1>{top}
        <p>The model gives the governing party a 70% chance of a majority, its strategist says, and the count goes on.</p>
        </article></body></html>
        """;

    [Fact]
    public void Html_LiveBlogPostingJsonLd_ItsDatePublishedIsThePublicationDate()
    {
        const string ld = """
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"LiveBlogPosting",
            "headline":"Election night","datePublished":"2026-10-05T18:00:00-04:00","dateModified":"2026-10-06T01:10:00-04:00"}
            </script>
            """;

        var page = HtmlArticleReader.Read(Page(ld, ""));

        Assert.Equal((PartialDate.OfDay(new DateOnly(2026, 10, 5)), "json-ld datePublished"), (page.Published, page.PublishedFrom));
    }

    [Theory]
    [InlineData("<p>Updated <time datetime=\"2026-10-06T01:10\">Oct. 6, 1:10 a.m.</time></p>"
        + "<p>Posted <time datetime=\"2026-10-05T18:00\">Oct. 5, 6 p.m.</time></p>")]
    [InlineData("<p class=\"updated\"><time datetime=\"2026-10-06\">Oct. 6</time></p>"
        + "<p><time datetime=\"2026-10-05\">Oct. 5</time></p>")]
    [InlineData("<time itemprop=\"dateModified\" datetime=\"2026-10-06\">Oct. 6</time>"
        + "<time itemprop=\"datePublished\" datetime=\"2026-10-05\">Oct. 5</time>")]
    public void Html_UpdatedTimeBeforeThePublishedOne_ThePublishedOneIsRead(string top)
    {
        var page = HtmlArticleReader.Read(Page("", top));

        Assert.Equal((PartialDate.OfDay(new DateOnly(2026, 10, 5)), "time"), (page.Published, page.PublishedFrom));
    }

    [Fact]
    public void Html_OnlyAnUpdatedTime_IsNotReadAsThePublicationDate()
    {
        var page = HtmlArticleReader.Read(Page("", "<p>Last updated <time datetime=\"2026-10-06\">Oct. 6</time></p>"));

        Assert.NotEqual(PartialDate.OfDay(new DateOnly(2026, 10, 6)), page.Published);
    }

    [Fact]
    public void Html_APlainTime_IsStillThePublicationDate()
    {
        var page = HtmlArticleReader.Read(Page("", "<p>By A. Writer, <time datetime=\"2026-10-05\">Oct. 5, 2026</time></p>"));

        Assert.Equal((PartialDate.OfDay(new DateOnly(2026, 10, 5)), "time"), (page.Published, page.PublishedFrom));
    }
}
