using System.Security.Authentication;
using System.Text;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Imap;

/// <summary>
/// An IMAP client (RFC 3501 / RFC 9051 subset): STARTTLS or implicit TLS, LOGIN and AUTHENTICATE PLAIN/XOAUTH2,
/// folders, UID SEARCH/FETCH/STORE/MOVE, APPEND and IDLE. Not thread-safe: one command at a time.
/// A <see cref="ImapCommandException"/> leaves the connection usable; a timeout, cancellation, I/O error or
/// <see cref="MailProtocolException"/> in the middle of a command closes it. It never retries.
/// </summary>
public sealed partial class ImapClient : IAsyncDisposable
{
    private readonly ImapClientOptions options;
    private readonly ImapParserLimits limits;
    private ImapEngine? engine;

    /// <summary>Creates a client.</summary>
    public ImapClient(ImapClientOptions? options = null)
    {
        this.options = options ?? new ImapClientOptions();
        limits = new ImapParserLimits { MemoryLiteralLimit = this.options.MemoryLiteralLimit, MaxLiteralSize = this.options.MaxLiteralSize };
    }

    /// <summary>The server's current capabilities (refreshed after STARTTLS and authentication).</summary>
    public ImapCapabilities Capabilities => engine?.Capabilities ?? ImapCapabilities.Empty;

    /// <summary>The greeting text.</summary>
    public string? Greeting { get; private set; }

    /// <summary>Whether a connection is open.</summary>
    public bool IsConnected => engine is { Connection.IsConnected: true };

    /// <summary>Whether the connection is protected by TLS.</summary>
    public bool IsSecure => engine is { Connection.IsSecure: true };

    /// <summary>Whether LOGIN/AUTHENTICATE succeeded (or the server greeted with PREAUTH).</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>The selected mailbox, kept current by EXISTS/EXPUNGE responses; null when none is selected.</summary>
    public ImapMailbox? SelectedMailbox => engine?.Selected;

    /// <summary>Connects, reads the greeting and capabilities and (for <see cref="MailTlsMode.StartTls"/>) upgrades to TLS.</summary>
    public async Task ConnectAsync(string host, int port, MailTlsMode tlsMode, CancellationToken ct = default)
    {
        CheckNotConnected();
        var connection = await MailConnection.ConnectAsync(
            host, port, tlsMode == MailTlsMode.Implicit, options.Tls, options.Logger, options.TimeProvider, options.Timeout, MailConnection.BulkBufferSize, ct).ConfigureAwait(false);
        engine = new ImapEngine(connection, limits);
        await HandshakeAsync(tlsMode, ct).ConfigureAwait(false);
    }

    /// <summary>Runs the protocol over a stream the caller opened (tests, proxies). <paramref name="host"/> is used for TLS.</summary>
    public async Task ConnectAsync(Stream stream, string host, MailTlsMode tlsMode, CancellationToken ct = default)
    {
        CheckNotConnected();
        engine = new ImapEngine(MailConnection.FromStream(stream, host, options.Logger, options.TimeProvider, options.Timeout, MailConnection.BulkBufferSize), limits);
        if (tlsMode == MailTlsMode.Implicit)
        {
            await RunAsync((e, c) => e.Connection.StartTlsAsync(options.Tls, c), ct).ConfigureAwait(false);
        }

        await HandshakeAsync(tlsMode, ct).ConfigureAwait(false);
    }

