using System.Text.Json.Nodes;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [Fact]
    public async Task Import_ValidSeeds_PrintsAddedThenUnchanged()
    {
        var first = await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);
        var second = await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);

        Assert.Equal(ExitCodes.Ok, first.Code);
        Assert.Contains("added     prediction test-regulation", first.Out, StringComparison.Ordinal);
        Assert.Contains("predictions: 4 added, 0 updated, 0 unchanged", first.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.Code);
        Assert.Contains("predictions: 0 added, 0 updated, 4 unchanged", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ChangedClaim_PrintsUpdatedWithField()
    {
        await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);
        var prices = TempSeeds.Prices();
        prices["claim"] = "Prices will be 3-4 dollars.";
        _seeds.WriteManifest(TempSeeds.Manifest(TempSeeds.Regulation(), TempSeeds.Departures(), prices, TempSeeds.Undated()));

        var (code, output, _) = await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("updated   prediction test-prices (claim)", output, StringComparison.Ordinal);
        Assert.Contains("predictions: 0 added, 1 updated, 3 unchanged", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_InvalidManifest_ExitsOneNamingFilePredictionFieldAndWritesNothing()
    {
        var regulation = TempSeeds.Regulation();
        regulation["quote"] = "not in the article";
        _seeds.WriteManifest(TempSeeds.Manifest(regulation, TempSeeds.Prices()));

        var (code, _, error) = await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);
        var list = await CliRunner.RunAsync("--data", _seeds.DataDir, "list", "--json");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{_seeds.ManifestPath}: test-regulation: quote: does not occur verbatim", error, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(list.Out)!.AsArray());
    }

    [Fact]
    public async Task Import_MissingDirectory_ExitsOne()
    {
        var (code, _, error) = await CliRunner.RunAsync("--data", _seeds.DataDir, "import", Path.Combine(_seeds.Root, "nowhere"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("directory not found", error, StringComparison.Ordinal);
    }
}
