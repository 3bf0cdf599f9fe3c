using System.Diagnostics;
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

    [Fact]
    public async Task Run_Sigterm_StopsCleanlyWithExitZero()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "forecastwatch.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { dll, "--data", _seeds.DataDir, "run" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var database = Path.Combine(_seeds.DataDir, SqliteConnectionFactory.DatabaseFileName);

        // The migration runs before Quartz starts, so the database file means the host is up.
        using var started = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!File.Exists(database) && !process.HasExited)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, started.Token);
        }

        Assert.False(process.HasExited, "the worker exited before it was signalled");
        await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, started.Token);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(started.Token);
        }

        await process.WaitForExitAsync(started.Token);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await stderr}");
    }
}
