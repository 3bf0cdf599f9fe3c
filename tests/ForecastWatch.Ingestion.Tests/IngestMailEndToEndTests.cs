using System.Text.RegularExpressions;
using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace ForecastWatch.Ingestion.Tests;

/// <summary>
/// Ingestion through the real worker (<c>run --once</c>) and the loopback Postfix + Dovecot: a feed item served by
/// Kestrel is fetched, stored and proposed; the proposal email goes through Postfix to the desk recipient's mailbox;
/// the reply (<c>ACCEPT 1 3</c>, <c>EDIT</c>/<c>REJECT</c>, a digest) goes through Postfix to the desk address, the
/// worker reads it from Dovecot over IMAP, applies it and confirms it through Postfix; when the accepted predictions
/// fall due (a later <c>--now</c>) their prompts reach the editor. Each test has its own feed, outlet, article titles
/// and desk folder, so tests sharing the servers never see each other's mail.
/// </summary>
public sealed partial class IngestMailEndToEndTests : IAsyncLifetime
{
    private const string Published = "2026-11-11T09:00:00Z";
    private const string DeskRecipient = "editor2@example.test";
    private const string Editor = "editor@example.test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly TempDirectory _data = new();
    private TestWebServer _server = null!;

    private static string Host => Environment.GetEnvironmentVariable("FW_MAIL_SERVER") is { Length: > 1 } h ? h : "127.0.0.1";

    private static string CertFile => Path.Combine(MailServerFactAttribute.Root, "tls", "cert.pem");

    private string PrivateFolder => "ingest-" + _run;

    private string Outlet => "Wire " + _run;

