using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Imap;

public sealed partial class ImapClient
{
    /// <summary>
    /// IDLE (RFC 2177) on the selected mailbox until the server reports a change (new, expunged or re-flagged
    /// messages), then DONE. The IDLE is re-issued every <see cref="ImapClientOptions.IdleRestartInterval"/> so no
    /// server drops the connection for inactivity. Cancelling sends DONE, waits for the server to complete the
    /// command, and then throws <see cref="OperationCanceledException"/>; the connection stays usable.
    /// </summary>
    public async Task<ImapIdleResult> IdleAsync(CancellationToken ct = default)
    {
        var e = CheckSelected();
        if (!e.Capabilities.Has(ImapCapability.Idle))
        {
            throw new NotSupportedException("The server does not offer IDLE (RFC 2177); poll with NoOpAsync instead.");
        }

        ct.ThrowIfCancellationRequested();
        var mailbox = e.Selected!;
        var before = mailbox.Count;
        bool newMessages = false, expunged = false, flagsChanged = false;
        bool Observe(ImapResponse r)
        {
            switch (r.Name)
            {
                case "EXISTS" when r.Number > before:
                    newMessages = true;
                    break;
                case "EXPUNGE" or "VANISHED":
                    expunged = true;
                    break;
                case "FETCH":
                    flagsChanged = true;
                    break;
                default:
                    break;
            }

            return false;
        }

        try
        {
            while (true)
            {
                var tag = e.NextTag();
                using (var start = e.Connection.CreateTimeout(ct))
                {
                    try
                    {
                        await e.Connection.WriteAsync(tag + " IDLE\r\n", start.Token).ConfigureAwait(false);
                        await e.Connection.FlushAsync(start.Token).ConfigureAwait(false);
                        while (true)
                        {
                            var r = await e.ReadResponseAsync(start.Token).ConfigureAwait(false);
                            if (r.Kind == ImapResponseKind.Continuation)
                            {
                                break;
                            }

                            if (r.Kind == ImapResponseKind.Tagged)
                            {
                                throw r.Status == ImapStatus.Ok
                                    ? new MailProtocolException("The IMAP server completed IDLE before accepting it.")
                                    : ImapEngine.Failure("IDLE", r);
                            }

                            e.Dispatch(r, Observe);
                        }
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new TimeoutException($"The IMAP server {e.Connection.Host} did not accept IDLE within {e.Connection.Timeout.TotalSeconds:0.#} s.");
                    }
                }

                var outcome = await WaitWhileIdleAsync(e, tag, Observe, () => newMessages || expunged || flagsChanged, ct).ConfigureAwait(false);
                if (outcome == IdleOutcome.Cancelled)
                {
                    throw new OperationCanceledException(ct);
                }

                if (outcome == IdleOutcome.Changed)
                {
                    return new ImapIdleResult(mailbox.Count, newMessages, expunged, flagsChanged);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or MailProtocolException or TimeoutException or ObjectDisposedException
                                      || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    private enum IdleOutcome
    {
        Changed,
        Restart,
        Cancelled,
    }

    private async Task<IdleOutcome> WaitWhileIdleAsync(ImapEngine e, string tag, Func<ImapResponse, bool> observe, Func<bool> changed, CancellationToken ct)
    {
        using var restart = new CancellationTokenSource();
        var restartTask = Task.Delay(options.IdleRestartInterval, options.TimeProvider, restart.Token);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = ct.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), cancelled).ConfigureAwait(false);

        // The read is never cancelled: abandoning it half-way would lose our place in the stream. DONE ends it instead.
        Task<ImapResponse>? read = e.ReadResponseAsync(CancellationToken.None).AsTask();
        IdleOutcome outcome;
        while (true)
        {
            var winner = await Task.WhenAny(read, restartTask, cancelled.Task).ConfigureAwait(false);
            if (winner == read)
            {
                var r = await read.ConfigureAwait(false);
                if (r.Kind == ImapResponseKind.Tagged)
                {
                    // The server ended the IDLE by itself (allowed by RFC 2177 on some errors).
                    restart.Cancel();
                    return r.Status == ImapStatus.Ok ? IdleOutcome.Changed : throw ImapEngine.Failure("IDLE", r);
                }

                e.Dispatch(r, observe);
                if (changed())
                {
                    read = null;
                    outcome = IdleOutcome.Changed;
                    break;
                }

                read = e.ReadResponseAsync(CancellationToken.None).AsTask();
                continue;
            }

            outcome = winner == restartTask ? IdleOutcome.Restart : IdleOutcome.Cancelled;
            break;
        }

        await restart.CancelAsync().ConfigureAwait(false);
        using var doneTimeout = new CancellationTokenSource();
        var deadline = Task.Delay(e.Connection.Timeout, options.TimeProvider, doneTimeout.Token);
        await e.Connection.WriteAsync("DONE\r\n", CancellationToken.None).ConfigureAwait(false);
        await e.Connection.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        while (true)
        {
            // A read still pending from the wait is kept: its response may be the next one in the stream.
            read ??= e.ReadResponseAsync(CancellationToken.None).AsTask();
            if (await Task.WhenAny(read, deadline).ConfigureAwait(false) != read)
            {
                throw new TimeoutException($"The IMAP server {e.Connection.Host} did not complete IDLE after DONE.");
            }

            var r = await read.ConfigureAwait(false);
            read = null;
            if (r.Kind == ImapResponseKind.Tagged && string.Equals(r.Tag, tag, StringComparison.Ordinal))
            {
                await doneTimeout.CancelAsync().ConfigureAwait(false);
                return r.Status == ImapStatus.Ok ? outcome : throw ImapEngine.Failure("IDLE", r);
            }

            if (r.Kind != ImapResponseKind.Untagged)
            {
                throw new MailProtocolException($"Unexpected response while ending IDLE: {r}");
            }

            e.Dispatch(r, observe);
        }
    }
}
