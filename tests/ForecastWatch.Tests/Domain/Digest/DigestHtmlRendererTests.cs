using System.Xml.Linq;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Tests.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Digest;

public sealed class DigestHtmlRendererTests
{
    private static readonly XNamespace X = "http://www.w3.org/1999/xhtml";

    private static XDocument Render(DigestModel? model = null) =>
        XDocument.Parse(DigestHtmlRenderer.Render(model
            ?? DigestFixtures.Build(prompts: static _ => [new PromptSent("desk@example.org", DigestFixtures.AsOf.AddDays(-3))])));

    [Fact]
    public void Render_Week_WellFormedXhtmlWithAllSections()
    {
        var doc = Render();

        Assert.Equal(X + "html", doc.Root!.Name);
        var headings = doc.Descendants(X + "h2").Select(static h => h.Attribute("id")!.Value);
        Assert.Equal(["resolved", "scorecard", "calibration", "overdue", "due-soon", "delivery"], headings);
    }

    [Fact]
    public void Render_Week_NoScriptsImagesStylesheetsOrExternalResources()
    {
        var doc = Render();

        string[] forbidden = ["script", "img", "style", "link", "iframe", "object", "embed", "form"];
        Assert.DoesNotContain(doc.Descendants(), e => forbidden.Contains(e.Name.LocalName));
        Assert.DoesNotContain(doc.Descendants().Attributes(), static a =>
            a.Name.LocalName is "src" or "background" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        Assert.All(doc.Descendants(X + "a"), static a => Assert.StartsWith("http", a.Attribute("href")!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_HostileData_EncodedAndStillWellFormed()
    {
        var hostile = Fixtures.Resolved("x1", 0.8, 1, outlet: "<b>Bold & Co</b>", resolvedAt: DigestFixtures.AsOf.AddHours(-1)) with
        {
            Claim = "<script>alert('x')</script> \u0001\u001b\uFFFF \uD800 end",
            Evidence = "javascript:alert(1) https://ok.example.org/a?b=1&c=\"2\"",
            ResolvedBy = "\"Mallory\" <m@example.org>",
        };

        var doc = Render(DigestFixtures.Build([hostile]));

        Assert.Empty(doc.Descendants(X + "script"));
        Assert.Empty(doc.Descendants(X + "b"));
        var item = doc.Descendants(X + "li").Single();
        Assert.Contains("[x1] <b>Bold & Co</b>: <script>alert('x')</script>", item.Value, StringComparison.Ordinal);
        Assert.Contains("\"Mallory\" <m@example.org>", item.Value, StringComparison.Ordinal);
        var link = Assert.Single(item.Descendants(X + "a"));
        Assert.StartsWith("https://ok.example.org/a?b=1&c=", link.Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.Contains("javascript:alert(1)", item.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Calibration_BarsAreTableCellsWithTextValues()
    {
        var predictions = new[]
        {
            Fixtures.Resolved("c1", 0.75, 1),
            Fixtures.Resolved("c2", 0.75, 0),
        };

        var doc = Render(DigestFixtures.Build(predictions));

        var chart = doc.Descendants(X + "h2").Single(static h => h.Attribute("id")!.Value == "calibration").ElementsAfterSelf(X + "table")
            .First();
        Assert.Contains("70-80%: forecast 75.0%, came true 50.0% (n=2)", chart.Value, StringComparison.Ordinal);
        var bars = chart.Descendants(X + "td").Where(static td => td.Attribute("bgcolor") is not null).ToList();
        Assert.Equal(["150", "100"], bars.Select(static td => td.Attribute("width")!.Value));
        Assert.All(bars, static td => Assert.Contains("background-color:", td.Attribute("style")!.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_EmptySections_SayNothing()
    {
        var doc = Render(DigestFixtures.Build([]));

        var paragraphs = doc.Descendants(X + "p").Select(static p => p.Value).ToList();
        Assert.Equal(4, paragraphs.Count(static p => p == "Nothing."));
        Assert.Contains("No scored predictions yet.", paragraphs);
    }

    [Fact]
    public void Render_OverdueWithPrompt_SaysWhoWasAsked()
    {
        var doc = Render();

        var overdue = doc.Descendants(X + "li").Select(static li => li.Value)
            .Where(static v => v.Contains("[late-a]", StringComparison.Ordinal)).Single();
        Assert.Contains("Due 2026-06-04, 60 days ago. Asked: desk@example.org on 2026-07-31.", overdue, StringComparison.Ordinal);
    }
}