    private SearchQuery ProposalsOfThisRun => SearchQuery.SubjectContains("[FW-proposals]").And(SearchQuery.SubjectContains(_run));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        _server = await TestWebServer.StartAsync();
        if (MailServerFactAttribute.IsAvailable)
        {
            using var desk = await ImapAsync("desk");
            await desk.GetFolder(desk.PersonalNamespaces[0]).CreateAsync(PrivateFolder, isMessageFolder: true);
        }
    }

    public async Task DisposeAsync()
    {
        if (MailServerFactAttribute.IsAvailable)
        {
            try
            {
                using var desk = await ImapAsync("desk");
                await (await desk.GetFolderAsync(PrivateFolder)).DeleteAsync();
            }
            catch (Exception ex) when (ex is ImapCommandException or IOException or ImapProtocolException or FolderNotFoundException)
            {
            }
        }

        await _server.DisposeAsync();
        _data.Dispose();
    }

    [MailServerFact]
    public async Task FeedItem_ProposalEmail_AcceptOneAndThree_TwoAcceptedConfirmed_AndPromptedWhenDue()
    {
        ServeFeed(("a/one", $"Chipmakers brace {_run}", IngestServiceTests.ArticleBody));
        var config = await WriteConfigAsync("PerArticle");

        var first = await RunOnceAsync(config, Published);
        Assert.Contains("ingest: 1 source(s), 1 added", first, StringComparison.Ordinal);
        Assert.Contains("1 proposal email(s) queued", first, StringComparison.Ordinal);

        using var proposal = await WaitForMessageAsync(DeskRecipient, ProposalsOfThisRun);
        var numbered = Numbered(proposal.TextBody);
        Assert.Equal(3, numbered.Count);
        Assert.Contains("ACCEPT 1 3", proposal.TextBody, StringComparison.Ordinal);
        var reply = await ReplyAsync(proposal, "ACCEPT 1 3");

        var second = await RunOnceAsync(config, "2026-11-11T10:00:00Z");
        Assert.Contains("1 applied", second, StringComparison.Ordinal);
        // The job ran again over the same feed: nothing new.
        Assert.Contains("ingest: 1 source(s), 0 added, 0 revised", second, StringComparison.Ordinal);
        Assert.Contains("0 proposal email(s) queued", second, StringComparison.Ordinal);

        Assert.Equal("accepted", await StatusAsync(numbered[1]));
        Assert.Equal("proposed", await StatusAsync(numbered[2]));
        Assert.Equal("accepted", await StatusAsync(numbered[3]));
        using var confirmation = await WaitForMessageAsync(DeskRecipient, SearchQuery.HeaderContains("In-Reply-To", reply));
        Assert.Contains("2 accepted, 0 rejected, 0 edited, 0 refused", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains(proposal.MessageId, confirmation.References);

        // When both accepted predictions are past their resolve-by dates, each is prompted; the proposal is not.
        var (one, three) = (await ResolveByAsync(numbered[1]), await ResolveByAsync(numbered[3]));
        var due = (one > three ? one : three).AddDays(2);
        var third = await RunOnceAsync(config, Day(due) + "T12:00:00Z");
        Assert.Contains("prompts queued: 2", third, StringComparison.Ordinal);
        foreach (var id in new[] { numbered[1], numbered[3] })
        {
            using var prompt = await WaitForMessageAsync(Editor, SearchQuery.SubjectContains("[FW-" + id + "]"));
            Assert.StartsWith("desk+", Assert.Single(prompt.ReplyTo.Mailboxes).Address, StringComparison.Ordinal);
        }

        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM prompts WHERE prediction_id = @Id", numbered[2]));

        // The article changes: a new revision, and only its new claim goes to the desk; the accepted two stay on revision 1.
        ServeFeed(12, ("a/one", $"Chipmakers brace {_run}",
            "<p>Correction: the figures were revised.</p>" + IngestServiceTests.ArticleBody +
            "<p>Unemployment in the euro area will rise above 7% within 12 months.</p>"));
        var fourth = await RunOnceAsync(config, Day(due) + "T13:00:00Z");
        Assert.Contains("ingest: 1 source(s), 0 added, 1 revised", fourth, StringComparison.Ordinal);
        Assert.Contains("1 proposal email(s) queued", fourth, StringComparison.Ordinal);
        using var revised = await WaitForMessageAsync(
            DeskRecipient, SearchQuery.SubjectContains("1 proposed prediction:").And(SearchQuery.SubjectContains(_run)));
        var revisedItem = Assert.Single(Numbered(revised.TextBody));
        Assert.Contains("Unemployment", revised.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM ingested_articles", ""));
        Assert.NotEqual(await ArticleOfAsync(numbered[1]), await ArticleOfAsync(revisedItem.Value));
        Assert.Equal(await ArticleOfAsync(numbered[1]), await ArticleOfAsync(numbered[3]));
    }

    [MailServerFact]
    public async Task RealReply_EditRejectAccept_AppliedTogether_AndTheEditedDateIsTheOnePrompted()
    {
        ServeFeed(("a/one", $"Factory plans {_run}", IngestServiceTests.ArticleBody));
        var config = await WriteConfigAsync("PerArticle");
        await RunOnceAsync(config, Published);
        using var proposal = await WaitForMessageAsync(DeskRecipient, ProposalsOfThisRun);
        var numbered = Numbered(proposal.TextBody);

        var reply = await ReplyAsync(proposal, "EDIT 3 resolve-by 2027-06-30\nACCEPT 3\nREJECT 2\nEDIT 1 probability 40%");

        var second = await RunOnceAsync(config, "2026-11-11T10:00:00Z");
        Assert.Contains("1 applied", second, StringComparison.Ordinal);
        Assert.Equal(("accepted", "2027-06-30"), (await StatusAsync(numbered[3]), Day(await ResolveByAsync(numbered[3]))));
        Assert.Equal("rejected", await StatusAsync(numbered[2]));
        Assert.Equal("proposed", await StatusAsync(numbered[1]));
        Assert.Equal(0.4, await ScalarAsync<double>("SELECT probability FROM predictions WHERE id = @Id", numbered[1]), 6);
        using var confirmation = await WaitForMessageAsync(DeskRecipient, SearchQuery.HeaderContains("In-Reply-To", reply));
        Assert.Contains("1 accepted, 1 rejected, 2 edited, 0 refused", confirmation.TextBody, StringComparison.Ordinal);

        var third = await RunOnceAsync(config, "2027-07-02T12:00:00Z");

        Assert.Contains("prompts queued: 1", third, StringComparison.Ordinal);
        using var prompt = await WaitForMessageAsync(Editor, SearchQuery.SubjectContains("[FW-" + numbered[3] + "]"));
        Assert.Contains("2027-06-30", prompt.TextBody, StringComparison.Ordinal);
    }

    [MailServerFact]
    public async Task Digest_SeveralArticlesInOneEmail_ReplyNumbersReachAcrossArticles()
    {
        ServeFeed(
            ("a/one", $"Chipmakers brace {_run}", IngestServiceTests.ArticleBody),
            ("a/two", $"Rates outlook {_run}",
                "<p>The bank expects unemployment in the euro area to rise above 7% within 12 months, its economists said.</p>" +
                "<p>\"We will open a second plant in Porto by the end of 2028,\" the chief executive said.</p>"));
        var config = await WriteConfigAsync("Digest");

        var first = await RunOnceAsync(config, Published);
        Assert.Contains("2 added", first, StringComparison.Ordinal);
        Assert.Contains("1 proposal email(s) queued", first, StringComparison.Ordinal);
        using var digest = await WaitForMessageAsync(
            DeskRecipient, SearchQuery.SubjectContains("[FW-proposals]").And(SearchQuery.BodyContains(_run)));
        Assert.Contains("from 2 articles", digest.Subject, StringComparison.Ordinal);
        Assert.Contains($"Chipmakers brace {_run}", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Rates outlook {_run}", digest.TextBody, StringComparison.Ordinal);
        var numbered = Numbered(digest.TextBody);
        var last = numbered.Keys.Max();
        Assert.True(last >= 4, digest.TextBody);
        Assert.NotEqual(await ArticleOfAsync(numbered[1]), await ArticleOfAsync(numbered[last]));

        var reply = await ReplyAsync(digest, $"ACCEPT 1 {last} 99\nREJECT 2");
        var second = await RunOnceAsync(config, "2026-11-11T10:00:00Z");

        Assert.Contains("1 applied", second, StringComparison.Ordinal);
        Assert.Equal(
            ("accepted", "accepted", "rejected"),
            (await StatusAsync(numbered[1]), await StatusAsync(numbered[last]), await StatusAsync(numbered[2])));
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM predictions WHERE status = 'accepted'", ""));
        using var confirmation = await WaitForMessageAsync(DeskRecipient, SearchQuery.HeaderContains("In-Reply-To", reply));
        Assert.Contains("2 accepted, 1 rejected, 0 edited, 1 refused", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains("there is no proposal 99", confirmation.TextBody, StringComparison.Ordinal);
    }

    private void ServeFeed(params (string Path, string Title, string Body)[] pages) => ServeFeed(10, pages);

    private void ServeFeed(int day, params (string Path, string Title, string Body)[] pages)
    {
        var date = new DateTime(2026, 11, day, 0, 0, 0, DateTimeKind.Utc)
            .ToString("ddd, dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var items = string.Concat(pages.Select((p, i) =>
            $"<item><title>{p.Title}</title><link>{_server.Url(p.Path)}</link><pubDate>{date} 0{i + 8}:00:00 GMT</pubDate></item>"));
        _server.MapText("/feed.xml", "application/rss+xml",
            $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>{items}</channel></rss>");
        foreach (var (path, title, body) in pages)
        {
            _server.MapText("/" + path, "text/html; charset=utf-8", IngestServiceTests.Page(title, body));
        }
    }

    private async Task<string> WriteConfigAsync(string proposalMail)
    {
        var passwordFile = Path.Combine(_data.Path, "imap-password");
        await File.WriteAllTextAsync(passwordFile, "desk-pass\n");
        var config = Path.Combine(_data.Path, "ingest-e2e.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "ForecastWatch": {
                "Mailing": { "Transport": "smtp", "AllowReservedDomains": true },
                "Editors": {
                  "DefaultDesk": "desk@example.test",
                  "Editors": [ { "Name": "Ingest editor", "Address": "{{Editor}}", "Outlets": [ "{{Outlet}}" ] } ],
                  "Chiefs": [ { "Name": "Ingest chief", "Address": "chief@example.test", "Outlets": [ "{{Outlet}}" ] } ]
                },
                "Inbox": { "Source": "imap", "ImapFolder": "{{PrivateFolder}}" },
                "Ingest": {
                  "AllowPrivateAddresses": true, "ContactAddress": "ops@example.test", "PerHostInterval": "00:00:00",
                  "ProposalMail": "{{proposalMail}}", "DeskRecipients": [ "{{DeskRecipient}}" ]
                },
                "Sources": [ { "Name": "wire", "Url": "{{_server.Url("feed.xml")}}", "Outlet": "{{Outlet}}" } ]
              },
              "Mail": {
                "Smtp": { "Host": "{{Host}}", "Port": 2525, "TlsMode": "None" },
                "Imap": {
                  "Host": "{{Host}}", "Port": 1143, "TlsMode": "StartTls", "UserName": "desk@example.test",
                  "PasswordFile": "{{passwordFile}}", "TrustedCaFile": "{{CertFile}}"
                }
              }
            }
            """);
        return config;
    }

    private async Task<string> RunOnceAsync(string config, string now)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["run", "--once", "--now", now, "--data", _data.Path, "--config", config], stdout, stderr);
        Assert.True(code == ExitCodes.Ok, $"run --once exited {code}: {stderr}{stdout}");
        return stdout.ToString();
    }

    /// <summary>Proposal number to prediction id, read from the email as the desk sees it.</summary>
    private static Dictionary<int, string> Numbered(string? body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var map = new Dictionary<int, string>();
        var current = 0;
        foreach (var line in body.Split('\n'))
        {
            if (NumberLine().Match(line) is { Success: true } n)
            {
                current = int.Parse(n.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (IdLine().Match(line) is { Success: true } id && current > 0)
            {
                map[current] = id.Groups[1].Value;
            }
        }

        return map;
    }

    /// <summary>Answers like a mail client: to the Reply-To, in the thread, the proposal quoted below; then files the reply
    /// from the shared desk INBOX into this test's folder, which the worker reads. Returns the reply's Message-ID.</summary>
    private async Task<string> ReplyAsync(MimeMessage proposal, string text)
    {
        var replyTo = Assert.Single(proposal.ReplyTo.Mailboxes).Address;
        Assert.StartsWith("desk+q", replyTo, StringComparison.Ordinal);
        var messageId = $"ingest-reply-{_run}-{Guid.NewGuid():N}@example.org";
        using var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(DeskRecipient));
        reply.To.Add(MailboxAddress.Parse(replyTo));
        reply.Subject = "Re: " + proposal.Subject;
        reply.MessageId = messageId;
        reply.InReplyTo = proposal.MessageId;
        foreach (var id in proposal.References.Append(proposal.MessageId!))
        {
            reply.References.Add(id);
        }

        var quoted = string.Join("\n", (proposal.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(static l => "> " + l));
        reply.Body = new TextPart("plain")
        {
            Text = $"{text}\n\nThanks,\nthe desk\n\nOn Wed, 11 Nov 2026 at 09:00, ForecastWatch wrote:\n{quoted}\n",
        };
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(Host, 2525, SecureSocketOptions.None);
            await smtp.SendAsync(reply);
            await smtp.DisconnectAsync(true);
        }

        using var desk = await ImapAsync("desk");
        var uids = await WaitForUidsAsync(desk, SearchQuery.HeaderContains("Message-ID", messageId));
        await desk.Inbox.MoveToAsync(uids, await desk.GetFolderAsync(PrivateFolder));
        return messageId;
    }

    private static async Task<MimeMessage> WaitForMessageAsync(string address, SearchQuery query)
    {
        using var client = await ImapAsync(address.Split('@')[0]);
        var uids = await WaitForUidsAsync(client, query);
        return await client.Inbox.GetMessageAsync(uids[^1]);
    }

    private static async Task<IList<UniqueId>> WaitForUidsAsync(ImapClient client, SearchQuery query)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
            var uids = await client.Inbox.SearchAsync(query);
            if (uids.Count > 0)
            {
                return uids;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"nothing arrived within {Patience}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }
    }

    private static async Task<ImapClient> ImapAsync(string user)
    {
        var client = new ImapClient();
        client.ServerCertificateValidationCallback =
            new MailCertificateCheck(new MailEndpointOptions { TrustedCaFile = CertFile }, "test").Validate;
        await client.ConnectAsync(Host, 1143, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(user + "@example.test", user + "-pass");
        return client;
    }

    private Task<string?> StatusAsync(string id) => ScalarAsync<string?>("SELECT status FROM predictions WHERE id = @Id", id);

    private Task<string?> ArticleOfAsync(string id) => ScalarAsync<string?>("SELECT article_id FROM predictions WHERE id = @Id", id);

    private async Task<DateOnly> ResolveByAsync(string id) =>
        DateOnly.ParseExact(
            (await ScalarAsync<string?>("SELECT resolve_by FROM predictions WHERE id = @Id", id))![..10],
            "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture);

    private Task<long> ScalarAsync(string sql, string id) => ScalarAsync<long>(sql, id);

    private async Task<T> ScalarAsync<T>(string sql, string id)
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_data.Path, SqliteConnectionFactory.DatabaseFileName));
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<T>(sql, new { Id = id }))!;
    }

    [GeneratedRegex(@"^(\d+)\. ")]
    private static partial Regex NumberLine();

    [GeneratedRegex(@"^\s+Id: (\S+)")]
    private static partial Regex IdLine();
}
