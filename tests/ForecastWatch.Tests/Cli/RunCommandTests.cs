using ForecastWatch.Cli;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    [Fact]
    public async Task RunOnce_FreshDataDirectory_MigratesAndExitsZero()
    {
        var (code, _, error) = await CliRunner.RunAsync("--data", _seeds.DataDir, "run", "--once", "--now", "2027-06-01");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.True(File.Exists(Path.Combine(_seeds.DataDir, SqliteConnectionFactory.DatabaseFileName)));
    }
}
