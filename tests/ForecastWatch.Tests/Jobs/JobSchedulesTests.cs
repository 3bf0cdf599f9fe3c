using ForecastWatch.Jobs;
using Microsoft.Extensions.Configuration;

namespace ForecastWatch.Tests.Jobs;

public sealed class JobSchedulesTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(static s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    [Fact]
    public void CronOf_NothingConfigured_Defaults()
    {
        var sut = Config();

        Assert.Equal("0 0 * * * ?", JobSchedules.CronOf(sut, DueCheckJob.Key));
        Assert.Equal("0 30 * * * ?", JobSchedules.CronOf(sut, ReminderJob.Key));
        Assert.Equal("0 * * * * ?", JobSchedules.CronOf(sut, OutboxDeliveryJob.Key));
        Assert.Equal("0 * * * * ?", JobSchedules.CronOf(sut, InboxJob.Key));
        Assert.Equal("0 0 8 ? * MON", JobSchedules.CronOf(sut, DigestJob.Key));
        Assert.Empty(JobSchedules.Validate(sut));
    }

    [Fact]
    public void CronOf_ConfiguredAndDisabled_ReadsTheOneKey()
    {
        var sut = Config(("ForecastWatch:Jobs:inbox:Cron", "0 */5 * * * ?"), ("ForecastWatch:Jobs:reminders:Enabled", "false"));

        Assert.Equal("0 */5 * * * ?", JobSchedules.CronOf(sut, InboxJob.Key));
        Assert.Null(JobSchedules.CronOf(sut, ReminderJob.Key));
        Assert.Null(JobSchedules.Registration(sut, ReminderJob.Key));
    }

    [Fact]
    public void Registration_InboxWatched_ExpectsABeatEveryPollInterval()
    {
        var sut = Config(("ForecastWatch:Inbox:PollInterval", "00:05:00"));

        Assert.Equal(new ForecastWatch.Hosting.JobSchedule("inbox", TimeSpan.FromMinutes(5), null, true),
            JobSchedules.Registration(sut, InboxJob.Key));
    }

    [Fact]
    public void Registration_InboxOnItsCron_ExpectsTheCron()
    {
        var sut = Config(("ForecastWatch:Inbox:Watch", "false"), ("ForecastWatch:Jobs:inbox:Cron", "0 */5 * * * ?"));

        Assert.Equal(new ForecastWatch.Hosting.JobSchedule("inbox", null, "0 */5 * * * ?", true),
            JobSchedules.Registration(sut, InboxJob.Key));
    }

    [Fact]
    public void CronOf_InvalidCron_ThrowsNamingTheKey()
    {
        var sut = Config(("ForecastWatch:Jobs:due-check:Cron", "hourly"));

        var ex = Assert.Throws<InvalidOperationException>(() => JobSchedules.CronOf(sut, DueCheckJob.Key));

        Assert.Contains("ForecastWatch:Jobs:due-check:Cron 'hourly'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ForecastWatch:Jobs:due-check:Cron", Assert.Single(JobSchedules.Validate(sut)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ForecastWatch:Prompts:DueCheckCron", "ForecastWatch:Jobs:due-check:Cron")]
    [InlineData("ForecastWatch:Prompts:RemindersCron", "ForecastWatch:Jobs:reminders:Cron")]
    [InlineData("ForecastWatch:Prompts:OutboxCron", "ForecastWatch:Jobs:outbox-delivery:Cron")]
    [InlineData("ForecastWatch:Inbox:Cron", "ForecastWatch:Jobs:inbox:Cron")]
    [InlineData("ForecastWatch:Digest:Cron", "ForecastWatch:Jobs:digest:Cron")]
    [InlineData("ForecastWatch:Prompts:TimeZone", "ForecastWatch:TimeZone")]
    public void Validate_KeyThatNoLongerSetsASchedule_RefusedNamingBothKeys(string removed, string replacement)
    {
        var error = Assert.Single(JobSchedules.Validate(Config((removed, "0 0 * * * ?"))));

        Assert.Contains(removed + " is no longer read", error, StringComparison.Ordinal);
        Assert.Contains(replacement, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ZoneOf_CalendarZoneForEveryJob_DigestMayHaveItsOwn()
    {
        var sut = Config(("ForecastWatch:TimeZone", "Europe/Berlin"), ("ForecastWatch:Jobs:digest:TimeZone", "America/New_York"));

        Assert.Equal("Europe/Berlin", JobSchedules.ZoneOf(sut, DueCheckJob.Key).Id);
        Assert.Equal("Europe/Berlin", JobSchedules.ZoneOf(sut, InboxJob.Key).Id);
        Assert.Equal("America/New_York", JobSchedules.ZoneOf(sut, DigestJob.Key).Id);
        Assert.Empty(JobSchedules.Validate(sut));
    }

    [Theory]
    [InlineData("ForecastWatch:Jobs:due-check:TimeZone", "Europe/Berlin", "only digest")]
    [InlineData("ForecastWatch:Jobs:digest:TimeZone", "Mars/Olympus", "'Mars/Olympus' is not a time zone")]
    public void Validate_JobTimeZone_RefusedWhereNotWantedOrUnknown(string key, string value, string expected)
    {
        var error = Assert.Single(JobSchedules.Validate(Config((key, value))));

        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
