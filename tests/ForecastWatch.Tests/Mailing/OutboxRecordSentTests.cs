using System.Collections.Concurrent;
using Dapper;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// The server accepted a message, then the database failed before the row was marked sent (a restart, a lost
/// connection): the worker keeps trying to record it, so the row is not left to be sent a second time.
/// </summary>
public sealed class OutboxRecordSentTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private MailingTestDatabase _db = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DatabaseFailsAfterTheServerAccepted_SentRecordedOnceBackNeverSentAgain(string store)
    {
        _db = await MailingTestDatabase.CreateAsync(store);
        await using (var c = await _db.OpenAsync(default))
        {
            await using var tx = await c.BeginTransactionAsync();
            await OutboxStore.EnqueueAsync(c, tx, OutboxStoreTests.Message("rs1@example.test"), Now, default);
            await tx.CommitAsync();
            // The database "is down" for the update that records the send, until the trigger is dropped.
            await c.ExecuteAsync(c.Pick(
                "CREATE TRIGGER db_down BEFORE UPDATE OF status ON outbox WHEN NEW.status = 'sent' BEGIN SELECT "
                + "RAISE(ABORT, 'database unavailable'); END;",
                "CREATE FUNCTION db_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'database unavailable'; "
                + "END $$; CREATE TRIGGER db_down BEFORE UPDATE OF status ON outbox FOR EACH ROW WHEN (NEW.status = 'sent') "
                + "EXECUTE FUNCTION db_down();"));
        }

        var options = new MailingOptions { RetryAttempts = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        var transport = new CountingTransport();
        var logger = new EventLogger();
        var sut = new OutboxDeliveryService(_db, transport, ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System),
            Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, logger);

        var delivering = sut.DeliverDueAsync(Now, default);
        while (!logger.EventIds.Contains(5110))
        {
            Assert.False(delivering.IsCompleted, "delivery ended before it failed to record the send");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);
        }

        await using (var c = await _db.OpenAsync(default))
        {
            await c.ExecuteAsync(c.Pick("DROP TRIGGER db_down;", "DROP TRIGGER db_down ON outbox; DROP FUNCTION db_down();"));
        }

        var report = await delivering;
        Assert.Equal(1, report.Sent);
        Assert.Equal(1, transport.Calls);
        await using (var c = await _db.OpenAsync(default))
        {
            var entry = Assert.Single(await OutboxStore.ListAsync(c, null, default));
            Assert.Equal(OutboxStatus.Sent, entry.Status);
            Assert.Null(entry.OpenAttemptAt);
        }

        // A later run finds nothing to send, and nothing uncertain.
        var again = await sut.DeliverDueAsync(Now.AddHours(1), default);
        Assert.Equal(0, again.Sent);
        Assert.Equal(1, transport.Calls);
    }

    private sealed class CountingTransport : IMailTransport
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "counting";

        public Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult<int?>(250);
        }
    }

    private sealed class EventLogger : ILogger<OutboxDeliveryService>
    {
        public ConcurrentBag<int> EventIds { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => EventIds.Add(eventId.Id);
    }
}
