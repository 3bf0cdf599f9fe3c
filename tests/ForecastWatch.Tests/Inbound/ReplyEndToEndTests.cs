using System.Text;
using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Mailing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// The whole loop on the loopback Postfix + Dovecot: <c>run --once</c> sends the prompt through Postfix, the editor's
/// reply goes through Postfix to the desk address, <c>run --once</c> reads it (over IMAP, or from Dovecot's Maildir),
/// records the outcome and sends the confirmation, which arrives in the editor's mailbox in the same thread.
/// Each test works in a private desk folder so other tests sharing the server are never touched.
/// </summary>
public sealed class ReplyEndToEndTests : IAsyncLifetime
{
    private const string Host = "127.0.0.1";
    private const string Now = "2027-06-01T10:00:00Z";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private InboundTestDatabase _db = null!;

    private string PredictionId => "e2e-" + _run;

    private string PrivateFolder => "e2e-" + _run;

    private static string CertFile => Path.Combine(Support.MailServerFactAttribute.Root, "tls", "cert.pem");

    public async Task InitializeAsync()
    {
        _db = await InboundTestDatabase.CreateAsync();
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await PredictionStore.UpsertAsync(connection, transaction, InboundTestDatabase.Event(
            PredictionId) with
        { Claim = "The end-to-end claim " + _run }, InboundTestDatabase.Seeded, CancellationToken.None);
        await transaction.CommitAsync();
        if (Support.MailServerFactAttribute.IsAvailable)
        {
            // Created by Dovecot (as its mail user) before anything reads it, so the Maildir test never creates
            // directories Dovecot cannot write to.
            using var desk = await ConnectImapAsync("desk@example.test", "desk-pass");
            await LoopbackMailServer.CreateFolderAsync(desk, PrivateFolder);
        }
    }

    public async Task DisposeAsync()
    {
        if (Support.MailServerFactAttribute.IsAvailable)
        {
            try
            {
                using var desk = await ConnectImapAsync("desk@example.test", "desk-pass");
                await LoopbackMailServer.DeleteFolderAsync(desk, PrivateFolder);
            }
            catch (Exception ex) when (ex is ImapCommandException or IOException or ImapProtocolException)
            {
            }
        }

        _db.Dispose();
    }

    [Support.MailServerFact]
    public async Task ReplyOverImap_IsRecordedAndConfirmedInTheSameThread()
    {
        var config = await WriteConfigAsync(imap: true);

        var sent = await RunOnceAsync(config);
        Assert.Contains("delivered: ", sent, StringComparison.Ordinal);
        var reply = await ReplyToPromptAsync("YES - it happened, see https://example.org/e2e-proof");
        await MoveToPrivateFolderAsync(reply.MessageId);

        var processed = await RunOnceAsync(config);

        Assert.Contains("1 applied", processed, StringComparison.Ordinal);
        var resolution = Assert.Single(await _db.ResolutionsAsync(PredictionId));
        Assert.Equal(Verdict.Yes, resolution.Verdict);
        Assert.Equal("editor@example.test", resolution.ResolvedBy);
        Assert.Equal(reply.MessageId, resolution.SourceMessageId);
        Assert.Equal(["https://example.org/e2e-proof"], resolution.Evidence);
        var confirmation = await WaitForConfirmationAsync(reply.MessageId);
        Assert.StartsWith("Re: ", confirmation.Subject, StringComparison.Ordinal);
        Assert.Contains("[FW-" + PredictionId + "]", confirmation.Subject, StringComparison.Ordinal);
        Assert.Contains(reply.PromptMessageId, confirmation.References);
        Assert.Equal("auto-replied", confirmation.Headers["Auto-Submitted"]);
        Assert.Contains("Recorded: YES", confirmation.TextBody, StringComparison.Ordinal);
        Assert.True(await IsInDeskFolderAsync("ForecastWatch/Processed", reply.MessageId),
            "the reply should be moved to ForecastWatch/Processed");

        var again = await RunOnceAsync(config);

        Assert.Contains("inbox: 0 read", again, StringComparison.Ordinal);
        Assert.Single(await _db.ResolutionsAsync(PredictionId));
    }

