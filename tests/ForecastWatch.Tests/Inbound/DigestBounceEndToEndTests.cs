using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Mailing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// A digest bounced by the real loopback Postfix: the digest goes to <c>gone@example.test</c>, a mailbox Postfix
/// accepts and Dovecot refuses (<c>FW_MAIL_GONE</c> in start-mailserver.sh), so Postfix returns a DSN to the digest's
/// own return path (VERP). The worker reads that DSN like any inbound mail and marks the digest's outbox row bounced.
/// Ports follow FW_SMTP_PORT / FW_IMAP_PORT (default 2525 / 1143); the test works in a private desk folder.
/// </summary>
public sealed class DigestBounceEndToEndTests : IAsyncLifetime
{
    private const string Host = "127.0.0.1";
    private const string Now = "2027-06-07T08:00:00Z";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private InboundTestDatabase _db = null!;

    private static int SmtpPort => Port("FW_SMTP_PORT", 2525);

    private static int ImapPort => Port("FW_IMAP_PORT", 1143);

    private string PrivateFolder => "bounce-" + _run;

    public async Task InitializeAsync()
    {
        _db = await InboundTestDatabase.CreateAsync();
        if (Support.MailServerFactAttribute.IsAvailable)
        {
            using var desk = await LoopbackMailServer.ImapAsync("desk", ImapPort);
            await LoopbackMailServer.CreateFolderAsync(desk, PrivateFolder);
        }
    }

    public async Task DisposeAsync()
    {
        if (Support.MailServerFactAttribute.IsAvailable)
        {
            try
            {
                using var desk = await LoopbackMailServer.ImapAsync("desk", ImapPort);
                await LoopbackMailServer.DeleteFolderAsync(desk, PrivateFolder);
            }
            catch (Exception ex) when (ex is ImapCommandException or IOException or ImapProtocolException)
            {
            }
        }

        _db.Dispose();
    }

    [Support.MailServerFact]
    public async Task DigestToARemovedMailbox_Bounces_AndTheDsnMarksTheDigestRow()
    {
        var config = await WriteConfigAsync();
        await CliAsync("digest", "--now", Now, "--data", _db.DataDirectory, "--config", config);
        var (outboxId, envelopeFrom) = await DigestRowAsync();
        Assert.StartsWith("desk+b" + outboxId + ".", envelopeFrom, StringComparison.Ordinal);

        var sent = await CliAsync("run", "--once", "--now", Now, "--data", _db.DataDirectory, "--config", config);
        Assert.Contains("delivered: ", sent, StringComparison.Ordinal);

        // Postfix accepted gone@ and Dovecot refused it: the DSN comes back to the digest's return path only.
        await MoveBounceToPrivateFolderAsync(envelopeFrom);
        await CliAsync("run", "--once", "--now", Now, "--data", _db.DataDirectory, "--config", config);

        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(string Status, string? Detail)>(
            "SELECT status AS Status, last_error AS Detail FROM outbox WHERE id = @Id", new { Id = outboxId });
        Assert.Equal("bounced", row.Status);
        var inbound = await connection.QuerySingleAsync<(string Status, string Reason, string Detail)>(
            "SELECT status AS Status, reason AS Reason, detail AS Detail FROM inbound_messages WHERE status = 'bounce'");
        Assert.Equal("Permanent", inbound.Reason);
        Assert.Contains($"outbox #{outboxId} (return path)", inbound.Detail, StringComparison.Ordinal);
        Assert.Contains("gone@example.test", inbound.Detail, StringComparison.OrdinalIgnoreCase);
        var digestOutbox = await connection.ExecuteScalarAsync<long>("SELECT outbox_id FROM digests WHERE outbox_id IS NOT NULL");
        Assert.Equal(outboxId, digestOutbox);
    }

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) && port > 0 ? port : fallback;

    private async Task<(long Id, string EnvelopeFrom)> DigestRowAsync()
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(long, string)>("SELECT id, envelope_from FROM outbox WHERE category = 'digest'");
    }

    private async Task<string> WriteConfigAsync()
    {
        var passwordFile = Path.Combine(_db.DataDirectory, "imap-password");
        await File.WriteAllTextAsync(passwordFile, "desk-pass\n");
        var cert = Path.Combine(Support.MailServerFactAttribute.Root, "tls", "cert.pem");
        var config = Path.Combine(_db.DataDirectory, "bounce.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "ForecastWatch": {
                "Mailing": { "Transport": "smtp", "AllowReservedDomains": true },
                "Digest": { "Recipients": [ "gone@example.test" ] },
                "Inbox": { "Source": "imap", "ImapFolder": "{{PrivateFolder}}" }
              },
              "Mail": {
                "Smtp": { "Host": "{{Host}}", "Port": {{SmtpPort}}, "TlsMode": "None" },
                "Imap": { "Host": "{{Host}}", "Port": {{ImapPort}}, "TlsMode": "StartTls", "UserName": "desk@example.test",
                  "PasswordFile": "{{passwordFile}}", "TrustedCaFile": "{{cert}}" }
              }
            }
            """);
        return config;
    }

    private static async Task<string> CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        Assert.True(code == ExitCodes.Ok, $"{string.Join(' ', args[..2])} exited {code}: {stderr}{stdout}");
        return stdout.ToString();
    }

    private async Task MoveBounceToPrivateFolderAsync(string returnPath)
    {
        using var desk = await LoopbackMailServer.ImapAsync("desk", ImapPort);
        await desk.Inbox.OpenAsync(FolderAccess.ReadWrite);
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            var uids = await desk.Inbox.SearchAsync(SearchQuery.HeaderContains("To", returnPath));
            if (uids.Count > 0)
            {
                await desk.Inbox.MoveToAsync(uids, await desk.GetFolderAsync(PrivateFolder));
                return;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline,
                $"No bounce to {returnPath} reached the desk INBOX within {Patience.TotalSeconds} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);
        }
    }
}
