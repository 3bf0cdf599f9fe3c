using System.Text;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Mailing;

public sealed class OutboxStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private MailingTestDatabase _db = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each case runs on a fresh store of the kind its data row names (SQLite, PostgreSQL).</summary>
    private async Task UseStoreAsync(string store) => _db = await MailingTestDatabase.CreateAsync(store);

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    internal static OutboxMessage Message(string id = "a@example.test", string to = "editor@example.test") =>
        new(id, "prompt", "p1", "forecastwatch@example.test", [to], "[FW-p1] Due", Encoding.ASCII.GetBytes("Subject: x\r\n\r\nbody\r\n"));

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task EnqueueAsync_SameMessageIdTwice_OneRow(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        await using var tx = await c.BeginTransactionAsync();

        var first = await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
        var second = await OutboxStore.EnqueueAsync(c, tx, Message("<a@example.test>"), Now, default);
        await tx.CommitAsync();

        Assert.Equal(first, second);
        Assert.Single(await OutboxStore.ListAsync(c, null, default));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task EnqueueAsync_TransactionRolledBack_NothingQueued(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        await using (var tx = await c.BeginTransactionAsync())
        {
            await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await tx.RollbackAsync();
        }

        Assert.Empty(await OutboxStore.ListAsync(c, null, default));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task GetPendingAsync_RequeuedForLater_NotPendingUntilThen(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        long id;
        await using (var tx = await c.BeginTransactionAsync())
        {
            id = await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await tx.CommitAsync();
        }

        await OutboxStore.RequeueAsync(c, id, Now, Now.AddMinutes(5), "421 busy", 421, "4.3.2", default);

        Assert.Empty(await OutboxStore.GetPendingAsync(c, Now.AddMinutes(4), 10, default));
        var entry = Assert.Single(await OutboxStore.GetPendingAsync(c, Now.AddMinutes(5), 10, default));
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(421, entry.ReplyCode);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task MarkFailedAsync_ThenListFailed_ShowsReason(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        long id;
        await using (var tx = await c.BeginTransactionAsync())
        {
            id = await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await tx.CommitAsync();
        }

        await OutboxStore.MarkFailedAsync(c, id, Now, "550 5.1.1 unknown user", 550, "5.1.1", default);
        await OutboxStore.MarkSentAsync(c, id, Now, 250, default);

        var failed = Assert.Single(await OutboxStore.ListAsync(c, OutboxStatus.Failed, default));
        Assert.Equal("550 5.1.1 unknown user", failed.LastError);
        Assert.Empty(await OutboxStore.GetPendingAsync(c, Now.AddYears(1), 10, default));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task MarkBouncedAsync_Permanent_StatusBounced(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        await using (var tx = await c.BeginTransactionAsync())
        {
            await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await tx.CommitAsync();
        }

        Assert.False(await OutboxStore.MarkBouncedAsync(c, null, "<other@example.test>", true, "5.1.1", "x", default));
        Assert.True(await OutboxStore.MarkBouncedAsync(c, null, "<a@example.test>", true, "5.1.1", "mailbox unknown", default));

        var counts = await OutboxStore.CountByStatusAsync(c, default);
        Assert.Equal(1, counts[OutboxStatus.Bounced]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task WithdrawAsync_QueuedMessage_NotPendingListedWithdrawnNotFailed(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        long id;
        await using (var tx = await c.BeginTransactionAsync())
        {
            id = await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await OutboxStore.EnqueueAsync(c, tx, Message("b@example.test"), Now, default);
            await tx.CommitAsync();
        }

        var first = await OutboxStore.WithdrawAsync(c, id, Now, "prediction resolved YES", default);
        var second = await OutboxStore.WithdrawAsync(c, id, Now, "again", default);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("b@example.test", Assert.Single(await OutboxStore.GetPendingAsync(c, Now.AddDays(1), 10, default)).MessageId);
        var withdrawn = Assert.Single(await OutboxStore.ListAsync(c, OutboxStatus.Withdrawn, default));
        Assert.Equal(id, withdrawn.Id);
        Assert.Equal("withdrawn: prediction resolved YES", withdrawn.LastError);
        Assert.Single(await OutboxStore.ListAsync(c, OutboxStatus.Queued, default));
        Assert.Empty(await OutboxStore.ListAsync(c, OutboxStatus.Failed, default));
        var counts = await OutboxStore.CountByStatusAsync(c, default);
        Assert.Equal(1, counts[OutboxStatus.Withdrawn]);
        Assert.Equal(1, counts[OutboxStatus.Queued]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task WithdrawAsync_SentMessage_NotWithdrawn(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        long id;
        await using (var tx = await c.BeginTransactionAsync())
        {
            id = await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await tx.CommitAsync();
        }

        await OutboxStore.MarkSentAsync(c, id, Now, 250, default);

        Assert.False(await OutboxStore.WithdrawAsync(c, id, Now, "late", default));
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxStore.ListAsync(c, null, default)).Status);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task MarkBouncedAsync_WithdrawnAfterAnUnrecordedSend_ShowsBounced(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        long id;
        await using (var tx = await c.BeginTransactionAsync())
        {
            id = await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await tx.CommitAsync();
        }

        await OutboxStore.WithdrawAsync(c, id, Now, "prediction resolved NO", default);
        var marked = await OutboxStore.MarkBouncedAsync(c, null, "a@example.test", true, "5.1.1", "550 unknown user", default);

        Assert.True(marked);
        var entry = Assert.Single(await OutboxStore.ListAsync(c, OutboxStatus.Bounced, default));
        Assert.Equal("550 unknown user", entry.LastError);
        Assert.Empty(await OutboxStore.ListAsync(c, OutboxStatus.Withdrawn, default));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task MarkBouncedAsync_TransientReportOnWithdrawnRow_StaysWithdrawnWithItsReason(string store)
    {
        await UseStoreAsync(store);

        await using var c = await _db.OpenAsync(default);
        long id;
        await using (var tx = await c.BeginTransactionAsync())
        {
            id = await OutboxStore.EnqueueAsync(c, tx, Message(), Now, default);
            await tx.CommitAsync();
        }

        await OutboxStore.WithdrawAsync(c, id, Now, "prediction resolved NO", default);
        Assert.True(await OutboxStore.MarkBouncedAsync(c, null, "a@example.test", false, "4.4.1", "delayed", default));

        var entry = Assert.Single(await OutboxStore.ListAsync(c, OutboxStatus.Withdrawn, default));
        Assert.Equal("withdrawn: prediction resolved NO", entry.LastError);
        Assert.Empty(await OutboxStore.GetPendingAsync(c, Now.AddDays(1), 10, default));
    }
}
