namespace ForecastWatch.Ingestion.Tests;

/// <summary>robots.txt as RFC 9309 reads it (and Crawl-delay, which it does not define but sites use).</summary>
public sealed class RobotsTxtTests
{
    private static bool Allowed(string robots, string path, string token = "ForecastWatch") =>
        RobotsTxt.Parse(robots, token).IsAllowed(new Uri("https://news.example.org" + path));

    [Theory]
    [InlineData("/private/x", false)]
    [InlineData("/private", false)]
    [InlineData("/privateer", false)]
    [InlineData("/public/x", true)]
    [InlineData("/", true)]
    public void IsAllowed_DisallowIsAPrefix(string path, bool expected) =>
        Assert.Equal(expected, Allowed("User-agent: *\nDisallow: /private\n", path));

    [Theory]
    [InlineData("/a/b", true)]   // Allow: /a/b (4) is longer than Disallow: /a (2)
    [InlineData("/a/c", false)]
    [InlineData("/a/bc", true)]
    public void IsAllowed_LongestMatchWins_WhicheverComesFirst(string path, bool expected)
    {
        Assert.Equal(expected, Allowed("User-agent: *\nDisallow: /a\nAllow: /a/b\n", path));
        Assert.Equal(expected, Allowed("User-agent: *\nAllow: /a/b\nDisallow: /a\n", path));
    }

