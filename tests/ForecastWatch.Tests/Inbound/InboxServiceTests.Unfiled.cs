using ForecastWatch.Inbound;

namespace ForecastWatch.Tests.Inbound;

/// <summary>Decided mail that could not be filed is refiled, reported apart, and never keeps new mail from being read.</summary>
public sealed partial class InboxServiceTests
{
    [Fact]
    public async Task ProcessOnceAsync_600DecidedButUnfiled_NewReplyStillApplied()
    {
        for (var i = 0; i < 600; i++)
        {
            await DeliverAsync("someone@example.test", "hello " + i, "Newsletter " + i);
        }

        var source = new UnfilableSource(new MaildirSource(Inbox));
        var sut = CreateSut(new Factory(() => source));
        var first = await sut.ProcessOnceAsync(CancellationToken.None);
        var second = await sut.ProcessOnceAsync(CancellationToken.None);
        await DeliverAsync("editor@example.test", "YES");

        var third = await sut.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal((500, 0, 500), (first.Seen, first.Failed, first.Unfiled));
        Assert.Equal((100, 600), (second.Seen, second.Unfiled));
        Assert.Equal((1, 1, 0, 601, 0), (third.Seen, third.Applied, third.Failed, third.Unfiled, third.Refiled));
        Assert.Single(await _db.ResolutionsAsync("ai-act"));
        Assert.Equal(601, (await _db.InboundAsync()).Count);

        source.CanFile = true;
        var fourth = await sut.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal((0, 601, 0), (fourth.Seen, fourth.Refiled, fourth.Unfiled));
        Assert.Empty(Directory.GetFiles(Path.Combine(Inbox, "new")));
    }

    /// <summary>A mailbox whose MOVE fails (as a server over quota would) until told otherwise.</summary>
    private sealed class UnfilableSource(MaildirSource inner) : IInboundSource
    {
        public bool CanFile { get; set; }

        public string Name => inner.Name;

        public Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken) =>
            inner.CopyToAsync(item, destination, cancellationToken);

        public Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken) =>
            CanFile ? inner.CompleteAsync(item, disposition, cancellationToken)
                : throw new ApplicationException("NO [OVERQUOTA] Quota exceeded");

        public Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
            inner.WaitForMailAsync(timeout, timeProvider, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
