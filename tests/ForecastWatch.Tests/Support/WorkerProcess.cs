using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ForecastWatch.Tests.Support;

/// <summary>
/// A child process a test starts, usually <c>forecastwatch</c> itself (<see cref="Command"/>): stdout and stderr read
/// line by line as they come (each on its own and both interleaved in <see cref="Output"/>), stopped with SIGTERM
/// (<see cref="TerminateAsync"/>, what <c>docker stop</c> sends) or SIGKILL (<see cref="Kill"/>). Disposing kills
/// whatever of its process tree still runs and waits for it.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private WorkerProcess(Process process, string name)
    {
        Process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the test calls this process (a cluster node's id), for messages.</summary>
    public string Name { get; }

    public Process Process { get; }

    public bool HasExited => Process.HasExited;

    public int ExitCode => Process.ExitCode;

    /// <summary>stdout and stderr, line by line in the order they were read.</summary>
    public string Output => Read(_output);

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    /// <summary>
    /// <c>dotnet forecastwatch.dll ARGS</c> from the test's output directory, stdout and stderr redirected; the caller
    /// adds environment variables.
    /// </summary>
    public static ProcessStartInfo Command(string? workingDirectory, params IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "forecastwatch.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    public static WorkerProcess Start(ProcessStartInfo info, string name = "worker") =>
        new(Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}"), name);

    /// <summary>Waits until stdout holds <paramref name="text"/>; fails (with both streams) if the process exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan patience)
    {
        using var cts = new CancellationTokenSource(patience);
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (Process.HasExited)
            {
                Assert.Fail($"{Name} exited with {Process.ExitCode} before writing '{text}'.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{Name} did not write '{text}' within {patience}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan patience)
    {
        using (var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(patience);
        await Process.WaitForExitAsync(cts.Token);
        return Process.ExitCode;
    }

    /// <summary>kill -9: no shutdown code runs, sockets are closed by the kernel.</summary>
    public void Kill()
    {
        Process.Kill();
        Process.WaitForExit();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }

    private string Read(StringBuilder source)
    {
        lock (_gate)
        {
            return source.ToString();
        }
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
            _output.Append(line).Append('\n');
        }
    }
}