    [Fact]
    public void IsAllowed_AllowAndDisallowOfEqualLength_AllowWins()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));
        Assert.True(Allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "/page"));
    }

    [Theory]
    [InlineData("/a/x.php", false)]
    [InlineData("/a/x.php?q=1", true)]   // $ anchors the end: a query string after .php escapes it
    [InlineData("/a/x.php.bak", true)]
    [InlineData("/x.php.php", false)]
    [InlineData("/php", true)]
    public void IsAllowed_DollarAnchorsTheEnd(string path, bool expected) =>
        Assert.Equal(expected, Allowed("User-agent: *\nDisallow: /*.php$\n", path));

    [Theory]
    [InlineData("/shop/cart/checkout", false)]
    [InlineData("/shop/x/y/checkout/z", false)]
    [InlineData("/shop/checkout", false)]
    [InlineData("/checkout", true)]
    [InlineData("/shop/cart", true)]
    public void IsAllowed_StarMatchesAnyRun(string path, bool expected) =>
        Assert.Equal(expected, Allowed("User-agent: *\nDisallow: /shop*checkout\n", path));

    [Theory]
    [InlineData("/search?q=x&sessionid=1", false)]
    [InlineData("/news?sessionid=1", false)]
    [InlineData("/news?id=1", true)]
    public void IsAllowed_PatternsSeeTheQueryString(string path, bool expected) =>
        Assert.Equal(expected, Allowed("User-agent: *\nDisallow: /*sessionid=\n", path));

    [Fact]
    public void IsAllowed_WildcardAndAnchor_LongerAllowWins()
    {
        const string robots = "User-agent: *\nDisallow: /*.pdf$\nAllow: /reports/public/*.pdf$\n";

        Assert.False(Allowed(robots, "/reports/x.pdf"));
        Assert.True(Allowed(robots, "/reports/public/x.pdf"));
    }

    [Fact]
    public void IsAllowed_EmptyDisallow_AllowsEverything() =>
        Assert.True(Allowed("User-agent: *\nDisallow:\n", "/anything"));

    [Fact]
    public void IsAllowed_DisallowRoot_StillAllowsRobotsTxtItself()
    {
        Assert.False(Allowed("User-agent: *\nDisallow: /\n", "/news/1"));
        Assert.True(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
    }

    [Fact]
    public void Parse_OurGroup_WinsOverStar_AndIsMatchedWithoutCaseOrVersion()
    {
        const string robots = "User-agent: *\nDisallow: /\n\nUser-agent: forecastwatch/2.0\nDisallow: /drafts/\n";

        Assert.True(Allowed(robots, "/news/1"));
        Assert.False(Allowed(robots, "/drafts/1"));
        Assert.False(Allowed(robots, "/news/1", token: "OtherBot"));
    }

    [Fact]
    public void Parse_UserAgentIsNotAPrefixMatch()
    {
        // "Forecast" is another crawler's token: its group is not ours, so the * group applies.
        const string robots = "User-agent: Forecast\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n";

        Assert.True(Allowed(robots, "/news/1"));
        Assert.False(Allowed(robots, "/private/1"));
    }

    [Fact]
    public void Parse_ConsecutiveUserAgents_ShareOneGroup_AndRulesEndIt()
    {
        const string robots = "User-agent: a\nUser-agent: ForecastWatch\nDisallow: /x/\nUser-agent: b\nDisallow: /y/\n";

        Assert.False(Allowed(robots, "/x/1"));
        Assert.True(Allowed(robots, "/y/1"));
    }

    [Fact]
    public void Parse_SeveralGroupsForUs_AreMerged()
    {
        const string robots =
            "User-agent: ForecastWatch\nDisallow: /x/\n\nUser-agent: *\nDisallow: /z/\n\nUser-agent: ForecastWatch\nDisallow: /y/\n";

        Assert.False(Allowed(robots, "/x/1"));
        Assert.False(Allowed(robots, "/y/1"));
        Assert.True(Allowed(robots, "/z/1"));
    }

    [Fact]
    public void Parse_RulesBeforeAnyUserAgent_AndUnknownLinesAndComments_AreIgnored()
    {
        const string robots = "Disallow: /\n# User-agent: *\nSitemap: https://news.example.org/sitemap.xml\n" +
            "User-agent: *  # all\nDisallow: /private # no\nFoo: bar\n";

        Assert.True(Allowed(robots, "/news/1"));
        Assert.False(Allowed(robots, "/private/1"));
    }

    [Fact]
    public void Parse_CrLfAndCaseOfKeys_Understood() =>
        Assert.False(Allowed("USER-AGENT: *\r\nDISALLOW: /a\r\n", "/a/b"));

    [Fact]
    public void Parse_NoGroupForUs_AllowsEverything() =>
        Assert.True(Allowed("User-agent: OtherBot\nDisallow: /\n", "/news/1"));

    [Theory]
    [InlineData("/%7Ejoe/x", "/~joe/", false)]
    [InlineData("/~joe/x", "/%7ejoe/", false)]
    [InlineData("/a%2Fb", "/a/b", true)]    // an encoded slash is not a slash
    [InlineData("/caf%C3%A9/1", "/café/", false)]
    public void IsAllowed_PercentEncodingNormalized(string path, string disallow, bool expected) =>
        Assert.Equal(expected, Allowed($"User-agent: *\nDisallow: {disallow}\n", path));

    [Fact]
    public void CrawlDelay_OfTheGroupThatApplies()
    {
        const string robots = "User-agent: *\nCrawl-delay: 30\nDisallow: /x\n\nUser-agent: ForecastWatch\nCrawl-delay: 2.5\nDisallow:\n";

        Assert.Equal(TimeSpan.FromSeconds(2.5), RobotsTxt.Parse(robots, "ForecastWatch").CrawlDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), RobotsTxt.Parse(robots, "OtherBot").CrawlDelay);
        Assert.Null(RobotsTxt.Parse("User-agent: *\nCrawl-delay: soon\n", "ForecastWatch").CrawlDelay);
        Assert.Null(RobotsTxt.Parse("User-agent: *\nDisallow: /x\n", "ForecastWatch").CrawlDelay);
    }

    [Fact]
    public void CrawlDelay_BetweenUserAgentLines_BelongsToTheGroupAndEndsIt()
    {
        var robots = RobotsTxt.Parse("User-agent: ForecastWatch\nCrawl-delay: 10\nUser-agent: *\nDisallow: /\n", "ForecastWatch");

        Assert.Equal(TimeSpan.FromSeconds(10), robots.CrawlDelay);
        Assert.True(robots.IsAllowed(new Uri("https://news.example.org/news/1")));
    }

    [Fact]
    public void DisallowAll_RefusesEverythingButRobotsTxt()
    {
        Assert.False(RobotsTxt.DisallowAll.IsAllowed(new Uri("https://news.example.org/")));
        Assert.True(RobotsTxt.AllowAll.IsAllowed(new Uri("https://news.example.org/x")));
    }
}
