using System.Text.Json.Nodes;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class ResolveCommandTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public ResolveCommandTests()
    {
        CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir).GetAwaiter().GetResult();
    }

    public void Dispose() => _seeds.Dispose();

    private Task<(int Code, string Out, string Err)> Resolve(params string[] args) =>
        CliRunner.RunAsync(["--data", _seeds.DataDir, "resolve", .. args, "--now", "2027-06-01"]);

    private async Task<JsonNode> ShowAsync(string id) =>
        JsonNode.Parse((await CliRunner.RunAsync("--data", _seeds.DataDir, "show", id, "--json", "--now", "2027-06-01")).Out)!;

    [Fact]
    public async Task Resolve_Yes_ExitsZeroAndRecordsNoteEvidenceAndBy()
    {
        var (code, output, _) = await Resolve("test-regulation", "yes", "--note", "fined in May", "--evidence", "https://example.test/fine",
            "--by", "ed@example.test");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("test-regulation: resolved YES", output, StringComparison.Ordinal);
        var r = (await ShowAsync("test-regulation"))["resolutions"]![0]!;
        Assert.Equal(("fined in May", "https://example.test/fine", "ed@example.test", "2027-06-01T00:00:00+00:00"),
            ((string?)r["note"], (string?)r["evidence"]![0], (string?)r["resolvedBy"], (string?)r["resolvedAt"]));
    }

    [Fact]
    public async Task Resolve_SecondTimeWithoutOverride_ExitsOneAndOverrideWorks()
    {
        await Resolve("test-regulation", "no");

        var again = await Resolve("test-regulation", "yes");
        var overridden = await Resolve("test-regulation", "override", "yes");

        Assert.Equal(ExitCodes.BadInput, again.Code);
        Assert.Contains("already resolved", again.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, overridden.Code);
        Assert.Contains("overriding resolution #1", overridden.Out, StringComparison.Ordinal);
        Assert.Equal("yes", (string?)(await ShowAsync("test-regulation"))["verdict"]);
    }

    [Fact]
    public async Task Resolve_ValueOption_ComparesWithThreshold()
    {
        await Resolve("test-departures", "condition", "yes");
        var (code, output, _) = await Resolve("test-departures", "--value", "18%");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("resolved YES (value 18%)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_PartialWithFraction_IsStored()
    {
        Assert.Equal(ExitCodes.Ok, (await Resolve("test-prices", "partial", "0.5")).Code);

        Assert.Equal(0.5, (double?)(await ShowAsync("test-prices"))["resolutions"]![0]!["fraction"]);
    }

    [Fact]
    public async Task Resolve_ExtendUndated_GivesItAResolveBy()
    {
        var (code, output, _) = await Resolve("test-undated", "extend", "2028-06-30");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("extended to 2028-06-30", output, StringComparison.Ordinal);
        var shown = await ShowAsync("test-undated");
        Assert.Equal(("2028-06-30", "open"), ((string?)shown["resolveBy"], (string?)shown["status"]));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("partial", "2")]
    [InlineData("extend", "soon")]
    public async Task Resolve_BadVerdict_ExitsOneNamingVerdict(params string[] verdict)
    {
        var (code, _, error) = await Resolve(["test-regulation", .. verdict]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("VERDICT:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_ValueOnEvent_ExitsOneRefused()
    {
        var (code, _, error) = await Resolve("test-regulation", "value", "3");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Refused:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_UnknownId_ExitsOne()
    {
        Assert.Equal(ExitCodes.BadInput, (await Resolve("nope", "yes")).Code);
    }

    [Fact]
    public async Task Resolve_BadEvidenceUrl_ExitsOne()
    {
        var (code, _, error) = await Resolve("test-regulation", "yes", "--evidence", "not a url");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--evidence", error, StringComparison.Ordinal);
    }
}
