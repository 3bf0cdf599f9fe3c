using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace ForecastWatch.Tests.Mailing;

public sealed partial class OutboxDeliveryServiceTests : IAsyncLifetime
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

        await DisposeRegistryAsync();
    }

    private static MailingOptions Options() => new()
    {
        RetryAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        BreakDuration = TimeSpan.FromSeconds(30),
    };

    private OutboxDeliveryService CreateSut(IMailTransport transport, MailingOptions? options = null)
    {
        options ??= Options();
        var time = new FakeTimeProvider(Now);
        var pipeline = ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System);
        return new OutboxDeliveryService(_db, transport, pipeline, Microsoft.Extensions.Options.Options.Create(options), time,
            NullLogger<OutboxDeliveryService>.Instance);
    }

    private async Task EnqueueAsync(int count)
    {
        await using var c = await _db.OpenAsync(default);
        await using var tx = await c.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
        {
            await OutboxStore.EnqueueAsync(c, tx, OutboxStoreTests.Message($"m{i}@example.test"), Now, default);
        }

        await tx.CommitAsync();
    }

    private async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxStatus? status = null)
    {
        await using var c = await _db.OpenAsync(default);
        return await OutboxStore.ListAsync(c, status, default);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_TransientThenOk_SentOnce(string store)
    {
        await UseStoreAsync(store);

        await EnqueueAsync(1);
        var transport = new ScriptedTransport(new IOException("connection refused"), new MailDeliveryException("421 try later", true, 421));
        var sut = CreateSut(transport);

        var report = await sut.DeliverDueAsync(Now, default);

        Assert.Equal(1, report.Sent);
        Assert.Equal(3, transport.Calls);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await ListAsync()).Status);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_Permanent550_FailedWithReasonNoRetry(string store)
    {
        await UseStoreAsync(store);

        await EnqueueAsync(1);
        var transport = new ScriptedTransport(
            new MailDeliveryException("550 5.1.1 <nobody@example.test>: Recipient address rejected", false, 550, "5.1.1"));
        var sut = CreateSut(transport);

        var report = await sut.DeliverDueAsync(Now, default);
        var again = await sut.DeliverDueAsync(Now.AddDays(1), default);

        Assert.Equal(1, report.Failed);
        Assert.Equal(0, again.Attempted);
        Assert.Equal(1, transport.Calls);
        var failed = Assert.Single(await ListAsync(OutboxStatus.Failed));
        Assert.Equal(550, failed.ReplyCode);
        Assert.Equal("5.1.1", failed.EnhancedStatus);
        Assert.Contains("Recipient address rejected", failed.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_ServerDown_StaysQueuedCircuitOpensThenDeliversOnceWhenBack(string store)
    {
        await UseStoreAsync(store);

        await EnqueueAsync(5);
        var transport = new ScriptedTransport(Enumerable.Repeat<Exception?>(new IOException("refused"), 100).ToArray());
        var sut = CreateSut(transport);

        var down = await sut.DeliverDueAsync(Now, default);

        Assert.Equal(0, down.Sent);
        Assert.True(down.Postponed > 0, "the circuit should stop the batch");
        Assert.True(transport.Calls < 5 * 3, $"dead server hammered: {transport.Calls} calls");
        Assert.All(await ListAsync(), e => Assert.Equal(OutboxStatus.Queued, e.Status));

        var healthy = new ScriptedTransport();
        var later = CreateSut(healthy);
        var up = await later.DeliverDueAsync(Now.AddHours(2), default);

        Assert.Equal(5, up.Sent);
        Assert.Equal(5, healthy.Calls);
        Assert.Equal(5, healthy.MessageIds.Distinct().Count());
        Assert.Equal(0, (await later.DeliverDueAsync(Now.AddHours(3), default)).Attempted);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task DeliverDueAsync_SignInRefused_EveryMessageStaysQueuedWithoutAnAttemptThenGoesOutAfterTheFix(string store)
    {
        await UseStoreAsync(store);

        await EnqueueAsync(3);
        var refused = new MailDeliveryException("SMTP sign-in failed: Microsoft refused the token request (AADSTS7000215)", false)
        {
            IsSessionFailure = true,
        };
        var transport = new ScriptedTransport(refused);
        var sut = CreateSut(transport);

        var report = await sut.DeliverDueAsync(Now, default);

        Assert.Equal(new DeliveryReport(0, 0, 0, 3), report);
        Assert.Equal(1, transport.Calls);
        Assert.All(await ListAsync(), e =>
        {
            Assert.Equal(OutboxStatus.Queued, e.Status);
            Assert.Equal(0, e.Attempts);
            Assert.Contains("AADSTS7000215", e.LastError, StringComparison.Ordinal);
        });
        Assert.Equal(0, (await sut.DeliverDueAsync(Now, default)).Attempted);

        var fixedTransport = new ScriptedTransport();
        var up = await CreateSut(fixedTransport).DeliverDueAsync(Now.AddHours(1), default);

        Assert.Equal(3, up.Sent);
        Assert.Equal(3, fixedTransport.MessageIds.Distinct().Count());
    }

    [Fact]
    public void RequeueDelay_Attempts_DoublesUpToCap()
    {
        var sut = CreateSut(new ScriptedTransport(),
            new MailingOptions { RequeueDelay = TimeSpan.FromMinutes(1), MaxRequeueDelay = TimeSpan.FromMinutes(5) });

        Assert.Equal(TimeSpan.FromMinutes(1), sut.RequeueDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(4), sut.RequeueDelay(3));
        Assert.Equal(TimeSpan.FromMinutes(5), sut.RequeueDelay(10));
    }

    /// <summary>Throws the scripted exceptions in order (null = succeed), then succeeds.</summary>
    private sealed class ScriptedTransport(params Exception?[] script) : IMailTransport
    {
        private int _index;

        public int Calls { get; private set; }

        public List<string> MessageIds { get; } = [];

        public string Name => "scripted";

        public Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
        {
            Calls++;
            var next = _index < script.Length ? script[_index++] : null;
            if (next is not null)
            {
                throw next;
            }

            MessageIds.Add(entry.MessageId);
            return Task.FromResult<int?>(250);
        }
    }
}
