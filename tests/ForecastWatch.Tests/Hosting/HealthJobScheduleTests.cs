using ForecastWatch.Hosting;
using Microsoft.Extensions.Configuration;

namespace ForecastWatch.Tests.Hosting;

/// <summary>Tests of <see cref="JobSchedule.ReadAll"/>: the schedules health reads from configuration.</summary>
public sealed class HealthJobScheduleTests
{
    private static (IReadOnlyList<JobSchedule> Jobs, IReadOnlyList<string> Defects) Read(params (string Key, string Value)[] settings) =>
        JobSchedule.ReadAll(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(static s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void ReadAll_IntervalAndCron_ReadsBoth()
    {
        var (jobs, defects) = Read(
            ("ForecastWatch:Jobs:Due:Interval", "00:15:00"),
            ("ForecastWatch:Jobs:Digest:Cron", "0 0 8 * * ?"),
            ("ForecastWatch:Jobs:Digest:Enabled", "false"));

        Assert.Empty(defects);
        Assert.Equal(new JobSchedule("Due", TimeSpan.FromMinutes(15), null, true), jobs.Single(static j => j.Name == "Due"));
        Assert.Equal(new JobSchedule("Digest", null, "0 0 8 * * ?", false), jobs.Single(static j => j.Name == "Digest"));
    }

    [Theory]
    [InlineData("ForecastWatch:Jobs:Due:Interval", "soon")]
    [InlineData("ForecastWatch:Jobs:Due:Interval", "-00:05:00")]
    [InlineData("ForecastWatch:Jobs:Due:Cron", "every day")]
    [InlineData("ForecastWatch:Jobs:Due:Enabled", "maybe")]
    public void ReadAll_MalformedValue_IsDefectNamingKey(string key, string value)
    {
        var (jobs, defects) = Read((key, value), ("ForecastWatch:Jobs:Due:Other", "x"));

        Assert.Empty(jobs);
        Assert.Contains("ForecastWatch:Jobs:Due", Assert.Single(defects), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_EnabledEntryWithoutScheduleNorRegistration_IsDefect()
    {
        var (jobs, defects) = Merge([], ("ForecastWatch:Jobs:Due:Enabled", "true"));

        Assert.Empty(jobs);
        Assert.Contains("neither Interval nor Cron", Assert.Single(defects), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_RegisteredJobOnly_IsWatched()
    {
        var (jobs, defects) = Merge([new JobSchedule("inbox", null, "0 * * * * ?", true)]);

        Assert.Empty(defects);
        Assert.Equal(new JobSchedule("inbox", null, "0 * * * * ?", true), Assert.Single(jobs));
    }

    [Fact]
    public void Merge_ConfiguredEnabledFalse_SwitchesRegisteredJobOff()
    {
        var (jobs, defects) = Merge([new JobSchedule("inbox", null, "0 * * * * ?", true)], ("ForecastWatch:Jobs:Inbox:Enabled", "false"));

        Assert.Empty(defects);
        Assert.False(Assert.Single(jobs).Enabled);
    }

    [Fact]
    public void Merge_ConfiguredSchedule_ReplacesRegisteredOne()
    {
        var (jobs, _) = Merge([new JobSchedule("inbox", null, "0 * * * * ?", true)], ("ForecastWatch:Jobs:inbox:Interval", "00:10:00"));

        Assert.Equal(TimeSpan.FromMinutes(10), Assert.Single(jobs).Interval);
    }

    private static (IReadOnlyList<JobSchedule> Jobs, IReadOnlyList<string> Defects) Merge(IEnumerable<JobSchedule> registered,
        params (string Key, string Value)[] settings) =>
        JobSchedule.Merge(registered, new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(static s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
}
