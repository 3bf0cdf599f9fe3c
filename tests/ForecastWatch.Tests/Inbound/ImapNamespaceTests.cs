using System.Text;
using ForecastWatch.Cli;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing;
using ForecastWatch.Tests.Mailing;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// The second loopback Dovecot (port 1144), laid out like Cyrus or Courier: personal folders under "INBOX." with
/// "." as separator, where a top-level CREATE is refused; and a user whom an ACL refuses CREATE altogether.
/// </summary>
public sealed class ImapNamespaceTests : IAsyncLifetime
{
    private const int NamespacePort = 1144;
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private InboundTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await InboundTestDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private InboxService CreateInbox(string user) => new(
        RealPipeline.Create(_db, new FakeTimeProvider(Now)),
        new Factory(async ct => await ImapInboundSource.OpenAsync(
            await LoopbackMailServer.ImapAsync(user, NamespacePort), new InboxOptions { Source = InboxSources.Imap }, _db.Connections,
            TimeProvider.System, NullLogger.Instance, ct)),
        _db.Connections,
        Options.Create(new InboxOptions()),
        TimeProvider.System,
        NullLogger<InboxService>.Instance);

    private static byte[] Reply(string prediction, string body, string id) =>
        Encoding.ASCII.GetBytes($"From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-{prediction}] Due\r\nMessage-ID: "
            + $"<{id}>\r\n\r\n{body}\r\n");

    [Support.MailServerFact]
    public async Task ProcessOnce_NamespaceWithInboxPrefix_FilesUnderItWithItsSeparator()
    {
        var messageId = $"ns-{_run}@example.org";
        using (var desk = await LoopbackMailServer.ImapAsync("desk", NamespacePort))
        {
            Assert.Equal(("INBOX.", '.'), ImapFolders.Namespace(desk));
            await LoopbackMailServer.AppendAsync(desk, "INBOX", Reply("ai-act", "YES", messageId));
        }

        var summary = await CreateInbox("desk").ProcessOnceAsync(CancellationToken.None);

        Assert.True(summary.Applied >= 1, $"applied {summary.Applied}");
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        using var check = await LoopbackMailServer.ImapAsync("desk", NamespacePort);
        var processed = await check.GetFolderAsync("INBOX.ForecastWatch.Processed");
        await processed.OpenAsync(FolderAccess.ReadOnly);
        Assert.Single(await processed.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId)));
        await check.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Empty(await check.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId)));
    }

    [Support.MailServerFact]
    public async Task MailCheck_NamespaceWithInboxPrefix_ReportsBothFolders()
    {
        var directory = Path.Combine(_db.DataDirectory, "check");
        Directory.CreateDirectory(directory);
        var password = Path.Combine(directory, "password");
        await File.WriteAllTextAsync(password, "desk-pass\n");
        var config = Path.Combine(directory, "config.json");
        await File.WriteAllTextAsync(config, $$"""
            { "Mail": {
              "Smtp": { "Host":"127.0.0.1","Port":2525,"TlsMode":"None" },
              "Imap": { "Host":"127.0.0.1","Port":{{NamespacePort}},"TlsMode":"StartTls","UserName":"desk@example.test",
                "PasswordFile":"{{password}}","TrustedCaFile":"{{LoopbackMailServer.CertificateFile}}" } } }
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "check", "--only", "imap", "--config", config, "--data", directory], stdout, stderr);

        Assert.True(code == ExitCodes.Ok, stderr.ToString() + stdout);
        Assert.Contains("personal namespace: \"INBOX.\" delimiter '.'", stdout.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"folder INBOX\.ForecastWatch\.Processed: (exists|created)", stdout.ToString());
        Assert.Matches(@"folder INBOX\.ForecastWatch\.Rejected: (exists|created)", stdout.ToString());
    }

    [Support.MailServerFact]
    public async Task ProcessOnce_ServerRefusesCreate_StopsWithTheFolderAndTheServersAnswer()
    {
        using (var user = await LoopbackMailServer.ImapAsync("nocreate", NamespacePort))
        {
            await LoopbackMailServer.AppendAsync(user, "INBOX", Reply("ai-act", "YES", $"nocreate-{_run}@example.org"));
        }

        var ex = await Assert.ThrowsAsync<MailSetupException>(() => CreateInbox("nocreate").ProcessOnceAsync(CancellationToken.None));

        Assert.Contains("INBOX.ForecastWatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ForecastWatch:Inbox:ProcessedFolder", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused to create", ex.Message, StringComparison.Ordinal);
        Assert.True(InboxService.IsSourceFailure(ex));
        Assert.Empty(await _db.InboundAsync());
    }

    private sealed class Factory(Func<CancellationToken, Task<IInboundSource>> open) : IInboundSourceFactory
    {
        public Task<IInboundSource> OpenAsync(CancellationToken cancellationToken) => open(cancellationToken);
    }

}
