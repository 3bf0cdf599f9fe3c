using System.Text.Json;
using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Tests.Cli;
using Microsoft.Extensions.Time.Testing;
using Clock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace ForecastWatch.Tests.Hosting;

public sealed class ProgressReporterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void KnownTotal_NotATerminal_PlainLineEveryIntervalWithRateAndTimeLeft()
    {
        var clock = new Clock(Start);
        var err = new StringWriter();
        var progress = ProgressReporter.ToWriter("import", "items", 1000, err, clock, TimeSpan.FromSeconds(10));

        for (var i = 0; i < 1000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50)); // 20 items a second
            progress.Advance();
        }

        progress.Complete();

        var lines = err.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Equal("import: 200/1,000 items (20%), 20/s, 40s left", lines[0]);
        Assert.Equal("import: 400/1,000 items (40%), 20/s, 30s left", lines[1]);
        Assert.Equal("import: 1,000/1,000 items (100%), 20/s, done in 50s", lines[^1]);
        Assert.DoesNotContain('\r', err.ToString());
    }

    [Fact]
    public void UnknownTotal_CountRateAndElapsed()
    {
        var clock = new Clock(Start);
        var lines = new List<string>();
        var progress = ProgressReporter.ToLog("export", "rows", null, lines.Add, clock, TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromSeconds(30));
        progress.Advance(3000);
        clock.Advance(TimeSpan.FromSeconds(45));
        progress.Advance(3000);
        clock.Advance(TimeSpan.FromSeconds(5));
        progress.Complete();

        Assert.Equal(["export: 6,000 rows, 80/s, 1m15s elapsed", "export: 6,000 rows, 75/s, done in 1m20s"], lines);
    }

    [Fact]
    public void ShortWork_PrintsNothing()
    {
        var clock = new Clock(Start);
        var err = new StringWriter();
        var progress = ProgressReporter.ToWriter("extract", "files", 3, err, clock);

        progress.Advance();
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Advance(2);
        progress.Complete();
        progress.Complete();

        Assert.Equal("", err.ToString());
        Assert.Equal(3, progress.Done);
    }

    [Fact]
    public void SlowRate_OneDecimalAndHoursLeft()
    {
        var clock = new Clock(Start);
        var lines = new List<string>();
        var progress = ProgressReporter.ToLog("migration 0008", "steps", 10_000, lines.Add, clock, TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(20));
        progress.Advance(10);

        Assert.Equal(["migration 0008: 10/10,000 steps (0%), 0.5/s, 5h33m left"], lines);
    }

    [Fact]
    public void Duration_Formats()
    {
        Assert.Equal("0s", ProgressReporter.Duration(TimeSpan.Zero));
        Assert.Equal("2s", ProgressReporter.Duration(TimeSpan.FromSeconds(1.2)));
        Assert.Equal("1m05s", ProgressReporter.Duration(TimeSpan.FromSeconds(65)));
        Assert.Equal("2h03m", ProgressReporter.Duration(TimeSpan.FromMinutes(123)));
    }

    [Fact]
    public async Task ImportAndExportJson_StdoutStaysMachineReadable_StderrHasNoProgressForShortWork()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, stderr) = await fixture.RunAsync("export", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.DoesNotContain("export:", stdout);
        Assert.DoesNotContain("export:", stderr);
    }
}
