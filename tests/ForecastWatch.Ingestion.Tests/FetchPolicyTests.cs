using System.Collections.Concurrent;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Ingestion.Tests;

/// <summary>
/// The fetcher's manners on a fake clock: the per-host circuit breaker (counted at the server), the interval between two
/// requests to one host and a robots.txt Crawl-delay (request times read from the same clock), and robots.txt fetching.
/// </summary>
public sealed class FetchPolicyTests : IAsyncLifetime
{
    private const string SecondBody = "<p>Inflation will fall below 2% by the end of 2027.</p>";
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ConcurrentQueue<(string Path, DateTimeOffset At)> _seen = new();
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestWebServer.StartAsync();
        _server.Map("/robots.txt", c => { c.Response.StatusCode = 404; return Task.CompletedTask; });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private ServiceProvider Services(Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ForecastWatch:DataDirectory"] = _data.Path,
            ["ForecastWatch:Mailing:TokenSecret"] = "an-ingest-test-secret-of-some-length",
            ["ForecastWatch:Ingest:AllowPrivateAddresses"] = "true",
            ["ForecastWatch:Ingest:ContactAddress"] = "ops@example.test",
            ["ForecastWatch:Ingest:RetryAttempts"] = "0",
            // Long limits: the fake clock moves in steps while real requests are in flight.
            ["ForecastWatch:Ingest:AttemptTimeout"] = "00:10:00",
            ["ForecastWatch:Ingest:TotalTimeout"] = "01:00:00",
            ["ForecastWatch:Sources:0:Name"] = "wire",
            ["ForecastWatch:Sources:0:Url"] = _server.Url("feed.xml").ToString(),
            ["ForecastWatch:Sources:0:Outlet"] = "The Wire",
        };
        foreach (var (k, v) in extra)
        {
            settings[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddForecastWatchCore(configuration, _clock);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<MigrationRunner>().ApplyPendingAsync(CancellationToken.None).GetAwaiter().GetResult();
        return provider;
    }

    /// <summary>A route that records when (on the fake clock) it was asked, then answers <paramref name="body"/>.</summary>
    private void MapTimed(string path, string contentType, Func<string> body) => _server.Map(path, async c =>
    {
        _seen.Enqueue((path, _clock.GetUtcNow()));
        c.Response.ContentType = contentType;
        await c.Response.WriteAsync(body());
    });

    /// <summary>
    /// Runs <paramref name="work"/> while moving the fake clock a second every 50 ms until it completes. The assertions
    /// read times from this clock only; the real pace just has to stay below the (10-minute) attempt timeout.
    /// </summary>
    private async Task<T> WithMovingClockAsync<T>(Func<Task<T>> work)
    {
        var task = work();
        while (!task.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        return await task;
    }

    private string Rss(params string[] paths) =>
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed</title>" +
        string.Concat(paths.Select((p, i) =>
            $"<item><title>T{i}</title><link>{_server.Url(p)}</link><pubDate>Tue, 10 Nov 2026 0{i}:00:00 GMT</pubDate></item>")) +
        "</channel></rss>";

    [Fact]
    public async Task FetchAsync_FailingHost_OpensTheCircuit_ThenShortCircuits_ThenClosesAfterTheBreak()
    {
        var failing = true;
        _server.Map("/flaky", async c =>
        {
            c.Response.StatusCode = failing ? 500 : 200;
            await c.Response.WriteAsync(failing ? "boom" : "<html><body><p>ok</p></body></html>");
        });
        await using var sp = Services(new()
        {
            ["ForecastWatch:Ingest:RespectRobotsTxt"] = "false",
            ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00",
            ["ForecastWatch:Ingest:CircuitBreaker:MinimumThroughput"] = "3",
            ["ForecastWatch:Ingest:CircuitBreaker:FailureRatio"] = "0.5",
            ["ForecastWatch:Ingest:CircuitBreaker:SamplingDuration"] = "00:01:00",
            ["ForecastWatch:Ingest:CircuitBreaker:BreakDuration"] = "00:05:00",
        });
        var fetcher = sp.GetRequiredService<PageFetcher>();
        var url = _server.Url("flaky");
        var sameServerOtherHost = new Uri($"http://localhost:{url.Port}/flaky");

        var failures = new List<FetchResult>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add(await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));
        }

        var reachedWhileFailing = _server.Count("/flaky");
        var shortCircuited = new List<FetchResult>();
        for (var i = 0; i < 4; i++)
        {
            shortCircuited.Add(await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));
        }

