using System.Globalization;
using Dapper;
using ForecastWatch.Storage;
using Xunit.Abstractions;

namespace ForecastWatch.Tests.Cluster;

/// <summary>
/// Two <c>forecastwatch run</c> processes on one PostgreSQL (clustered Quartz schedule, outbox claims, the desk
/// mailbox lock) against the real Postfix and Dovecot, with a registry of predictions coming due: every prompt reaches
/// the editor's mailbox (counted by Message-ID), every reply is applied once and confirmed once, also when the node
/// that is delivering and then the node that reads the mailbox are killed with SIGKILL in the middle of their work.
/// </summary>
public sealed class ClusterEndToEndTests(ITestOutputHelper output)
{
    /// <summary>The registry: predictions that fell due yesterday (FW_CLUSTER_PREDICTIONS overrides, e.g. for a bench).</summary>
    private static readonly int Predictions = Knob("FW_CLUSTER_PREDICTIONS", 2000);

    /// <summary>
    /// How many of the prompts are answered: all of them (FW_CLUSTER_REPLIES lowers it for a quick local run). The
    /// replies are appended to the desk folder, so the time is the workers' own: ~2 minutes for 2,000 on a quiet
    /// 2-core machine, up to ~8 under heavy load.
    /// </summary>
    private static readonly int Replies = Math.Min(Predictions, Knob("FW_CLUSTER_REPLIES", Predictions));

    /// <summary>The wait for every reply applied and confirmed: 2,000 replies on a loaded 2-core CI machine.</summary>
    private static readonly TimeSpan ReplyPatience = TimeSpan.FromMinutes(15);

    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    [ClusterFact]
    public async Task TwoWorkers_KilledMidDeliveryAndMidInbox_EveryPromptSentAndEveryReplyAppliedOnce()
    {
        await using var cluster = await ClusterWorkers.CreateAsync(Predictions);
        var started = TimeProvider.System.GetUtcNow();
        cluster.Start("node-a");
        cluster.Start("node-b");

        // Both nodes start at once and write the same schedule: one copy of each job and trigger.
        await cluster.WaitForAsync("both nodes checked in", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") == 2;
        });
        await using (var c = await cluster.OpenAsync())
        {
            var triggers = (await c.QueryAsync<string>("SELECT trigger_name FROM qrtz_triggers t "
                + "JOIN qrtz_cron_triggers USING (sched_name, trigger_name, trigger_group)")).ToList();
            // Delivery is no Quartz job on PostgreSQL: every node's own loop over claimed rows (OutboxDeliveryLoop).
            Assert.Equal(["due-check"], triggers.Order(StringComparer.Ordinal));
        }

        // 1. Delivery: once a fair share is out, the node holding outbox claims is killed in the middle of its run.
        await cluster.WaitForAsync("a quarter of the prompts delivered",
            async () => await SentAsync(cluster, "prompt") >= Predictions / 4);
        int? delivering = null;
        await cluster.WaitForAsync("a node in the middle of a delivery run",
            async () => (delivering = await cluster.DeliveringPidAsync()) is not null);
        var killed = cluster.Workers.Values.Single(w => w.Process.Id == delivering);
        killed.Kill();
        var killedAt = TimeProvider.System.GetUtcNow();
        output.WriteLine($"killed {killed.Name} mid-delivery at {await SentAsync(cluster, "prompt")} prompts sent");

