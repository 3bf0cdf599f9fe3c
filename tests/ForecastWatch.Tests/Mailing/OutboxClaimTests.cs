using System.Collections.Concurrent;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// Several workers delivering from one outbox (PostgreSQL): each row is claimed by one run (FOR UPDATE SKIP LOCKED
/// and a lease), so no message is sent twice, and a worker that dies holds its rows only until the lease ends.
/// </summary>
public sealed class OutboxClaimTests
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static OutboxDeliveryService CreateSut(IDatabase db, IMailTransport transport, TimeProvider time, int batch = 50)
    {
        var options = new MailingOptions
        {
            RetryAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            BreakDuration = TimeSpan.FromSeconds(30),
            DeliveryBatchSize = batch,
            ClaimLease = TimeSpan.FromMinutes(5),
        };
        var pipeline = ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System);
        return new OutboxDeliveryService(
            db, transport, pipeline, Microsoft.Extensions.Options.Options.Create(options), time,
            NullLogger<OutboxDeliveryService>.Instance);
    }

    private static async Task EnqueueAsync(IDatabase db, int count)
    {
        await using var c = await db.OpenAsync(default);
        await using var tx = await c.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
        {
            await OutboxStore.EnqueueAsync(c, tx, OutboxStoreTests.Message($"claim{i}@example.test"), Now, default);
        }

        await tx.CommitAsync();
    }

    [PostgresFact]
    public async Task DeliverDueAsync_TwoDeliverersAtOnce_EveryMessageSentExactlyOnce()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        await EnqueueAsync(store.Database, 300);
        var sent = new ConcurrentQueue<string>();
        var time = new FakeTimeProvider(Now);

        // Small batches, so the two runs interleave many times; each keeps going until a run finds nothing due.
        async Task RunAsync(OutboxDeliveryService sut)
        {
            while ((await sut.DeliverDueAsync(Now, default)).Attempted > 0)
            {
            }
        }

        await Task.WhenAll(
            Task.Run(() => RunAsync(CreateSut(store.Database, new RecordingTransport(sent), time, batch: 7))),
            Task.Run(() => RunAsync(CreateSut(store.Database, new RecordingTransport(sent), time, batch: 7))));

        Assert.Equal(300, sent.Count);
        Assert.Equal(300, sent.Distinct(StringComparer.Ordinal).Count());
        await using var c = await store.Database.OpenAsync(default);
        Assert.Equal(300, (await OutboxStore.ListAsync(c, OutboxStatus.Sent, default)).Count);
    }

    [PostgresFact]
    public async Task DeliverDueAsync_RowsClaimedByAWorkerThatDied_DeliveredAfterTheLeaseEnds()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        await EnqueueAsync(store.Database, 5);
        await using (var c = await store.Database.OpenAsync(default))
        {
            // The dead worker's run: claimed, never sent, never released.
            var claimed = await OutboxStore.ClaimPendingAsync(c, Now, 50, "dead-node/1", Now + TimeSpan.FromMinutes(5), default);
            Assert.Equal(5, claimed.Count);
        }

        var sent = new ConcurrentQueue<string>();
        var time = new FakeTimeProvider(Now + TimeSpan.FromMinutes(1));
        var sut = CreateSut(store.Database, new RecordingTransport(sent), time);

        var during = await sut.DeliverDueAsync(Now + TimeSpan.FromMinutes(1), default);
        time.SetUtcNow(Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var after = await sut.DeliverDueAsync(Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1), default);

        Assert.Equal(0, during.Attempted);
        Assert.Equal(5, after.Sent);
        Assert.Equal(5, sent.Distinct(StringComparer.Ordinal).Count());
    }

    [PostgresFact]
    public async Task DeliverDueAsync_RunThatLostItsClaim_SkipsTheRowInsteadOfSendingIt()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        await EnqueueAsync(store.Database, 1);
        await using var c = await store.Database.OpenAsync(default);
        var mine = Assert.Single(await OutboxStore.ClaimPendingAsync(c, Now, 50, "slow-node/1", Now + TimeSpan.FromMinutes(5), default));

        // The lease ran out and another worker took the row.
        var later = Now + TimeSpan.FromMinutes(6);
        Assert.Single(await OutboxStore.ClaimPendingAsync(c, later, 50, "other-node/1", later + TimeSpan.FromMinutes(5), default));

        Assert.False(await OutboxStore.RenewClaimAsync(c, mine.Id, "slow-node/1", later + TimeSpan.FromMinutes(5), default));
        Assert.True(await OutboxStore.RenewClaimAsync(c, mine.Id, "other-node/1", later + TimeSpan.FromMinutes(5), default));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_AttemptInterruptedAfterItBegan_ResentOnceAndCountedUncertain(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await EnqueueAsync(store.Database, 3);
        long interrupted;
        await using (var c = await store.Database.OpenAsync(default))
        {
            // The dead worker's run: claimed, the first row's attempt marked (committed before MAIL FROM), then killed.
            var claimed = await OutboxStore.ClaimPendingAsync(c, Now, 50, "dead-node/1", Now + TimeSpan.FromMinutes(5), default);
            interrupted = claimed[0].Id;
            Assert.True(await OutboxStore.BeginAttemptAsync(c, interrupted, "dead-node/1", Now, Now + TimeSpan.FromMinutes(5), default));
        }

        var sent = new ConcurrentQueue<string>();
        var later = Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1);
        var sut = CreateSut(store.Database, new RecordingTransport(sent), new FakeTimeProvider(later));
        var report = await sut.DeliverDueAsync(later, default);

        Assert.Equal(3, report.Sent);
        Assert.Equal(1, report.Uncertain);
        Assert.Equal(3, sent.Distinct(StringComparer.Ordinal).Count());
        await using var check = await store.Database.OpenAsync(default);
        var rows = await OutboxStore.ListAsync(check, OutboxStatus.Sent, default);
        Assert.Equal(1, Assert.Single(rows, r => r.Id == interrupted).Uncertain);
        Assert.All(rows, static r => Assert.Null(r.OpenAttemptAt));
        Assert.Equal(0, rows.Where(r => r.Id != interrupted).Sum(static r => r.Uncertain));
    }

    private sealed class RecordingTransport(ConcurrentQueue<string> sent) : IMailTransport
    {
        public string Name => "recording";

        public async Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
        {
            // Let the other deliverer run between sends.
            await Task.Yield();
            sent.Enqueue(entry.MessageId);
            return 250;
        }
    }
}
