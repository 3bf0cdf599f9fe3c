using System.Xml.Linq;
using ForecastWatch.Cli;

namespace ForecastWatch.Tests.Cli;

public sealed class DigestCommandTests
{
    private static readonly XNamespace X = "http://www.w3.org/1999/xhtml";

    [Fact]
    public async Task DigestPreview_Html_WellFormedWithThisWeeksResolutions()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, stderr) = await fixture.RunAsync("digest", "--preview", "--now", "2026-06-01");

        Assert.True(code == ExitCodes.Ok, stderr);
        var doc = XDocument.Parse(stdout);
        var items = doc.Descendants(X + "li").Select(static li => li.Value).ToList();
        Assert.Contains(items, static i => i.Contains("[ainews-grok-claude-launch]", StringComparison.Ordinal)
            && i.Contains("VOID (project cancelled), resolved by desk@example.org on 2026-05-28.", StringComparison.Ordinal));
        Assert.Contains(items, static i => i.Contains("[ainews-table-open-source-releases]", StringComparison.Ordinal)
            && i.Contains("PARTIAL 0.4", StringComparison.Ordinal));
        Assert.DoesNotContain(items, static i =>
            i.Contains("[ainews-table-api-price]", StringComparison.Ordinal) && i.Contains("resolved by", StringComparison.Ordinal));
        Assert.Contains(items, static i => i.Contains("[ainews-table-procurement-options]", StringComparison.Ordinal)
            && i.Contains("Nobody has been asked yet.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DigestPreview_TextWithSince_IncludesOlderResolutions()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, _) = await fixture.RunAsync("digest", "--preview", "--format", "text", "--since", "2026-04-01", "--now",
            "2026-06-01");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Resolved since the last digest (4)", stdout, StringComparison.Ordinal);
        Assert.Contains("  YES, resolved by desk@example.org on 2026-05-01.", stdout, StringComparison.Ordinal);
        Assert.Contains("  Evidence: https://example.org/prices", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_WithoutPreviewOrRecipients_BadInputNamesSetting()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, _, stderr) = await fixture.RunAsync("digest", "--now", "2026-06-01T09:00:00Z");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("ForecastWatch:Digest:Recipients", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_WithRecipientsTwiceInOnePeriod_QueuesOnce()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();
        var config = Path.Combine(fixture.Directory, "digest.json");
        await File.WriteAllTextAsync(config, """{ "ForecastWatch": { "Digest": { "Recipients": [ "boss@example.test" ] } } }""");

        var first = await fixture.RunAsync("--config", config, "digest", "--now", "2026-06-01T09:00:00Z");
        var second = await fixture.RunAsync("--config", config, "digest", "--now", "2026-06-03T12:00:00Z");
        var outbox = await fixture.RunAsync("--config", config, "outbox");

        Assert.True(first.Code == ExitCodes.Ok, first.Err);
        Assert.Contains("digest 2026-06-01T08:00:00Z: queued", first.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.Code);
        Assert.Contains("already sent", second.Out, StringComparison.Ordinal);
        Assert.Single(outbox.Out.Split('\n'), static l => l.Contains("digest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_FirstRunMidWeekThenMonday_StalePeriodNotSentNextQueuedOnce()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();
        var config = Path.Combine(fixture.Directory, "digest.json");
        await File.WriteAllTextAsync(config, """{ "ForecastWatch": { "Digest": { "Recipients": [ "boss@example.test" ] } } }""");

        var deploy = await fixture.RunAsync("--config", config, "run", "--once", "--now", "2026-05-28T12:00:00Z");
        var first = await fixture.RunAsync("--config", config, "run", "--once", "--now", "2026-06-01T09:00:00Z");
        var second = await fixture.RunAsync("--config", config, "run", "--once", "--now", "2026-06-01T10:00:00Z");

        Assert.True(deploy.Code == ExitCodes.Ok, deploy.Err);
        Assert.Contains("digest 2026-05-25T08:00:00Z: not sent (it fell due before the first run", deploy.Out, StringComparison.Ordinal);
        Assert.True(first.Code == ExitCodes.Ok, first.Err);
        Assert.Contains("digest 2026-06-01T08:00:00Z: queued", first.Out, StringComparison.Ordinal);
        Assert.Contains("digest 2026-06-01T08:00:00Z: already done", second.Out, StringComparison.Ordinal);
        var digests = System.IO.Directory.GetFiles(Path.Combine(fixture.Directory, "outbox"), "*.eml", SearchOption.AllDirectories)
            .Count(static f => File.ReadAllText(f).Contains("ForecastWatch digest 2026-06-01", StringComparison.Ordinal));
        Assert.Equal(1, digests);
    }

    [Fact]
    public async Task DigestPreview_SinceAfterNow_BadInput()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, _, stderr) = await fixture.RunAsync("digest", "--preview", "--since", "2026-07-01", "--now", "2026-06-01");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--since", stderr, StringComparison.Ordinal);
    }
}