        // Its jobs are taken over once it misses its check-ins: the survivor recovers it and removes its row.
        await cluster.WaitForAsync("the killed node recovered by the other", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return await c.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = @Node", new { Node = killed.Name }) == 0;
        });
        output.WriteLine($"jobs failover: {(TimeProvider.System.GetUtcNow() - killedAt).TotalSeconds:0.0} s after the kill");

        // The other node finishes (the killed node's claimed rows after their lease); every prompt at the mailbox.
        IReadOnlyList<(string MessageId, string? InReplyTo, string Subject, string? ReplyTo)> mail = [];
        await cluster.WaitForAsync("every prompt at the editor's mailbox", async () =>
        {
            mail = await cluster.EditorMailAsync();
            return mail.Where(static m => m.InReplyTo is null).Select(static m => m.MessageId).Distinct().Count() >= Predictions;
        });
        var promptsDone = TimeProvider.System.GetUtcNow();
        var prompts = mail.Where(static m => m.InReplyTo is null).ToList();
        var promptIds = prompts.Select(static m => m.MessageId).Distinct().ToList();
        Assert.Equal(Predictions, promptIds.Count);
        Assert.Equal(Predictions, prompts.Select(static m => m.Subject).Distinct().Count());

        // Sent twice can only be the one message in flight at the kill (SMTP accepted it, the row was not yet marked),
        // and then with the same Message-ID: never a second prompt for a prediction.
        var duplicates = prompts.Count - promptIds.Count;
        output.WriteLine($"prompts: {prompts.Count} delivered, {promptIds.Count} distinct, in {promptsDone - started}; "
            + await RateAsync(cluster));
        Assert.InRange(duplicates, 0, 1);
        await using (var c = await cluster.OpenAsync())
        {
            Assert.Equal(Predictions, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE category = 'prompt'"));
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE status <> 'sent'"));
        }

        // 2. Replies: the killed node comes back; every prompt is answered YES, each reply put into the desk folder with
        // IMAP APPEND (this test is about the cluster, not SMTP; PostgresRestartTests sends its replies through Postfix).
        cluster.Start(killed.Name);
        var answered = prompts.DistinctBy(static m => m.MessageId).OrderBy(static m => m.Subject, StringComparer.Ordinal).Take(Replies);
        var replies = await cluster.AppendRepliesAsync(answered.Select(static m => (m.MessageId, m.Subject, m.ReplyTo!)));

        // ... and once a quarter is applied, the node reading the mailbox is killed; the other takes the mailbox over.
        await cluster.WaitForAsync("a quarter of the replies applied", async () => await ResolvedAsync(cluster) >= Replies / 4,
            ReplyPatience);
        string? holder;
        await using (var c = await cluster.OpenAsync())
        {
            holder = await MailboxLock.HolderAsync(c, CancellationToken.None);
        }

        Assert.NotNull(holder);
        cluster.Workers[holder].Kill();
        killedAt = TimeProvider.System.GetUtcNow();
        output.WriteLine($"killed {holder} mid-inbox at {await ResolvedAsync(cluster)} resolutions");
        await cluster.WaitForAsync("the mailbox taken over", async () =>
        {
            await using var c = await cluster.OpenAsync();
            return await MailboxLock.HolderAsync(c, CancellationToken.None) is { } now && now != holder;
        });
        output.WriteLine($"mailbox failover: {(TimeProvider.System.GetUtcNow() - killedAt).TotalSeconds:0.0} s after the kill");
        await cluster.WaitForAsync("every reply applied", async () => await ResolvedAsync(cluster) >= Replies, ReplyPatience);
        await cluster.WaitForAsync("every confirmation at the editor's mailbox", async () =>
        {
            mail = await cluster.EditorMailAsync();
            return mail.Where(m => m.InReplyTo?.StartsWith(cluster.ReplyMarker, StringComparison.Ordinal) == true)
                .Select(static m => m.InReplyTo).Distinct().Count() >= Replies;
        }, ReplyPatience);
        output.WriteLine($"replies: {Replies} applied and confirmed, done {TimeProvider.System.GetUtcNow() - started} after the start");

        await using (var c = await cluster.OpenAsync())
        {
            // Each answered prediction resolved exactly once, by its reply; each reply recorded once; one answer each.
            Assert.Equal(Replies, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM resolutions"));
            Assert.Equal(Replies, await c.ExecuteScalarAsync<long>("SELECT count(DISTINCT prediction_id) FROM resolutions"));
            Assert.Equal(Replies, await c.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM inbound_messages WHERE message_id LIKE @Marker",
                new { Marker = "%" + cluster.ReplyMarker + "%" }));
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE status <> 'sent'"));
        }

        var confirmations = mail
            .Where(m => m.InReplyTo?.StartsWith(cluster.ReplyMarker, StringComparison.Ordinal) == true).ToList();
        Assert.Equal(Replies, confirmations.Select(static m => m.MessageId).Distinct().Count());
        Assert.InRange(confirmations.Count - Replies, 0, 1);
        Assert.Equal(Replies, replies.Count);
    }

    /// <summary>
    /// The numbers for bench/RESULTS.md, not a check: prompts/s delivered by one node and by two (no kills), from the
    /// first prompt queued to the last one accepted by Postfix (outbox times). Runs only with FW_CLUSTER_BENCH=1.
    /// </summary>
    [ClusterFact]
    public async Task Bench_PromptsPerSecond_OneNodeAndTwo()
    {
        if (Environment.GetEnvironmentVariable("FW_CLUSTER_BENCH") != "1")
        {
            return;
        }

        foreach (var nodes in new[] { 1, 2 })
        {
            await using var cluster = await ClusterWorkers.CreateAsync(Predictions);
            for (var i = 0; i < nodes; i++)
            {
                cluster.Start("node-" + (char)('a' + i));
            }

            await cluster.WaitForAsync("every prompt sent", async () => await SentAsync(cluster, "prompt") >= Predictions);
            output.WriteLine($"{nodes} node(s): {await RateAsync(cluster)}");
        }
    }

    /// <summary>Prompts per second from the first prompt queued to the last one sent.</summary>
    private static async Task<string> RateAsync(ClusterWorkers cluster)
    {
        await using var c = await cluster.OpenAsync();
        var (first, last, count) = await c.QuerySingleAsync<(long, long, long)>(
            "SELECT min(created_at), max(sent_at), count(*) FROM outbox WHERE category = 'prompt' AND status = 'sent'");
        var seconds = (last - first) / 1000.0;
        return string.Create(CultureInfo.InvariantCulture, $"{count} prompts in {seconds:0.0} s = {count / seconds:0.0}/s");
    }

    private static async Task<long> SentAsync(ClusterWorkers cluster, string category)
    {
        await using var c = await cluster.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE category = @Category AND status = 'sent'", new { Category = category });
    }

    private static async Task<long> ResolvedAsync(ClusterWorkers cluster)
    {
        await using var c = await cluster.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM resolutions");
    }
}
