using System.Collections.Concurrent;
using System.Text;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

public sealed partial class InboxServiceTests : IAsyncLifetime
{
    /// <summary>Only against a hang: nothing here waits on the wall clock for its result.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private InboundTestDatabase _db = null!;
    private readonly FakeAnswerSink _sink = new();

    public async Task InitializeAsync() => _db = await InboundTestDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private string Inbox => Path.Combine(_db.DataDirectory, "inbox");

    private InboxService CreateSut(IInboundSourceFactory factory, int max = 500, TimeProvider? time = null, TimeSpan? poll = null)
    {
        time ??= TimeProvider.System;
        var processor = new InboundProcessor(
            _db.Connections, new RawMailStore(Path.Combine(_db.DataDirectory, "raw")), new SimpleMailReader(), new FakePrompts(), _sink,
            new InboundSettings("desk@example.test", "fw.example.test", "X-ForecastWatch-Loop", ReplyAuthenticationSettings.Off), time);
        var options = new InboxOptions { MaxMessagesPerRun = max, PollInterval = poll ?? TimeSpan.FromMinutes(1) };
        return new InboxService(processor, factory, _db.Connections, Options.Create(options), time, NullLogger<InboxService>.Instance);
    }

    private Task DeliverAsync(string from, string body, string subject = "Re: [FW-ai-act] Due") =>
        MaildirSource.DeliverAsync(Inbox, Encoding.UTF8.GetBytes($"From: {from}\nTo: desk@example.test\nSubject: {subject}\nMessage-ID: "
            + $"<{Guid.NewGuid():N}@x>\n\n{body}"), CancellationToken.None);

    [Fact]
    public async Task ProcessOnceAsync_MixedInbox_CountsEachOutcome()
    {
        await DeliverAsync("editor@example.test", "YES");
        await DeliverAsync("outsider@example.test", "NO");
        await DeliverAsync("editor@example.test", "away", "Out of office: [FW-ai-act] Due");
        var sut = CreateSut(new Factory(() => new MaildirSource(Inbox)));

        var summary = await sut.ProcessOnceAsync(CancellationToken.None);

        // The outsider is refused but not answered: rejections go only to editors when nothing is authenticated.
        Assert.Equal(new InboxRunSummary(3, 1, 1, 1, 0, 1), summary);
        Assert.Empty(Directory.GetFiles(Path.Combine(Inbox, "new")));
    }

    [Fact]
    public async Task ProcessOnceAsync_MoreThanTheLimit_LeavesTheRestForTheNextRun()
    {
        for (var i = 0; i < 3; i++)
        {
            await DeliverAsync("someone@example.test", "hello", "Hello");
        }

        var sut = CreateSut(new Factory(() => new MaildirSource(Inbox)), max: 2);

        var first = await sut.ProcessOnceAsync(CancellationToken.None);
        var second = await sut.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal(2, first.Seen);
        Assert.Equal(1, second.Seen);
    }

    [Fact]
    public async Task ProcessOnceAsync_ConnectionDropsMidFetch_NothingDecidedAndNextRunProcessesIt()
    {
        await DeliverAsync("editor@example.test", "YES");
        var dropping = new DroppingSource(new MaildirSource(Inbox));
        var sut = CreateSut(new Factory(() => dropping));

        await Assert.ThrowsAsync<IOException>(() => sut.ProcessOnceAsync(CancellationToken.None));
        Assert.Empty(await _db.InboundAsync());
        Assert.Single(Directory.GetFiles(Path.Combine(Inbox, "new")));

        var summary = await CreateSut(new Factory(() => new MaildirSource(Inbox))).ProcessOnceAsync(CancellationToken.None);

        Assert.Equal(1, summary.Applied);
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
    }

    [Fact]
    public async Task ProcessOnceAsync_OneMessageFails_OthersAreStillProcessed()
    {
        await DeliverAsync("someone@example.test", "one", "A");
        await DeliverAsync("someone@example.test", "two", "B");
        _sink.FailNext = false;
        var failing = new FailingFirstCompleteSource(new MaildirSource(Inbox));
        var sut = CreateSut(new Factory(() => failing));

        var summary = await sut.ProcessOnceAsync(CancellationToken.None);

        // The first was decided but could not be filed: reported apart, not as a failure, and refiled next pass.
        Assert.Equal((0, 1), (summary.Failed, summary.Unfiled));
        Assert.Equal(2, summary.Seen);
    }

