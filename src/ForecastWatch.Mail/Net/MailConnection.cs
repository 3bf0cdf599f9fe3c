using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace ForecastWatch.Mail.Net;

/// <summary>
/// The transport both protocols share: a socket or caller-supplied stream, optional TLS (implicit or upgraded),
/// a fixed read-ahead buffer with line and literal helpers, logging, and per-operation timeouts.
/// </summary>
internal sealed class MailConnection : IAsyncDisposable
{
    /// <summary>Read-ahead for line-oriented sessions (SMTP replies are small).</summary>
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>
    /// Read-ahead for bulk transfers (IMAP FETCH): each read of a plain socket can take up to this much, so fewer
    /// reads, and fewer waits for the socket, carry a large answer.
    /// </summary>
    public const int BulkBufferSize = 256 * 1024;

    private readonly int bufferSize;

    private readonly IMailProtocolLogger? logger;
    private readonly TimeProvider timeProvider;
    private Stream stream;
    private byte[] buffer;
    private int start;
    private int end;
    private bool disposed;

    private MailConnection(Stream stream, string host, IMailProtocolLogger? logger, TimeProvider timeProvider, TimeSpan timeout, int bufferSize)
    {
        this.bufferSize = bufferSize;
        buffer = new byte[bufferSize];
        this.stream = stream;
        Host = host;
        this.logger = logger;
        this.timeProvider = timeProvider;
        Timeout = timeout;
    }

    public string Host { get; }

    public TimeSpan Timeout { get; }

    public bool IsSecure => stream is SslStream;

    public bool IsConnected => !disposed;

    public SslStream? TlsStream => stream as SslStream;

    public ReadOnlySpan<byte> Buffered => buffer.AsSpan(start, end - start);

    public int BufferCapacity => buffer.Length;

    public static Task<MailConnection> ConnectAsync(
        string host, int port, bool implicitTls, MailTlsOptions tls, IMailProtocolLogger? logger,
        TimeProvider timeProvider, TimeSpan timeout, CancellationToken ct) =>
        ConnectAsync(host, port, implicitTls, tls, logger, timeProvider, timeout, DefaultBufferSize, ct);

    public static async Task<MailConnection> ConnectAsync(
        string host, int port, bool implicitTls, MailTlsOptions tls, IMailProtocolLogger? logger,
        TimeProvider timeProvider, TimeSpan timeout, int bufferSize, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        using var cts = CreateTimeout(timeProvider, timeout, ct);
        var client = new TcpClient();
        try
        {
            try
            {
                await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {host}:{port} timed out after {timeout.TotalSeconds:0.#} s.");
            }

            // Commands are small writes followed by a wait for the reply: Nagle's algorithm would only add latency.
            client.Client.NoDelay = true;
            logger?.LogConnect(host, port, implicitTls ? MailTlsMode.Implicit : MailTlsMode.None);
            var connection = new MailConnection(client.GetStream(), host, logger, timeProvider, timeout, bufferSize);
            if (implicitTls)
            {
                try
                {
                    await connection.StartTlsAsync(tls, ct).ConfigureAwait(false);
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }

            return connection;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static MailConnection FromStream(
        Stream stream, string host, IMailProtocolLogger? logger, TimeProvider timeProvider, TimeSpan timeout, int bufferSize = DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new MailConnection(stream, host, logger, timeProvider, timeout, bufferSize);
    }

    /// <summary>Upgrades the stream to TLS. Read-ahead must be empty: RFC 3207 section 4.2 (command injection).</summary>
    public async Task StartTlsAsync(MailTlsOptions tls, CancellationToken ct)
    {
        if (start != end)
        {
            throw new MailProtocolException("The server sent data after agreeing to start TLS; refusing to continue (possible injection).");
        }

        var validator = new MailCertificateValidator(tls);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        using var cts = CreateTimeout(ct);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? Host,
                    EnabledSslProtocols = tls.EnabledProtocols,
                    RemoteCertificateValidationCallback = validator.Validate,
                },
                cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"TLS handshake with {Host} timed out after {Timeout.TotalSeconds:0.#} s.");
        }
        catch (AuthenticationException ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException(
                $"TLS handshake with {Host} failed: {validator.FailureReason ?? ex.Message}", ex);
        }

        stream = ssl;
    }

    public MailTimeout CreateTimeout(CancellationToken ct) => new(timeProvider, Timeout, ct);

    public static MailTimeout CreateTimeout(TimeProvider timeProvider, TimeSpan timeout, CancellationToken ct) => new(timeProvider, timeout, ct);

    /// <summary>Reads more bytes into the buffer; returns false at end of stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (start > 0 && start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length || (start > 0 && buffer.Length - end < buffer.Length / 4))
        {
            // Compact before the tail gets short: reads into a sliver of buffer would mean many small reads.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        var n = await stream.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
        if (n <= 0)
        {
            return false;
        }

        logger?.LogServer(buffer.AsSpan(end, n));
        end += n;
        return true;
    }

    public void Advance(int count)
    {
        start += count;
        if (start == end)
        {
            start = end = 0;
            if (buffer.Length > bufferSize)
            {
                buffer = new byte[bufferSize];
            }
        }
    }

    /// <summary>Reads one line (without CRLF or LF); throws if longer than <paramref name="maxLength"/>.</summary>
    public async ValueTask<byte[]> ReadLineBytesAsync(int maxLength, CancellationToken ct)
    {
        var scanned = 0;
        while (true)
        {
            var span = Buffered;
            var lf = span[scanned..].IndexOf((byte)'\n');
            if (lf >= 0)
            {
                lf += scanned;
                var len = lf > 0 && span[lf - 1] == '\r' ? lf - 1 : lf;
                var line = span[..len].ToArray();
                Advance(lf + 1);
                return line;
            }

            scanned = span.Length;
            if (scanned > maxLength)
            {
                throw new MailProtocolException($"The server sent a line longer than {maxLength} bytes.");
            }

            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                throw new IOException("The server closed the connection.");
            }
        }
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes from the connection to <paramref name="destination"/>.</summary>
    public async ValueTask CopyBytesAsync(Stream destination, long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (start == end && !await FillAsync(ct).ConfigureAwait(false))
            {
                throw new IOException("The server closed the connection in the middle of a literal.");
            }

            var n = (int)Math.Min(count, end - start);
            await destination.WriteAsync(buffer.AsMemory(start, n), ct).ConfigureAwait(false);
            Advance(n);
            count -= n;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct, string? redactedForLog = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (logger is not null)
        {
            if (redactedForLog is null)
            {
                logger.LogClient(data.Span);
            }
            else
            {
                logger.LogClient(Encoding.UTF8.GetBytes(redactedForLog));
            }
        }

        await stream.WriteAsync(data, ct).ConfigureAwait(false);
    }

    public ValueTask WriteAsync(string ascii, CancellationToken ct, string? redactedForLog = null) =>
        WriteAsync(Encoding.UTF8.GetBytes(ascii), ct, redactedForLog);

    /// <summary>Writes without logging the content (message bodies); logs a one-line summary instead.</summary>
    public async ValueTask WriteUnloggedAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await stream.WriteAsync(data, ct).ConfigureAwait(false);
    }

    public void LogClientNote(string note) => logger?.LogClient(Encoding.UTF8.GetBytes(note));

    public Task FlushAsync(CancellationToken ct) => stream.FlushAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

