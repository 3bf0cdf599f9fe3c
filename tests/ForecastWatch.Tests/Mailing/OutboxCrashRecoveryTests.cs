using System.Diagnostics;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// The worker killed mid-delivery (a real child process, SIGKILL): on restart the queue is delivered, nothing is
/// lost, and any message sent twice carries the same Message-ID.
/// </summary>
public sealed class OutboxCrashRecoveryTests : IDisposable
{
    private readonly string _data = RepoSeeds.NewDataDirectory();
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task RunOnce_KilledWhileTheServerHoldsAMessage_RestartDeliversEveryMessageExactlyOnce()
    {
        // The server accepts AcceptedBeforeKill messages, then holds the next one unanswered: the child is then
        // stopped at a known point, whatever the machine's load, and the test kills it there.
        const int Total = 60;
        const int AcceptedBeforeKill = 20;
        var ids = await SeedOutboxAsync(count: Total, recipient: "editor2@example.test");
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new SmtpTestServer
        {
            BeforeEndOfData = async c =>
            {
                if (c.Transaction == AcceptedBeforeKill + 1)
                {
                    holding.TrySetResult();
                    await release.Task;
                }
            },
        };
        var smtp = Smtp("127.0.0.1", server.Port);

        try
        {
            var sentAtKill = await RunAndKillWhenHeldAsync(smtp, holding.Task, AcceptedBeforeKill);
            var acceptedAtKill = server.Delivered.Count;
            var (code, error) = await RunToEndAsync(smtp);
            var delivered = server.Delivered.ToList();

            Assert.True(code == 0, error);
            Assert.Equal(AcceptedBeforeKill, sentAtKill);
            Assert.Equal(AcceptedBeforeKill, acceptedAtKill);
            Assert.Equal(Total, await CountSentAsync());

            // The held message was never accepted, so the restart sends it once more and nothing twice.
            Assert.Equal(Total, delivered.Count);
            Assert.Equal(AcceptedBeforeKill, delivered.Count(static d => d.Connection == 1));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task RunOnce_KilledAfterTheServerAcceptedButBeforeItsReplyArrived_ResentOnceAndOnlyThatRowIsUncertain()
    {
        // The kill in the at-least-once window: the server has the whole message and takes it (counted here), but its
        // 250 never reaches the worker, which is killed with the row's attempt marked and its outcome not recorded.
        const int Total = 30;
        const int AcceptedBeforeKill = 10;
        await SeedOutboxAsync(count: Total, recipient: "editor2@example.test");
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acceptedUnanswered = 0;
        await using var server = new SmtpTestServer
        {
            BeforeEndOfData = async c =>
            {
                if (c.Transaction == AcceptedBeforeKill + 1)
                {
                    Interlocked.Increment(ref acceptedUnanswered);
                    holding.TrySetResult();
                    await release.Task;
                }
            },
        };
        var smtp = Smtp("127.0.0.1", server.Port);

        try
        {
            var sentAtKill = await RunAndKillWhenHeldAsync(smtp, holding.Task, AcceptedBeforeKill);
            var openAtKill = await AttemptsAsync();
            var (code, error) = await RunToEndAsync(smtp);
            var after = await AttemptsAsync();

            Assert.True(code == 0, error);
            Assert.Equal(AcceptedBeforeKill, sentAtKill);
            // At the kill, exactly the held row had its attempt marked, committed before its MAIL FROM.
            Assert.Equal([AcceptedBeforeKill + 1], openAtKill.Where(static r => r.Open).Select(static r => r.Number));
            Assert.Equal(Total, await CountSentAsync());
            // Every message reached the server; the held one twice (same Message-ID), recorded as the one uncertain row.
            Assert.Equal(Total, server.Delivered.Count);
            Assert.Equal(1, acceptedUnanswered);
            Assert.Equal([AcceptedBeforeKill + 1], after.Where(static r => r.Uncertain > 0).Select(static r => r.Number));
            Assert.All(after, static r => Assert.False(r.Open));
            var listing = await CliRunner.RunAsync("--data", _data, "outbox");
            Assert.Contains($"{Total} message(s): {Total} sent (1 uncertain: possibly delivered twice)", listing.Out,
                StringComparison.Ordinal);
            Assert.Contains("! uncertain: sent again after 1 interrupted attempt(s)", listing.Out, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Support.MailServerFact]
    public async Task RunOnce_KilledWhileARelayHoldsAMessageForPostfix_RestartDeliversAllWithSameMessageIds()
    {
        // The real Postfix behind a relay that lets AcceptedBeforeKill transactions through and holds the next one
        // before Postfix sees it: the child is stopped at a known point whatever the machine's load, and killed there.
        const int Total = 300;
        const int AcceptedBeforeKill = 25;
        var ids = await SeedOutboxAsync(count: Total, recipient: "editor2@example.test");
        await using var relay = new SmtpHoldingProxy(LoopbackMailServer.Host, 2525, AcceptedBeforeKill);
        var throughRelay = Smtp(LoopbackMailServer.Host, relay.Port);

        var sentAtKill = await RunAndKillWhenHeldAsync(throughRelay, relay.Held, AcceptedBeforeKill);
        var (code, error) = await RunToEndAsync(Smtp(LoopbackMailServer.Host, 2525));

        Assert.True(code == 0, error);
        Assert.Equal(AcceptedBeforeKill, sentAtKill);
        Assert.Equal(AcceptedBeforeKill + 1, relay.Transactions);
        Assert.Equal(ids.Count, await CountSentAsync());
        var arrived = await LoopbackMailServer.FetchAsync("editor2", _run, ids.Count);
        try
        {
            // Postfix never saw the held message, so every message arrives exactly once, with its own Message-ID.
            var arrivedIds = arrived.Select(m => m.MessageId!).ToList();
            Assert.Equal(ids.Order(StringComparer.Ordinal), arrivedIds.Order(StringComparer.Ordinal));
        }
        finally
        {
            arrived.ForEach(m => m.Dispose());
        }
    }

    /// <summary>The child's settings for plain SMTP (no TLS) to a loopback server.</summary>
    private static Dictionary<string, string> Smtp(string host, int port) => new()
    {
        ["ForecastWatch__Mailing__Transport"] = "smtp",
        ["ForecastWatch__Mailing__AllowReservedDomains"] = "true",
        ["Mail__Smtp__Host"] = host,
        ["Mail__Smtp__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail__Smtp__TlsMode"] = "None",
    };

    private async Task<List<string>> SeedOutboxAsync(int count, string recipient)
    {
        var migrate = await CliRunner.RunAsync("--data", _data, "migrate");
        Assert.True(migrate.Code == 0, migrate.Err);
        var connections = new SqliteConnectionFactory(Path.Combine(_data, SqliteConnectionFactory.DatabaseFileName));
        var ids = new List<string>();
        await using var c = await connections.OpenAsync(default);
        await using var tx = await c.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
        {
            var id = $"fw.crash.{_run}.{i}@example.test";
            var raw = new MailRenderer().Render(new ComposedMail
            {
                From = "forecastwatch@example.test",
                To = [recipient],
                Subject = $"Crash test {_run} #{i}",
                MessageId = id,
                Date = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
                TextBody = "x",
            });
            await OutboxStore.EnqueueAsync(c, tx, new OutboxMessage(id, "test", null, "forecastwatch@example.test", [recipient], "crash",
                raw), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), default);
            ids.Add(id);
        }

        await tx.CommitAsync();
        return ids;
    }

    /// <summary>Each row by its position in the queue (1-based): whether an attempt is open, and its uncertain count.</summary>
    private async Task<List<(int Number, bool Open, int Uncertain)>> AttemptsAsync()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_data, SqliteConnectionFactory.DatabaseFileName));
        await using var c = await connections.OpenAsync(default);
        var rows = await OutboxStore.ListAsync(c, null, default);
        return [.. rows.Select(static (r, i) => (i + 1, r.OpenAttemptAt is not null, r.Uncertain))];
    }

