using System.Net.Sockets;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// A TCP relay in front of a real SMTP server that lets the first <c>passMessages</c> transactions through and holds
/// the next one: from its <c>MAIL FROM</c> on, nothing the client sends reaches the server, so the client waits for a
/// reply that never comes. <see cref="Held"/> completes then. The test can stop the client at a known point whatever
/// the machine's load, and the server never saw the held message. Transactions are counted over every connection.
/// </summary>
internal sealed class SmtpHoldingProxy : SmtpTestRelay
{
    private readonly int _passMessages;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SmtpHoldingProxy(string upstreamHost, int upstreamPort, int passMessages)
        : base(upstreamHost, upstreamPort)
    {
        _passMessages = passMessages;
        Start();
    }

    /// <summary>Completes when the client has begun the transaction after the ones let through.</summary>
    public Task Held => _held.Task;

    protected override void Relay(TcpClient client, TcpClient upstream)
    {
        _ = PumpAsync(upstream.GetStream(), client.GetStream(), inspect: false);
        _ = PumpAsync(client.GetStream(), upstream.GetStream(), inspect: true);
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
                var read = await from.ReadAsync(buffer, Stopping);
                if (read == 0)
                {
                    return;
                }

                if (!inspect)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), Stopping);
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
                            if (CountTransaction() > _passMessages)
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
                    await to.WriteAsync(output.ToArray(), Stopping);
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
