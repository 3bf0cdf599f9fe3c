using System.Collections.Concurrent;
using System.Globalization;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// Numbers for bench/RESULTS.md, not a check (runs only with FW_DELIVERY_BENCH=1): messages/s through the PostgreSQL
/// delivery path (claim, stale check, attempt mark, raw read, sent mark) with one deliverer and with two, first with a
/// transport that costs nothing (the database's share of a message), then with one that takes a fixed time per message
/// (an SMTP relay at a distance), where a second deliverer should double the rate if the claims let both work at once.
/// </summary>
public sealed class OutboxDeliveryScalingBench(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task Bench_MessagesPerSecond_OneDelivererAndTwo()
    {
        if (Environment.GetEnvironmentVariable("FW_DELIVERY_BENCH") != "1")
        {
            return;
        }

        var count = int.Parse(Environment.GetEnvironmentVariable("FW_DELIVERY_BENCH_COUNT") ?? "400", CultureInfo.InvariantCulture);
        foreach (var latency in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(20) })
        {
            foreach (var deliverers in new[] { 1, 2 })
            {
                await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
                await using (var c = await store.Database.OpenAsync(default))
                {
                    await using var tx = await c.BeginTransactionAsync();
                    for (var i = 0; i < count; i++)
                    {
                        await OutboxStore.EnqueueAsync(c, tx, OutboxStoreTests.Message($"bench{i}@example.test"), Now, default);
                    }

                    await tx.CommitAsync();
                }

                var sent = new ConcurrentQueue<string>();
                var start = TimeProvider.System.GetTimestamp();
                await Task.WhenAll(Enumerable.Range(0, deliverers).Select(_ => Task.Run(async () =>
                {
                    var sut = CreateSut(store.Database, new SlowTransport(sent, latency));
                    while ((await sut.DeliverDueAsync(Now, default)).Attempted > 0)
                    {
                    }
                })));
                var seconds = TimeProvider.System.GetElapsedTime(start).TotalSeconds;
                Assert.Equal(count, sent.Distinct(StringComparer.Ordinal).Count());
                Assert.Equal(count, sent.Count);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"transport {latency.TotalMilliseconds} ms/message, {deliverers} deliverer(s): {count} in {seconds:0.00} s = "
                    + $"{count / seconds:0.0}/s"));
            }
        }
    }

    private static OutboxDeliveryService CreateSut(IDatabase db, IMailTransport transport)
    {
        var options = new MailingOptions { DeliveryBatchSize = 50, ClaimLease = TimeSpan.FromMinutes(5) };
        var pipeline = ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System);
        return new OutboxDeliveryService(db, transport, pipeline, Microsoft.Extensions.Options.Options.Create(options),
            new FakeTimeProvider(Now), NullLogger<OutboxDeliveryService>.Instance);
    }

    private sealed class SlowTransport(ConcurrentQueue<string> sent, TimeSpan latency) : IMailTransport
    {
        public string Name => "slow";

        public async Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
        {
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, TimeProvider.System, cancellationToken);
            }

            sent.Enqueue(entry.MessageId);
            return 250;
        }
    }
}
