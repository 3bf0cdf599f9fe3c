using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Mailing;

/// <summary>The start-up catch-up: a missed period is sent only where the worker was already running when it fell due.</summary>
public sealed partial class DigestServiceTests
{
    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task CatchUpAsync_FreshDatabaseMidWeek_NothingSentAtStartNextMondaySent(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        _time.SetUtcNow(Monday0800.AddDays(2).AddHours(5)); // Wednesday 13:00, first start on this database
        var atStart = await CreateSut().CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);
        var afterStart = await StateAsync();

        _time.SetUtcNow(Monday0800.AddDays(7));
        var nextMonday = await CreateSut().RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.SkippedBeforeFirstStart, atStart.Outcome);
        Assert.Equal(Monday0800, atStart.PeriodAt);
        Assert.Equal(0, afterStart.Outbox);
        var marker = Assert.Single(afterStart.Digests);
        Assert.Equal((DigestStatus.Skipped, (long?)null), (marker.Status, marker.OutboxId));
        Assert.Equal(DigestOutcome.Enqueued, nextMonday.Outcome);
        Assert.Equal(Monday0800.AddDays(7), nextMonday.PeriodAt);
        Assert.Equal(Monday0800, nextMonday.PeriodStart);
        Assert.Equal(1, (await StateAsync()).Outbox);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task CatchUpAsync_FreshDatabaseRestartedSameWeek_StillNothingSent(string store)
    {
        await UseStoreAsync(store);

        _time.SetUtcNow(Monday0800.AddDays(2));
        await CreateSut().CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);

        _time.Advance(TimeSpan.FromDays(1));
        var restart = await CreateSut().CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.AlreadyDone, restart.Outcome);
        Assert.Equal(0, (await StateAsync()).Outbox);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task CatchUpAsync_CrashMissedMondayOnExistingDeployment_SentAtRestartExactlyOnce(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        Assert.Equal(DigestOutcome.Enqueued, (await CreateSut().RunAsync(Monday0800, CancellationToken.None)).Outcome);

        // Down from Sunday to Monday 10:00: the 08:00 cron run never happened.
        _time.SetUtcNow(Monday0800.AddDays(7).AddHours(2));
        var restart = await CreateSut().CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(30));
        var secondRestart = await CreateSut().CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Enqueued, restart.Outcome);
        Assert.Equal(Monday0800.AddDays(7), restart.PeriodAt);
        Assert.Equal(Monday0800, restart.PeriodStart);
        Assert.Equal(DigestOutcome.AlreadyDone, secondRestart.Outcome);
        var (outbox, digests) = await StateAsync();
        Assert.Equal(2, outbox);
        Assert.All(digests, d => Assert.Equal(DigestStatus.Queued, d.Status));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task CatchUpAsync_FirstStartThenCrashOverMonday_MissedMondaySentAtRestart(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        _time.SetUtcNow(Monday0800.AddDays(2));
        await CreateSut().CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);

        _time.SetUtcNow(Monday0800.AddDays(8)); // Tuesday after the missed Monday
        var restart = await CreateSut().CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Enqueued, restart.Outcome);
        Assert.Equal(Monday0800.AddDays(7), restart.PeriodAt);
        Assert.Equal(1, (await StateAsync()).Outbox);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task CatchUpAsync_NoRecipients_DisabledAndNothingRecorded(string store)
    {
        await UseStoreAsync(store);

        var report = await CreateSut(recipients: []).CatchUpAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Disabled, report.Outcome);
        Assert.Empty((await StateAsync()).Digests);
    }
}