    [Fact]
    public async Task RunAsync_PollIntervalPasses_ReadsWhatArrivedMeanwhile()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.Zero));
        await DeliverAsync("editor@example.test", "YES");
        var source = new WatchedSource(new MaildirSource(Inbox));
        var sut = CreateSut(new Factory(() => source), time: time, poll: TimeSpan.FromMinutes(5));
        var passes = new ConcurrentQueue<InboxRunSummary>();
        using var stop = new CancellationTokenSource();

        var run = sut.RunAsync(passes.Enqueue, stop.Token);
        await source.NextWaitAsync();
        await DeliverAsync("outsider@example.test", "NO");
        time.Advance(TimeSpan.FromMinutes(4));
        var beforeTheInterval = passes.Count;
        time.Advance(TimeSpan.FromMinutes(1));
        await source.NextWaitAsync();
        await stop.CancelAsync();
        await run.WaitAsync(Guard);

        Assert.Equal(1, beforeTheInterval);
        Assert.Equal([new InboxRunSummary(1, 1, 0, 0, 0, 1), new InboxRunSummary(1, 0, 1, 0, 0, 0)], passes);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsNormallyAndDisposesTheSource()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var source = new WatchedSource(new MaildirSource(Inbox));
        var sut = CreateSut(new Factory(() => source), time: time);
        using var stop = new CancellationTokenSource();

        var run = sut.RunAsync(null, stop.Token);
        await source.NextWaitAsync();
        await stop.CancelAsync();
        await run.WaitAsync(Guard);

        Assert.Equal(TaskStatus.RanToCompletion, run.Status);
        Assert.True(source.Disposed);
    }

    [Fact]
    public async Task RunAsync_AlreadyCancelled_ReturnsWithoutOpeningTheSource()
    {
        var opened = 0;
        var sut = CreateSut(new Factory(() =>
        {
            opened++;
            return new MaildirSource(Inbox);
        }));

        await sut.RunAsync(null, new CancellationToken(canceled: true));

        Assert.Equal(0, opened);
    }

    private sealed class Factory(Func<IInboundSource> open) : IInboundSourceFactory
    {
        public Task<IInboundSource> OpenAsync(CancellationToken cancellationToken) => Task.FromResult(open());
    }

    /// <summary>Signals each time the service starts waiting for mail (after the inner wait, and its timer, exist).</summary>
    private sealed class WatchedSource(IInboundSource inner) : IInboundSource
    {
        private readonly SemaphoreSlim _waits = new(0);

        public bool Disposed { get; private set; }

        public string Name => inner.Name;

        public Task NextWaitAsync() => _waits.WaitAsync().WaitAsync(Guard);

        public Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken) =>
            inner.CopyToAsync(item, destination, cancellationToken);

        public Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken) =>
            inner.CompleteAsync(item, disposition, cancellationToken);

        public Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            var wait = inner.WaitForMailAsync(timeout, timeProvider, cancellationToken);
            _waits.Release();
            return wait;
        }

        public async ValueTask DisposeAsync()
        {
            Disposed = true;
            await inner.DisposeAsync();
            _waits.Dispose();
        }
    }

    /// <summary>Writes half the message, then fails the way a dropped IMAP connection does.</summary>
    private sealed class DroppingSource(MaildirSource inner) : IInboundSource
    {
        public string Name => "imap";

        public Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public async Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken)
        {
            await destination.WriteAsync("From: editor@example.test\n"u8.ToArray(), cancellationToken);
            throw new IOException("connection reset by peer");
        }

        public Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken) =>
            inner.CompleteAsync(item, disposition, cancellationToken);

        public Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
            Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Filing the first message fails with a non-connection error; the second goes through.</summary>
    private sealed class FailingFirstCompleteSource(MaildirSource inner) : IInboundSource
    {
        private bool _failed;

        public string Name => "maildir";

        public Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken) =>
            inner.CopyToAsync(item, destination, cancellationToken);

        public Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken)
        {
            if (!_failed)
            {
                _failed = true;
                throw new UnauthorizedAccessException("cur/ is read-only");
            }

            return inner.CompleteAsync(item, disposition, cancellationToken);
        }

        public Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
            Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
