using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace ForecastWatch.Tests.Container;

/// <summary>Runs scripts/container/container-test.sh: builds the real Dockerfile and runs the image read-only.</summary>
public sealed class ContainerImageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(12);

    [ContainerFact]
    public async Task ContainerTestScript_BuildsAndRunsImage_Passes()
    {
        var script = Path.Combine(FindRepositoryRoot(), "scripts", "container", "container-test.sh");
        var info = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(Budget);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"container-test.sh did not finish within {Budget}.\n{stdout}\n{stderr}");
        }

        process.WaitForExit();
        string text;
        lock (stdout)
        {
            text = stdout.ToString();
        }

        output.WriteLine(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(process.ExitCode == 0, $"container-test.sh exited {process.ExitCode}:\n{text}\n{stderr}");
        Assert.Equal("container-test: PASS", lines[^1]);
        Assert.Contains(lines, static l => l.StartsWith("container-test: image size", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.StartsWith("container-test: healthcheck: healthy", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.StartsWith("container-test: stop (SIGTERM)", StringComparison.Ordinal)
            && l.Contains("exit code 0", StringComparison.Ordinal));
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForecastWatch.sln")) && File.Exists(Path.Combine(dir.FullName, "Dockerfile")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (ForecastWatch.sln + Dockerfile) above {AppContext.BaseDirectory}.");
    }
}