    /// <summary>Authenticates with a password: AUTHENTICATE PLAIN (RFC 4616) when offered, else LOGIN.</summary>
    public Task AuthenticateAsync(string userName, string password, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        var caps = CheckCanAuthenticate();
        if (caps.AuthMechanisms.Contains("PLAIN"))
        {
            return AuthenticateSaslAsync("PLAIN", Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{userName}\0{password}")), ct);
        }

        if (caps.Has(ImapCapability.LoginDisabled))
        {
            throw new NotSupportedException("The server disables LOGIN and offers no AUTHENTICATE PLAIN (is TLS required first?).");
        }

        return RunAsync(
            async (e, c) =>
            {
                var cmd = new ImapCommandBuilder("LOGIN").Space().String(userName).Space().String(password, secret: true);
                await CommandAsync(e, cmd, null, c).ConfigureAwait(false);
                await AfterAuthenticationAsync(e, c).ConfigureAwait(false);
                return true;
            },
            ct);
    }

    /// <summary>Authenticates with an OAuth 2.0 bearer token (AUTHENTICATE XOAUTH2).</summary>
    public Task AuthenticateOAuth2Async(string userName, string accessToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var caps = CheckCanAuthenticate();
        if (!caps.AuthMechanisms.Contains("XOAUTH2"))
        {
            throw new NotSupportedException("The server does not offer AUTHENTICATE XOAUTH2.");
        }

        return AuthenticateSaslAsync("XOAUTH2", SaslXOAuth2.InitialResponse(userName, accessToken), ct);
    }

    /// <summary>NOOP: keeps the connection alive and collects pending EXISTS/EXPUNGE updates.</summary>
    public Task NoOpAsync(CancellationToken ct = default) =>
        RunAsync(
            async (e, c) =>
            {
                await CommandAsync(e, new ImapCommandBuilder("NOOP"), null, c).ConfigureAwait(false);
                return true;
            },
            ct);

    /// <summary>Says LOGOUT and closes the connection (quietly, if the server has already gone).</summary>
    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        if (engine is not { } e)
        {
            return;
        }

        try
        {
            using var timeout = e.Connection.CreateTimeout(ct);
            await e.ExecuteAsync(new ImapCommandBuilder("LOGOUT"), null, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or MailProtocolException or ObjectDisposedException)
        {
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => CloseAsync();

    private async ValueTask CloseAsync()
    {
        var e = engine;
        engine = null;
        IsAuthenticated = false;
        if (e is not null)
        {
            await e.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandshakeAsync(MailTlsMode tlsMode, CancellationToken ct)
    {
        try
        {
            await RunAsync(
                async (e, c) =>
                {
                    var greeting = await e.ReadResponseAsync(c).ConfigureAwait(false);
                    if (greeting.Kind != ImapResponseKind.Untagged || greeting.Status is not (ImapStatus.Ok or ImapStatus.Preauth))
                    {
                        throw new MailProtocolException(greeting.Status == ImapStatus.Bye
                            ? $"The IMAP server refused the connection: {greeting.Text}"
                            : $"The IMAP server sent no greeting (got '{greeting}').");
                    }

                    e.HandleUntagged(greeting);
                    Greeting = greeting.Text;
                    IsAuthenticated = greeting.Status == ImapStatus.Preauth;
                    if (greeting.Code != "CAPABILITY")
                    {
                        await RefreshCapabilitiesAsync(e, c).ConfigureAwait(false);
                    }

                    if (tlsMode == MailTlsMode.StartTls)
                    {
                        if (!e.Capabilities.Has(ImapCapability.StartTls))
                        {
                            throw new NotSupportedException($"The IMAP server {e.Connection.Host} does not offer STARTTLS; refusing to continue without TLS.");
                        }

                        await CommandAsync(e, new ImapCommandBuilder("STARTTLS"), null, c).ConfigureAwait(false);
                        await e.Connection.StartTlsAsync(options.Tls, c).ConfigureAwait(false);

                        // RFC 3501 section 6.2.1: capabilities learned before TLS must be discarded.
                        e.Capabilities = ImapCapabilities.Empty;
                        await RefreshCapabilitiesAsync(e, c).ConfigureAwait(false);
                    }

                    return true;
                },
                ct).ConfigureAwait(false);
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task RefreshCapabilitiesAsync(ImapEngine e, CancellationToken ct) =>
        await CommandAsync(e, new ImapCommandBuilder("CAPABILITY"), null, ct).ConfigureAwait(false);

    private ImapCapabilities CheckCanAuthenticate()
    {
        var e = CheckConnected();
        if (IsAuthenticated)
        {
            throw new InvalidOperationException("Already authenticated.");
        }

        if (!e.Connection.IsSecure && !options.AllowInsecureAuthentication)
        {
            throw new AuthenticationException("Refusing to send credentials over a connection without TLS (set AllowInsecureAuthentication for loopback test servers).");
        }

        return e.Capabilities;
    }

    private Task AuthenticateSaslAsync(string mechanism, string initialResponse, CancellationToken ct) =>
        RunAsync(
            async (e, c) =>
            {
                ImapCommandBuilder cmd;
                var sent = false;
                if (e.Capabilities.Has(ImapCapability.SaslIR))
                {
                    // RFC 4959: the initial response rides on the command line.
                    cmd = new ImapCommandBuilder("AUTHENTICATE").Append(" " + mechanism + " ").Secret(initialResponse);
                    sent = true;
                }
                else
                {
                    cmd = new ImapCommandBuilder("AUTHENTICATE").Append(" " + mechanism);
                }

                // Later challenges (XOAUTH2 sends its error as one) get an empty answer, which ends the exchange.
                string Answer(string challenge)
                {
                    if (sent)
                    {
                        return "";
                    }

                    sent = true;
                    return initialResponse;
                }

                var done = await e.ExecuteAsync(cmd, null, Answer, c).ConfigureAwait(false);
                if (done.Status != ImapStatus.Ok)
                {
                    throw ImapEngine.Failure("AUTHENTICATE " + mechanism, done);
                }

                await AfterAuthenticationAsync(e, c).ConfigureAwait(false);
                return true;
            },
            ct);

    private async Task AfterAuthenticationAsync(ImapEngine e, CancellationToken ct)
    {
        IsAuthenticated = true;

        // Servers usually send [CAPABILITY ...] in the tagged OK; ask only if the list still looks pre-login.
        if (e.Capabilities.AuthMechanisms.Count > 0 || e.Capabilities.Raw.Count == 0)
        {
            await RefreshCapabilitiesAsync(e, ct).ConfigureAwait(false);
        }
    }

    private static async Task<ImapResponse> CommandAsync(ImapEngine e, ImapCommandBuilder cmd, Func<ImapResponse, bool>? onUntagged, CancellationToken ct)
    {
        var done = await e.ExecuteAsync(cmd, onUntagged, null, ct).ConfigureAwait(false);
        if (done.Status != ImapStatus.Ok)
        {
            throw ImapEngine.Failure(cmd.Name, done);
        }

        return done;
    }

    private ImapEngine CheckConnected() =>
        engine is { Connection.IsConnected: true } e ? e : throw new InvalidOperationException("The IMAP client is not connected.");

    private ImapEngine CheckAuthenticated()
    {
        var e = CheckConnected();
        return IsAuthenticated ? e : throw new InvalidOperationException("The IMAP client is not authenticated.");
    }

    private ImapEngine CheckSelected()
    {
        var e = CheckAuthenticated();
        return e.Selected is not null ? e : throw new InvalidOperationException("No mailbox is selected; call SelectAsync first.");
    }

    private void CheckNotConnected()
    {
        if (engine is not null)
        {
            throw new InvalidOperationException("The IMAP client is already connected.");
        }
    }

    private Task RunAsync(Func<ImapEngine, CancellationToken, Task> operation, CancellationToken ct) =>
        RunAsync(
            async (e, c) =>
            {
                await operation(e, c).ConfigureAwait(false);
                return true;
            },
            ct);

    /// <summary>
    /// Applies the command timeout and closes the connection on anything that leaves it in an unknown state
    /// (cancellation, timeout, I/O or protocol errors); a NO/BAD (<see cref="ImapCommandException"/>) keeps it.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<ImapEngine, CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var e = CheckConnected();
        using var timeout = e.Connection.CreateTimeout(ct);
        try
        {
            return await operation(e, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (LeavesConnectionUnknown(ex))
        {
            if (await FailConnectionAsync(e, ex, ct).ConfigureAwait(false) is { } replacement)
            {
                throw replacement;
            }

            throw;
        }
    }

    private static bool LeavesConnectionUnknown(Exception ex) =>
        ex is OperationCanceledException or IOException or MailProtocolException or AuthenticationException or ObjectDisposedException;

    /// <summary>Closes the connection after <paramref name="ex"/>; returns the exception to throw instead, or null to rethrow it.</summary>
    private async ValueTask<Exception?> FailConnectionAsync(ImapEngine e, Exception ex, CancellationToken ct)
    {
        await CloseAsync().ConfigureAwait(false);
        return ex switch
        {
            OperationCanceledException when !ct.IsCancellationRequested =>
                new TimeoutException($"The IMAP server {e.Connection.Host} did not answer within {e.Connection.Timeout.TotalSeconds:0.#} s."),
            IOException when e.ByeText is not null => new IOException($"The IMAP server closed the connection: {e.ByeText}", ex),
            _ => null,
        };
    }
}
