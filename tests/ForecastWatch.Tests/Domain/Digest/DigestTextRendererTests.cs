using System.Text.RegularExpressions;
using System.Xml.Linq;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Tests.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Digest;

public sealed partial class DigestTextRendererTests
{
    private static readonly XNamespace X = "http://www.w3.org/1999/xhtml";

    private static DigestModel CreateModel() => DigestFixtures.Build(
        prompts: static id => id == "late-b" ? [new PromptSent("desk@example.org", DigestFixtures.AsOf.AddDays(-3))] : [],
        problems: [new DeliveryProblem("late-a", "gone@example.org", DigestFixtures.AsOf.AddDays(-2), "550 5.1.1 user unknown")]);

    [Fact]
    public void Render_Week_HasEverySectionInOrder()
    {
        var text = DigestTextRenderer.Render(CreateModel());

        string[] headings =
        [
            "Resolved since the last digest (2)", "Scorecard by outlet", "Calibration: forecast vs what came true",
            "Overdue, nobody has answered (2)", "Falling due in the next 30 days (1)", "Delivery problems (1)",
        ];
        var positions = headings.Select(h => text.IndexOf(h + "\n", StringComparison.Ordinal)).ToList();
        Assert.All(positions, static p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("  YES, resolved by editor@example.org on 2026-08-01.", text, StringComparison.Ordinal);
        Assert.Contains("  Evidence: https://stats.example.org/q2 and a note", text, StringComparison.Ordinal);
        Assert.Contains("VOID (the vote was cancelled), resolved by", text, StringComparison.Ordinal);
        Assert.Contains("Asked: desk@example.org on 2026-07-31.", text, StringComparison.Ordinal);
        Assert.Contains("Nobody has been asked yet.", text, StringComparison.Ordinal);
        Assert.Contains("- [late-a] prompt to gone@example.org on 2026-08-01: 550 5.1.1 user unknown", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Week_EveryHtmlSentenceAppearsInTextPart()
    {
        var model = CreateModel();
        var text = Normalize(DigestTextRenderer.Render(model));
        var html = XDocument.Parse(DigestHtmlRenderer.Render(model));

        var sentences = html.Root!.Element(X + "body")!.DescendantNodes().OfType<XText>()
            .Where(static t => !t.Ancestors(X + "p").Any(static p => p.Value.Contains('\u25A0', StringComparison.Ordinal)))
            .Select(static t => Normalize(t.Value))
            .Where(static s => s.Length > 0)
            .ToList();

        Assert.NotEmpty(sentences);
        Assert.All(sentences, s => Assert.Contains(s, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Week_EveryTextItemAndHeadingAppearsInHtmlPart()
    {
        var model = CreateModel();
        var lines = DigestTextRenderer.Render(model).Split('\n');
        var html = Normalize(XDocument.Parse(DigestHtmlRenderer.Render(model)).Root!.Value);

        var checkable = lines
            .Where(static l => l.StartsWith("- ", StringComparison.Ordinal) || (l.Length > 2 && l.StartsWith("  ", StringComparison.Ordinal)
                && l[2] != ' ' && !l.Contains('|', StringComparison.Ordinal)) || l.EndsWith(')'))
            .Select(l => Normalize(l.StartsWith("- ", StringComparison.Ordinal) ? l[2..] : l))
            .ToList();

        Assert.True(checkable.Count >= 10);
        Assert.All(checkable, l => Assert.Contains(l, html, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NewlineInClaim_CannotFakeASection()
    {
        var p = Fixtures.Resolved("n1", 0.8, 1, resolvedAt: DigestFixtures.AsOf.AddHours(-1)) with
        {
            Claim = "x\n\nDelivery problems (0)\n==="
        };

        var text = DigestTextRenderer.Render(DigestFixtures.Build([p]));

        Assert.Single(text.Split('\n'), static l => l.StartsWith("Delivery problems", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Calibration_AsciiBarsProportional()
    {
        var text = DigestTextRenderer.Render(DigestFixtures.Build([Fixtures.Resolved("c1", 0.75, 1), Fixtures.Resolved("c2", 0.75, 0)]));

        Assert.Contains("  forecast   |###############     | 75.0%", text, StringComparison.Ordinal);
        Assert.Contains("  came true  |##########          | 50.0%", text, StringComparison.Ordinal);
    }

    private static string Normalize(string s) => Spaces().Replace(s, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