        var reachedWhileOpen = _server.Count("/flaky");
        var otherHost = await fetcher.FetchAsync(new FetchRequest(sameServerOtherHost), CancellationToken.None);
        failing = false;
        _clock.Advance(TimeSpan.FromMinutes(4));
        var stillOpen = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
        var reachedBeforeBreakEnds = _server.Count("/flaky");
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var trial = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
        var closed = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);

        Assert.All(failures, f => Assert.Contains("HTTP 500", f.Error, StringComparison.Ordinal));
        Assert.Equal(3, reachedWhileFailing);
        Assert.All(shortCircuited, f =>
        {
            Assert.Equal(FetchStatus.Failed, f.Status);
            Assert.Contains("circuit breaker", f.Error, StringComparison.Ordinal);
        });
        Assert.Equal(3, reachedWhileOpen);
        // One circuit per host: the same server under another name was still asked.
        Assert.Contains("HTTP 500", otherHost.Error, StringComparison.Ordinal);
        Assert.Contains("circuit breaker", stillOpen.Error, StringComparison.Ordinal);
        Assert.Equal(4, reachedBeforeBreakEnds);
        Assert.Equal((FetchStatus.Ok, FetchStatus.Ok), (trial.Status, closed.Status));
        Assert.Equal(6, _server.Count("/flaky"));
    }

    [Fact]
    public async Task RunAsync_OpenCircuit_SourceFailsWithoutTouchingTheHost_AndNextRunAfterTheBreakSucceeds()
    {
        var failing = true;
        _server.Map("/feed.xml", async c =>
        {
            c.Response.StatusCode = failing ? 503 : 200;
            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync(failing ? "" : Rss());
        });
        await using var sp = Services(new()
        {
            ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00",
            ["ForecastWatch:Ingest:CircuitBreaker:MinimumThroughput"] = "2",
            ["ForecastWatch:Ingest:CircuitBreaker:FailureRatio"] = "0.5",
            ["ForecastWatch:Ingest:CircuitBreaker:BreakDuration"] = "00:10:00",
        });
        var ingest = sp.GetRequiredService<IngestService>();

        var first = await ingest.RunAsync(null, CancellationToken.None);
        var second = await ingest.RunAsync(null, CancellationToken.None);
        var third = await ingest.RunAsync(null, CancellationToken.None);
        var askedWhileOpen = _server.Count("/feed.xml");
        failing = false;
        _clock.Advance(TimeSpan.FromMinutes(11));
        var afterBreak = await ingest.RunAsync(null, CancellationToken.None);

        Assert.Contains("HTTP 503", first.Sources[0].Error, StringComparison.Ordinal);
        Assert.Contains("circuit breaker", third.Sources[0].Error, StringComparison.Ordinal);
        Assert.Equal("failed", second.Sources[0].Status);
        Assert.True(askedWhileOpen <= 2, $"the feed was asked {askedWhileOpen} times; the open circuit should have stopped the third run");
        Assert.Equal("ok", afterBreak.Sources[0].Status);
        Assert.Equal(askedWhileOpen + 1, _server.Count("/feed.xml"));
    }

    [Fact]
    public async Task RunAsync_TwoItemsOnOneHost_EveryRequestSpacedByThePerHostInterval()
    {
        MapTimed("/robots.txt", "text/plain", static () => "User-agent: *\nDisallow: /private/\n");
        MapTimed("/feed.xml", "application/rss+xml", () => Rss("a/one", "a/two"));
        MapTimed("/a/one", "text/html", static () => IngestServiceTests.Page("One", IngestServiceTests.ArticleBody));
        MapTimed("/a/two", "text/html", static () => IngestServiceTests.Page("Two", SecondBody));
        await using var sp = Services(new() { ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:10" });

        var report = await WithMovingClockAsync(() => sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None));

        Assert.Equal(2, report.Count(IngestChange.Added));
        var times = _seen.ToList();
        Assert.Equal(["/a/one", "/a/two", "/feed.xml", "/robots.txt"], times.Select(static t => t.Path).Order(StringComparer.Ordinal));
        for (var i = 1; i < times.Count; i++)
        {
            var gap = times[i].At - times[i - 1].At;
            Assert.True(gap >= TimeSpan.FromSeconds(10),
                $"{times[i - 1].Path} -> {times[i].Path}: {gap} apart on the clock, less than the 10 s interval");
        }
    }

    [Fact]
    public async Task RunAsync_CrawlDelayLongerThanTheInterval_IsHonouredUpToMaxCrawlDelay()
    {
        MapTimed("/robots.txt", "text/plain", static () => "User-agent: *\nCrawl-delay: 30\n");
        MapTimed("/feed.xml", "application/rss+xml", () => Rss("a/one", "a/two"));
        MapTimed("/a/one", "text/html", static () => IngestServiceTests.Page("One", IngestServiceTests.ArticleBody));
        MapTimed("/a/two", "text/html", static () => IngestServiceTests.Page("Two", SecondBody));
        await using var sp = Services(new()
        {
            ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:01",
            ["ForecastWatch:Ingest:MaxCrawlDelay"] = "00:00:20",
        });

        await WithMovingClockAsync(() => sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None));

        var times = _seen.ToList();
        Assert.Equal(4, times.Count);
        for (var i = 1; i < times.Count; i++)
        {
            // 30 s asked, 20 s is the most we wait.
            Assert.True(times[i].At - times[i - 1].At >= TimeSpan.FromSeconds(20), $"{times[i - 1].Path} -> {times[i].Path}");
        }
    }

    [Fact]
    public async Task FetchAsync_RobotsTxtRedirected_TheTargetsRulesApply()
    {
        _server.Map("/robots.txt", c =>
        {
            c.Response.StatusCode = 301;
            c.Response.Headers.Location = "/site/robots.txt";
            return Task.CompletedTask;
        });
        _server.MapText("/site/robots.txt", "text/plain", "User-agent: *\nDisallow: /a/\n");
        _server.MapText("/a/one", "text/html", "<html><body><p>x</p></body></html>");
        await using var sp = Services(new() { ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00" });

        var result = await sp.GetRequiredService<PageFetcher>().FetchAsync(new FetchRequest(_server.Url("a/one")), CancellationToken.None);

        Assert.Equal(FetchStatus.RobotsDisallowed, result.Status);
        Assert.Equal(0, _server.Count("/a/one"));
    }

    [Fact]
    public async Task FetchAsync_RobotsTxtServerError_NothingFetchedAndTheReasonSaid()
    {
        _server.MapText("/robots.txt", "text/plain", "down", status: 503);
        _server.MapText("/a/one", "text/html", "<html><body><p>x</p></body></html>");
        await using var sp = Services(new() { ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00" });
        var fetcher = sp.GetRequiredService<PageFetcher>();

        var first = await fetcher.FetchAsync(new FetchRequest(_server.Url("a/one")), CancellationToken.None);
        var cached = await fetcher.FetchAsync(new FetchRequest(_server.Url("a/one")), CancellationToken.None);
        var robotsAsked = _server.Count("/robots.txt");
        _server.MapText("/robots.txt", "text/plain", "User-agent: *\nDisallow:\n");
        _clock.Advance(TimeSpan.FromMinutes(6));
        var later = await fetcher.FetchAsync(new FetchRequest(_server.Url("a/one")), CancellationToken.None);

        Assert.Equal(FetchStatus.Failed, first.Status);
        Assert.Contains("robots.txt unreachable (HTTP 503)", first.Error, StringComparison.Ordinal);
        Assert.Equal(FetchStatus.Failed, cached.Status);
        Assert.Equal(1, robotsAsked);
        Assert.Equal(FetchStatus.Ok, later.Status);
        Assert.Equal(1, _server.Count("/a/one"));
    }

    [Fact]
    public async Task FetchAsync_HugeRobotsTxt_FirstPartStillObeyed()
    {
        var padding = string.Concat(Enumerable.Repeat("# padding padding padding\n", 40_000));
        _server.MapText("/robots.txt", "text/plain", "User-agent: *\nDisallow: /a/\n" + padding);
        _server.MapText("/a/one", "text/html", "<html><body><p>x</p></body></html>");
        await using var sp = Services(new() { ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00" });

        var result = await sp.GetRequiredService<PageFetcher>().FetchAsync(new FetchRequest(_server.Url("a/one")), CancellationToken.None);

        Assert.Equal(FetchStatus.RobotsDisallowed, result.Status);
    }
}
