using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// The connection lost after the message data, before the server's reply (real Postfix behind a relay that keeps its
/// 250 back and drops the connection): the message is not sent again within the attempt, not even on a fresh
/// connection; it is requeued with its attempt open and the copy sent later is counted as uncertain. Every other
/// message arrives once.
/// </summary>
public sealed class OutboxLostReplyTests
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    [MailServerTheory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_ConnectionLostAfterData_RequeuedNotRetriedInTheAttempt_ResentOnceAndCountedUncertain(string kind)
    {
        const int Total = 5;
        const int Cut = 3; // on a connection kept from the messages before it: once retried at once on a fresh one
        await using var db = await MailingTestDatabase.CreateAsync(kind);
        var ids = await SeedAsync(db, Total);
        var asOf = DateTimeOffset.MaxValue.AddYears(-1);

        DeliveryReport first;
        List<OutboxEntry> afterFirst;
        await using (var relay = new SmtpCuttingProxy(LoopbackMailServer.Host, 2525, Cut))
        {
            first = await Delivery(db, relay.Port).DeliverDueAsync(asOf, default);
            afterFirst = await ListAsync(db);
            Assert.Equal(1, relay.AcceptedUnanswered);
            Assert.Equal(Total, relay.Transactions);
        }

        var second = await Delivery(db, 2525).DeliverDueAsync(asOf, default);
        var third = await Delivery(db, 2525).DeliverDueAsync(asOf, default);
        var after = await ListAsync(db);

        Assert.Equal((Total - 1, 1, 0), (first.Sent, first.Requeued, first.Uncertain));
        var cut = afterFirst[Cut - 1];
        Assert.Equal(OutboxStatus.Queued, cut.Status);
        Assert.NotNull(cut.OpenAttemptAt);
        Assert.Contains("after the message data was sent", cut.LastError, StringComparison.Ordinal);
        Assert.All(afterFirst.Where(e => e.Id != cut.Id), static e => Assert.Equal(OutboxStatus.Sent, e.Status));
        Assert.Equal((1, 1), (second.Sent, second.Uncertain));
        Assert.Equal(0, third.Attempted);
        Assert.All(after, static e => Assert.Equal(OutboxStatus.Sent, e.Status));
        Assert.All(after, static e => Assert.Null(e.OpenAttemptAt));
        Assert.Equal([ids[Cut - 1]], after.Where(static e => e.Uncertain > 0).Select(static e => e.MessageId));

        // Postfix took the cut message on the first attempt (its 250 was kept back) and again on the second: that one
        // copy twice, counted as the one uncertain row; every other message once.
        var arrived = await LoopbackMailServer.FetchAsync("editor2", _run, Total + 1);
        try
        {
            var counts = arrived.GroupBy(static m => m.MessageId!).ToDictionary(static g => g.Key, static g => g.Count());
            Assert.Equal(Total + 1, arrived.Count);
            Assert.All(ids, id => Assert.Equal(id == ids[Cut - 1] ? 2 : 1, counts.GetValueOrDefault(id)));
        }
        finally
        {
            arrived.ForEach(static m => m.Dispose());
        }
    }

    private static OutboxDeliveryService Delivery(MailingTestDatabase db, int port)
    {
        var options = new MailingOptions
        {
            RetryAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            BreakDuration = TimeSpan.FromSeconds(5),
        };
        return new OutboxDeliveryService(db, new SmtpMailTransport(LoopbackMailServer.Plain(port), TimeProvider.System),
            ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System), Options.Create(options), TimeProvider.System,
            NullLogger<OutboxDeliveryService>.Instance);
    }

    private async Task<List<string>> SeedAsync(MailingTestDatabase db, int count)
    {
        var ids = new List<string>();
        await using var c = await db.OpenAsync(default);
        await using var tx = await c.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
        {
            var id = $"fw.lost.{_run}.{i}@example.test";
            var raw = new MailRenderer().Render(new ComposedMail
            {
                From = "forecastwatch@example.test",
                To = ["editor2@example.test"],
                Subject = $"Lost reply {_run} #{i}",
                MessageId = id,
                Date = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
                TextBody = "x",
            });
            await OutboxStore.EnqueueAsync(c, tx, new OutboxMessage(id, "test", null, "forecastwatch@example.test",
                ["editor2@example.test"], "lost-reply", raw), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), default);
            ids.Add(id);
        }

        await tx.CommitAsync();
        return ids;
    }

    private static async Task<List<OutboxEntry>> ListAsync(MailingTestDatabase db)
    {
        await using var c = await db.OpenAsync(default);
        return [.. (await OutboxStore.ListAsync(c, null, default)).OrderBy(static e => e.Id)];
    }
}
