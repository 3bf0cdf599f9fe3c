using ForecastWatch.Hosting;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Hosting;

/// <summary>Tests of <see cref="HeartbeatHealth"/>: "each job has run within twice its interval".</summary>
public sealed class HealthEvaluationTests
{
    private static readonly DateTimeOffset AsOf = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    private static JobSchedule Every(string name, TimeSpan interval, bool enabled = true) => new(name, interval, null, enabled);

    private static HeartbeatSnapshot Snapshot(DateTimeOffset? started, params (string Name, DateTimeOffset At)[] beats) =>
        new(started, beats.ToDictionary(static b => b.Name, static b => b.At));

    private static IReadOnlyList<string> Evaluate(IReadOnlyList<JobSchedule> jobs, HeartbeatSnapshot snapshot) =>
        HeartbeatHealth.Evaluate(jobs, snapshot, Grace, TimeZoneInfo.Utc, AsOf);

    [Fact]
    public void Evaluate_NoJobsConfigured_Healthy()
    {
        Assert.Empty(Evaluate([], Snapshot(null)));
    }

    [Fact]
    public void Evaluate_JobsButWorkerNeverStarted_Unhealthy()
    {
        var problems = Evaluate([Every("due", TimeSpan.FromMinutes(15))], Snapshot(null));

        Assert.Contains("never started", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BeatWithinTwiceInterval_Healthy()
    {
        var problems = Evaluate(
            [Every("due", TimeSpan.FromMinutes(15))],
            Snapshot(AsOf.AddDays(-1), ("due", AsOf.AddMinutes(-29))));

        Assert.Empty(problems);
    }

    [Fact]
    public void Evaluate_BeatOlderThanTwiceInterval_ReportsJob()
    {
        var problems = Evaluate(
            [Every("due", TimeSpan.FromMinutes(15))],
            Snapshot(AsOf.AddDays(-1), ("due", AsOf.AddMinutes(-31))));

        var problem = Assert.Single(problems);
        Assert.Contains("job due last ran", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NeverRanWithinGraceAfterStart_Healthy()
    {
        var problems = Evaluate([Every("due", TimeSpan.FromMinutes(15))], Snapshot(AsOf.AddMinutes(-34)));

        Assert.Empty(problems);
    }

    [Fact]
    public void Evaluate_NeverRanPastGraceAfterStart_ReportsNeverRun()
    {
        var problems = Evaluate([Every("due", TimeSpan.FromMinutes(15))], Snapshot(AsOf.AddMinutes(-36)));

        Assert.Contains("job due has never run", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StaleBeatFromBeforeRecentRestart_Healthy()
    {
        var problems = Evaluate(
            [Every("due", TimeSpan.FromMinutes(15))],
            Snapshot(AsOf.AddMinutes(-10), ("due", AsOf.AddDays(-3))));

        Assert.Empty(problems);
    }

    [Fact]
    public void Evaluate_DisabledJobNeverRan_Healthy()
    {
        var problems = Evaluate([Every("digest", TimeSpan.FromHours(1), enabled: false)], Snapshot(AsOf.AddDays(-5)));

        Assert.Empty(problems);
    }

    [Fact]
    public void Evaluate_TwoJobsOneLate_ReportsOnlyLateOne()
    {
        var problems = Evaluate(
            [Every("due", TimeSpan.FromMinutes(15)), Every("inbox", TimeSpan.FromMinutes(5))],
            Snapshot(AsOf.AddDays(-1), ("due", AsOf.AddMinutes(-1)), ("inbox", AsOf.AddHours(-1))));

        Assert.Contains("job inbox", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void IntervalOf_DailyCron_IsOneDay()
    {
        var interval = HeartbeatHealth.IntervalOf(new JobSchedule("digest", null, "0 0 8 * * ?", true), TimeZoneInfo.Utc, AsOf);

        Assert.Equal(TimeSpan.FromDays(1), interval);
    }

    [Fact]
    public void IntervalOf_WeeklyCron_IsSevenDays()
    {
        var interval = HeartbeatHealth.IntervalOf(new JobSchedule("scorecard", null, "0 0 8 ? * MON", true), TimeZoneInfo.Utc, AsOf);

        Assert.Equal(TimeSpan.FromDays(7), interval);
    }

    [Fact]
    public void Evaluate_WeeklyCronBeatSixDaysAgo_Healthy()
    {
        var problems = Evaluate(
            [new JobSchedule("scorecard", null, "0 0 8 ? * MON", true)],
            Snapshot(AsOf.AddDays(-30), ("scorecard", AsOf.AddDays(-6))));

        Assert.Empty(problems);
    }
}
