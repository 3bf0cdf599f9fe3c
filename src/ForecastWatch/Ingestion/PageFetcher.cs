using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Ingestion;

internal enum FetchStatus
{
    Ok,
    NotModified,
    Failed,
    Forbidden,
    RobotsDisallowed,
    TooLarge,
}

/// <summary>A conditional GET: the validators of the copy we have, if any.</summary>
internal sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null, string Accept = PageFetcher.AcceptHtml);

/// <summary>What came back. <see cref="Body"/> is decompressed and at most the configured size.</summary>
internal sealed record FetchResult(
    FetchStatus Status,
    Uri RequestedUrl,
    Uri FinalUrl,
    int? StatusCode,
    string? MediaType,
    string? Charset,
    byte[] Body,
    string? ETag,
    string? LastModified,
    string? Error)
{
    public bool IsOk => Status == FetchStatus.Ok;

    /// <summary>
    /// The body as text: BOM, then the Content-Type charset, then a <c>&lt;meta charset&gt;</c> or XML declaration,
    /// then UTF-8.
    /// </summary>
    public string Text() => TextDecoding.Decode(Body, Charset);
}

/// <summary>
/// Fetches one URL politely and safely: robots.txt, a per-host interval, conditional GET, redirects followed by hand
/// (each hop checked: scheme, robots, and the connect-time address policy of <see cref="SafeHttpHandler"/>), a size
/// limit on the decompressed body and a time limit on every attempt. Retries, timeouts and the circuit breaker are
/// the resilience handler's (see <see cref="IngestServiceCollectionExtensions"/>).
/// </summary>
internal sealed partial class PageFetcher
{
    public const string HttpClientName = "ingest";
    public const string AcceptHtml = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
    public const string AcceptFeed = "application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,"
        + "application/xml;q=0.9,text/xml;q=0.8,*/*;q=0.5";
    private const int MaxRobotsBytes = 512 * 1024;
    private const int MaxRobotsRedirects = 5;
    private static readonly TimeSpan RobotsLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan UnreachableRobotsLifetime = TimeSpan.FromMinutes(5);

    private readonly IngestHttpClients _clients;
    private readonly IOptions<IngestOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PageFetcher> _logger;
    private readonly ConcurrentDictionary<string, HostGate> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (RobotsState Robots, DateTimeOffset Expires)> _robots =
        new(StringComparer.OrdinalIgnoreCase);