    [Support.MailServerFact]
    public async Task ReplyInDovecotMaildir_IsRecordedAndConfirmed()
    {
        var config = await WriteConfigAsync(imap: false);

        await RunOnceAsync(config);
        var reply = await ReplyToPromptAsync(
            "NO\n\nSent from my iPhone\n\n> On 1 Jun 2027, at 10:00, Desk <desk@example.test> wrote:\n> Did it happen?");
        await MoveToPrivateFolderAsync(reply.MessageId);

        var processed = await RunOnceAsync(config);

        Assert.Contains("1 applied", processed, StringComparison.Ordinal);
        Assert.Equal(Verdict.No, Assert.Single(await _db.ResolutionsAsync(PredictionId)).Verdict);
        var confirmation = await WaitForConfirmationAsync(reply.MessageId);
        Assert.Contains("Recorded: NO", confirmation.TextBody, StringComparison.Ordinal);
        var cur = Directory.GetFiles(Path.Combine(DeskMaildirFolder, "cur"));
        Assert.Contains(cur, f => f.EndsWith(",S", StringComparison.Ordinal) || f.Contains(":2,S", StringComparison.Ordinal));
    }

    [Support.MailServerFact]
    public async Task ReplyFromAnotherEditorsAddress_IsRefusedAndNothingRecorded()
    {
        var config = await WriteConfigAsync(imap: true);
        await RunOnceAsync(config);
        var reply = await ReplyToPromptAsync("YES", from: "outsider@example.test");
        await MoveToPrivateFolderAsync(reply.MessageId);

        var processed = await RunOnceAsync(config);

        Assert.Contains("1 rejected", processed, StringComparison.Ordinal);
        Assert.Empty(await _db.ResolutionsAsync(PredictionId));
        Assert.True(await IsInDeskFolderAsync("ForecastWatch/Rejected", reply.MessageId),
            "the refused reply should be moved to ForecastWatch/Rejected");
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var reason = await connection.ExecuteScalarAsync<string>("SELECT reason FROM inbound_messages WHERE message_id = @Id",
            new { Id = reply.MessageId });
        Assert.Equal("NotAnEditor", reason);
    }

    private string DeskMaildirFolder =>
        Path.Combine(Support.MailServerFactAttribute.Root, "mail", "example.test", "desk", "Maildir", "." + PrivateFolder);

    private async Task<string> WriteConfigAsync(bool imap)
    {
        var passwordFile = Path.Combine(_db.DataDirectory, "imap-password");
        await File.WriteAllTextAsync(passwordFile, "desk-pass\n");
        var config = Path.Combine(_db.DataDirectory, "e2e.json");
        var source = imap ? "imap" : "maildir";
        await File.WriteAllTextAsync(config, $$"""
            {
              "ForecastWatch": {
                "Mailing": { "Transport": "smtp", "AllowReservedDomains": true },
                "Editors": {
                  "DefaultDesk": "desk@example.test",
                  "Editors": [ { "Name": "E2E editor", "Address": "editor@example.test", "Outlets": [ "Outlet" ] } ],
                  "Chiefs": [ { "Name": "E2E chief", "Address": "chief@example.test", "Outlets": [ "Outlet" ] } ]
                },
                "Inbox": { "Source": "{{source}}", "ImapFolder": "{{PrivateFolder}}", "MaildirPath": "{{DeskMaildirFolder}}" }
              },
              "Mail": {
                "Smtp": { "Host": "{{Host}}", "Port": 2525, "TlsMode": "None" },
                "Imap": { "Host": "{{Host}}", "Port": 1143, "TlsMode": "StartTls", "UserName": "desk@example.test",
                  "PasswordFile": "{{passwordFile}}", "TrustedCaFile": "{{CertFile}}" }
              }
            }
            """);
        return config;
    }

