namespace ForecastWatch.Mail.Net;

/// <summary>
/// A token that fires when the caller cancels or when <c>timeout</c> passes on the given <see cref="TimeProvider"/>
/// (so tests with a manual clock drive it). Dispose it when the operation ends.
/// </summary>
internal sealed class MailTimeout : IDisposable
{
    private readonly CancellationTokenSource cts;
    private readonly CancellationTokenRegistration link;

    public MailTimeout(TimeProvider timeProvider, TimeSpan timeout, CancellationToken ct)
    {
        cts = timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(timeout, timeProvider);
        link = ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cts);
    }

    public CancellationToken Token => cts.Token;

    public void Dispose()
    {
        link.Dispose();
        cts.Dispose();
    }
}
