using System.Net.Sockets;
using System.Text;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// A TCP relay in front of a real SMTP server that passes everything except the server's reply to the end of data of
/// transaction <c>cutTransaction</c> (counted by <c>MAIL FROM</c> over every connection): it waits for that reply,
/// notes whether it was a 250 (the server took the message) and then closes both connections instead of passing it
/// on. The client has sent the whole message and sees the connection drop before any reply: the case where SMTP
/// cannot tell the client whether its message was accepted.
/// </summary>
internal sealed class SmtpCuttingProxy : SmtpTestRelay
{
    private static readonly byte[] EndOfData = Encoding.ASCII.GetBytes("\r\n.\r\n");
    private readonly int _cutTransaction;
    private int _acceptedUnanswered;

    public SmtpCuttingProxy(string upstreamHost, int upstreamPort, int cutTransaction)
        : base(upstreamHost, upstreamPort)
    {
        _cutTransaction = cutTransaction;
        Start();
    }

    /// <summary>Messages the server answered with 250 whose reply the relay kept from the client.</summary>
    public int AcceptedUnanswered => Volatile.Read(ref _acceptedUnanswered);

    protected override void Relay(TcpClient client, TcpClient upstream)
    {
        var link = new Link(client, upstream);
        _ = ServerToClientAsync(link);
        _ = ClientToServerAsync(link);
    }

    private async Task ClientToServerAsync(Link link)
    {
        var buffer = new byte[16 * 1024];
        var recent = new List<byte>();
        var current = 0;
        try
        {
            var from = link.Client.GetStream();
            var to = link.Upstream.GetStream();
            while (true)
            {
                var read = await from.ReadAsync(buffer, Stopping);
                if (read == 0)
                {
                    return;
                }

                // Scan byte by byte (commands and the end of data may be split across reads); arm the cut before the
                // end of data of the chosen transaction reaches the server, so its reply cannot slip through.
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    recent.Add(buffer[i]);
                    if (recent.Count > 16)
                    {
                        recent.RemoveAt(0);
                    }

                    if (EndsWith(recent, MailFrom) && (recent.Count == MailFrom.Length || recent[^(MailFrom.Length + 1)] == '\n'))
                    {
                        current = CountTransaction();
                    }
                    else if (current == _cutTransaction && EndsWith(recent, EndOfData))
                    {
                        await to.WriteAsync(buffer.AsMemory(start, i + 1 - start), Stopping);
                        start = i + 1;
                        link.Armed = true;
                    }
                }

                if (read > start)
                {
                    await to.WriteAsync(buffer.AsMemory(start, read - start), Stopping);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServerToClientAsync(Link link)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var from = link.Upstream.GetStream();
            var to = link.Client.GetStream();
            while (true)
            {
                var read = await from.ReadAsync(buffer, Stopping);
                if (read == 0)
                {
                    link.Client.Dispose();
                    return;
                }

                if (!link.Armed)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), Stopping);
                    continue;
                }

                // The reply to the end of data (pipelined replies before it were already passed on): keep it back.
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("250", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _acceptedUnanswered);
                }

                link.Client.Dispose();
                link.Upstream.Dispose();
                return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    private static bool EndsWith(List<byte> bytes, byte[] tail)
    {
        if (bytes.Count < tail.Length)
        {
            return false;
        }

        for (var i = 0; i < tail.Length; i++)
        {
            if (char.ToUpperInvariant((char)bytes[bytes.Count - tail.Length + i]) != char.ToUpperInvariant((char)tail[i]))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Link(TcpClient client, TcpClient upstream)
    {
        public TcpClient Client { get; } = client;

        public TcpClient Upstream { get; } = upstream;

        private volatile bool _armed;

        public bool Armed
        {
            get => _armed;
            set => _armed = value;
        }
    }
}
