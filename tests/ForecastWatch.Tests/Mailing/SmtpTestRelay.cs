using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// The plumbing of a test relay in front of a real SMTP server: a loopback listener, one upstream connection per client
/// connection, the transactions (<c>MAIL FROM</c> commands) counted over every connection, and a disposal that closes
/// everything. What a relay does to the bytes in between is its own (<see cref="SmtpHoldingProxy"/>,
/// <see cref="SmtpCuttingProxy"/>).
/// </summary>
internal abstract class SmtpTestRelay : IAsyncDisposable
{
    protected static readonly byte[] MailFrom = Encoding.ASCII.GetBytes("MAIL FROM:");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private Task _accepting = Task.CompletedTask;
    private int _transactions;

    protected SmtpTestRelay(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Transactions the client began through the relay (<c>MAIL FROM</c> commands) over every connection.</summary>
    public int Transactions => Volatile.Read(ref _transactions);

    protected CancellationToken Stopping => _stop.Token;

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

    /// <summary>Starts listening; called by the derived relay once its own fields are set.</summary>
    protected void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Counts one more transaction and returns its number (1 for the first).</summary>
    protected int CountTransaction() => Interlocked.Increment(ref _transactions);

    /// <summary>Starts relaying between a client connection and its own upstream connection.</summary>
    protected abstract void Relay(TcpClient client, TcpClient upstream);

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

            Relay(client, upstream);
        }
    }
}
