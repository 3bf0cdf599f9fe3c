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

    [Fact]
    public async Task Migrate_DataDirectoryIsAFile_ExitsBadInputNamingTheProblem()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fw-not-a-dir-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "x");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("--data", file, "migrate");

            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("data directory", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
