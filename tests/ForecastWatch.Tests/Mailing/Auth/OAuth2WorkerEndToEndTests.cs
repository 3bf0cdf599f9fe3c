using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Inbound;
using ForecastWatch.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace ForecastWatch.Tests.Mailing.Auth;

/// <summary>
/// The real worker (<c>forecastwatch run</c>, a child process configured as a user would) with
/// <c>Mail:Auth:Provider=microsoft</c> (XOAUTH2) or <c>google</c> (OAUTHBEARER) against the loopback token server:
/// prompts go out through the OAuth2 Postfix and editors' replies are read from the OAuth2 Dovecot, both signed in
/// with the worker's own tokens. Tokens live 16 s, so one run
/// renews them several times; a token revoked mid-run is renewed once and the run goes on; a revoked client secret
/// stops sign-in with the provider's error naming the setting, and nothing is lost: the outbox row stays queued, the
/// reply stays unprocessed, and both go through once the secret file holds a new secret (no restart). Also
/// <c>mail check --only smtp|imap</c> as child processes. No token or secret in any output or protocol log.
/// </summary>
[Collection(OAuth2ServerCollection.Name)]
public sealed class OAuth2WorkerEndToEndTests(OAuth2ServerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(16);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _secrets = [];
    private readonly List<string> _shown = [];
    private InboundTestDatabase _db = null!;
    private OAuth2TestServer.Client _client = null!;
    private string _provider = null!;
    private string _secretFile = null!;
    private string _config = null!;

    private OAuth2TestServer Server => fixture.Server;

    private string Folder => "oa-e2e-" + _run;

    private string SmtpLog => Path.Combine(_db.DataDirectory, "smtp-protocol.log");

    private string ImapLog => Path.Combine(_db.DataDirectory, "imap-protocol.log");

    public async Task InitializeAsync()
    {
        _db = await InboundTestDatabase.CreateAsync();
        if (OAuth2MailServer.Skipped)
        {
            return;
        }

        // The worker reads a folder of its own: other tests share desk's INBOX.
        using var desk = await ConnectPasswordImapAsync(OAuth2MailServer.Desk);
        await LoopbackMailServer.CreateFolderAsync(desk, Folder);
    }

    public async Task DisposeAsync()
    {
        if (!OAuth2MailServer.Skipped)
        {
            try
            {
                using var desk = await ConnectPasswordImapAsync(OAuth2MailServer.Desk);
                await LoopbackMailServer.DeleteFolderAsync(desk, Folder);
            }
            catch (Exception ex) when (ex is ImapCommandException or IOException or ImapProtocolException)
            {
            }
        }

        _db.Dispose();
    }

    [OAuth2MailServerFact]
    public async Task MailCheckOnlySmtpOrImap_RunsJustThatStepWithItsTokenStep()
    {
        await SetUpAsync("microsoft");
        var smtp = await RunCliAsync("mail", "check", "--only", "smtp");
        var imap = await RunCliAsync("mail", "check", "--only", "imap");

        Assert.True(smtp.Code == 0, smtp.Output);
        Assert.True(imap.Code == 0, imap.Output);
        Assert.Equal(2, _client.Issued);
        foreach (var (result, step, other) in new[] { (smtp, "smtp", "imap"), (imap, "imap", "smtp") })
        {
            var lines = result.Output.Split('\n').Select(l => l.Trim()).ToList();
            Assert.Contains(lines, l => l.StartsWith(step + " 127.0.0.1:", StringComparison.Ordinal)
                && l.EndsWith(": ok", StringComparison.Ordinal));
            // One step: no line of the other server, and no token step of its own ("token microsoft: ok").
            Assert.DoesNotContain(lines, l => l.StartsWith(other, StringComparison.Ordinal)
                || (l.StartsWith("token ", StringComparison.Ordinal) && (l.EndsWith(": ok", StringComparison.Ordinal)
                    || l.EndsWith(": FAILED", StringComparison.Ordinal))));
            var token = lines.FindIndex(l => l.StartsWith("token acquired for desk@example.test: issuer https://sts.windows.net/",
                StringComparison.Ordinal));
            var login = lines.IndexOf("login: ok as desk@example.test");
            Assert.True(token > 0 && login > token, result.Output);
            Assert.Contains("token provider: microsoft (tenant tenant-" + _run, result.Output, StringComparison.Ordinal);
        }

        // A refused client: the step fails in its token step with the provider's text and the setting to fix.
        _client.SecretRevoked = true;
        var refused = await RunCliAsync("mail", "check", "--only", "imap");

        Assert.Equal(1, refused.Code);
        Assert.Contains("imap: token: Microsoft refused the token request (AADSTS7000215)", refused.Output, StringComparison.Ordinal);
        Assert.Contains("FW_MS_CLIENT_SECRET", refused.Output, StringComparison.Ordinal);
        _shown.AddRange([smtp.Output, imap.Output, refused.Output]);
        AssertNoSecretShown();
    }

    [OAuth2MailServerTheory]
    [InlineData("microsoft")]
    [InlineData("google")]
    public async Task Run_OAuth2Provider_RenewsRecoversFromRevocationAndLosesNothingWhileTheClientIsRefused(string provider)
    {
        await SetUpAsync(provider);
        var (refusal, providerText, fix, code) = provider == "microsoft"
            ? ("Microsoft refused the token request (AADSTS7000215)", "AADSTS7000215: Invalid client secret provided",
                "Fix: the client secret in FW_MS_CLIENT_SECRET(_FILE) is wrong or was revoked", "AADSTS7000215")
            : ("Google refused the token request (invalid_grant: Invalid JWT Signature.)", "Invalid JWT Signature",
                "Fix: the key in FW_GOOGLE_KEY_FILE was deleted", "invalid_grant");
        var sasl = provider == "microsoft" ? "XOAUTH2" : "OAUTHBEARER";
        var (p1, p2, p3, p4) = ("oa1-" + _run, "oa2-" + _run, "oa3-" + _run, "oa4-" + _run);
        await AddDuePredictionsAsync(p1, p2, p3);
        using var worker = StartWorker();

        // 1. Prompts go out through Postfix (XOAUTH2); a reply is read from Dovecot (XOAUTH2), recorded and confirmed.
        var prompts = new Dictionary<string, MimeMessage>();
        foreach (var id in new[] { p1, p2, p3 })
        {
            prompts[id] = await WaitForPromptAsync(id, worker);
        }

        var reply1 = await ReplyAsync(prompts[p1], "YES - it happened");
        await WaitForAsync(worker, "the first reply recorded and confirmed", async () =>
            (await _db.ResolutionsAsync(p1)).Count == 1 && await HasConfirmationAsync(reply1));
        Assert.Equal(Verdict.Yes, Assert.Single(await _db.ResolutionsAsync(p1)).Verdict);

        // 2. Renewed at least twice within this one run, each time before expiry: no token was ever refused.
        // The console logger writes from its own queue: wait for the renewals' log lines too, not only the token server.
        var renewed = $"OAuth2 token acquired from {provider} for desk@example.test (expiring)";
        await WaitForAsync(worker, "two renewals", () => Task.FromResult(_client.Issued >= 3 && Count(worker.Output, renewed) >= 2));
        Assert.Equal(0, _client.InactiveIntrospections);

        // 3. A token revoked mid-run: the next sign-in is refused once, the token renewed, the run goes on.
        // Revoked once; again only if no sign-in met the revoked token within a token lifetime (a renewal due at that
        // very moment replaced it), never while the worker may be retrying with the token it just renewed.
        for (var round = 1; Count(worker.Output, "refused the cached OAuth2 token for desk@example.test") == 0; round++)
        {
            Assert.True(round <= 5, "no sign-in met a revoked token:\n" + worker.Output);
            RevokeAllTokens();
            var until = TimeProvider.System.GetUtcNow() + Lifetime;
            while (TimeProvider.System.GetUtcNow() < until && Count(worker.Output, "refused the cached OAuth2 token") == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);
            }
        }

        var reply2 = await ReplyAsync(prompts[p2], "NO");
        await WaitForAsync(worker, "the second reply recorded and confirmed", async () =>
            (await _db.ResolutionsAsync(p2)).Count == 1 && await HasConfirmationAsync(reply2));
        // The whole output on failure (a window around the match does not show which sign-in was refused, or when).
        Assert.False(worker.Output.Contains("server refused the OAuth2 token", StringComparison.Ordinal), worker.Output);
        Assert.False(worker.Output.Contains(code, StringComparison.Ordinal), worker.Output);

        // 4. The client secret (key) is revoked, every token with it: sign-in fails with the provider's text and the fix.
        _client.SecretRevoked = true;
        RevokeAllTokens();
        await WaitForAsync(worker, "the refusal logged", () => Task.FromResult(worker.Output.Contains(refusal, StringComparison.Ordinal)));
        Assert.Contains(providerText, worker.Output, StringComparison.Ordinal);
        Assert.Contains(fix, worker.Output, StringComparison.Ordinal);

        // ... and nothing is lost: a prompt falling due now stays queued, a reply arriving now stays unprocessed.
        await AddDuePredictionsAsync(p4);
        var reply3 = await ReplyAsync(prompts[p3], "YES");
        await WaitForAsync(worker, "the new prompt kept queued", async () =>
            await PromptRowAsync(p4) is { Status: "queued", LastError: { } error } && error.Contains(refusal, StringComparison.Ordinal));
        var failuresBefore = Count(worker.Output, refusal);
        await WaitForAsync(worker, "two more refused passes", () => Task.FromResult(Count(worker.Output, refusal) >= failuresBefore + 2));
        var queued = await PromptRowAsync(p4);
        Assert.Equal(("queued", 0L), (queued!.Status, queued.Attempts));
        Assert.Empty(await _db.ResolutionsAsync(p3));
        Assert.False(await IsDecidedAsync(reply3));
        Assert.True(await IsInDeskFolderAsync(Folder, reply3), "the unprocessed reply should still be in the worker's folder");
        Assert.Contains("Mail server cannot be used; 1 message(s) kept queued", worker.Output, StringComparison.Ordinal);

        // 5. The fix: a new client secret (a new key) in the same file, no restart. Both go through.
        await WriteCredentialAsync("n3w~" + Guid.NewGuid().ToString("N"));
        _client.SecretRevoked = false;
        await WaitForAsync(worker, "the held reply recorded and confirmed", async () =>
            (await _db.ResolutionsAsync(p3)).Count == 1 && await HasConfirmationAsync(reply3));
        await WaitForPromptAsync(p4, worker);
        Assert.Equal("sent", (await PromptRowAsync(p4))!.Status);

        var exit = await worker.TerminateAsync(Patience);
        Assert.True(exit == 0, $"exit code {exit}\n{worker.Output}");
        await using (var connection = await _db.Connections.OpenAsync(CancellationToken.None))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE status <> 'sent'"));
        }

        var smtpLog = await File.ReadAllTextAsync(SmtpLog);
        var imapLog = await File.ReadAllTextAsync(ImapLog);
        Assert.Contains("AUTH " + sasl, smtpLog, StringComparison.Ordinal);
        Assert.Contains("AUTHENTICATE " + sasl, imapLog, StringComparison.Ordinal);
        _shown.AddRange([worker.Output, smtpLog, imapLog]);
        AssertNoSecretShown();
    }

    /// <summary>Registers the app (microsoft: a client secret) or service account (google: a JSON key) and writes the config.</summary>
    private async Task SetUpAsync(string provider)
    {
        _provider = provider;
        if (provider == "microsoft")
        {
            var secret = "s3cr3t~" + Guid.NewGuid().ToString("N");
            _client = Server.Add(new OAuth2TestServer.Client(Guid.NewGuid().ToString(), TimeProvider.System, Lifetime)
            {
                Tenant = "tenant-" + _run,
                Secret = secret,
                Mailbox = OAuth2MailServer.Desk,
            });
            _secretFile = Path.Combine(_db.DataDirectory, "ms-client-secret");
            await WriteCredentialAsync(secret);
        }
        else
        {
            _client = Server.Add(new OAuth2TestServer.Client($"fw-{_run}@project.iam.gserviceaccount.com", TimeProvider.System, Lifetime)
            {
                Mailbox = OAuth2MailServer.Desk,
            });
            _secretFile = Path.Combine(_db.DataDirectory, "google-key.json");
            await WriteCredentialAsync(null);
        }

        _config = await WriteConfigAsync();
    }

    /// <summary>
    /// Puts a credential in the secret file and makes the token server accept it (and only it): a client secret for
    /// microsoft, a new service-account key for google.
    /// </summary>
    private async Task WriteCredentialAsync(string? clientSecret)
    {
        if (_provider == "microsoft")
        {
            _secrets.Add(clientSecret!);
            _client.Secret = clientSecret;
            await File.WriteAllTextAsync(_secretFile, clientSecret + "\n");
            return;
        }

        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var privateKey = rsa.ExportPkcs8PrivateKeyPem();
        _secrets.Add(privateKey.Split('\n')[1]);
        _client.Rsa = System.Security.Cryptography.RSA.Create(rsa.ExportParameters(false));
        await File.WriteAllTextAsync(_secretFile, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["client_email"] = _client.Id,
            ["client_id"] = "1234567890",
            ["private_key_id"] = Guid.NewGuid().ToString("N"),
            ["private_key"] = privateKey,
            ["token_uri"] = Server.BaseUrl + "/google/token",
        }));
    }

    private async Task<string> WriteConfigAsync()
    {
        var ca = Path.Combine(OAuth2MailServer.Root, "tls", "cert.pem");
        var config = Path.Combine(_db.DataDirectory, "oauth2-e2e.json");
        static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(config, $$"""
            {
              "ForecastWatch": {
                "Mailing": { "Transport": "smtp", "AllowReservedDomains": true, "From": "ForecastWatch <desk@example.test>",
                             "DeskAddress": "desk@example.test", "RequeueDelay": "00:00:02", "RetryBaseDelay": "00:00:00.2" },
                "Editors": {
                  "DefaultDesk": "desk@example.test",
                  "Editors": [ { "Name": "OAuth2 editor", "Address": "editor@example.test", "Outlets": [ "Outlet" ] } ]
                },
                "Inbox": { "Source": "imap", "ImapFolder": "{{Folder}}", "Authentication": "none", "Watch": false },
                "Jobs": {
                  "due-check": { "Cron": "0/2 * * * * ?" },
                  "outbox-delivery": { "Cron": "1/2 * * * * ?" },
                  "inbox": { "Cron": "0/2 * * * * ?" },
                  "reminders": { "Enabled": false },
                  "digest": { "Enabled": false },
                  "ingest": { "Enabled": false }
                }
              },
              "Mail": {
                "Auth": {
                  "Provider": "{{_provider}}",
                  "Sasl": "{{(_provider == "google" ? "OAuthBearer" : "XOAuth2")}}",
                  "TrustedCaFile": "{{OAuth2MailServer.CaFile}}",
                  "Microsoft": {
                    "TenantId": "{{_client.Tenant}}",
                    "ClientId": "{{_client.Id}}",
                    "Mailbox": "desk@example.test",
                    "Instance": "{{Server.BaseUrl}}/",
                    "ValidateAuthority": false
                  },
                  "Google": { "Mailbox": "desk@example.test" }
                },
                "Smtp": { "Host": "{{OAuth2MailServer.Host}}", "Port": {{Port(OAuth2MailServer.SubmissionPort)}}, "TlsMode": "StartTls",
                          "TrustedCaFile": "{{ca}}", "ProtocolLog": "{{SmtpLog}}" },
                "Imap": { "Host": "{{OAuth2MailServer.Host}}", "Port": {{Port(OAuth2MailServer.ImapsPort)}}, "TlsMode": "Implicit",
                          "TrustedCaFile": "{{ca}}", "ProtocolLog": "{{ImapLog}}" }
              },
              "Logging": { "LogLevel": { "Default": "Information", "Quartz": "Error" } }
            }
            """);
        return config;
    }

    private ProcessStartInfo Command(params string[] args)
    {
        var info = WorkerProcess.Command(_db.DataDirectory, ["--data", _db.DataDirectory, "--config", _config, .. args]);
        info.Environment[_provider == "microsoft" ? "FW_MS_CLIENT_SECRET_FILE" : "FW_GOOGLE_KEY_FILE"] = _secretFile;
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        return info;
    }

    private WorkerProcess StartWorker() => WorkerProcess.Start(Command("run"));

    private async Task<(int Code, string Output)> RunCliAsync(params string[] args)
    {
        using var process = Process.Start(Command(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private async Task AddDuePredictionsAsync(params string[] ids)
    {
        // Due on the real clock the worker runs on: resolve-by was yesterday.
        var yesterday = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1);
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var id in ids)
        {
            await PredictionStore.UpsertAsync(connection, transaction, InboundTestDatabase.Event(id) with
            {
                Claim = "The OAuth2 end-to-end claim " + id,
                ResolveBy = yesterday,
            }, InboundTestDatabase.Seeded, CancellationToken.None);
        }

        await transaction.CommitAsync();
    }

    private sealed record PromptRow(string Status, long Attempts, string? LastError);

    private async Task<PromptRow?> PromptRowAsync(string predictionId)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleOrDefaultAsync<PromptRow>(
            "SELECT status AS Status, attempts AS Attempts, last_error AS LastError FROM outbox "
            + "WHERE prediction_id = @Id AND category = 'prompt'",
            new { Id = predictionId });
    }

    private async Task<bool> IsDecidedAsync(string replyMessageId)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM inbound_messages WHERE message_id IN (@Id, @Bracketed)",
            new { Id = replyMessageId, Bracketed = "<" + replyMessageId + ">" }) > 0;
    }

    private void RevokeAllTokens()
    {
        List<string> tokens;
        lock (_client.Tokens)
        {
            tokens = [.. _client.Tokens];
        }

        foreach (var token in tokens)
        {
            Server.Revoke(token);
        }
    }

    /// <summary>The prompt for <paramref name="predictionId"/> in the editor's INBOX (the first of its thread).</summary>
    private async Task<MimeMessage> WaitForPromptAsync(string predictionId, WorkerProcess worker)
    {
        MimeMessage? found = null;
        await WaitForAsync(worker, "the prompt for " + predictionId, async () =>
        {
            using var editor = await ConnectPasswordImapAsync(OAuth2MailServer.Editor);
            await editor.Inbox.OpenAsync(FolderAccess.ReadOnly);
            foreach (var uid in await editor.Inbox.SearchAsync(SearchQuery.SubjectContains("[FW-" + predictionId + "]")))
            {
                var message = await editor.Inbox.GetMessageAsync(uid);
                if (message.InReplyTo is null)
                {
                    found = message;
                    return true;
                }
            }

            return false;
        });
        return found!;
    }

    /// <summary>Answers a prompt as a mail client would (to its Reply-To, in its thread); files the reply where the worker reads.</summary>
    private async Task<string> ReplyAsync(MimeMessage prompt, string text)
    {
        var replyTo = Assert.Single(prompt.ReplyTo.Mailboxes).Address;
        var messageId = $"oa-reply-{_run}-{Guid.NewGuid():N}@example.org";
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(OAuth2MailServer.Editor));
        reply.To.Add(MailboxAddress.Parse(replyTo));
        reply.Subject = "Re: " + prompt.Subject;
        reply.MessageId = messageId;
        reply.InReplyTo = prompt.MessageId;
        reply.References.Add(prompt.MessageId!);
        reply.Body = new TextPart("plain") { Text = text + "\n\n> " + prompt.Subject + "\n" };
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(OAuth2MailServer.Host, OAuth2MailServer.SmtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(reply);
            await smtp.DisconnectAsync(quit: true);
        }

        using var desk = await ConnectPasswordImapAsync(OAuth2MailServer.Desk);
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            await desk.Inbox.OpenAsync(FolderAccess.ReadWrite);
            var uids = await desk.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId));
            if (uids.Count > 0)
            {
                await desk.Inbox.MoveToAsync(uids, await desk.GetFolderAsync(Folder));
                return messageId;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"the reply {messageId} did not reach desk's INBOX");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }
    }

    private static async Task<bool> HasConfirmationAsync(string replyMessageId)
    {
        using var editor = await ConnectPasswordImapAsync(OAuth2MailServer.Editor);
        await editor.Inbox.OpenAsync(FolderAccess.ReadOnly);
        return (await editor.Inbox.SearchAsync(SearchQuery.HeaderContains("In-Reply-To", replyMessageId))).Count > 0;
    }

    private static async Task<bool> IsInDeskFolderAsync(string folder, string messageId)
    {
        using var desk = await ConnectPasswordImapAsync(OAuth2MailServer.Desk);
        var f = await desk.GetFolderAsync(folder);
        await f.OpenAsync(FolderAccess.ReadOnly);
        return (await f.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId))).Count > 0;
    }

    /// <summary>The test's own look at the mailboxes: a password login (the OAuth2 instance also takes PLAIN over TLS).</summary>
    private static async Task<ImapClient> ConnectPasswordImapAsync(string user)
    {
        var client = await OAuth2MailServer.ConnectImapAsync(Stream.Null);
        await client.AuthenticateAsync(user, user.Split('@')[0] + "-pass");
        return client;
    }

    private static async Task WaitForAsync(WorkerProcess worker, string what, Func<Task<bool>> condition, TimeSpan? step = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!await condition())
        {
            if (worker.HasExited)
            {
                Assert.Fail($"the worker exited ({worker.ExitCode}) while waiting for {what}:\n{worker.Output}");
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"waited {Patience} for {what}:\n{worker.Output}");
            }

            await Task.Delay(step ?? TimeSpan.FromMilliseconds(300), TimeProvider.System, CancellationToken.None);
        }
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0;
            at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Neither secret nor any token issued (plain, a prefix, or inside a base64 SASL response) in anything shown.</summary>
    private void AssertNoSecretShown()
    {
        var output = string.Join('\n', _shown);
        foreach (var secret in _secrets)
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        List<string> tokens;
        lock (_client.Tokens)
        {
            tokens = [.. _client.Tokens];
        }

        Assert.NotEmpty(tokens);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token[..40], output, StringComparison.Ordinal);
            Assert.DoesNotContain(token[^20..], output, StringComparison.Ordinal);
        }

        // No SASL initial response at all (XOAUTH2 or OAUTHBEARER, base64 as on the wire): the protocol log redacts it.
        foreach (var sasl in (string[])[
            $"user={OAuth2MailServer.Desk}\u0001auth=Bearer ", $"n,a={OAuth2MailServer.Desk},\u0001auth=Bearer "])
        {
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.ASCII.GetBytes(sasl))[..24], output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Bearer ey", output, StringComparison.Ordinal);
    }
}
