using ForecastWatch.Cli;

namespace ForecastWatch.Tests.Cli;

public sealed class CliAppTests
{
    [Fact]
    public async Task RunAsync_UnknownCommand_ReturnsUsage()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["no-such-command"], stdout, stderr);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no-such-command", stderr.ToString(), StringComparison.Ordinal);
    }
}
