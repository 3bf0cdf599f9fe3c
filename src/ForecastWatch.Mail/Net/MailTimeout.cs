namespace ForecastWatch.Mail.Net;

/// <summary>
/// A token that fires when the caller cancels or when <c>timeout</c> passes on the given <see cref="TimeProvider"/>
/// (so tests with a manual clock drive it). Dispose it when the operation ends.
/// </summary>
internal sealed class MailTimeout : IDisposable
{
    private readonly CancellationTokenSource cts;
    private readonly CancellationTokenRegistration link;
    private readonly TimeSpan timeout;

    public MailTimeout(TimeProvider timeProvider, TimeSpan timeout, CancellationToken ct)
    {
        this.timeout = timeout;
        cts = timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(timeout, timeProvider);
        link = ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cts);
    }

    public CancellationToken Token => cts.Token;

    /// <summary>Starts the timeout over (for operations made of steps, each allowed the full timeout).</summary>
    public void Restart()
    {
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            cts.CancelAfter(timeout);
        }
    }

    /// <summary>Stops the clock until the next <see cref="Restart"/> (a timeout that already fired stays fired).</summary>
    public void Stop() => cts.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        link.Dispose();
        cts.Dispose();
    }
}
