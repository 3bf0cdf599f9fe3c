using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Storage;

/// <summary>One worker holds the desk mailbox (PostgreSQL advisory lock); the next takes over when it lets go.</summary>
public sealed class MailboxLockTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(30);

    [PostgresFact]
    public async Task AcquireAsync_SecondWorker_WaitsUntilTheFirstLetsGo()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero));
        var first = await MailboxLock.AcquireAsync(store.Database, Retry, time, null, default);
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var second = MailboxLock.AcquireAsync(store.Database, Retry, time, () => refused.TrySetResult(), default);
        await refused.Task;

        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        time.Advance(Retry);
        await using var taken = await second;
    }

    [Fact]
    public async Task AcquireAsync_Sqlite_HoldsNothingAndReturnsAtOnce()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Sqlite);
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero));

        await using var first = await MailboxLock.AcquireAsync(store.Database, Retry, time, null, default);
        await using var second = await MailboxLock.AcquireAsync(store.Database, Retry, time, null, default);
    }
}