    public PageFetcher(IngestHttpClients clients, IOptions<IngestOptions> options, TimeProvider time, ILogger<PageFetcher> logger)
    {
        _clients = clients;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public static string Version { get; } = typeof(PageFetcher).Assembly.GetName().Version?.ToString(3) ?? "0";

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Value;
        var url = request.Url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                AddressPolicy.CheckUrl(url);
                if (options.RespectRobotsTxt)
                {
                    var robots = await GetRobotsAsync(url, cancellationToken).ConfigureAwait(false);
                    if (robots.Unreachable is { } why)
                    {
                        // RFC 9309 section 2.3.1.4: nothing is fetched from the host until its robots.txt can be read.
                        return Fail(FetchStatus.Failed, request, url, null,
                            $"{AddressPolicy.Describe(url)}: not fetched, robots.txt unreachable ({why}).");
                    }

                    if (!robots.Rules.IsAllowed(url))
                    {
                        return Fail(FetchStatus.RobotsDisallowed, request, url, null,
                            $"{AddressPolicy.Describe(url)}: disallowed by robots.txt for {options.UserAgent}.");
                    }
                }

                using var slot = await EnterHostAsync(url, cancellationToken).ConfigureAwait(false);
                using var message = new HttpRequestMessage(HttpMethod.Get, url);
                message.Headers.TryAddWithoutValidation("Accept", request.Accept);
                // Validators belong to the URL they were given for; a redirect target is fetched whole.
                if (hop == 0 && request.ETag is { Length: > 0 } etag)
                {
                    message.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (hop == 0 && request.LastModified is { Length: > 0 } lastModified)
                {
                    message.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
                }

                var client = _clients.CreateClient();
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if (code is 301 or 302 or 303 or 307 or 308)
                {
                    if (response.Headers.Location is not { } location)
                    {
                        return Fail(FetchStatus.Failed, request, url, code,
                            $"{AddressPolicy.Describe(url)}: HTTP {code} without a Location.");
                    }

                    if (hop >= options.MaxRedirects)
                    {
                        return Fail(FetchStatus.Failed, request, url, code,
                            $"{AddressPolicy.Describe(request.Url)}: more than {options.MaxRedirects} redirects.");
                    }

                    url = location.IsAbsoluteUri ? location : new Uri(url, location);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return new FetchResult(FetchStatus.NotModified, request.Url, url, code, null, null, [], request.ETag,
                        request.LastModified, null);
                }

                if (!response.IsSuccessStatusCode)
                {
                    var retryAfter = response.Headers.RetryAfter is { } ra ? $" (Retry-After: {ra})" : "";
                    return Fail(FetchStatus.Failed, request, url, code,
                        $"{AddressPolicy.Describe(url)}: HTTP {code} {response.ReasonPhrase}{retryAfter}.");
                }

                var (body, tooLarge) = await ReadLimitedAsync(response, options, cancellationToken).ConfigureAwait(false);
                if (tooLarge)
                {
                    return Fail(FetchStatus.TooLarge, request, url, code, $"{AddressPolicy.Describe(url)}: larger than "
                        + $"{options.MaxResponseBytes} bytes (ForecastWatch:Ingest:MaxResponseBytes).");
                }

                var type = response.Content.Headers.ContentType;
                return new FetchResult(
                    FetchStatus.Ok, request.Url, url, code, type?.MediaType, type?.CharSet, body,
                    response.Headers.ETag?.ToString(),
                    response.Content.Headers.LastModified?.ToString("R"),
                    null);
            }
        }
        catch (ForbiddenDestinationException ex)
        {
            return Fail(FetchStatus.Forbidden, request, url, null, ex.Message);
        }
        catch (HttpRequestException ex) when (FindForbidden(ex) is { } forbidden)
        {
            return Fail(FetchStatus.Forbidden, request, url, null, forbidden.Message);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            return Fail(FetchStatus.Failed, request, url, null, $"{AddressPolicy.Describe(url)}: {Explain(ex, url)}");
        }
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Explain(Exception ex, Uri url) => ex switch
    {
        OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException => "timed out",
        Polly.CircuitBreaker.BrokenCircuitException broken =>
            $"not tried: {url.Authority} failed too often lately, so requests to it are paused (circuit breaker, " +
            $"ForecastWatch:Ingest:CircuitBreaker){(broken.RetryAfter is { } after ? $" for {after.TotalSeconds:0} s more" : "")}",
        _ => ex.Message,
    };

