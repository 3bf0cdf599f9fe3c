using System.Text;
using Dapper;
using ForecastWatch.Inbound;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Inbound;

/// <summary>The IMAP source against the loopback Dovecot, in a private folder of the desk mailbox.</summary>
public sealed class ImapInboundSourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _folder = "uidv-" + Guid.NewGuid().ToString("N")[..10];
    private InboundTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await InboundTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (Support.MailServerFactAttribute.IsAvailable)
        {
            await using var desk = await ConnectAsync();
            try
            {
                await desk.DeleteFolderAsync(_folder);
            }
            catch (ImapCommandException)
            {
            }
        }

        _db.Dispose();
    }

    private static async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient(new ImapClientOptions { Tls = MailTlsOptions.TrustCertificateFile(Path.Combine(Support.MailServerFactAttribute.Root, "tls", "cert.pem")) });
        await client.ConnectAsync("127.0.0.1", 1143, MailTlsMode.StartTls);
        await client.AuthenticateAsync("desk@example.test", "desk-pass");
        return client;
    }

    private InboxService CreateInbox() => new(
        RealPipeline.Create(_db, new FixedTime(Now)),
        new Factory(async ct => await ImapInboundSource.OpenAsync(await ConnectAsync(), new InboxOptions { Source = InboxSources.Imap, ImapFolder = _folder }, _db.Connections, TimeProvider.System, NullLogger.Instance, ct)),
        Options.Create(new InboxOptions()),
        TimeProvider.System,
        NullLogger<InboxService>.Instance);

    private static byte[] Reply(string prediction, string body, string id) =>
        Encoding.ASCII.GetBytes($"From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-{prediction}] Due\r\nMessage-ID: <{id}@example.org>\r\n\r\n{body}\r\n");

    [Support.MailServerFact]
    public async Task ProcessOnce_UidValidityChanged_RereadsByContentAndAppliesOnlyNewMessages()
    {
        var first = Reply("ai-act", "YES", "uidv-a-" + _folder);
        uint validity1;
        await using (var desk = await ConnectAsync())
        {
            await desk.CreateFolderAsync(_folder);
            await desk.AppendAsync(_folder, first);
            validity1 = (await desk.ExamineAsync(_folder)).UidValidity;
        }

        var run1 = await CreateInbox().ProcessOnceAsync(CancellationToken.None);

        uint validity2;
        await using (var desk = await ConnectAsync())
        {
            // Deleting and re-creating a folder gives it a new UIDVALIDITY (RFC 9051 section 2.3.1.1); the old
            // message comes back under a new UID, beside a new one.
            await desk.DeleteFolderAsync(_folder);
            await desk.CreateFolderAsync(_folder);
            await desk.AppendAsync(_folder, first);
            await desk.AppendAsync(_folder, Reply("inflation", "VALUE 2.4%", "uidv-b-" + _folder));
            validity2 = (await desk.ExamineAsync(_folder)).UidValidity;
        }

        var run2 = await CreateInbox().ProcessOnceAsync(CancellationToken.None);

        Assert.NotEqual(validity1, validity2);
        Assert.Equal(1, run1.Applied);
        Assert.Equal(2, run2.Seen);
        Assert.Equal(1, run2.Applied);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(await _db.ResolutionsAsync("inflation"));
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal((long)validity2, await connection.ExecuteScalarAsync<long>("SELECT uid_validity FROM inbound_imap_state WHERE folder = @F", new { F = _folder }));
        await using var check = await ConnectAsync();
        Assert.Equal(0u, (await check.ExamineAsync(_folder)).Count);
    }

    [Support.MailServerFact]
    public async Task OpenAsync_MissingFolder_FailsWithTheServersAnswer()
    {
        await using var client = await ConnectAsync();

        await Assert.ThrowsAsync<ImapCommandException>(() => ImapInboundSource.OpenAsync(
            client, new InboxOptions { ImapFolder = "no-such-" + _folder }, _db.Connections, TimeProvider.System, NullLogger.Instance, CancellationToken.None));
    }

    private sealed class Factory(Func<CancellationToken, Task<IInboundSource>> open) : IInboundSourceFactory
    {
        public Task<IInboundSource> OpenAsync(CancellationToken cancellationToken) => open(cancellationToken);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
