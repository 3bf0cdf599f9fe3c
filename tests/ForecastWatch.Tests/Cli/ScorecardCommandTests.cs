using System.Text.Json;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Domain.Scoring;

namespace ForecastWatch.Tests.Cli;

public sealed class ScorecardCommandTests
{
    [Fact]
    public async Task Scorecard_HindsightByDefault_ListedApartAndNotScored()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, stderr) = await fixture.RunAsync("scorecard", "--format", "json", "--now", "2026-06-01");

        Assert.True(code == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("hindsightCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("overall").GetProperty("numeric").ValueKind);
        Assert.Contains(doc.RootElement.GetProperty("hindsight").EnumerateArray(), static h =>
            h.GetProperty("id").GetString() == "ainews-table-api-price");
    }

    [Fact]
    public async Task Scorecard_JsonAfterResolutions_ScoresResolvedOnesAndListsVoid()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, stderr) = await fixture.RunAsync("scorecard", "--format", "json", "--now", "2026-06-01", "--include-hindsight");

        Assert.True(code == ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var overall = doc.RootElement.GetProperty("overall");

        // The three resolved rows are numeric table forecasts without a probability: scored by hit rate, not Brier.
        Assert.Equal(0, overall.GetProperty("scored").GetInt32());
        Assert.Equal(3, overall.GetProperty("numeric").GetProperty("count").GetInt32());
        Assert.Equal(1.4, overall.GetProperty("numeric").GetProperty("hits").GetDouble(), 9);
        Assert.Equal(1, overall.GetProperty("void").GetInt32());
        var voided = doc.RootElement.GetProperty("voids")[0];
        Assert.Equal("ainews-grok-claude-launch", voided.GetProperty("id").GetString());
        Assert.Equal("AINews", voided.GetProperty("outlet").GetString());
        Assert.Contains("Grok-Claude", voided.GetProperty("claim").GetString(), StringComparison.Ordinal);
        Assert.Equal("project cancelled", voided.GetProperty("reason").GetString());
        Assert.Equal("2026-06-01", doc.RootElement.GetProperty("asOf").GetString());
        Assert.Contains(doc.RootElement.GetProperty("groups").EnumerateArray(), static g => g.GetProperty("key").GetString() == "AINews");
    }

    [Fact]
    public async Task Scorecard_CsvByHorizon_Rfc4180WithOverallRow()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, _) = await fixture.RunAsync("scorecard", "--by", "horizon", "--format", "csv", "--now", "2026-06-01");

        Assert.Equal(ExitCodes.Ok, code);
        var rows = CsvTests.Parse(stdout);
        Assert.Equal("dimension", rows[0][0]);
        Assert.All(rows.Skip(1).SkipLast(1), static r => Assert.Equal("horizon", r[0]));
        Assert.Equal("all", rows[^1][0]);
        Assert.Contains(rows, static r => r[1] == "undated");
    }

    [Fact]
    public async Task Scorecard_SinceAfterAllDueDates_NothingScored()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, _) = await fixture.RunAsync("scorecard", "--since", "2030-01-01", "--format", "json", "--now", "2026-06-01");

        Assert.Equal(ExitCodes.Ok, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("overall").GetProperty("scored").GetInt32());
        Assert.Equal("2030-01-01", doc.RootElement.GetProperty("since").GetString());
    }

    [Fact]
    public async Task Scorecard_Table_SmallSampleMarked()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, _) = await fixture.RunAsync("scorecard", "--now", "2026-06-01");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("AINews *", stdout, StringComparison.Ordinal);
        Assert.Contains("Scorecard by outlet as of 2026-06-01", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--by", "editor")]
    [InlineData("--format", "xml")]
    [InlineData("--since", "last week")]
    [InlineData("--min-sample", "0")]
    public async Task Scorecard_BadOption_UsageNamingIt(string option, string value)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["scorecard", option, value], stdout, stderr);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(option == "--since" || option == "--min-sample" ? option : value, stderr.ToString(), StringComparison.Ordinal);
    }
}
