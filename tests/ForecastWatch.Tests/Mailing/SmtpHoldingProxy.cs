using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// A TCP relay in front of a real SMTP server that lets the first <c>passMessages</c> transactions through and holds
/// the next one: from its <c>MAIL FROM</c> on, nothing the client sends reaches the server, so the client waits for a
/// reply that never comes. <see cref="Held"/> completes then. The test can stop the client at a known point whatever
/// the machine's load, and the server never saw the held message. Transactions are counted over every connection.
/// </summary>
internal sealed class SmtpHoldingProxy : IAsyncDisposable
{
    private static readonly byte[] MailFrom = Encoding.ASCII.GetBytes("MAIL FROM:");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly int _passMessages;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private int _transactions;

    public SmtpHoldingProxy(string upstreamHost, int upstreamPort, int passMessages)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _passMessages = passMessages;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when the client has begun the transaction after the ones let through.</summary>
    public Task Held => _held.Task;

    /// <summary>Transactions the client began (<c>MAIL FROM</c> commands), the held one included.</summary>
    public int Transactions => Volatile.Read(ref _transactions);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(static c => c.Dispose());
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var upstream = new TcpClient();
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
                _clients.Add(upstream);
            }

            _ = PumpAsync(upstream.GetStream(), client.GetStream(), inspect: false);
            _ = PumpAsync(client.GetStream(), upstream.GetStream(), inspect: true);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool inspect)
    {
        var buffer = new byte[16 * 1024];
        var pending = new List<byte>();
        var atLineStart = true;
        var holding = false;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (!inspect)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    continue;
                }

                if (holding)
                {
                    continue;
                }

                // Client to server: forward byte by byte, keeping back only the start of a line that may still
                // become "MAIL FROM:", so that a command split across reads is still recognised.
                var output = new List<byte>(read);
                for (var i = 0; i < read && !holding; i++)
                {
                    var b = buffer[i];
                    if (atLineStart || pending.Count > 0)
                    {
                        pending.Add(b);
                        atLineStart = false;
                        if (pending.Count == MailFrom.Length && StartsMailFrom(pending))
                        {
                            if (Interlocked.Increment(ref _transactions) > _passMessages)
                            {
                                holding = true;
                                _held.TrySetResult();
                                break;
                            }

                            output.AddRange(pending);
                            pending.Clear();
                        }
                        else if (!StartsMailFrom(pending))
                        {
                            output.AddRange(pending);
                            pending.Clear();
                        }
                    }
                    else
                    {
                        output.Add(b);
                    }

                    if (b == (byte)'\n')
                    {
                        atLineStart = true;
                    }
                }

                if (output.Count > 0)
                {
                    await to.WriteAsync(output.ToArray(), _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    // True while the bytes so far are a case-insensitive prefix of "MAIL FROM:".
    private static bool StartsMailFrom(List<byte> bytes)
    {
        for (var i = 0; i < bytes.Count; i++)
        {
            if (i >= MailFrom.Length || char.ToUpperInvariant((char)bytes[i]) != (char)MailFrom[i])
            {
                return false;
            }
        }

        return true;
    }
}
