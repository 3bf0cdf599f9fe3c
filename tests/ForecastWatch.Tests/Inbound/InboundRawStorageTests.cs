using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// Raw inbound mail lives in the database (<c>inbound_raw</c>), on both stores: a worker with another data directory
/// (another node of a cluster) reads, lists and releases what one worker received; a file kept by an earlier version
/// is read and copied in; a message over the size limit is refused with the reason and never stored.
/// </summary>
public sealed class InboundRawStorageTests
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static string Spam(string marker) =>
        $"From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-x] Due\r\nMessage-ID: <{marker}@mail.example.org>\r\n"
        + $"X-Spam-Flag: YES\r\n\r\nYES {marker}\r\n";

    private static InboundProcessor Node(TestStore store, TempDirectory data, long maxSize = RawMailStore.DefaultMaxSize)
    {
        var editors = new EditorsOptions { DefaultDesk = "desk@example.test" };
        return new InboundProcessor(
            store.Database,
            new RawMailStore(Path.Combine(data.Path, "raw"), maxSize),
            new MimeInboundMailReader(),
            new PromptsReplyBridge(RealPipeline.Tokens(data.Path), Options.Create(editors)),
            new OutboxReplyAnswerSink(Options.Create(new MailingOptions()), new MailRenderer()),
            new InboundSettings("desk@example.test", "example.test", "X-ForecastWatch-Loop", ReplyAuthenticationSettings.Off),
            new FakeTimeProvider(Now));
    }

    private static Task<InboundOutcome> ReceiveAsync(InboundProcessor node, string mail) =>
        node.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(Encoding.ASCII.GetBytes(mail), ct).AsTask(),
            CancellationToken.None);

    private static async Task<long> CountRawAsync(TestStore store)
    {
        await using var c = await store.Database.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_raw");
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task HeldOnOneNode_AnotherNodeListsAndReleasesIt_FromTheDatabase(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        var held = await ReceiveAsync(Node(store, dataA), Spam("held1"));
        Assert.Equal(InboundStatus.Held, held.Status);

        var nodeB = Node(store, dataB);
        var listed = Assert.Single(await nodeB.ListHeldAsync(CancellationToken.None));
        var released = await nodeB.ReleaseAsync(held.InboundId, "desk", null, CancellationToken.None);

        Assert.Equal("YES held1", listed.VerdictLine);
        Assert.Equal(InboundReviewResultKind.Done, released.Kind);
        Assert.Equal(1, await CountRawAsync(store));
        // Nothing stays on either node's disk: the bytes are only in the database.
        Assert.Empty(Directory.GetFiles(Path.Combine(dataA.Path, "raw"), "*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(dataB.Path, "raw")));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task FileKeptByAnEarlierVersion_IsReadAndCopiedIntoTheDatabase(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        using var data = new TempDirectory();
        var node = Node(store, data);
        var mail = Spam("legacy1");
        var held = await ReceiveAsync(node, mail);
        // As a database migrated from before 0019: the row, no bytes in inbound_raw, the file under raw/ab/<sha>.eml.
        await using (var c = await store.Database.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("DELETE FROM inbound_raw");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(mail)));
        var raw = new RawMailStore(Path.Combine(data.Path, "raw"));
        Directory.CreateDirectory(Path.GetDirectoryName(raw.LegacyPathOf(sha))!);
        await File.WriteAllTextAsync(raw.LegacyPathOf(sha), mail);

        var listed = Assert.Single(await node.ListHeldAsync(CancellationToken.None));
        File.Delete(raw.LegacyPathOf(sha));
        using var other = new TempDirectory();
        var released = await Node(store, other).ReleaseAsync(held.InboundId, "desk", null, CancellationToken.None);

        Assert.Equal("YES legacy1", listed.VerdictLine);
        Assert.Equal(1, await CountRawAsync(store));
        Assert.Equal(InboundReviewResultKind.Done, released.Kind);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task StartUpImport_FilesOfAnEarlierVersion_MovedIntoTheDatabase_CrashSafeAndIdempotent_OtherNodeReleases(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        using var data = new TempDirectory();
        var node = Node(store, data);
        string[] mails = [Spam("move1"), Spam("move2"), Spam("move3"), Spam("move4")];
        var held = new List<InboundOutcome>();
        foreach (var mail in mails)
        {
            held.Add(await ReceiveAsync(node, mail));
        }

        // As a database migrated from before 0019, with its node's files under raw/ab/<sha>.eml: move1 and move2 only on
        // disk; move3 already copied (a crash after the commit, before the file's deletion); move4's file changed since;
        // and a file no message of this database names.
        var raw = new RawMailStore(Path.Combine(data.Path, "raw"));
        var shas = mails.Select(static m => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(m)))).ToList();
        await using (var c = await store.Database.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("DELETE FROM inbound_raw WHERE inbound_id <> @Id", new { Id = held[2].InboundId });
        }

        for (var i = 0; i < mails.Length; i++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(raw.LegacyPathOf(shas[i]))!);
            var content = i == 3 ? mails[i].Replace("YES", "NO", StringComparison.Ordinal) : mails[i];
            await File.WriteAllTextAsync(raw.LegacyPathOf(shas[i]), content);
        }

        var stranger = Spam("stranger1");
        var strangerPath = raw.LegacyPathOf(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(stranger))));
        Directory.CreateDirectory(Path.GetDirectoryName(strangerPath)!);
        await File.WriteAllTextAsync(strangerPath, stranger);
        var import = new LegacyRawImport(store.Database, raw, new FakeTimeProvider(Now),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LegacyRawImport>.Instance);

        var first = await import.RunAsync(CancellationToken.None);
        var again = await import.RunAsync(CancellationToken.None);
        using var other = new TempDirectory();
        var released = await Node(store, other).ReleaseAsync(held[0].InboundId, "desk", null, CancellationToken.None);

        Assert.Equal(new LegacyRawImportReport(Files: 5, Copied: 2, AlreadyStored: 1, Unknown: 1, Changed: 1), first);
        Assert.Equal(new LegacyRawImportReport(Files: 2, Copied: 0, AlreadyStored: 0, Unknown: 1, Changed: 1), again);
        Assert.Equal(3, await CountRawAsync(store));
        Assert.All(shas.Take(3), sha => Assert.False(File.Exists(raw.LegacyPathOf(sha))));
        Assert.True(File.Exists(raw.LegacyPathOf(shas[3])));
        Assert.True(File.Exists(strangerPath));
        // A node with another data directory releases a message whose bytes were only in the first node's file.
        Assert.Equal(InboundReviewResultKind.Done, released.Kind);
        await using (var c = await store.Database.OpenAsync(CancellationToken.None))
        {
            var bytes = await c.ExecuteScalarAsync<byte[]>(
                "SELECT raw FROM inbound_raw WHERE inbound_id = @Id", new { Id = held[1].InboundId });
            Assert.Equal(mails[1], Encoding.ASCII.GetString(bytes!));
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task FileKeptByAnEarlierVersion_ChangedSince_IsNotCopiedAndTheProblemIsShown(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        using var data = new TempDirectory();
        var node = Node(store, data);
        var mail = Spam("tampered1");
        await ReceiveAsync(node, mail);
        await using (var c = await store.Database.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("DELETE FROM inbound_raw");
        }

        var raw = new RawMailStore(Path.Combine(data.Path, "raw"));
        var path = raw.LegacyPathOf(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(mail))));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, mail.Replace("YES", "NO", StringComparison.Ordinal));

        var listed = Assert.Single(await node.ListHeldAsync(CancellationToken.None));

        Assert.Null(listed.VerdictLine);
        Assert.Contains("does not hash to", listed.VerdictProblem, StringComparison.Ordinal);
        Assert.Equal(0, await CountRawAsync(store));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task MessageOverTheSizeLimit_RejectedTooLargeWithItsSize_NotStored_SameAgainChangesNothing(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        using var data = new TempDirectory();
        var node = Node(store, data, maxSize: 2048);
        var mail = Spam("big1") + new string('y', 10_000) + "\r\n";

        var first = await ReceiveAsync(node, mail);
        var again = await ReceiveAsync(node, mail);

        Assert.Equal(InboundStatus.Rejected, first.Status);
        Assert.Equal(InboundProcessor.TooLargeReason, first.Reason);
        var size = Encoding.ASCII.GetByteCount(mail).ToString("N0", CultureInfo.InvariantCulture);
        Assert.Contains($"{size} bytes, over ForecastWatch:Inbox:MaxMessageSize (2,048 bytes)", first.Detail, StringComparison.Ordinal);
        Assert.Equal(InboundDisposition.Rejected, first.Disposition);
        Assert.True(again.Repeated);
        Assert.Equal(0, await CountRawAsync(store));
        await using var c = await store.Database.OpenAsync(CancellationToken.None);
        var row = Assert.Single(await InboundStore.ListAsync(c, rejectedOnly: false, CancellationToken.None));
        Assert.Equal("big1@mail.example.org", row.MessageId);
        Assert.Equal(Encoding.ASCII.GetByteCount(mail), row.Size);
    }
}