    private async Task<int> CountSentAsync()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_data, SqliteConnectionFactory.DatabaseFileName));
        await using var c = await connections.OpenAsync(default);
        var counts = await OutboxStore.CountByStatusAsync(c, default);
        return counts.GetValueOrDefault(OutboxStatus.Sent);
    }

    /// <summary>
    /// Starts run --once, waits until the server holds a message and <paramref name="expectedSent"/> rows are recorded
    /// sent (both durable facts, not a timing), then kills the process tree and returns the rows sent at that point.
    /// </summary>
    private async Task<int> RunAndKillWhenHeldAsync(Dictionary<string, string> environment, Task held, int expectedSent)
    {
        using var process = Start(environment);
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(held, exited) != held)
        {
            Assert.Fail("the child finished before the server held a message: " + await stderr);
        }

        // The row before the held message is marked sent before the next one is started; the count only grows to it.
        while (await CountSentAsync() < expectedSent && !process.HasExited)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return await CountSentAsync();
    }

    private async Task<(int Code, string Error)> RunToEndAsync(Dictionary<string, string> environment)
    {
        using var process = Start(environment);
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await error);
    }

    private Process Start(Dictionary<string, string> environment)
    {
        var info = WorkerProcess.Command(null, "--data", _data, "run", "--once", "--now", "2027-01-02");
        info.Environment["ForecastWatch__Mailing__TokenSecret"] = "crash-test-secret-0123456789";
        info.Environment["ForecastWatch__Mailing__DeliveryBatchSize"] = "10000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start forecastwatch");
    }
}
