using ForecastWatch.Ingestion;

namespace ForecastWatch.Ingestion.Tests;

public sealed class FeedReaderTests
{
    private static readonly Uri Base = new("https://news.example.org/feeds/main");

    [Fact]
    public void Read_RssWithContentEncoded_ItemsWithTextAuthorsAndDates()
    {
        const string rss = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:atom="http://www.w3.org/2005/Atom">
              <channel><title>Main</title><language>de</language><atom:link href="https://news.example.org/feeds/main" rel="self"/>
                <item><title>Chips &amp; rates</title><link>/2026/11/chips</link><pubDate>Tue, 10 Nov 2026 08:30:00 EST</pubDate>
                  <dc:creator>Jane Roe</dc:creator><content:encoded><![CDATA[<p>Full text.</p>]]></content:encoded></item>
                <item><title>No link</title><guid isPermaLink="false">abc</guid></item>
                <item><title>Guid link</title><guid>https://news.example.org/2026/11/guid</guid><author>jr@example.org (J. R.)</author
                    ></item>
              </channel>
            </rss>
            """;

        var feed = FeedReader.Read(rss, Base);

        Assert.Equal(SourceKind.Rss, feed.Kind);
        Assert.Equal(2, feed.Items.Count);
        var first = feed.Items[0];
        Assert.Equal("https://news.example.org/2026/11/chips", first.Url.AbsoluteUri);
        Assert.Equal("Chips & rates", first.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 13, 30, 0, TimeSpan.Zero), first.Published);
        Assert.Equal(["Jane Roe"], first.Authors);
        Assert.Equal("<p>Full text.</p>", first.ContentHtml);
        Assert.Equal("de", first.Language);
        Assert.Null(feed.Items[1].ContentHtml);
        Assert.Equal(["J. R."], feed.Items[1].Authors);
    }

    [Fact]
    public void Read_Atom_AlternateLinkPublishedUpdatedAndHtmlContent()
    {
        const string atom = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>A</title><author><name>Desk</name></author>
              <entry><title type="html">One &lt;b&gt;bold&lt;/b&gt;</title>
                <link rel="enclosure" href="https://cdn.example.org/a.mp3"/><link rel="alternate" type="text/html"
                    href="https://news.example.org/one"/>
                <published>2026-11-10T08:00:00Z</published><updated>2026-11-11T09:00:00+01:00</updated>
                <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
            </feed>
            """;

        var item = Assert.Single(FeedReader.Read(atom, Base).Items);

        Assert.Equal("https://news.example.org/one", item.Url.AbsoluteUri);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 8, 0, 0, TimeSpan.Zero), item.Updated);
        Assert.Equal("<p>Body</p>", item.ContentHtml);
        Assert.Equal(["Desk"], item.Authors);
    }

    [Fact]
    public void Read_JsonFeed_ItemsFromUrlAndContent()
    {
        const string json = """
            {"version":"https://jsonfeed.org/version/1.1","title":"J","language":"en","authors":[{"name":"Feed Author"}],
             "items":[{"id":"1","url":"https://news.example.org/j1","title":"J1","content_text":"Plain text.",
               "date_published":"2026-11-10T08:00:00Z"},
                      {"id":"2","content_html":"<p>no url</p>"}]}
            """;

        var item = Assert.Single(FeedReader.Read(json, Base).Items);

        Assert.Equal("J1", item.Title);
        Assert.Contains("Plain text.", item.ContentHtml, StringComparison.Ordinal);
        Assert.Equal(["Feed Author"], item.Authors);
    }

    [Fact]
    public void Read_NewsSitemap_TitlesDatesLanguage_AndSitemapIndexChildren()
    {
        const string sitemap = """
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
              <url><loc>https://news.example.org/s1</loc><news:news><news:publication><news:name>N</news:name><news:language
                  >fr</news:language></news:publication>
                <news:publication_date>2026-11-10</news:publication_date><news:title>S1</news:title></news:news></url>
              <url><loc>ftp://news.example.org/bad</loc></url>
            </urlset>
            """;
        const string index = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"""
            + """<sitemap><loc>https://news.example.org/sm-1.xml</loc></sitemap></sitemapindex>""";

        var item = Assert.Single(FeedReader.Read(sitemap, Base).Items);
        var children = FeedReader.Read(index, Base).ChildSitemaps;

        Assert.Equal(("S1", "fr", 2026), (item.Title, item.Language, item.Published!.Value.Year));
        Assert.Equal("https://news.example.org/sm-1.xml", Assert.Single(children).AbsoluteUri);
    }

    [Theory]
    [InlineData("<html><body>not a feed</body></html>")]
    [InlineData("{\"items\":[]}")]
    [InlineData("<rss><channel>")]
    [InlineData("<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss><channel><item><title>&x;"
        + "</title><link>https://a.example/</link></item></channel></rss>")]
    public void Read_NotAFeedOrExternalEntity_ThrowsFeedFormatExceptionOrIgnoresTheEntity(string text)
    {
        try
        {
            var feed = FeedReader.Read(text, Base);
            Assert.DoesNotContain(feed.Items, static i => i.Title?.Contains("root:", StringComparison.Ordinal) == true);
            Assert.StartsWith("<!DOCTYPE", text, StringComparison.Ordinal);
        }
        catch (FeedFormatException)
        {
        }
    }
}
