using System.Globalization;
using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Inbound;
using ForecastWatch.Tests.Mailing;
using ForecastWatch.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using Npgsql;

namespace ForecastWatch.Tests.Cluster;

/// <summary>
/// A fact that needs PostgreSQL and the loopback Postfix + Dovecot (both started by <c>scripts/test.sh</c>); skipped
/// only when one of them is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (!TestStores.PostgresAvailable || !MailServerFactAttribute.IsAvailable)
        {
            Skip = "Needs PostgreSQL (FW_PG_CONNECTION) and the loopback mail servers (FW_MAIL_SERVER): scripts/test.sh starts both.";
        }
    }
}

/// <summary>
/// Real <c>forecastwatch run</c> processes sharing one PostgreSQL schema and the loopback mail servers: prompts go to
/// an editor address of this run's own (<c>editor+cl&lt;run&gt;@example.test</c>), replies are read from a desk folder
/// of this run's own, so parallel tests on the same mailboxes never change the counts.
/// </summary>
internal sealed class ClusterWorkers : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly Dictionary<string, WorkerProcess> _workers = [];
    private readonly string _root = Directory.CreateTempSubdirectory("fw-cluster-").FullName;
    private readonly string _tokenSecret = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    private ClusterWorkers(TestStore store, string run)
    {
        Store = store;
        Run = run;
    }

    public TestStore Store { get; }

    public string Run { get; }

    public string Editor => $"editor+cl{Run}@example.test";

    public string Folder => "cl-" + Run;

    public string ReplyMarker => $"clr-{Run}-";

    public IReadOnlyDictionary<string, WorkerProcess> Workers => _workers;

    /// <summary>A new schema with <paramref name="predictions"/> due, on <paramref name="server"/> (null: FW_PG_CONNECTION).</summary>
    public static async Task<ClusterWorkers> CreateAsync(int predictions, string? server = null)
    {
        var store = await TestStore.EmptyAsync(StoreKinds.Postgres, server);
        var cluster = new ClusterWorkers(store, Guid.NewGuid().ToString("N")[..8]);
        await new MigrationRunner(store.Database).ApplyPendingAsync(CancellationToken.None);
        await cluster.SeedAsync(predictions);
        using var desk = await LoopbackMailServer.ImapAsync("desk");
        await LoopbackMailServer.CreateFolderAsync(desk, cluster.Folder);
        await cluster.WriteConfigAsync();
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Values)
        {
            worker.Dispose();
        }

        try
        {
            using var desk = await LoopbackMailServer.ImapAsync("desk");
            await LoopbackMailServer.DeleteFolderAsync(desk, Folder);
            using var editor = await LoopbackMailServer.ImapAsync("editor");
            await editor.Inbox.OpenAsync(FolderAccess.ReadWrite);
            var mine = await editor.Inbox.SearchAsync(SearchQuery.ToContains(Editor));
            if (mine.Count > 0)
            {
                await editor.Inbox.AddFlagsAsync(mine, MessageFlags.Deleted, silent: true);
                await editor.Inbox.ExpungeAsync(mine);
            }
        }
        catch (Exception ex) when (ex is ImapCommandException or IOException or ImapProtocolException)
        {
        }

        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Starts <c>forecastwatch run</c> as cluster node <paramref name="node"/> (its own data directory, as on its own host).
    /// </summary>
    public WorkerProcess Start(string node)
    {
        var data = Path.Combine(_root, node);
        Directory.CreateDirectory(data);
        var info = WorkerProcess.Command(data, "--data", data, "--config", Path.Combine(_root, "cluster.json"), "run");
        info.Environment["ForecastWatch__Postgres__ConnectionString"] = Store.ConnectionString;
        info.Environment["ForecastWatch__Cluster__NodeId"] = node;
        info.Environment["ForecastWatch__Mailing__TokenSecret"] = _tokenSecret;
        info.Environment["FW_IMAP_PASSWORD"] = "desk-pass";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var worker = WorkerProcess.Start(info, node);
        if (_workers.TryGetValue(node, out var previous))
        {
            previous.Dispose();
        }

        _workers[node] = worker;
        return worker;
    }

    public string Output => string.Join("\n", _workers.Values.Select(static w => $"==== {w.Name} ====\n{w.Output}"));

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Store.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Waits for <paramref name="condition"/>; fails with every worker's output when it does not come.</summary>
    public async Task WaitForAsync(string what, Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (patience ?? Patience);
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"waited {patience ?? Patience} for {what}:\n{Tail(Output, 20000)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, CancellationToken.None);
        }
    }

    /// <summary>The mail at this run's editor address, as the IMAP server holds it: Message-ID, In-Reply-To, subject.</summary>
    public async Task<IReadOnlyList<(string MessageId, string? InReplyTo, string Subject, string? ReplyTo)>> EditorMailAsync()
    {
        using var editor = await LoopbackMailServer.ImapAsync("editor");
        await editor.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await editor.Inbox.SearchAsync(SearchQuery.ToContains(Editor));
        if (uids.Count == 0)
        {
            return [];
        }

        var summaries = await editor.Inbox.FetchAsync(uids, MessageSummaryItems.Envelope);
        return [.. summaries.Select(static s => (s.Envelope!.MessageId ?? "", s.Envelope!.InReplyTo, s.Envelope!.Subject ?? "",
            s.Envelope!.ReplyTo.Mailboxes.FirstOrDefault()?.Address))];
    }

    /// <summary>
    /// Answers each prompt (YES) as a mail client would, through Postfix to its Reply-To, then files the replies into
    /// this run's desk folder, where the workers read. Returns the replies' Message-IDs by prediction.
    /// </summary>
    public async Task<Dictionary<string, string>> ReplyAsync(IEnumerable<(string MessageId, string Subject, string ReplyTo)> prompts)
    {
        var sent = new Dictionary<string, string>();
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(LoopbackMailServer.Host, 2525, SecureSocketOptions.None);
            foreach (var prompt in prompts)
            {
                var (id, reply) = Reply(prompt);
                await smtp.SendAsync(reply);
                sent[id] = reply.MessageId!;
            }

            await smtp.DisconnectAsync(quit: true);
        }

        return sent;
    }

    /// <summary>
    /// Answers each prompt (YES) with the reply a mail client would send to its Reply-To, put straight into this run's desk
    /// folder with IMAP APPEND (MULTIAPPEND, 250 a command), where the workers read: for tests about the cluster, not about
    /// SMTP (prompts and confirmations still go through Postfix). Returns the replies' Message-IDs by prediction.
    /// </summary>
    public async Task<Dictionary<string, string>> AppendRepliesAsync(
        IEnumerable<(string MessageId, string Subject, string ReplyTo)> prompts)
    {
        var sent = new Dictionary<string, string>();
        using var desk = await LoopbackMailServer.ImapAsync("desk");
        var folder = await desk.GetFolderAsync(Folder);
        foreach (var chunk in prompts.Chunk(250))
        {
            var requests = new List<IAppendRequest>();
            foreach (var prompt in chunk)
            {
                var (id, reply) = Reply(prompt);
                requests.Add(new AppendRequest(reply));
                sent[id] = reply.MessageId!;
            }

            await folder.AppendAsync(requests);
        }

        return sent;
    }

    private (string Id, MimeMessage Reply) Reply((string MessageId, string Subject, string ReplyTo) prompt)
    {
        var (messageId, subject, replyTo) = prompt;
        var id = subject[(subject.IndexOf("[FW-", StringComparison.Ordinal) + 4)..subject.IndexOf(']', StringComparison.Ordinal)];
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(Editor));
        reply.To.Add(MailboxAddress.Parse(replyTo));
        reply.Subject = "Re: " + subject;
        reply.MessageId = $"{ReplyMarker}{id}@example.org";
        reply.Date = TimeProvider.System.GetUtcNow();
        reply.InReplyTo = messageId;
        reply.References.Add(messageId);
        reply.Body = new TextPart("plain") { Text = "YES\n\n> " + subject + "\n" };
        return (id, reply);
    }

    /// <summary>Moves this run's replies from desk's INBOX into the run's folder as they arrive; returns how many moved.</summary>
    public async Task<int> FileRepliesAsync()
    {
        using var desk = await LoopbackMailServer.ImapAsync("desk");
        await desk.Inbox.OpenAsync(FolderAccess.ReadWrite);
        var uids = await desk.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", ReplyMarker));
        if (uids.Count > 0)
        {
            await desk.Inbox.MoveToAsync(uids, await desk.GetFolderAsync(Folder));
        }

        return uids.Count;
    }

    /// <summary>The process id of a worker holding outbox claims now (a delivery run in progress), or null.</summary>
    public async Task<int?> DeliveringPidAsync()
    {
        await using var connection = await OpenAsync();
        var claimant = await connection.ExecuteScalarAsync<string?>(
            "SELECT claimed_by FROM outbox WHERE claimed_by IS NOT NULL AND status = 'queued' LIMIT 1");
        return claimant?.Split('/') is [_, var pid, ..] ? int.Parse(pid, CultureInfo.InvariantCulture) : null;
    }

    private async Task SeedAsync(int predictions)
    {
        var yesterday = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1);
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO articles (id, title, outlet, language, body, body_sha256, imported_at, updated_at)
            VALUES ('a1', 'Title', 'Outlet', 'en', 'body', 'x', 0, 0)
            """);
        await using var transaction = await connection.BeginTransactionAsync();
        for (var i = 0; i < predictions; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"cl{i:D5}");
            await PredictionStore.UpsertAsync(connection, transaction, InboundTestDatabase.Event(id) with
            {
                Claim = "Cluster claim " + id,
                ResolveBy = yesterday,
                Editors = [Editor],
            }, InboundTestDatabase.Seeded, CancellationToken.None);
        }

        await transaction.CommitAsync();
    }

    private async Task WriteConfigAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "cluster.json"), $$"""
            {
              "ForecastWatch": {
                "Store": "postgres",
                "Cluster": { "CheckinInterval": "00:00:02", "CheckinMisfireThreshold": "00:00:03", "IdleWaitTime": "00:00:01" },
                "Mailing": { "Transport": "smtp", "AllowReservedDomains": true, "From": "ForecastWatch <desk@example.test>",
                             "DeskAddress": "desk@example.test", "ClaimLease": "00:00:10", "DeliveryBatchSize": 100,
                             "RetryBaseDelay": "00:00:00.2", "RequeueDelay": "00:00:02" },
                "Editors": { "DefaultDesk": "desk@example.test",
                             "Editors": [ { "Name": "Cluster editor", "Address": "{{Editor}}", "Outlets": [ "Outlet" ] } ] },
                "Inbox": { "Source": "imap", "ImapFolder": "{{Folder}}", "Authentication": "none", "Watch": true,
                           "PollInterval": "00:00:05" },
                "Jobs": {
                  "due-check": { "Cron": "0/5 * * * * ?" },
                  "outbox-delivery": { "Cron": "* * * * * ?" },
                  "reminders": { "Enabled": false },
                  "digest": { "Enabled": false },
                  "ingest": { "Enabled": false }
                }
              },
              "Mail": {
                "Smtp": { "Host": "127.0.0.1", "Port": 2525, "TlsMode": "None" },
                "Imap": { "Host": "127.0.0.1", "Port": 1143, "TlsMode": "StartTls", "UserName": "desk@example.test",
                          "TrustedCaFile": "{{LoopbackMailServer.CertificateFile}}" }
              },
              "Logging": { "LogLevel": { "Default": "Warning", "ForecastWatch.Hosting": "Information", "Quartz": "Warning" } }
            }
            """);
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