    private static ForbiddenDestinationException? FindForbidden(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is ForbiddenDestinationException f)
            {
                return f;
            }
        }

        return null;
    }

    private static FetchResult Fail(FetchStatus status, FetchRequest request, Uri url, int? code, string error) =>
        new(status, request.Url, url, code, null, null, [], null, null, error);

    private async Task<(byte[] Body, bool TooLarge)> ReadLimitedAsync(
        HttpResponseMessage response, IngestOptions options, CancellationToken cancellationToken, bool truncate = false)
    {
        if (!truncate && response.Content.Headers.ContentLength is { } length && length > options.MaxResponseBytes)
        {
            return ([], true);
        }

        using var timeout = new CancellationTokenSource(options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, linked.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > options.MaxResponseBytes)
                {
                    if (!truncate)
                    {
                        return ([], true);
                    }

                    buffer.Write(chunk, 0, (int)(options.MaxResponseBytes - buffer.Length));
                    return (buffer.ToArray(), false);
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), false);
        }
    }

    /// <summary>
    /// The host's turn: one request at a time per host, each starting at least the per-host interval (or a longer
    /// Crawl-delay, up to MaxCrawlDelay) after the previous one ended. Dispose the slot when the response is read.
    /// </summary>
    private async Task<HostSlot> EnterHostAsync(Uri url, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var interval = options.PerHostInterval;
        if (options.RespectRobotsTxt && _robots.TryGetValue(url.GetLeftPart(UriPartial.Authority), out var robots)
            && robots.Robots.Rules.CrawlDelay is { } crawlDelay)
        {
            interval = TimeSpan.FromTicks(Math.Max(interval.Ticks, Math.Min(crawlDelay.Ticks, options.MaxCrawlDelay.Ticks)));
        }

        var gate = _gates.GetOrAdd(url.Authority, static _ => new HostGate());
        await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = gate.LastEnded is { } last ? last + interval - _time.GetUtcNow() : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            gate.Lock.Release();
            throw;
        }

        return new HostSlot(gate, _time);
    }

    /// <summary>
    /// robots.txt of the URL's scheme, host and port, cached for an hour (5xx for 5 minutes, a network failure not at
    /// all: the circuit breaker paces those). Redirects are followed (up to 5, RFC 9309 section 2.3.1.2), each hop
    /// checked like any other; 4xx means no restrictions; only the first 512 KiB are read.
    /// </summary>
    private async Task<RobotsState> GetRobotsAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = url.GetLeftPart(UriPartial.Authority);
        var now = _time.GetUtcNow();
        if (_robots.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return cached.Robots;
        }

        var robotsUrl = new Uri(new Uri(key), "/robots.txt");
        var options = _options.Value;
        RobotsState robots;
        var lifetime = RobotsLifetime;
        try
        {
            for (var hop = 0; ; hop++)
            {
                AddressPolicy.CheckUrl(robotsUrl);
                using var slot = await EnterHostAsync(robotsUrl, cancellationToken).ConfigureAwait(false);
                using var message = new HttpRequestMessage(HttpMethod.Get, robotsUrl);
                using var response = await _clients.CreateClient()
                    .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if (code is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location && hop < MaxRobotsRedirects)
                {
                    robotsUrl = location.IsAbsoluteUri ? location : new Uri(robotsUrl, location);
                    continue;
                }

                if (response.IsSuccessStatusCode)
                {
                    var limited = new IngestOptions { MaxResponseBytes = MaxRobotsBytes, AttemptTimeout = options.AttemptTimeout };
                    var (body, _) = await ReadLimitedAsync(response, limited, cancellationToken, truncate: true).ConfigureAwait(false);
                    robots = new RobotsState(RobotsTxt.Parse(Encoding.UTF8.GetString(body), options.UserAgent), null);
                }
                else if (code is >= 400 and < 500 || code is >= 300 and < 400)
                {
                    // Section 2.3.1.3: "unavailable" (4xx, or too many redirects) means no restrictions.
                    robots = new RobotsState(RobotsTxt.AllowAll, null);
                }
                else
                {
                    // Section 2.3.1.4: "unreachable" (5xx) means assume complete disallow, for now.
                    var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"HTTP {code}");
                    Log.RobotsUnreachable(_logger, robotsUrl.ToString(), reason);
                    robots = new RobotsState(RobotsTxt.DisallowAll, reason);
                    lifetime = UnreachableRobotsLifetime;
                }

                break;
            }
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            if (FindForbidden(ex) is { } forbidden)
            {
                throw forbidden;
            }

            Log.RobotsUnreachable(_logger, robotsUrl.ToString(), ex.Message);
            return new RobotsState(RobotsTxt.DisallowAll, Explain(ex, robotsUrl));
        }

        _robots[key] = (robots, now + lifetime);
        return robots;
    }

    /// <summary>The rules, or why robots.txt could not be read (then nothing is fetched from the host).</summary>
    private sealed record RobotsState(RobotsTxt Rules, string? Unreachable);

    private sealed class HostGate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset? LastEnded { get; set; }
    }

    /// <summary>Holds a host's turn; disposing it records when the request ended and lets the next one wait its interval.</summary>
    private sealed class HostSlot(HostGate gate, TimeProvider time) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.LastEnded = time.GetUtcNow();
                gate.Lock.Release();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
            Message = "robots.txt at {Url} is unreachable ({Reason}): nothing on that host is fetched for now.")]
        public static partial void RobotsUnreachable(ILogger logger, string url, string reason);
    }
}

/// <summary>Bytes of a page or feed to text, with the charset it declares (non-UTF-8 pages are common).</summary>
internal static partial class TextDecoding
{
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(byte[] body, string? charset)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(body, 3, body.Length - 3);
        }

        if (body.Length >= 2 && body[0] == 0xFF && body[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(body, 2, body.Length - 2);
        }

        if (body.Length >= 2 && body[0] == 0xFE && body[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(body, 2, body.Length - 2);
        }

        var encoding = Find(charset) ?? Find(Sniff(body)) ?? Encoding.UTF8;
        return encoding.GetString(body);
    }

    private static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        try
        {
            // WHATWG Encoding: a label of latin1/ascii means windows-1252.
            var n = name.Trim().Trim('"', '\'').ToLowerInvariant();
            return Encoding.GetEncoding(n is "iso-8859-1" or "latin1" or "us-ascii" or "ascii" ? "windows-1252" : n);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? Sniff(byte[] body)
    {
        var head = Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 2048));
        var m = DeclaredCharset().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_\-:.]+)""",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DeclaredCharset();
}
