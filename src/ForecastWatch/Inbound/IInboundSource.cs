namespace ForecastWatch.Inbound;

/// <summary>Where a processed message goes: the folder or Maildir flag that shows its fate.</summary>
internal enum InboundDisposition
{
    Processed,
    Rejected,
}

/// <summary>One message waiting in a source. <see cref="Reference"/> identifies it within the source for logs.</summary>
internal sealed record InboundItem(string Source, string Reference);

/// <summary>A mailbox that hands out raw messages and files them once they are dealt with.</summary>
internal interface IInboundSource : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Lists the messages waiting now, oldest first.</summary>
    Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The messages about to be read, in order, so a source can fetch them in batches. Optional.</summary>
    void Plan(IReadOnlyList<InboundItem> toRead)
    {
    }

    /// <summary>Copies the raw bytes of one message to <paramref name="destination"/>.</summary>
    Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken);

    /// <summary>Files the message after its outcome is recorded; a crash before this only causes a harmless re-read.</summary>
    Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken);

    /// <summary>Files several decided messages at once (IMAP: one MOVE for all of them).</summary>
    async Task CompleteAsync(IReadOnlyList<InboundItem> items, InboundDisposition disposition, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await CompleteAsync(item, disposition, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until new mail may have arrived (IDLE where offered) or <paramref name="timeout"/> passes.</summary>
    Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken);
}
