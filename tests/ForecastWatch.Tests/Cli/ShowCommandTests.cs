using System.Text.Json.Nodes;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class ShowCommandTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [Fact]
    public async Task Show_Json_HasHistoryAndResolutions()
    {
        await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);
        await CliRunner.RunAsync("--data", _seeds.DataDir, "resolve", "test-regulation", "yes", "--by", "ed@example.test", "--now",
            "2027-06-01");

        var (code, output, _) = await CliRunner.RunAsync("--data", _seeds.DataDir, "show", "test-regulation", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(("test-regulation", "resolved", "yes"), ((string?)json["id"], (string?)json["status"], (string?)json["verdict"]));
        Assert.Equal("created", (string?)json["history"]![0]!["change"]);
        Assert.Equal("The regulator will fine the company.", (string?)json["history"]![0]!["after"]!["claim"]);
        var resolution = json["resolutions"]![0]!;
        Assert.Equal(("yes", "ed@example.test", "cli"),
            ((string?)resolution["verdict"], (string?)resolution["resolvedBy"], (string?)resolution["source"]));
    }

    [Fact]
    public async Task Show_Text_HasClaimQuoteAndDates()
    {
        await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);

        var (code, output, _) = await CliRunner.RunAsync("--data", _seeds.DataDir, "show", "test-departures", "--now", "2026-06-01");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("test-departures  [open]", output, StringComparison.Ordinal);
        Assert.Contains("Resolve by: 2026-11-14", output, StringComparison.Ordinal);
        Assert.Contains("threshold: share of staff who leave > 15 %", output, StringComparison.Ordinal);
        Assert.Contains("Resolutions: none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_ExitsOne()
    {
        var (code, _, error) = await CliRunner.RunAsync("--data", _seeds.DataDir, "show", "nope");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("No prediction with id 'nope'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_MissingId_ExitsTwo()
    {
        Assert.Equal(ExitCodes.Usage, (await CliRunner.RunAsync("--data", _seeds.DataDir, "show")).Code);
    }
}
