using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Tests.Net;

namespace ForecastWatch.Mail.Tests.Imap;

public sealed class ImapClientTests
{
    private static ImapClient CreateSut(IMailProtocolLogger? logger = null, TimeProvider? time = null) =>
        new(new ImapClientOptions { AllowInsecureAuthentication = true, Logger = logger, TimeProvider = time ?? TimeProvider.System });

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Session_DovecotLike_SelectsSearchesFetchesStoresAndMoves(int chunkSize)
    {
        var stream = ScriptedStream.FromFile("imap/dovecot-session.txt", chunkSize);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.AuthenticateAsync("user", "pass");

        var mailbox = await sut.SelectAsync("INBOX");
        var uids = await sut.SearchAsync(ImapSearchQuery.SubjectContains("forecast"));
        var messages = await sut.FetchAsync(uids, ImapFetchItems.Summary | ImapFetchItems.Body);
        await sut.StoreFlagsAsync([5, 6], ImapStoreMode.Add, ["\\Seen", "$Processed"]);
        var moved = await sut.MoveAsync([5], "Archive/2026 été");
        await sut.DisconnectAsync();

        Assert.Equal(1795400000u, mailbox.UidValidity);
        Assert.Equal(8u, mailbox.UidNext);
        Assert.False(mailbox.IsReadOnly);
        Assert.Contains("\\*", mailbox.PermanentFlags);
        Assert.Equal([5u, 6u, 7u], uids);
        Assert.Equal(2, messages.Count);
        var first = messages[0];
        Assert.Equal(5u, first.Uid);
        Assert.True(first.HasFlag("\\seen"));
        Assert.Equal(24, first.Size);
        Assert.Equal(new DateTimeOffset(2026, 7, 7, 2, 44, 25, TimeSpan.FromHours(-7)), first.InternalDate);
        Assert.Equal("Subject: x\r\n\r\nbody ) \"\r\n", first.Body!.GetString());
        Assert.Equal("=?utf-8?q?hi?=", first.Envelope!.Subject);
        Assert.Equal("desk@example.test", Assert.Single(first.Envelope.From).Address);
        Assert.Equal("Desk", first.Envelope.From[0].Name);
        Assert.Equal(["editor@example.test", "a@example.test"], first.Envelope.To.Select(a => a.Address));
        Assert.Equal("<a@b>", first.Envelope.MessageId);
        Assert.Equal("abc", messages[1].Body!.GetString());
        Assert.Empty(messages[1].Flags!);
        Assert.Equal(12u, moved!.Map[5]);
        Assert.Equal(1795400001u, moved.UidValidity);
        Assert.Equal(3u, mailbox.Count);
        stream.AssertClientDone();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Session_NoLiteralPlus_WaitsForContinuationBeforeLiterals(int chunkSize)
    {
        var stream = ScriptedStream.FromFile("imap/sync-literals.txt", chunkSize);
        var log = new StringWriter();
        await using var sut = CreateSut(new MailProtocolLogger(log));
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.AuthenticateAsync("user", "päss\"");

        var uid = await sut.AppendAsync("Drafts", Encoding.ASCII.GetBytes("hello"), ["\\Seen"]);
        var ex = await Assert.ThrowsAsync<ImapCommandException>(() => sut.CreateFolderAsync("Drafts"));
        await sut.NoOpAsync();

        Assert.Equal(3955u, uid);
        Assert.Equal("ALREADYEXISTS", ex.ResponseCode);
        Assert.Equal(ImapStatus.No, ex.Status);
        Assert.False(ex.IsTransient);
        Assert.True(sut.Capabilities.Has(ImapCapability.Idle | ImapCapability.UidPlus));
        Assert.DoesNotContain("päss", log.ToString(), StringComparison.Ordinal);
        stream.AssertClientDone();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task ListAsync_OddButLegalNames_DecodesEach(int chunkSize)
    {
        var stream = ScriptedStream.FromFile("imap/odd-list.txt", chunkSize);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);

        var folders = await sut.ListAsync();

        Assert.True(sut.IsAuthenticated);
        Assert.Equal(["INBOX", "Archive", "Archive/été", "with \"quote", "back\\slash \"q\""], folders.Select(f => f.Name));
        Assert.False(folders[1].IsSelectable);
        Assert.Equal('/', folders[0].Delimiter);
        Assert.Null(folders[3].Delimiter);
        Assert.Equal('.', folders[4].Delimiter);
        Assert.Equal("Archive/&AOk-t&AOk-", folders[2].EncodedName);
        stream.AssertClientDone();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task MoveAsync_NoMoveCapability_CopiesFlagsAndExpungesOnlyThoseUids(int chunkSize)
    {
        var stream = ScriptedStream.FromFile("imap/move-fallback.txt", chunkSize);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        var mailbox = await sut.SelectAsync("INBOX");

        var result = await sut.MoveAsync([9, 4, 3], "Done");

        Assert.Equal(77u, result!.UidValidity);
        Assert.Equal(new Dictionary<uint, uint> { [3] = 20, [4] = 21, [9] = 22 }, result.Map);
        Assert.Equal(2u, mailbox.Count);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task IdleAsync_NewMail_SendsDoneAndReportsNewMessages()
    {
        var stream = ScriptedStream.FromFile("imap/idle-new-mail.txt", 7);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.AuthenticateAsync("u", "p");
        var mailbox = await sut.ExamineAsync("INBOX");

        var result = await sut.IdleAsync();

        Assert.True(result.NewMessages);
        Assert.False(result.Expunged);
        Assert.Equal(3u, result.Count);
        Assert.True(mailbox.IsReadOnly);
        Assert.Equal(42u, mailbox.UidValidity);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task IdleAsync_RestartIntervalPasses_ReissuesIdle()
    {
        var time = new ManualTimeProvider();
        var stream = ScriptedStream.FromFile("imap/idle-restart.txt", 4096);
        await using var sut = new ImapClient(new ImapClientOptions { AllowInsecureAuthentication = true, TimeProvider = time, IdleRestartInterval = TimeSpan.FromMinutes(28) });
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.AuthenticateAsync("u", "p");
        await sut.SelectAsync("INBOX");

        var idle = sut.IdleAsync();
        await stream.WaitUntilWaitingForClientAsync();
        Assert.False(idle.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(27));
        Assert.False(idle.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));
        var result = await idle;

        Assert.True(result.NewMessages);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task IdleAsync_Cancelled_SendsDoneAndKeepsConnectionUsable()
    {
        var stream = ScriptedStream.FromFile("imap/idle-cancel.txt", 4096);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.AuthenticateAsync("u", "p");
        await sut.SelectAsync("INBOX");
        using var cts = new CancellationTokenSource();

        var idle = sut.IdleAsync(cts.Token);
        await stream.WaitUntilWaitingForClientAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => idle);
        Assert.True(sut.IsConnected);
        await sut.NoOpAsync();
        stream.AssertClientDone();
    }

    [Fact]
    public async Task AuthenticateOAuth2Async_Refused_AnswersErrorChallengeAndThrows()
    {
        var stream = ScriptedStream.FromFile("imap/xoauth2-failure.txt", 7);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);

        var ex = await Assert.ThrowsAsync<ImapCommandException>(() => sut.AuthenticateOAuth2Async("user@example.test", "token123"));

        Assert.Equal("AUTHENTICATIONFAILED", ex.ResponseCode);
        Assert.False(sut.IsAuthenticated);
        Assert.True(sut.IsConnected);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task ConnectAsync_ByeGreeting_ThrowsProtocolExceptionWithServerText()
    {
        var stream = ScriptedStream.FromFile("imap/bye-greeting.txt", 4096);
        await using var sut = CreateSut();

        var ex = await Assert.ThrowsAsync<MailProtocolException>(() => sut.ConnectAsync(stream, "imap", MailTlsMode.None));

        Assert.Contains("Server shutting down", ex.Message, StringComparison.Ordinal);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task NoOpAsync_ServerSilent_TimesOutAndDisconnects()
    {
        var time = new ManualTimeProvider();
        var stream = new ScriptedStream("S: * PREAUTH [CAPABILITY IMAP4rev1] hi\nC: A0001 NOOP\n") { HangAtEnd = true };
        await using var sut = new ImapClient(new ImapClientOptions { TimeProvider = time, Timeout = TimeSpan.FromSeconds(30) });
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);

        var noop = sut.NoOpAsync();
        time.Advance(TimeSpan.FromSeconds(31));

        await Assert.ThrowsAsync<TimeoutException>(() => noop);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task FetchAsync_TaggedResponseForOtherTag_ThrowsProtocolExceptionAndDisconnects()
    {
        var stream = new ScriptedStream("S: * PREAUTH [CAPABILITY IMAP4rev1] hi\nC: A0001 SELECT \"INBOX\"\nS: A0001 OK done\nC: A0002 UID FETCH 1 (UID)\nS: A0099 OK what\n");
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.SelectAsync("INBOX");

        await Assert.ThrowsAsync<MailProtocolException>(() => sut.FetchAsync([1], ImapFetchItems.Uid));

        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task AuthenticateAsync_WithoutTls_RefusesByDefault()
    {
        var stream = new ScriptedStream("S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\n");
        await using var sut = new ImapClient();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);

        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() => sut.AuthenticateAsync("u", "p"));
    }

    [Fact]
    public async Task ConnectAsync_StartTlsNotOffered_Throws()
    {
        var stream = new ScriptedStream("S: * OK [CAPABILITY IMAP4rev1] hi\n");
        await using var sut = CreateSut();

        await Assert.ThrowsAsync<NotSupportedException>(() => sut.ConnectAsync(stream, "imap", MailTlsMode.StartTls));

        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task FetchStreamAsync_StoppedEarly_DrainsAndKeepsConnectionInStep()
    {
        var stream = new ScriptedStream("""
            S: * PREAUTH [CAPABILITY IMAP4rev1] hi
            C: A0001 SELECT "INBOX"
            S: A0001 OK done
            C: A0002 UID FETCH 1:3 (UID FLAGS)
            S: * 1 FETCH (UID 1 FLAGS ())
            S: * 2 FETCH (UID 2 FLAGS (\Seen))
            S: * 3 FETCH (UID 3 FLAGS ())
            S: A0002 OK done
            C: A0003 NOOP
            S: A0003 OK done
            """);
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.SelectAsync("INBOX");

        uint first = 0;
        await foreach (var m in sut.FetchStreamAsync([3, 1, 2], ImapFetchItems.Flags))
        {
            first = m.Uid;
            break;
        }

        await sut.NoOpAsync();

        Assert.Equal(1u, first);
        stream.AssertClientDone();
    }

    [Fact]
    public async Task FetchStreamAsync_YieldsEachMessageBeforeTheCommandCompletes()
    {
        var stream = new ScriptedStream("""
            S: * PREAUTH [CAPABILITY IMAP4rev1] hi
            C: A0001 SELECT "INBOX"
            S: A0001 OK done
            C: A0002 UID FETCH 1:2 (UID FLAGS)
            S: * 1 FETCH (UID 1 FLAGS (\Seen))
            """) { HangAtEnd = true };
        await using var sut = CreateSut();
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.SelectAsync("INBOX");
        using var cts = new CancellationTokenSource();

        var enumerator = sut.FetchStreamAsync([1, 2], ImapFetchItems.Flags, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await enumerator.MoveNextAsync());
        var first = enumerator.Current;
        var next = enumerator.MoveNextAsync().AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await enumerator.DisposeAsync();
        Assert.Equal(1u, first.Uid);
        Assert.True(first.HasFlag("\\Seen"));
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task FetchStreamAsync_ServerStallsMidAnswer_TimesOutAndDisconnects()
    {
        var time = new ManualTimeProvider();
        var stream = new ScriptedStream("""
            S: * PREAUTH [CAPABILITY IMAP4rev1] hi
            C: A0001 SELECT "INBOX"
            S: A0001 OK done
            C: A0002 UID FETCH 1:2 (UID FLAGS)
            S: * 1 FETCH (UID 1 FLAGS (\Seen))
            """) { HangAtEnd = true };
        await using var sut = new ImapClient(new ImapClientOptions { TimeProvider = time, Timeout = TimeSpan.FromSeconds(30) });
        await sut.ConnectAsync(stream, "imap", MailTlsMode.None);
        await sut.SelectAsync("INBOX");

        await using var enumerator = sut.FetchStreamAsync([1, 2], ImapFetchItems.Flags).GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        var next = enumerator.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutException>(() => next);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task FetchStreamAsync_ConsumerSlowerThanTimeoutBetweenMessages_DoesNotTimeOut()
    {
        var time = new ManualTimeProvider();
        var stream = new ScriptedStream("""
            S: * PREAUTH [CAPABILITY IMAP4rev1] hi
            C: A0001 SELECT "INBOX"
            S: A0001 OK done
            C: A0002 UID FETCH 1:2 (UID FLAGS)
            S: * 1 FETCH (UID 1 FLAGS (\Seen))
            S: * 2 FETCH (UID 2 FLAGS ())
            S: A0002 OK done
            """, chunkSize: 1);
        await using var sut = new ImapClient(new ImapClientOptions { TimeProvider = time, Timeout = TimeSpan.FromSeconds(30) });
        await sut.ConnectAsync(new CancellationHonoringStream(stream), "imap", MailTlsMode.None);
        await sut.SelectAsync("INBOX");
        var uids = new List<uint>();

        await foreach (var m in sut.FetchStreamAsync([1, 2], ImapFetchItems.Flags))
        {
            uids.Add(m.Uid);
            time.Advance(TimeSpan.FromSeconds(45));
        }

        Assert.Equal([1u, 2u], uids);
        Assert.True(sut.IsConnected);
        Assert.Equal(0, time.ActiveTimers);
    }

    [Theory]
    [InlineData("23-Nov-2026 05:00:00 +0000", "2026-11-23T05:00:00+00:00")]
    [InlineData(" 7-jul-2026 02:44:25 -0700", "2026-07-07T02:44:25-07:00")]
    [InlineData("7-Jul-2026 02:44:25 -0700", "2026-07-07T02:44:25-07:00")]
    [InlineData("29-Feb-2028 23:59:59 +1400", "2028-02-29T23:59:59+14:00")]
    [InlineData("29-Feb-2027 10:00:00 +0000", null)]
    [InlineData("23-Nov-2026 24:00:00 +0000", null)]
    [InlineData("23-Foo-2026 05:00:00 +0000", null)]
    [InlineData("23-Nov-2026 05:00:00 +1500", null)]
    [InlineData("23-Nov-2026 05:00:00 0000", null)]
    [InlineData("x3-Nov-2026 05:00:00 +0000", null)]
    public void ParseInternalDate_FixedAndOtherForms_ParsesValidDatesOnly(string text, string? expected)
    {
        var parsed = ImapClient.ParseInternalDate(text);

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        if (parsed is { } p)
        {
            Assert.Equal(DateTimeOffset.Parse(expected!, System.Globalization.CultureInfo.InvariantCulture).Offset, p.Offset);
        }
    }

    /// <summary>Fails reads on a cancelled token as a socket stream does (the scripted stream ignores the token).</summary>
    private sealed class CancellationHonoringStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : inner.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
