using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// An in-process SMTP server on 127.0.0.1 (plain text, no AUTH) that accepts any number of connections, counts
/// them, and answers like a small MTA. <see cref="Override"/> replaces the default reply to any command; a 421
/// reply is followed by closing the connection, as RFC 5321 section 3.8 describes.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly bool _pipelining;
    private readonly Task _accept;
    private int _connections;
    private int _transactions;
    private int _disposed;

    public SmtpTestServer(bool pipelining = false)
    {
        _pipelining = pipelining;
        _listener.Start();
        _accept = AcceptAsync();
    }

    /// <summary>A reply to use instead of the default one, or null for the default.</summary>
    public Func<SmtpTestCommand, string?>? Override { get; init; }

    /// <summary>
    /// Awaited when a message's data has arrived, before the server answers it: a test holds a client there (the
    /// message is neither accepted nor refused) for as long as it needs.
    /// </summary>
    public Func<SmtpTestCommand, Task>? BeforeEndOfData { get; init; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every command, as "connection: line" (message content left out).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Accepted messages: the connection they came on and their recipients.</summary>
    public ConcurrentQueue<(int Connection, string Recipients)> Delivered { get; } = new();

    public IEnumerable<string> CommandsOf(int connection) =>
        Commands.Where(c =>
            c.StartsWith(connection.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": ", StringComparison.Ordinal))
            .Select(c => c[(c.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _sessions.Add(ServeAsync(client, Interlocked.Increment(ref _connections)));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var recipients = new List<string>();
                await WriteAsync(stream, "220 test.local ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    Commands.Enqueue($"{connection}: {line}");
                    var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                    var transaction = verb == "MAIL" ? Interlocked.Increment(ref _transactions) : Volatile.Read(ref _transactions);
                    string reply;
                    switch (verb)
                    {
                        case "EHLO":
                            reply = _pipelining ? "250-test.local\n250-8BITMIME\n250 PIPELINING" : "250-test.local\n250 8BITMIME";
                            break;
                        case "MAIL":
                            recipients.Clear();
                            reply = "250 2.1.0 Ok";
                            break;
                        case "RCPT":
                            reply = Override?.Invoke(new SmtpTestCommand(connection, transaction, line)) ?? "250 2.1.5 Ok";
                            if (reply.StartsWith('2'))
                            {
                                recipients.Add(
                                    line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)]);
                            }

                            await WriteAsync(stream, reply);
                            if (reply.StartsWith("421", StringComparison.Ordinal))
                            {
                                return;
                            }

                            continue;
                        case "DATA":
                            reply = recipients.Count == 0 ? "554 5.5.1 Error: no valid recipients" : "354 End data with <CR><LF>.<CR><LF>";
                            break;
                        case "RSET":
                            recipients.Clear();
                            reply = "250 2.0.0 Ok";
                            break;
                        case "NOOP":
                            reply = "250 2.0.0 Ok";
                            break;
                        case "QUIT":
                            await WriteAsync(stream, "221 2.0.0 Bye");
                            return;
                        default:
                            reply = "502 5.5.2 Error: command not recognized";
                            break;
                    }

                    reply = verb is "RCPT" ? reply : Override?.Invoke(new SmtpTestCommand(connection, transaction, line)) ?? reply;
                    await WriteAsync(stream, reply);
                    if (reply.StartsWith("421", StringComparison.Ordinal))
                    {
                        return;
                    }

                    if (verb == "DATA" && reply.StartsWith("354", StringComparison.Ordinal))
                    {
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                        }

                        if (BeforeEndOfData is { } hold)
                        {
                            await hold(new SmtpTestCommand(connection, transaction, "."));
                        }

                        var end = Override?.Invoke(new SmtpTestCommand(connection, transaction, ".")) ?? "250 2.0.0 Ok: queued";
                        if (end.StartsWith('2'))
                        {
                            Delivered.Enqueue((connection, string.Join(',', recipients)));
                        }

                        recipients.Clear();
                        await WriteAsync(stream, end);
                        if (end.StartsWith("421", StringComparison.Ordinal))
                        {
                            return;
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client hung up or the test is over.
        }
    }

    private static Task WriteAsync(NetworkStream stream, string reply) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(reply.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n")).AsTask();

    /// <summary>Stops the server and waits for its connections; a second call does nothing (tests dispose early to read the log).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        await Task.WhenAll(_sessions);
        _stop.Dispose();
    }
}

/// <summary>A command the server received: on which connection, during which MAIL transaction (counted over all connections).</summary>
internal sealed record SmtpTestCommand(int Connection, int Transaction, string Line);
