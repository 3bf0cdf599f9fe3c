using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Mailing;

/// <summary>One SMTP session per delivery run, against the in-process <see cref="SmtpTestServer"/>.</summary>
public sealed class SmtpMailSessionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly MailingTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static MailServerConnector Connector(SmtpTestServer server, int maxMessagesPerSession = 100) =>
        LoopbackMailServer.Connector(new MailEndpointOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            TlsMode = MailTlsMode.None,
            Timeout = TimeSpan.FromSeconds(20),
            MaxMessagesPerSession = maxMessagesPerSession,
        });

    private OutboxDeliveryService Delivery(IMailTransport transport)
    {
        var options = new MailingOptions
        {
            RetryAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            BreakDuration = TimeSpan.FromSeconds(30)
        };
        return new OutboxDeliveryService(_db, transport, ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System),
            Options.Create(options), new FakeTimeProvider(Now), NullLogger<OutboxDeliveryService>.Instance);
    }

    private async Task EnqueueAsync(params string[] recipients)
    {
        await using var c = await _db.OpenAsync(default);
        await using var tx = await c.BeginTransactionAsync();
        for (var i = 0; i < recipients.Length; i++)
        {
            await OutboxStore.EnqueueAsync(c, tx, OutboxStoreTests.Message($"m{i}@example.test", recipients[i]), Now, default);
        }

        await tx.CommitAsync();
    }

    private static string[] Editors(int count) => [.. Enumerable.Range(1, count).Select(i => $"editor{i}@example.test")];

    private async Task<Dictionary<string, OutboxEntry>> EntriesAsync()
    {
        await using var c = await _db.OpenAsync(default);
        return (await OutboxStore.ListAsync(c, null, default)).ToDictionary(e => e.Recipients[0]);
    }

    [Fact]
    public async Task DeliverDueAsync_FiveMessages_OneConnectionEndedWithQuit()
    {
        await using var server = new SmtpTestServer(pipelining: true);
        await EnqueueAsync(Editors(5));

        var report = await Delivery(new SmtpMailTransport(Connector(server), TimeProvider.System)).DeliverDueAsync(Now, default);
        await server.DisposeAsync();

        Assert.Equal(5, report.Sent);
        Assert.Equal(1, server.Connections);
        Assert.Equal(Editors(5), server.Delivered.Select(d => d.Recipients));
        Assert.Equal(1, server.CommandsOf(1).Count(c => c.StartsWith("EHLO", StringComparison.Ordinal)));
        Assert.Equal("QUIT", server.CommandsOf(1).Last());
        Assert.DoesNotContain("RSET", server.CommandsOf(1));
    }

    [Fact]
    public async Task DeliverDueAsync_421MidRun_ReconnectsAndDeliversTheRest()
    {
        await using var server = new SmtpTestServer
        {
            Override = c => c.Transaction == 3 && c.Line.StartsWith("MAIL", StringComparison.Ordinal)
                ? "421 4.4.2 test.local Error: timeout exceeded" : null,
        };
        await EnqueueAsync(Editors(5));

        var report = await Delivery(new SmtpMailTransport(Connector(server), TimeProvider.System)).DeliverDueAsync(Now, default);
        await server.DisposeAsync();

        Assert.Equal(new DeliveryReport(5, 0, 0, 0), report);
        Assert.Equal(2, server.Connections);
        Assert.Equal([1, 1, 2, 2, 2], server.Delivered.Select(d => d.Connection));
        Assert.Equal(Editors(5), server.Delivered.Select(d => d.Recipients));
        Assert.All(await EntriesAsync(), e => Assert.Equal(1, e.Value.Attempts));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeliverDueAsync_One550_OnlyThatMessageFailedAndNextSentInSameSession(bool pipelining)
    {
        await using var server = new SmtpTestServer(pipelining)
        {
            Override = c =>
                c.Line == "RCPT TO:<nobody@example.test>" ? "550 5.1.1 <nobody@example.test>: Recipient address rejected" : null,
        };
        await EnqueueAsync("editor1@example.test", "nobody@example.test", "editor3@example.test");

        var report = await Delivery(new SmtpMailTransport(Connector(server), TimeProvider.System)).DeliverDueAsync(Now, default);
        await server.DisposeAsync();

        Assert.Equal(new DeliveryReport(2, 1, 0, 0), report);
        Assert.Equal(1, server.Connections);
        Assert.Equal(["editor1@example.test", "editor3@example.test"], server.Delivered.Select(d => d.Recipients));
        var entries = await EntriesAsync();
        Assert.Equal(OutboxStatus.Failed, entries["nobody@example.test"].Status);
        Assert.Equal(550, entries["nobody@example.test"].ReplyCode);
        Assert.Equal("5.1.1", entries["nobody@example.test"].EnhancedStatus);
        Assert.Equal(OutboxStatus.Sent, entries["editor3@example.test"].Status);
        var commands = server.CommandsOf(1).ToList();
        var rejected = commands.IndexOf("RCPT TO:<nobody@example.test>");
        var next = commands.IndexOf("RCPT TO:<editor3@example.test>");
        Assert.Contains("RSET", commands[rejected..next]);
    }

    [Fact]
    public async Task DeliverDueAsync_Transient451Once_RetriedAfterRsetOnSameConnection()
    {
        var refusals = 0;
        await using var server = new SmtpTestServer
        {
            Override = c =>
                c.Line == "RCPT TO:<busy@example.test>" && Interlocked.Increment(ref refusals) == 1 ? "451 4.3.0 try again later" : null,
        };
        await EnqueueAsync("editor1@example.test", "busy@example.test", "editor3@example.test");

        var report = await Delivery(new SmtpMailTransport(Connector(server), TimeProvider.System)).DeliverDueAsync(Now, default);
        await server.DisposeAsync();

        Assert.Equal(new DeliveryReport(3, 0, 0, 0), report);
        Assert.Equal(1, server.Connections);
        var commands = server.CommandsOf(1).ToList();
        var first = commands.IndexOf("RCPT TO:<busy@example.test>");
        var second = commands.LastIndexOf("RCPT TO:<busy@example.test>");
        Assert.True(second > first);
        Assert.Contains("RSET", commands[first..second]);
    }

    [Fact]
    public async Task DeliverDueAsync_Every451_RequeuedThenCircuitPostponesTheRest()
    {
        await using var server = new SmtpTestServer
        {
            Override = c => c.Line.StartsWith("RCPT", StringComparison.Ordinal) ? "451 4.3.0 try again later" : null,
        };
        await EnqueueAsync(Editors(5));

        var report = await Delivery(new SmtpMailTransport(Connector(server), TimeProvider.System)).DeliverDueAsync(Now, default);
        await server.DisposeAsync();

        Assert.Equal(0, report.Sent);
        Assert.Equal(1, report.Requeued);
        Assert.Equal(4, report.Postponed);
        Assert.Equal(1, server.Connections);
        var first = (await EntriesAsync())["editor1@example.test"];
        Assert.Equal((OutboxStatus.Queued, 451), (first.Status, first.ReplyCode));
    }

    [Fact]
    public async Task DeliverDueAsync_MoreMessagesThanSessionCap_NewConnectionAfterEachCap()
    {
        await using var server = new SmtpTestServer();
        await EnqueueAsync(Editors(5));

        var report = await Delivery(new SmtpMailTransport(Connector(server, maxMessagesPerSession: 2), TimeProvider.System))
            .DeliverDueAsync(Now, default);
        await server.DisposeAsync();

        Assert.Equal(5, report.Sent);
        Assert.Equal(3, server.Connections);
        Assert.Equal([1, 1, 2, 2, 3], server.Delivered.Select(d => d.Connection));
        Assert.All(Enumerable.Range(1, 3), c => Assert.Equal("QUIT", server.CommandsOf(c).Last()));
    }

    [Fact]
    public async Task DeliverDueAsync_AllWithdrawnOrNothingDue_OpensNoConnection()
    {
        await using var server = new SmtpTestServer();

        var report = await Delivery(new SmtpMailTransport(Connector(server), TimeProvider.System)).DeliverDueAsync(Now, default);
        await server.DisposeAsync();

        Assert.Equal(0, report.Attempted);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task SendAsync_IdleLongerThanCheck_NoopBeforeNextMessage()
    {
        await using var server = new SmtpTestServer();
        var time = new FakeTimeProvider(Now);
        await EnqueueAsync(Editors(3));
        var entries = (await EntriesAsync()).Values.OrderBy(e => e.Id).ToList();

        var session = new SmtpMailTransport(Connector(server), time).OpenSession();
        await using (session)
        {
            await session.SendAsync(entries[0], "Subject: 1\r\n\r\nx\r\n"u8.ToArray(), default);
            time.Advance(TimeSpan.FromSeconds(10));
            await session.SendAsync(entries[1], "Subject: 2\r\n\r\nx\r\n"u8.ToArray(), default);
            time.Advance(TimeSpan.FromSeconds(31));
            await session.SendAsync(entries[2], "Subject: 3\r\n\r\nx\r\n"u8.ToArray(), default);
        }

        await server.DisposeAsync();
        var commands = server.CommandsOf(1).ToList();
        Assert.Equal(1, server.Connections);
        Assert.Equal(3, server.Delivered.Count);
        var noop = Assert.Single(commands, c => c == "NOOP");
        Assert.True(commands.IndexOf(noop) > commands.IndexOf("RCPT TO:<editor2@example.test>"));
        Assert.True(commands.IndexOf(noop) < commands.IndexOf("RCPT TO:<editor3@example.test>"));
    }

    [Fact]
    public async Task SendAsync_ServerGoneDuringIdle_ReconnectsAndSends()
    {
        await using var server = new SmtpTestServer
        {
            Override = c => c.Line == "NOOP" ? "421 4.4.2 test.local Error: timeout exceeded" : null,
        };
        var time = new FakeTimeProvider(Now);
        await EnqueueAsync(Editors(2));
        var entries = (await EntriesAsync()).Values.OrderBy(e => e.Id).ToList();

        var session = new SmtpMailTransport(Connector(server), time).OpenSession();
        await using (session)
        {
            await session.SendAsync(entries[0], "Subject: 1\r\n\r\nx\r\n"u8.ToArray(), default);
            time.Advance(TimeSpan.FromMinutes(5));
            var reply = await session.SendAsync(entries[1], "Subject: 2\r\n\r\nx\r\n"u8.ToArray(), default);
            Assert.Equal(250, reply.ReplyCode);
        }

        await server.DisposeAsync();
        Assert.Equal(2, server.Connections);
        Assert.Equal([1, 2], server.Delivered.Select(d => d.Connection));
    }

    [Fact]
    public async Task SendAsync_421OnFreshConnection_TransientDeliveryException()
    {
        await using var server = new SmtpTestServer
        {
            Override = c => c.Line.StartsWith("MAIL", StringComparison.Ordinal) ? "421 4.3.2 test.local shutting down" : null,
        };
        await EnqueueAsync(Editors(1));
        var entry = Assert.Single((await EntriesAsync()).Values);

        var ex = await Assert.ThrowsAsync<MailDeliveryException>(() =>
            new SmtpMailTransport(Connector(server), TimeProvider.System).SendAsync(entry, "Subject: 1\r\n\r\nx\r\n"u8.ToArray(), default));
        await server.DisposeAsync();

        Assert.True(ex.IsTransient);
        Assert.Equal(421, ex.ReplyCode);
        Assert.Equal(1, server.Connections);
    }
}
