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

    /// <summary>The body as text: BOM, then the Content-Type charset, then a <c>&lt;meta charset&gt;</c> or XML declaration, then UTF-8.</summary>
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
    public const string AcceptFeed = "application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,application/xml;q=0.9,text/xml;q=0.8,*/*;q=0.5";
    private const int MaxRobotsBytes = 512 * 1024;
    private static readonly TimeSpan RobotsLifetime = TimeSpan.FromHours(1);

    private readonly IHttpClientFactory _clients;
    private readonly IOptions<IngestOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PageFetcher> _logger;
    private readonly ConcurrentDictionary<string, HostGate> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (RobotsTxt Robots, DateTimeOffset Expires)> _robots = new(StringComparer.OrdinalIgnoreCase);

    public PageFetcher(IHttpClientFactory clients, IOptions<IngestOptions> options, TimeProvider time, ILogger<PageFetcher> logger)
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
                if (options.RespectRobotsTxt && !(await GetRobotsAsync(url, cancellationToken).ConfigureAwait(false)).IsAllowed(url))
                {
                    return Fail(FetchStatus.RobotsDisallowed, request, url, null, $"{AddressPolicy.Describe(url)}: disallowed by robots.txt for {options.UserAgent}.");
                }

                await WaitForHostAsync(url, cancellationToken).ConfigureAwait(false);
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

                var client = _clients.CreateClient(HttpClientName);
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if (code is 301 or 302 or 303 or 307 or 308)
                {
                    if (response.Headers.Location is not { } location)
                    {
                        return Fail(FetchStatus.Failed, request, url, code, $"{AddressPolicy.Describe(url)}: HTTP {code} without a Location.");
                    }

                    if (hop >= options.MaxRedirects)
                    {
                        return Fail(FetchStatus.Failed, request, url, code, $"{AddressPolicy.Describe(request.Url)}: more than {options.MaxRedirects} redirects.");
                    }

                    url = location.IsAbsoluteUri ? location : new Uri(url, location);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return new FetchResult(FetchStatus.NotModified, request.Url, url, code, null, null, [], request.ETag, request.LastModified, null);
                }

                if (!response.IsSuccessStatusCode)
                {
                    var retryAfter = response.Headers.RetryAfter is { } ra ? $" (Retry-After: {ra})" : "";
                    return Fail(FetchStatus.Failed, request, url, code, $"{AddressPolicy.Describe(url)}: HTTP {code} {response.ReasonPhrase}{retryAfter}.");
                }

                var (body, tooLarge) = await ReadLimitedAsync(response, options, cancellationToken).ConfigureAwait(false);
                if (tooLarge)
                {
                    return Fail(FetchStatus.TooLarge, request, url, code, $"{AddressPolicy.Describe(url)}: larger than {options.MaxResponseBytes} bytes (ForecastWatch:Ingest:MaxResponseBytes).");
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
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var what = ex is OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException ? "timed out" : ex.Message;
            return Fail(FetchStatus.Failed, request, url, null, $"{AddressPolicy.Describe(url)}: {what}");
        }
    }

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

    private async Task<(byte[] Body, bool TooLarge)> ReadLimitedAsync(HttpResponseMessage response, IngestOptions options, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > options.MaxResponseBytes)
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
                    return ([], true);
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), false);
        }
    }

    private async Task WaitForHostAsync(Uri url, CancellationToken cancellationToken)
    {
        var interval = _options.Value.PerHostInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var gate = _gates.GetOrAdd(url.Authority, static _ => new HostGate());
        await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = gate.NextAllowed - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            gate.NextAllowed = _time.GetUtcNow() + interval;
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private async Task<RobotsTxt> GetRobotsAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = url.GetLeftPart(UriPartial.Authority);
        var now = _time.GetUtcNow();
        if (_robots.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return cached.Robots;
        }

        var robotsUrl = new Uri(new Uri(key), "/robots.txt");
        RobotsTxt robots;
        try
        {
            await WaitForHostAsync(robotsUrl, cancellationToken).ConfigureAwait(false);
            using var message = new HttpRequestMessage(HttpMethod.Get, robotsUrl);
            using var response = await _clients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var options = _options.Value;
                var limited = new IngestOptions { MaxResponseBytes = MaxRobotsBytes, AttemptTimeout = options.AttemptTimeout };
                var (body, tooLarge) = await ReadLimitedAsync(response, limited, cancellationToken).ConfigureAwait(false);
                robots = tooLarge ? RobotsTxt.AllowAll : RobotsTxt.Parse(Encoding.UTF8.GetString(body), options.UserAgent);
            }
            else if (code is >= 400 and < 500 || code is >= 300 and < 400)
            {
                // RFC 9309 section 2.3.1.3: "unavailable" (4xx) means no restrictions. Redirects are not followed here.
                robots = RobotsTxt.AllowAll;
            }
            else
            {
                // Section 2.3.1.4: "unreachable" (5xx) means assume complete disallow, for now.
                Log.RobotsUnreachable(_logger, robotsUrl.ToString(), code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                robots = RobotsTxt.Parse("User-agent: *\nDisallow: /\n", "*");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (FindForbidden(ex) is { } forbidden)
            {
                throw forbidden;
            }

            Log.RobotsUnreachable(_logger, robotsUrl.ToString(), ex.Message);
            robots = RobotsTxt.Parse("User-agent: *\nDisallow: /\n", "*");
            _robots[key] = (robots, now + TimeSpan.FromMinutes(5));
            return robots;
        }

        _robots[key] = (robots, now + RobotsLifetime);
        return robots;
    }

    private sealed class HostGate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset NextAllowed { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "robots.txt at {Url} is unreachable ({Reason}): nothing on that host is fetched for now.")]
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

    [System.Text.RegularExpressions.GeneratedRegex("""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DeclaredCharset();
}
