using ForecastWatch.Cli;

namespace ForecastWatch.Tests.Cli;

/// <summary>Runs the CLI in-process against a temp data directory and captures its output.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
