using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Mailing;

public sealed partial class OutboxDeliveryServiceTests
{
    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_RetriedMessage_SameBytesAndMessageIdEveryTry(string store)
    {
        await UseStoreAsync(store);

        var raw = new MailRenderer().Render(new ComposedMail
        {
            From = "ForecastWatch <fw@example.test>",
            To = ["editor@example.test"],
            Subject = "[FW-p1] Due: Prix à 3 €",
            MessageId = "fw.prompt.1.0.i0123456789abcdef@example.test",
            Date = Now,
            TextBody = "Due.\n",
            HtmlBody = "<p>Due.</p>",
        });
        await using (var c = await _db.OpenAsync(default))
        await using (var tx = await c.BeginTransactionAsync())
        {
            await OutboxStore.EnqueueAsync(c, tx, new OutboxMessage("fw.prompt.1.0.i0123456789abcdef@example.test", "prompt", "p1",
                "fw@example.test", ["editor@example.test"], "s", raw), Now, default);
            await tx.CommitAsync();
        }

        var transport = new RecordingTransport(failures: 2);

        await CreateSut(transport).DeliverDueAsync(Now, default);

        Assert.Equal(3, transport.Sent.Count);
        Assert.All(transport.Sent, bytes => Assert.Equal(raw, bytes));
    }

    /// <summary>Keeps the bytes of every try; the first <paramref name="failures"/> tries fail transiently.</summary>
    private sealed class RecordingTransport(int failures) : IMailTransport
    {
        public List<byte[]> Sent { get; } = [];

        public string Name => "recording";

        public Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
        {
            Sent.Add(raw.ToArray());
            return Sent.Count <= failures ? throw new IOException("connection reset") : Task.FromResult<int?>(250);
        }
    }
}
