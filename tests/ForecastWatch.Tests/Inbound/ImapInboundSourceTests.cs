using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Mailing;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
            using var desk = await ConnectAsync();
            await LoopbackMailServer.DeleteFolderAsync(desk, _folder);
        }

        _db.Dispose();
    }

    private static Task<ImapClient> ConnectAsync(int port = 1143) => LoopbackMailServer.ImapAsync("desk", port);

    private InboxService CreateInbox(int port = 1143) => new(
        RealPipeline.Create(_db, new FakeTimeProvider(Now)),
        new Factory(async ct => await ImapInboundSource.OpenAsync(await ConnectAsync(port), new InboxOptions
        {
            Source = InboxSources.Imap,
            ImapFolder = _folder
        }, _db.Connections, TimeProvider.System, NullLogger.Instance, ct)),
        _db.Connections,
        Options.Create(new InboxOptions()),
        TimeProvider.System,
        NullLogger<InboxService>.Instance);

    private static byte[] Reply(string prediction, string body, string id) =>
        Encoding.ASCII.GetBytes($"From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-{prediction}] Due\r\nMessage-ID: "
            + $"<{id}@example.org>\r\n\r\n{body}\r\n");

    [Support.MailServerFact]
    public async Task ProcessOnce_UidValidityChanged_RereadsByContentAndAppliesOnlyNewMessages()
    {
        var first = Reply("ai-act", "YES", "uidv-a-" + _folder);
        uint validity1;
        using (var desk = await ConnectAsync())
        {
            var folder = await LoopbackMailServer.CreateFolderAsync(desk, _folder);
            await LoopbackMailServer.AppendAsync(desk, _folder, first);
            await folder.OpenAsync(FolderAccess.ReadOnly);
            validity1 = folder.UidValidity;
        }

        var run1 = await CreateInbox().ProcessOnceAsync(CancellationToken.None);

        uint validity2;
        using (var desk = await ConnectAsync())
        {
            // Deleting and re-creating a folder gives it a new UIDVALIDITY (RFC 9051 section 2.3.1.1); the old
            // message comes back under a new UID, beside a new one.
            await LoopbackMailServer.DeleteFolderAsync(desk, _folder);
            var folder = await LoopbackMailServer.CreateFolderAsync(desk, _folder);
            await LoopbackMailServer.AppendAsync(desk, _folder, first);
            await LoopbackMailServer.AppendAsync(desk, _folder, Reply("inflation", "VALUE 2.4%", "uidv-b-" + _folder));
            await folder.OpenAsync(FolderAccess.ReadOnly);
            validity2 = folder.UidValidity;
        }

        var run2 = await CreateInbox().ProcessOnceAsync(CancellationToken.None);

        Assert.NotEqual(validity1, validity2);
        Assert.Equal(1, run1.Applied);
        Assert.Equal(2, run2.Seen);
        Assert.Equal(1, run2.Applied);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Single(await _db.ResolutionsAsync("inflation"));
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal((long)validity2, await connection.ExecuteScalarAsync<long>(
            "SELECT uid_validity FROM inbound_imap_state WHERE folder = @F", new { F = _folder }));
        using var check = await ConnectAsync();
        var after = await check.GetFolderAsync(_folder);
        await after.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(0, after.Count);
    }

    [Support.MailServerFact]
    public async Task ProcessOnce_ConnectionDroppedMidFetch_NothingRecordedAndNextRunApplies()
    {
        var big = new StringBuilder("From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-ai-act] Due\r\nMessage-ID: "
            + "<drop-" + _folder + "@example.org>\r\n\r\nYES\r\n\r\n-- \r\n");
        while (big.Length < 400_000)
        {
            big.Append("A long signature line that makes the message large enough to be cut in the middle of its literal.\r\n");
        }

        using (var desk = await ConnectAsync())
        {
            await LoopbackMailServer.CreateFolderAsync(desk, _folder);
            await LoopbackMailServer.AppendAsync(desk, _folder, Encoding.ASCII.GetBytes(big.ToString()));
        }

        await using (var proxy = CuttingProxy.Start(serverBytesLimit: 96 * 1024))
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => CreateInbox(proxy.Port).ProcessOnceAsync(CancellationToken.None));
            Assert.True(InboxService.IsConnectionFailure(failure),
                $"expected a connection failure, got {failure.GetType().Name}: {failure.Message}");
        }

        Assert.Empty(await _db.InboundAsync());
        Assert.Empty(Directory.Exists(Path.Combine(_db.DataDirectory, "raw"))
            ? Directory.GetFiles(Path.Combine(_db.DataDirectory, "raw"), "*", SearchOption.AllDirectories) : []);

        var retry = await CreateInbox().ProcessOnceAsync(CancellationToken.None);

        Assert.Equal(1, retry.Applied);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
    }

    [Support.MailServerFact]
    public async Task OpenAsync_MissingFolder_FailsWithTheServersAnswer()
    {
        var client = await ConnectAsync();

        await Assert.ThrowsAsync<MailSetupException>(() => ImapInboundSource.OpenAsync(
            client, new InboxOptions { ImapFolder = "no-such-" + _folder }, _db.Connections, TimeProvider.System, NullLogger.Instance,
            CancellationToken.None));
    }

    private sealed class Factory(Func<CancellationToken, Task<IInboundSource>> open) : IInboundSourceFactory
    {
        public Task<IInboundSource> OpenAsync(CancellationToken cancellationToken) => open(cancellationToken);
    }

    /// <summary>Forwards to Dovecot and drops the connection once the server has sent a given number of bytes.</summary>
    private sealed class CuttingProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly long _limit;
        private Task _accept = Task.CompletedTask;

        private CuttingProxy(long limit) => _limit = limit;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static CuttingProxy Start(long serverBytesLimit)
        {
            var proxy = new CuttingProxy(serverBytesLimit);
            proxy._listener.Start();
            proxy._accept = proxy.AcceptAsync();
            return proxy;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _accept;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = PumpAsync(client);
            }
        }

        private async Task PumpAsync(TcpClient client)
        {
            using (client)
            using (var server = new TcpClient())
            {
                await server.ConnectAsync(IPAddress.Loopback, 1143);
                var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                var down = CopyLimitedAsync(server.GetStream(), client.GetStream());
                await Task.WhenAny(up, down);
                client.Client.Close();
                server.Client.Close();
            }
        }

        private async Task CopyLimitedAsync(Stream from, Stream to)
        {
            var buffer = new byte[4096];
            long total = 0;
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                var allowed = (int)Math.Min(read, _limit - total);
                await to.WriteAsync(buffer.AsMemory(0, allowed), _stop.Token);
                total += allowed;
                if (total >= _limit)
                {
                    return;
                }
            }
        }
    }

}
