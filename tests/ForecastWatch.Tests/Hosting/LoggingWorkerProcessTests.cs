using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Hosting;

/// <summary>
/// Starts the real <c>forecastwatch run</c> process: logs go to stdout, JSON is one setting away, secrets from plain
/// and <c>*_FILE</c> variables are never written, and SIGTERM ends the worker with exit code 0.
/// </summary>
public sealed class LoggingWorkerProcessTests : IDisposable
{
    private const string PlainSecret = "plain-Secret-7c1e9a";
    private const string FileSecret = "file-Secret-52d4b0";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("fw-worker-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private WorkerProcess Start(params (string Name, string Value)[] environment)
    {
        var secretFile = Path.Combine(_dir, "imap-password");
        File.WriteAllText(secretFile, FileSecret + "\n");
        var info = WorkerProcess.Command(_dir, "run");
        info.Environment["ForecastWatch__DataDirectory"] = Path.Combine(_dir, "data");
        info.Environment["ForecastWatch__Smtp__Password"] = PlainSecret;
        info.Environment["ForecastWatch__Imap__Password_FILE"] = secretFile;
        info.Environment["ForecastWatch__Imap__AccessToken"] = PlainSecret + "-token";
        info.Environment["FW_SMTP_PASSWORD"] = PlainSecret + "-mail";
        info.Environment["FW_IMAP_PASSWORD_FILE"] = secretFile;
        info.Environment["Logging__Console__FormatterOptions__IncludeScopes"] = "true";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return WorkerProcess.Start(info);
    }

    [Fact]
    public async Task Run_SecretsInEnvironmentAndFile_NeverWrittenButNamed()
    {
        using var worker = Start();

        await worker.WaitForOutputAsync("Application started", Patience);
        var exitCode = await worker.TerminateAsync(Patience);

        Assert.Equal(0, exitCode);
        var output = worker.Stdout + worker.Stderr;
        Assert.DoesNotContain(PlainSecret, output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(FileSecret, output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Secret ForecastWatch:Smtp:Password is set", worker.Stdout, StringComparison.Ordinal);
        Assert.Contains("Secret ForecastWatch:Imap:Password is set (from file", worker.Stdout, StringComparison.Ordinal);
        Assert.Contains("Secret ForecastWatch:Imap:AccessToken is set", worker.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Password_FILE is set", worker.Stdout, StringComparison.Ordinal);
        Assert.Contains("Secret variable FW_SMTP_PASSWORD is set", worker.Stdout, StringComparison.Ordinal);
        Assert.Contains("Secret variable FW_IMAP_PASSWORD_FILE is set", worker.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JsonFormatterSetting_EveryStdoutLineIsJson()
    {
        using var worker = Start(("Logging__Console__FormatterName", "json"));

        await worker.WaitForOutputAsync("Application started", Patience);
        var exitCode = await worker.TerminateAsync(Patience);

        Assert.Equal(0, exitCode);
        var lines = worker.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
        }

        Assert.DoesNotContain(PlainSecret, worker.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(FileSecret, worker.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_SimpleFormatWithoutFormatterName_HonoursFormatterOptions()
    {
        using var worker = Start(("Logging__Console__FormatterOptions__TimestampFormat", "'TS>' "),
            ("Logging__Console__FormatterOptions__SingleLine", "true"));

        await worker.WaitForOutputAsync("Application started", Patience);
        var exitCode = await worker.TerminateAsync(Patience);

        Assert.Equal(0, exitCode);
        var lines = worker.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, static line => Assert.StartsWith("TS> ", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_JsonFormat_HonoursFormatterOptions()
    {
        using var worker = Start(
            ("Logging__Console__FormatterName", "json"),
            ("Logging__Console__FormatterOptions__TimestampFormat", "'TS'"),
            ("Logging__Console__FormatterOptions__IncludeScopes", "false"));

        await worker.WaitForOutputAsync("Application started", Patience);
        var exitCode = await worker.TerminateAsync(Patience);

        Assert.Equal(0, exitCode);
        var lines = worker.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal("TS", json.RootElement.GetProperty("Timestamp").GetString());
            Assert.False(json.RootElement.TryGetProperty("Scopes", out _), line);
        }
    }

    [Fact]
    public async Task Run_Sigterm_ShutsDownGracefullyWithExitCodeZero()
    {
        using var worker = Start();

        await worker.WaitForOutputAsync("Application started", Patience);
        var exitCode = await worker.TerminateAsync(Patience);

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", worker.Stdout, StringComparison.Ordinal);
        Assert.Empty(worker.Stderr.Trim());
    }
}