    private async Task<string> RunOnceAsync(string config)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["run", "--once", "--now", Now, "--data", _db.DataDirectory, "--config", config], stdout, stderr);
        Assert.True(code == ExitCodes.Ok, $"run --once exited {code}: {stderr}{stdout}");
        return stdout.ToString();
    }

    private sealed record SentReply(string MessageId, string PromptMessageId);

    /// <summary>Finds our prompt in the editor's mailbox and answers it like a mail client would: to its Reply-To, in its thread.</summary>
    private async Task<SentReply> ReplyToPromptAsync(string text, string from = "editor@example.test")
    {
        using var prompt = await WaitForMessageAsync("editor@example.test", "editor-pass",
            SearchQuery.SubjectContains("[FW-" + PredictionId + "]"), m => m.InReplyTo is null);
        var replyTo = Assert.Single(prompt.ReplyTo.Mailboxes).Address;
        Assert.StartsWith("desk+", replyTo, StringComparison.Ordinal);
        var messageId = $"reply-{_run}-{Guid.NewGuid():N}@example.org";
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(from));
        reply.To.Add(MailboxAddress.Parse(replyTo));
        reply.Subject = "Re: " + prompt.Subject;
        reply.MessageId = messageId;
        reply.InReplyTo = prompt.MessageId;
        foreach (var id in prompt.References.Append(prompt.MessageId!))
        {
            reply.References.Add(id);
        }

        reply.Body = new TextPart("plain")
        {
            Text = text + "\n\nOn Tue, Jun 1, 2027 at 10:00 AM ForecastWatch <" + replyTo + "> wrote:\n> "
            + prompt.Subject + "\n"
        };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(Host, 2525, SecureSocketOptions.None);
        await smtp.SendAsync(reply);
        await smtp.DisconnectAsync(true);
        return new SentReply(messageId, prompt.MessageId!.Trim('<', '>'));
    }

    private async Task MoveToPrivateFolderAsync(string messageId)
    {
        using var desk = await ConnectImapAsync("desk@example.test", "desk-pass");
        var uids = await WaitForUidsAsync(desk, "INBOX", SearchQuery.HeaderContains("Message-ID", messageId));
        await desk.Inbox.MoveToAsync(uids, await desk.GetFolderAsync(PrivateFolder));
    }

    private async Task<bool> IsInDeskFolderAsync(string folder, string messageId)
    {
        using var desk = await ConnectImapAsync("desk@example.test", "desk-pass");
        var f = await desk.GetFolderAsync(folder);
        await f.OpenAsync(FolderAccess.ReadOnly);
        return (await f.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId))).Count > 0;
    }

    private Task<MimeMessage> WaitForConfirmationAsync(string replyMessageId) =>
        WaitForMessageAsync("editor@example.test", "editor-pass", SearchQuery.HeaderContains("In-Reply-To", replyMessageId), static _ =>
            true);

    private static async Task<MimeMessage> WaitForMessageAsync(string user, string password, SearchQuery query,
        Func<MimeMessage, bool> accept)
    {
        using var client = await ConnectImapAsync(user, password);
        var uids = await WaitForUidsAsync(client, "INBOX", query);
        foreach (var uid in uids)
        {
            var parsed = await client.Inbox.GetMessageAsync(uid);
            if (accept(parsed))
            {
                return parsed;
            }

            parsed.Dispose();
        }

        throw new InvalidOperationException($"No acceptable message for {user} matched the search.");
    }

    private static async Task<IList<UniqueId>> WaitForUidsAsync(ImapClient client, string folder, SearchQuery query)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            var f = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
            await f.OpenAsync(FolderAccess.ReadWrite);
            var uids = await f.SearchAsync(query);
            if (uids.Count > 0)
            {
                return uids;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"nothing arrived in {folder} within {Patience}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }
    }

    private static Task<ImapClient> ConnectImapAsync(string user, string password)
    {
        _ = password;
        return LoopbackMailServer.ImapAsync(user.Split('@')[0]);
    }
}
