using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Hosting;

public sealed class MigrationProgressTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fw-migprogress-" + Guid.NewGuid().ToString("N"));

    public MigrationProgressTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task LongMigrations_PeriodicLinesNameTheRunningOne_ThenDone()
    {
        var runner = new MigrationRunner(new SqliteConnectionFactory(Path.Combine(_dir, "db.sqlite")),
        [
            new Migration(1, "0001_one", "CREATE TABLE a (x INTEGER);"),
            new Migration(2, "0002_backfill", "CREATE TABLE b (x INTEGER);"),
        ]);
        var clock = new SteppingClock(TimeSpan.FromSeconds(6));
        var lines = new List<string>();
        long? total = null;

        var applied = await MigrationProgress.ApplyAsync(
            runner,
            t =>
            {
                total = t;
                return ProgressReporter.ToLog("migrations", "applied", t, lines.Add, clock, TimeSpan.FromSeconds(10));
            },
            clock,
            CancellationToken.None);

        Assert.Equal(2, applied.Count);
        Assert.Equal(2, total);
        Assert.Contains(lines, static l => l.StartsWith("migrations: 1/2 applied (50%)", StringComparison.Ordinal)
            && l.EndsWith("; running 0002_backfill", StringComparison.Ordinal));
        Assert.StartsWith("migrations: 2/2 applied (100%)", lines[^1], StringComparison.Ordinal);
        Assert.Contains(", done in ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingPending_NoReporter()
    {
        var runner = new MigrationRunner(new SqliteConnectionFactory(Path.Combine(_dir, "db.sqlite")),
            [new Migration(1, "0001_one", "CREATE TABLE a (x INTEGER);")]);
        await runner.ApplyPendingAsync(CancellationToken.None);

        var applied = await MigrationProgress.ApplyAsync(runner, static _ => throw new InvalidOperationException("no progress expected"),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);

        Assert.Empty(applied);
    }

    /// <summary>Each reading of the clock moves it on, as if every step of the work took <c>step</c>.</summary>
    private sealed class SteppingClock(TimeSpan step) : FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero))
    {
        public override long GetTimestamp()
        {
            Advance(step);
            return base.GetTimestamp();
        }
    }
}
