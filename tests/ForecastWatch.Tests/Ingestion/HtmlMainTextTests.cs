using System.Globalization;
using System.Text;
using ForecastWatch.Ingestion;
using ForecastWatch.Tests.Domain.Extraction;
using Xunit.Abstractions;

namespace ForecastWatch.Tests.Ingestion;

/// <summary>The main-text picker: Readability (SmartReader) where it serves, our rules where it does not.</summary>
public sealed class HtmlMainTextTests(ITestOutputHelper output)
{
    private static string Paragraphs(int n, string topic)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= n; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p>Paragraph {i} on {topic}: the committee discussed the outlook ")
                .Append("at length, weighing ")
                .Append("the evidence from surveys, from the labour market and from prices, and agreed that more data is needed.</p>\n");
        }

        return sb.ToString();
    }

    private const string Furniture = """
        <div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Markets rally 3% on Friday</a></li>
        <li><a href="/b">Ten things to know</a></li></ul></div>
        <div class="newsletter-signup"><p>Sign up for our newsletter to get 5 stories a day.</p></div>
        """;

    [Fact]
    public void Html_CorpusPages_ReadabilityPickerLosesNoForecastAgainstTheRules()
    {
        var pages = ExtractionCorpus.Load("dev").Concat(ExtractionCorpus.Load("heldout"))
            .Where(static a => a.Path.EndsWith(".html", StringComparison.Ordinal)).ToList();
        foreach (var a in pages)
        {
            var html = File.ReadAllText(a.Path);
            var auto = HtmlArticleReader.Read(html);
            var rules = HtmlArticleReader.Read(html, null, MainTextPicker.Rules);
            output.WriteLine($"{a.Name}: {auto.MainTextFrom}; {auto.Text.Length} chars (rules {rules.Text.Length})");
        }

        var withRules = ExtractionCorpus.Score(pages, MainTextPicker.Rules);
        var withAuto = ExtractionCorpus.Score(pages, MainTextPicker.Auto);
        output.WriteLine("rules: " + withRules.Summary());
        output.WriteLine("auto:  " + withAuto.Summary());
        foreach (var line in withAuto.Report)
        {
            output.WriteLine(line);
        }

        Assert.True(withAuto.TableFound >= withRules.TableFound, withAuto.Summary());
        Assert.True(withAuto.ProseFound >= withRules.ProseFound, withAuto.Summary());
        Assert.True(withAuto.TrapsProposed <= withRules.TrapsProposed, withAuto.Summary());
        Assert.Equal(0, withAuto.PublishedWrong);
    }

    [Fact]
    public void Html_PlainNewsPage_ReadabilityPicksTheBodyWithoutFurniture()
    {
        var html = $"""
            <!doctype html><html lang="en"><head><title>Rates outlook | The Ledger</title></head><body>
            <nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
            <div class="wrap"><div class="story">
            <h1>Rates outlook</h1>
            {Paragraphs(6, "rates")}
            <p>The bank expects inflation to fall to 2.1% by the end of 2027.</p>
            </div>
            {Furniture}
            </div><footer>Copyright 2026 The Ledger</footer></body></html>
            """;

        var page = HtmlArticleReader.Read(html, new Uri("https://ledger.example/rates"));

        Assert.Equal("readability", page.MainTextFrom);
        Assert.Contains("The bank expects inflation to fall to 2.1% by the end of 2027.", page.Text, StringComparison.Ordinal);
        Assert.Contains("more data is needed.\n\nParagraph 2", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign up for our newsletter", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_UnmarkedSidebar_ReadabilityLeavesItOutWhereTheRulesCannot()
    {
        var html = $"""
            <!doctype html><html><head><title>Rates</title></head><body><div id="wrap"><div class="col-left"><h1>Rates</h1>
            {Paragraphs(6, "rates")}
            <p>The bank expects inflation to fall to 2.1% by the end of 2027.</p></div>
            <div class="col-right"><h3>Most read</h3><p><a href="/x">Shares will rise 5% in 2027, says broker</a></p>
            <p><a href="/y">Ten charts on the housing market</a></p><p><a href="/z">Gold to hit $3,000 by March 2027?</a></p></div>
            </div></body></html>
            """;

        var auto = HtmlArticleReader.Read(html);
        var rules = HtmlArticleReader.Read(html, null, MainTextPicker.Rules);

        Assert.Equal("readability", auto.MainTextFrom);
        Assert.Contains("The bank expects inflation to fall to 2.1% by the end of 2027.", auto.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Shares will rise 5% in 2027", auto.Text, StringComparison.Ordinal);
        Assert.Contains("Shares will rise 5% in 2027", rules.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_DataTableInTheArticle_ReadabilityKeepsItAsRows()
    {
        var html = $"""
            <!doctype html><html><head><title>Projections</title></head><body><article><h1>Projections</h1>
            {Paragraphs(6, "growth")}
            <table><caption>Staff projections</caption><thead><tr><th>Year</th><th>GDP growth</th></tr></thead>
            <tbody><tr><td>2027</td><td>1.8%</td></tr><tr><td>2028</td><td>1.6%</td></tr></tbody></table>
            <p>Closing paragraph with enough words to count as body text for the scorer in this test page.</p></article></body></html>
            """;

        var page = HtmlArticleReader.Read(html);

        Assert.Equal("readability", page.MainTextFrom);
        const string table = "Staff projections\n\n| Year | GDP growth |\n|---|---|\n| 2027 | 1.8% |\n| 2028 | 1.6% |";
        Assert.Contains(table, page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_TeaserPage_KeepsTheRulesTextAndSaysWhy()
    {
        const string html = """
            <!doctype html><html><head><title>Teaser</title></head><body><article><h1>Oil to $90</h1>
            <p>Analysts expect Brent to reach $90 by June 2027.</p>
            <div class="paywall"><p>Subscribe to read the full story.</p></div></article></body></html>
            """;

        var page = HtmlArticleReader.Read(html);

        Assert.StartsWith("rules", page.MainTextFrom, StringComparison.Ordinal);
        Assert.Contains("Analysts expect Brent to reach $90 by June 2027.", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_ForecastTableAndList_AreKeptAsRowsWhicheverPickerWins()
    {
        var html = $"""
            <!doctype html><html><head><title>Projections</title></head><body><div class="page">
            <div class="body">{Paragraphs(5, "growth")}</div>
            <div class="box"><table><tr><td>Year</td><td>GDP growth</td></tr><tr><td>2027</td><td>1.8%</td></tr>
            <tr><td>2028</td><td>1.6%</td></tr></table></div>
            <div class="box"><ul><li>Unemployment at 4.9% by December 2027</li><li>Inflation at 2.0% in 2028</li></ul></div>
            </div></body></html>
            """;

        var page = HtmlArticleReader.Read(html);
        output.WriteLine(page.MainTextFrom);
        output.WriteLine(page.Text);

        Assert.Contains("| 2027 | 1.8% |\n| 2028 | 1.6% |", page.Text, StringComparison.Ordinal);
        Assert.Contains("- Unemployment at 4.9% by December 2027", page.Text, StringComparison.Ordinal);
        Assert.Contains("- Inflation at 2.0% in 2028", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_RulesPicker_IsRecordedAsAsked()
    {
        var page = HtmlArticleReader.Read($"<html><body><article>{Paragraphs(6, "x")}</article></body></html>", null, MainTextPicker.Rules);

        Assert.Equal("rules (asked)", page.MainTextFrom);
    }
}
