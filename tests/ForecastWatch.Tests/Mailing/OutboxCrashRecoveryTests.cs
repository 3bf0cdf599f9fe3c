using System.Diagnostics;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
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
        var smtp = new Dictionary<string, string>
        {
            ["ForecastWatch__Mailing__Transport"] = "smtp",
            ["ForecastWatch__Mailing__AllowReservedDomains"] = "true",
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail__Smtp__TlsMode"] = "None",
        };

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

    [Support.MailServerFact]
    public async Task RunOnce_KilledMidDeliveryOverSmtp_RestartDeliversAllWithSameMessageIds()
    {
        var ids = await SeedOutboxAsync(count: 300, recipient: "editor2@example.test");
        var smtp = new Dictionary<string, string>
        {
            ["ForecastWatch__Mailing__Transport"] = "smtp",
            ["ForecastWatch__Mailing__AllowReservedDomains"] = "true",
            ["Mail__Smtp__Host"] = LoopbackMailServer.Host,
            ["Mail__Smtp__Port"] = "2525",
            ["Mail__Smtp__TlsMode"] = "None",
        };

        var sentAtKill = await RunAndKillAsync(smtp, ids.Count);
        var (code, error) = await RunToEndAsync(smtp);

        Assert.True(code == 0, error);
        Assert.InRange(sentAtKill, 1, ids.Count - 1);
        Assert.Equal(ids.Count, await CountSentAsync());
        var arrived = await LoopbackMailServer.FetchAsync("editor2", _run, ids.Count);
        try
        {
            var arrivedIds = arrived.Select(m => m.MessageId!).ToList();
            Assert.Equal(ids.ToHashSet(), arrivedIds.ToHashSet());
            Assert.InRange(arrivedIds.Count - ids.Count, 0, 1);
        }
        finally
        {
            arrived.ForEach(m => m.Dispose());
        }
    }

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

    private async Task<int> CountSentAsync()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_data, SqliteConnectionFactory.DatabaseFileName));
        await using var c = await connections.OpenAsync(default);
        var counts = await OutboxStore.CountByStatusAsync(c, default);
        return counts.GetValueOrDefault(OutboxStatus.Sent);
    }

    /// <summary>Starts run --once, waits until some but not all messages are recorded sent, and kills the process tree.</summary>
    private async Task<int> RunAndKillAsync(Dictionary<string, string> environment, int total)
    {
        using var process = Start(environment);
        var stopwatch = Stopwatch.StartNew();
        int sent;
        var trace = new List<string>();
        while (true)
        {
            sent = await CountSentAsync();
            trace.Add($"{stopwatch.ElapsedMilliseconds}ms:{sent}");
            if (sent >= Math.Min(10, total / 10) || process.HasExited || stopwatch.Elapsed > TimeSpan.FromSeconds(120))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, CancellationToken.None);
        }

        if (process.HasExited)
        {
            Assert.Fail("the child finished before it could be killed: " + await process.StandardError.ReadToEndAsync());
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var atKill = await CountSentAsync();
        Assert.True(atKill < total, string.Join(' ', trace.TakeLast(20)) + $" killed at {stopwatch.ElapsedMilliseconds}ms:{atKill}");
        return atKill;
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
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "forecastwatch.dll"), "--data", _data, "run", "--once", "--now",
            "2027-01-02" })
        {
            info.ArgumentList.Add(arg);
        }

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
