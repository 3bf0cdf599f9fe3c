using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>
/// Asks for outbox delivery now, after a run that queued mail (prompts, a digest, confirmations, ingest notices), on
/// the store's one delivery path: SQLite, the <see cref="OutboxDeliveryJob"/> (triggered, where it is scheduled);
/// PostgreSQL, this node's <see cref="OutboxDeliveryLoop"/> (woken; the other nodes find the rows on their next look).
/// </summary>
internal sealed class DeliveryKick(bool nodeLoop) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>True where the node's loop delivers (PostgreSQL) and the Quartz job is not scheduled.</summary>
    public bool NodeLoop { get; } = nodeLoop;

    public async Task RequestAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        if (NodeLoop)
        {
            Signal();
            return;
        }

        if (await scheduler.GetJobDetail(OutboxDeliveryJob.Key, cancellationToken).ConfigureAwait(false) is not null)
        {
            await scheduler.TriggerJob(OutboxDeliveryJob.Key, new JobDataMap(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes the node's loop (a second request before it woke is the same request).</summary>
    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>The loop's wait: until <paramref name="idle"/> has passed or a request came, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan idle, TimeProvider time, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(idle, time, either.Token);
        var kick = _signal.WaitAsync(either.Token);
        await Task.WhenAny(delay, kick).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, kick).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _signal.Dispose();
}
