using ForecastWatch.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class MigrateCommandTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [Fact]
    public async Task Migrate_Twice_ReportsAppliedThenUpToDate()
    {
        var first = await CliRunner.RunAsync("--data", _seeds.DataDir, "migrate");
        var second = await CliRunner.RunAsync("--data", _seeds.DataDir, "migrate");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (first.Code, second.Code));
        Assert.Contains("applied 0001_registry", first.Out, StringComparison.Ordinal);
        Assert.Contains("up to date at version", second.Out, StringComparison.Ordinal);
    }
}
