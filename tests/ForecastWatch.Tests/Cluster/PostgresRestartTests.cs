using Dapper;
using ForecastWatch.Storage;
using Xunit.Abstractions;

namespace ForecastWatch.Tests.Cluster;

/// <summary>
/// Two <c>forecastwatch run</c> processes on a PostgreSQL of this test's own, which is stopped in the middle of a
/// delivery run and started again a few seconds later: both workers live on and recover without operator action (the
/// schedule checks in again, delivery finishes, the desk mailbox is held again by one node and replies are read).
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Predictions = 300;
    private const int Replies = 30;

    [PostgresRestartFact]
    public async Task TwoWorkers_PostgresRestartedMidDelivery_BothRecoverAndEveryPromptArrivesOnce()
    {
        await using var server = await PrivatePostgres.StartAsync();
        await using var cluster = await ClusterWorkers.CreateAsync(Predictions, server.ConnectionString);
        var nodes = new[] { "node-a", "node-b" };
        foreach (var node in nodes)
        {
            cluster.Start(node);
        }

        await cluster.WaitForAsync("both nodes checked in and the mailbox held", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") == 2
                && await MailboxLock.HolderAsync(c, CancellationToken.None) is not null;
        });

        // PostgreSQL goes away while a node is in the middle of a delivery run, and comes back a few seconds later.
        await cluster.WaitForAsync("a fifth of the prompts delivered", async () => await SentAsync(cluster) >= Predictions / 5);
        await cluster.WaitForAsync("a node in the middle of a delivery run", async () => await cluster.DeliveringPidAsync() is not null);
        var sentBefore = await SentAsync(cluster);
        await server.StopAsync();
        output.WriteLine($"stopped PostgreSQL at {sentBefore} prompts sent");
        await Task.Delay(TimeSpan.FromSeconds(4), TimeProvider.System, CancellationToken.None);
        Assert.All(cluster.Workers.Values, static w => Assert.False(w.Process.HasExited, w.Name + " exited with PostgreSQL down"));
        await server.StartAgainAsync();

        // The test's own pooled connections died with the server (the workers must cope with theirs by themselves).
        Npgsql.NpgsqlConnection.ClearAllPools();
        var restarted = TimeProvider.System.GetUtcNow();

        // Recovery: both nodes check in again, the mailbox is held by one of them, and delivery goes on.
        await cluster.WaitForAsync("both nodes checked in after the restart", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return await c.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM qrtz_scheduler_state WHERE last_checkin_time > @Ticks",
                new { Ticks = restarted.UtcTicks }) == 2;
        });
        output.WriteLine($"checked in again: {Since(restarted)} after the restart");
        string? holder = null;
        await cluster.WaitForAsync("the desk mailbox held again", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return (holder = await MailboxLock.HolderAsync(c, CancellationToken.None)) is not null;
        });
        output.WriteLine($"mailbox held again by {holder}: {Since(restarted)} after the restart");
        Assert.Contains(holder, nodes);
        await cluster.WaitForAsync("a prompt sent after the restart", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE sent_at > @Ms",
                new { Ms = restarted.ToUnixTimeMilliseconds() }) > 0;
        });
        output.WriteLine($"delivering again: {Since(restarted)} after the restart");

        // Every prompt at the editor's mailbox. Sent twice can only be a message in flight when PostgreSQL stopped (SMTP
        // accepted it, marking it sent failed; its claim expires and it goes again, with the same Message-ID): at most
        // one per node delivering then.
        IReadOnlyList<(string MessageId, string? InReplyTo, string Subject, string? ReplyTo)> mail = [];
        await cluster.WaitForAsync("every prompt at the editor's mailbox", async () =>
        {
            mail = await cluster.EditorMailAsync();
            return mail.Where(static m => m.InReplyTo is null).Select(static m => m.MessageId).Distinct().Count() >= Predictions;
        });
        var prompts = mail.Where(static m => m.InReplyTo is null).ToList();
        var promptIds = prompts.Select(static m => m.MessageId).Distinct().ToList();
        output.WriteLine($"prompts: {prompts.Count} delivered, {promptIds.Count} distinct, {Since(restarted)} after the restart");
        Assert.Equal(Predictions, promptIds.Count);
        Assert.Equal(Predictions, prompts.Select(static m => m.Subject).Distinct().Count());
        Assert.InRange(prompts.Count - promptIds.Count, 0, nodes.Length);
        await using (var c = await cluster.OpenAsync())
        {
            Assert.Equal(Predictions, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE category = 'prompt'"));
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE status <> 'sent'"));
        }

        // Replies sent after the restart are read by the node holding the mailbox, applied and confirmed once each.
        var answered = prompts.DistinctBy(static m => m.MessageId).OrderBy(static m => m.Subject, StringComparer.Ordinal).Take(Replies);
        await cluster.ReplyAsync(answered.Select(static m => (m.MessageId, m.Subject, m.ReplyTo!)));
        var filed = 0;
        await cluster.WaitForAsync("the replies filed into the desk folder",
            async () => (filed += await cluster.FileRepliesAsync()) >= Replies);
        await cluster.WaitForAsync("every reply applied", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM resolutions") >= Replies;
        });
        await cluster.WaitForAsync("every confirmation at the editor's mailbox", async () =>
        {
            mail = await cluster.EditorMailAsync();
            return mail.Where(m => m.InReplyTo?.StartsWith(cluster.ReplyMarker, StringComparison.Ordinal) == true)
                .Select(static m => m.InReplyTo).Distinct().Count() >= Replies;
        });
        await using (var c = await cluster.OpenAsync())
        {
            Assert.Equal(Replies, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM resolutions"));
            Assert.Equal(Replies, await c.ExecuteScalarAsync<long>("SELECT count(DISTINCT prediction_id) FROM resolutions"));
            Assert.Equal(Replies, await c.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM inbound_messages WHERE message_id LIKE @Marker",
                new { Marker = "%" + cluster.ReplyMarker + "%" }));
            Assert.NotNull(await MailboxLock.HolderAsync(c, CancellationToken.None));
        }

        var confirmations = mail.Where(m => m.InReplyTo?.StartsWith(cluster.ReplyMarker, StringComparison.Ordinal) == true).ToList();
        Assert.Equal(Replies, confirmations.Count);
        Assert.All(cluster.Workers.Values, static w => Assert.False(w.Process.HasExited, w.Name + " exited"));
        output.WriteLine($"replies: {Replies} applied and confirmed once, {Since(restarted)} after the restart");
    }

    private static string Since(DateTimeOffset start) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(TimeProvider.System.GetUtcNow() - start).TotalSeconds:0.0} s");

    private static async Task<long> SentAsync(ClusterWorkers cluster)
    {
        await using var c = await cluster.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE category = 'prompt' AND status = 'sent'");
    }
}
