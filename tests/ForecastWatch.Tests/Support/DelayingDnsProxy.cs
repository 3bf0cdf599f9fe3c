using System.Net;
using System.Net.Sockets;

namespace ForecastWatch.Tests.Support;

/// <summary>
/// A slow DNS server for tests: a loopback UDP proxy that holds every query until <see cref="Release"/> is called,
/// then forwards it to a real server (dnsmasq) and relays the answer. <see cref="QuerySeen"/> completes when the
/// first query arrives, so a test knows a lookup is under way without measuring time.
/// </summary>
internal sealed class DelayingDnsProxy : IDisposable
{
    private readonly UdpClient _listener = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _upstream;
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DelayingDnsProxy(IPEndPoint upstream)
    {
        _upstream = upstream;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.Client.LocalEndPoint!;

    /// <summary>Completes when the first query has arrived (and is being held).</summary>
    public Task QuerySeen => _seen.Task;

    /// <summary>Lets held and later queries through.</summary>
    public void Release() => _gate.TrySetResult();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try
            {
                query = await _listener.ReceiveAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _seen.TrySetResult();
            _ = ForwardAsync(query, cancellationToken);
        }
    }

    private async Task ForwardAsync(UdpReceiveResult query, CancellationToken cancellationToken)
    {
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
            using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            await upstream.SendAsync(query.Buffer, _upstream, cancellationToken);
            var answer = await upstream.ReceiveAsync(cancellationToken);
            await _listener.SendAsync(answer.Buffer, query.RemoteEndPoint, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }
}
