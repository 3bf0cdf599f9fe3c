using ForecastWatch.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [Fact]
    public async Task Validate_ValidSeeds_ExitsZeroAndWritesNoDatabase()
    {
        var (code, output, _) = await CliRunner.RunAsync("--data", _seeds.DataDir, "validate", _seeds.SeedsDir);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("OK, 1 articles, 4 predictions (4 accepted, 0 proposed, 0 rejected; 1 undated)", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_seeds.DataDir));
    }

    [Fact]
    public async Task Validate_BadMetadataAndManifest_ListsEveryErrorAndExitsOne()
    {
        var metadata = TempSeeds.Metadata();
        metadata["boilerplate"]![1]!["endLine"] = 40;
        _seeds.WriteMetadata(metadata);
        var prices = TempSeeds.Prices();
        prices["kind"] = "interval";
        _seeds.WriteManifest(TempSeeds.Manifest(TempSeeds.Regulation(), prices));

        var (code, _, error) = await CliRunner.RunAsync("validate", _seeds.SeedsDir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{_seeds.MetadataPath}: {TempSeeds.ArticleId}: boilerplate.endLine: 40 is past the last line (8)", error,
            StringComparison.Ordinal);
        Assert.Contains($"{_seeds.ManifestPath}: test-prices: kind: 'interval' is not one of event, threshold, range", error,
            StringComparison.Ordinal);
        Assert.Contains("2 error(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NotJson_ExitsOne()
    {
        await File.WriteAllTextAsync(_seeds.ManifestPath, "predictions:\n  - id: x\n");

        var (code, _, error) = await CliRunner.RunAsync("validate", _seeds.SeedsDir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
    }
}
