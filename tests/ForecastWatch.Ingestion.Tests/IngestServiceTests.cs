using System.Text;
using Dapper;
using ForecastWatch.Hosting;
using ForecastWatch.Inbound;
using ForecastWatch.Ingestion;
using ForecastWatch.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ForecastWatch.Ingestion.Tests;

/// <summary>Feeds and pages from a real loopback HTTP server through fetch, reading, storage, proposals and replies.</summary>
public sealed class IngestServiceTests : IAsyncLifetime
{
    internal const string ArticleBody = """
        <p>The industry body now expects global semiconductor revenue to fall below $500 billion by the end of 2027, its chief economist
        """ + " " + """
        said on Tuesday.</p>
        <p>Analysts at the bank say there is a 70% chance that the central bank will cut interest rates before June 2027.</p>
        <p>"We will open the new factory in Dresden by March 2028," the company's chief executive said.</p>
        """;

    private readonly TempDirectory _data = new();

    private TestWebServer _server = null!;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    internal static string Page(string title, string body, string? canonical = null, string charsetMeta = "") =>
        $"<!doctype html><html lang=\"en\"><head>{charsetMeta}<title>{title}</title>" +
        $"{(canonical is null ? "" : $"<link rel=\"canonical\" href=\"{canonical}\">")}</head>" +
        $"<body><nav><p>Menu</p></nav><article><h1>{title}</h1>{body}</article></body></html>";

    private string Rss(params (string Path, string Title, string Date)[] items) =>
        "<?xml version=\"1.0\"?><rss version=\"2.0\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Feed</title><language>en</language>" +
        string.Concat(items.Select(i =>
            $"<item><title>{i.Title}</title><link>{_server.Url(i.Path)}</link><pubDate>{i.Date}</pubDate><dc:creator>Jane "
            + $"Roe</dc:creator></item>")) +
        "</channel></rss>";

    internal ServiceProvider Services(Dictionary<string, string?>? extra = null, bool allowPrivate = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ForecastWatch:DataDirectory"] = _data.Path,
            ["ForecastWatch:Mailing:TokenSecret"] = "an-ingest-test-secret-of-some-length",
            ["ForecastWatch:Ingest:AllowPrivateAddresses"] = allowPrivate ? "true" : "false",
            ["ForecastWatch:Ingest:ContactAddress"] = "ops@example.test",
            ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00",
            ["ForecastWatch:Ingest:RetryBaseDelay"] = "00:00:00.050",
            ["ForecastWatch:Ingest:AttemptTimeout"] = "00:00:02",
            ["ForecastWatch:Ingest:TotalTimeout"] = "00:00:10",
            ["ForecastWatch:Sources:0:Name"] = "wire",
            ["ForecastWatch:Sources:0:Url"] = _server.Url("feed.xml").ToString(),
            ["ForecastWatch:Sources:0:Outlet"] = "The Wire",
            ["ForecastWatch:Sources:0:Tags:0"] = "economy",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddForecastWatchCore(configuration, TimeProvider.System);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<MigrationRunner>().ApplyPendingAsync(CancellationToken.None).GetAwaiter().GetResult();
        return provider;
    }

    private async Task<long> ScalarAsync(ServiceProvider sp, string sql)
    {
        await using var connection = await sp.GetRequiredService<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task RunAsync_RssFeed_StoresArticlesProposalsAndOneDeskEmailEach_SecondRunAddsNothing()
    {
        _server.MapText("/feed.xml", "application/rss+xml",
            Rss(("a/one", "One", "Tue, 10 Nov 2026 08:00:00 GMT"), ("a/two", "Two", "Wed, 11 Nov 2026 08:00:00 +0100")));
        _server.MapText("/a/one", "text/html; charset=utf-8", Page("Chipmakers brace", ArticleBody));
        _server.MapText("/a/two", "text/html; charset=utf-8", Page("Nothing ahead", "<p>The weather was fine yesterday.</p>"));
        await using var sp = Services();
        var sut = sp.GetRequiredService<IngestService>();

        var first = await sut.RunAsync(null, CancellationToken.None);
        var second = await sut.RunAsync(null, CancellationToken.None);

        Assert.Equal(2, first.Count(IngestChange.Added));
        Assert.Equal(1, first.MailsQueued);
        Assert.Equal(3, await ScalarAsync(sp, "SELECT count(*) FROM predictions WHERE status = 'proposed' AND origin = 'extracted'"));
        Assert.Equal(0, second.Count(IngestChange.Added) + second.Count(IngestChange.Revised) + second.MailsQueued);
        Assert.Equal(2, await ScalarAsync(sp, "SELECT count(*) FROM articles"));
        Assert.Equal(1, await ScalarAsync(sp, "SELECT count(*) FROM outbox WHERE category = 'proposals'"));
        // Its own return path (VERP), like every outgoing mail: desk+b<outbox id>.<mac>@domain.
        Assert.Equal(1, await ScalarAsync(sp,
            "SELECT count(*) FROM outbox WHERE category = 'proposals' AND envelope_from LIKE 'desk+b' || id || '.%@%'"));
        Assert.Equal(1, _server.Count("/a/one"));
        Assert.Contains(_server.Requests, r => r.UserAgent!.Contains("mailto:ops@example.test", StringComparison.Ordinal));
        var article = (await sp.GetRequiredService<PredictionRegistry>()
            .ListAsync(DateTimeOffset.UnixEpoch, CancellationToken.None)).First().Stored;
        Assert.Equal("The Wire", article.Outlet);
        Assert.Equal("2026-11-10", article.MadeOn?.ToString());
        Assert.Contains("economy", article.Prediction.Tags);
    }

    [Fact]
    public async Task RunAsync_ChangedPage_BecomesARevisionAndOldPredictionsKeepTheirText()
    {
        var date = "Tue, 10 Nov 2026 08:00:00 GMT";
        _server.Map("/feed.xml", async c =>
        {
            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync(Rss(("a/one", "One", date)));
        });
        var body = ArticleBody;
        _server.Map("/a/one", async c =>
        {
            c.Response.ContentType = "text/html";
            await c.Response.WriteAsync(Page("Chipmakers brace", body));
        });
        await using var sp = Services();
        var sut = sp.GetRequiredService<IngestService>();
        await sut.RunAsync(null, CancellationToken.None);

        body = "<p>Correction: the figures were revised.</p>" + ArticleBody
            + "<p>Unemployment in the euro area will rise above 7% within 12 months.</p>";
        date = "Wed, 11 Nov 2026 09:00:00 GMT";
        var second = await sut.RunAsync(null, CancellationToken.None);

        Assert.Equal(1, second.Count(IngestChange.Revised));
        Assert.Equal(2, await ScalarAsync(sp, "SELECT count(*) FROM ingested_articles"));
        Assert.Equal(1, await ScalarAsync(sp,
            "SELECT count(*) FROM predictions p JOIN ingested_articles i ON i.article_id = p.article_id WHERE i.revision = 2"));
        Assert.Equal(0, await ScalarAsync(sp,
            "SELECT count(*) FROM predictions p JOIN articles a ON a.id = p.article_id WHERE substr(a.body, p.quote_start + 1, "
                + "length(p.quote)) <> p.quote"));
    }

    [Fact]
    public async Task RunAsync_ETagAndNotModified_SendsValidatorAndStoresNothingNew()
    {
        _server.Map("/feed.xml", async c =>
        {
            if (c.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                c.Response.StatusCode = 304;
                return;
            }

            c.Response.Headers.ETag = "\"v1\"";
            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync(Rss(("a/one", "One", "Tue, 10 Nov 2026 08:00:00 GMT")));
        });
        _server.MapText("/a/one", "text/html", Page("Chipmakers brace", ArticleBody));
        await using var sp = Services();
        var sut = sp.GetRequiredService<IngestService>();

        await sut.RunAsync(null, CancellationToken.None);
        var second = await sut.RunAsync(null, CancellationToken.None);

        Assert.Equal("not-modified", second.Sources[0].Status);
        Assert.Contains(_server.Requests, r => r.Path == "/feed.xml" && r.IfNoneMatch == "\"v1\"");
    }

    [Fact]
    public async Task RunAsync_TooManyRequestsWithRetryAfter_RetriesAndSucceeds()
    {
        var calls = 0;
        _server.Map("/feed.xml", async c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                return;
            }

            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync(Rss());
        });
        await using var sp = Services();

        var report = await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);

        Assert.Equal("ok", report.Sources[0].Status);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task RunAsync_ServerError_RetriedThenRecordedAsTheSourcesError()
    {
        _server.MapText("/feed.xml", "text/plain", "boom", status: 500);
        await using var sp = Services();

        var report = await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);

        Assert.Equal("failed", report.Sources[0].Status);
        Assert.Contains("HTTP 500", report.Sources[0].Error, StringComparison.Ordinal);
        Assert.Equal(3, _server.Count("/feed.xml"));
        Assert.Equal(1, await ScalarAsync(sp, "SELECT errors FROM ingest_sources WHERE name = 'wire'"));
    }

    [Fact]
    public async Task FetchAsync_SlowServer_TimesOut()
    {
        _server.Map("/slow", async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), TimeProvider.System, c.RequestAborted)
                .ContinueWith(static _ => { }, TaskScheduler.Default);
        });
        await using var sp = Services(new()
        {
            ["ForecastWatch:Ingest:RetryAttempts"] = "0",
            ["ForecastWatch:Ingest:AttemptTimeout"] = "00:00:01",
            ["ForecastWatch:Ingest:TotalTimeout"] = "00:00:02"
        });

        var result = await sp.GetRequiredService<PageFetcher>().FetchAsync(new FetchRequest(_server.Url("slow")), CancellationToken.None);

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_FiftyMegabytePage_RefusedAsTooLarge()
    {
        _server.Map("/huge", async c =>
        {
            c.Response.ContentType = "text/html";
            var chunk = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 50 && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.Body.WriteAsync(chunk, c.RequestAborted).AsTask().ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        });
        await using var sp = Services();

        var result = await sp.GetRequiredService<PageFetcher>().FetchAsync(new FetchRequest(_server.Url("huge")), CancellationToken.None);

        Assert.Equal(FetchStatus.TooLarge, result.Status);
        Assert.Empty(result.Body);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:9/")]
    [InlineData("file:///etc/passwd")]
    public async Task FetchAsync_RedirectToPrivateOrOtherScheme_Refused(string target)
    {
        _server.Map("/jump", c => { c.Response.StatusCode = 302; c.Response.Headers.Location = target; return Task.CompletedTask; });
        // Private addresses allowed (the test server is on loopback): link-local stays refused, and a redirect to a
        // port nothing listens on would fail differently, so only the refusal message is accepted for loopback.
        await using var sp = Services(allowPrivate: target.Contains("169.254", StringComparison.Ordinal)
            || target.StartsWith("file", StringComparison.Ordinal));

        var result = await sp.GetRequiredService<PageFetcher>().FetchAsync(new FetchRequest(_server.Url("jump")), CancellationToken.None);

        Assert.Equal(FetchStatus.Forbidden, result.Status);
        Assert.True(target.StartsWith("file", StringComparison.Ordinal) ? _server.Count("/jump") == 1
            : result.Error!.Contains("not a public address", StringComparison.Ordinal) || _server.Count("/jump") == 0, result.Error);
    }

    [Fact]
    public async Task FetchAsync_DefaultSettings_RefuseTheLoopbackServer()
    {
        _server.MapText("/a", "text/html", Page("x", "<p>x</p>"));
        await using var sp = Services(allowPrivate: false);

        var result = await sp.GetRequiredService<PageFetcher>().FetchAsync(new FetchRequest(_server.Url("a")), CancellationToken.None);

        Assert.Equal(FetchStatus.Forbidden, result.Status);
        Assert.Contains("AllowPrivateAddresses", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _server.Count("/a"));
    }

    [Fact]
    public async Task FetchAsync_Redirects_FollowedAndCapped()
    {
        for (var i = 0; i < 8; i++)
        {
            var next = i + 1;
            _server.Map($"/r{i}", c =>
            {
                c.Response.StatusCode = 301;
                c.Response.Headers.Location = $"/r{next}";
                return Task.CompletedTask;
            });
        }

        _server.MapText("/r8", "text/html", "ok");
        _server.MapText("/final", "text/html", "ok");
        _server.Map("/go", c => { c.Response.StatusCode = 307; c.Response.Headers.Location = "/final"; return Task.CompletedTask; });
        await using var sp = Services();
        var sut = sp.GetRequiredService<PageFetcher>();

        var followed = await sut.FetchAsync(new FetchRequest(_server.Url("go")), CancellationToken.None);
        var capped = await sut.FetchAsync(new FetchRequest(_server.Url("r0")), CancellationToken.None);

        Assert.Equal((FetchStatus.Ok, "/final"), (followed.Status, followed.FinalUrl.AbsolutePath));
        Assert.Equal(FetchStatus.Failed, capped.Status);
        Assert.Contains("more than 5 redirects", capped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RobotsDisallow_PageNotFetched()
    {
        _server.MapText("/robots.txt", "text/plain", "User-agent: *\nAllow: /feed.xml\nDisallow: /a/\n");
        _server.MapText("/feed.xml", "application/rss+xml", Rss(("a/one", "One", "Tue, 10 Nov 2026 08:00:00 GMT")));
        _server.MapText("/a/one", "text/html", Page("Chipmakers brace", ArticleBody));
        await using var sp = Services();

        var report = await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);

        Assert.Equal(IngestChange.Skipped, report.Sources[0].Items.Single().Change);
        Assert.Equal(0, _server.Count("/a/one"));
    }

    [Fact]
    public async Task IngestUrlAsync_Windows1252Page_DecodedFromTheContentTypeCharset()
    {
        var html = Page("Caf\u00e9 prices", "<p>Caf\u00e9 owners in M\u00fcnster say prices will rise above 5 euros within 12 months.</p>");
        _server.Map("/latin", async c =>
        {
            c.Response.ContentType = "text/html; charset=windows-1252";
            await c.Response.Body.WriteAsync(CodePagesEncoding(html));
        });
        await using var sp = Services();

        await sp.GetRequiredService<IngestService>().IngestUrlAsync(_server.Url("latin"), null, CancellationToken.None);

        await using var connection = await sp.GetRequiredService<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        Assert.Contains("M\u00fcnster", await connection.ExecuteScalarAsync<string>("SELECT body FROM articles"), StringComparison.Ordinal);
    }

    private static byte[] CodePagesEncoding(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252).GetBytes(text);
    }

    [Fact]
    public async Task DeskReply_AcceptOneAndThree_AcceptsTwoAndConfirms()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss(("a/one", "One", "Tue, 10 Nov 2026 08:00:00 GMT")));
        _server.MapText("/a/one", "text/html", Page("Chipmakers brace", ArticleBody));
        await using var sp = Services();
        await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);
        await using var connection = await sp.GetRequiredService<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        var raw = Encoding.UTF8.GetString(await connection.ExecuteScalarAsync<byte[]>("SELECT raw FROM outbox WHERE category = 'proposals'")
            ?? []);
        var replyTo = System.Text.RegularExpressions.Regex.Match(raw, @"Reply-To: (desk\+q[^\s>]+)").Groups[1].Value;
        var messageId = System.Text.RegularExpressions.Regex.Match(raw, @"Message-Id: <([^>]+)>",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase).Groups[1].Value;
        Assert.Contains("1. ", raw, StringComparison.Ordinal);
        Assert.Contains("ACCEPT ALL", raw, StringComparison.Ordinal);
        var reply = $"From: Desk <desk@example.test>\r\nTo: {replyTo}\r\nSubject: Re: proposals\r\nMessage-ID: "
            + $"<r1@example.test>\r\nIn-Reply-To: <{messageId}>\r\n" +
                    "Date: Wed, 11 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nACCEPT 1 3\r\n\r\nThanks\r\n> 1. The "
                        + "industry body\r\n";
        var processor = sp.GetRequiredService<InboundProcessor>();

        var outcome = await processor.RecordAndDecideAsync("test", null, (s, ct) =>
            s.WriteAsync(Encoding.UTF8.GetBytes(reply), ct).AsTask(), CancellationToken.None);
        var again = await processor.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(reply), ct).AsTask(),
            CancellationToken.None);

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.True(outcome.Answered);
        Assert.True(again.Repeated);
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM predictions WHERE status = 'accepted'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM predictions WHERE status = 'proposed'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox WHERE category = 'reply-confirmation'"));
    }

    [Fact]
    public async Task DeskReply_FromAStranger_ChangesNothingAndIsNotAnswered()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss(("a/one", "One", "Tue, 10 Nov 2026 08:00:00 GMT")));
        _server.MapText("/a/one", "text/html", Page("Chipmakers brace", ArticleBody));
        await using var sp = Services();
        await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);
        await using var connection = await sp.GetRequiredService<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        var raw = Encoding.UTF8.GetString(await connection.ExecuteScalarAsync<byte[]>("SELECT raw FROM outbox WHERE category = 'proposals'")
            ?? []);
        var replyTo = System.Text.RegularExpressions.Regex.Match(raw, @"Reply-To: (desk\+q[^\s>]+)").Groups[1].Value;
        var reply =
            $"From: mallory@evil.test\r\nTo: {replyTo}\r\nSubject: Re: proposals\r\nMessage-ID: <m1@evil.test>\r\n\r\nACCEPT ALL\r\n";

        var outcome = await sp.GetRequiredService<InboundProcessor>().RecordAndDecideAsync("test", null, (s, ct) =>
            s.WriteAsync(Encoding.UTF8.GetBytes(reply), ct).AsTask(), CancellationToken.None);

        Assert.Equal(InboundStatus.Rejected, outcome.Status);
        Assert.False(outcome.Answered);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM predictions WHERE status = 'accepted'"));
    }

    [Fact]
    public async Task RunAsync_KilledMidRun_NextRunLosesNothingAndDuplicatesNothing()
    {
        using var kill = new CancellationTokenSource();
        _server.MapText("/feed.xml", "application/rss+xml",
            Rss(("a/one", "One", "Tue, 10 Nov 2026 08:00:00 GMT"), ("a/two", "Two", "Mon, 09 Nov 2026 08:00:00 GMT")));
        _server.MapText("/a/one", "text/html", Page("Chipmakers brace", ArticleBody));
        var killed = true;
        _server.Map("/a/two", async c =>
        {
            if (killed)
            {
                await kill.CancelAsync();
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
            }

            c.Response.ContentType = "text/html";
            await c.Response.WriteAsync(
                Page("Second", "<p>\"We will open the new factory in Dresden by March 2028,\" the company's chief executive said.</p>"));
        });
        await using var sp = Services();
        var sut = sp.GetRequiredService<IngestService>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.RunAsync(null, kill.Token));
        var afterKill = await ScalarAsync(sp, "SELECT count(*) FROM articles");
        killed = false;
        await sut.RunAsync(null, CancellationToken.None);
        await sut.RunAsync(null, CancellationToken.None);

        Assert.Equal(1, afterKill);
        Assert.Equal(2, await ScalarAsync(sp, "SELECT count(*) FROM articles"));
        Assert.Equal(2, await ScalarAsync(sp, "SELECT count(*) FROM outbox WHERE category = 'proposals'"));
        Assert.Equal(await ScalarAsync(sp, "SELECT count(*) FROM predictions"),
            await ScalarAsync(sp, "SELECT count(*) FROM proposal_mail_items"));
    }

    [Fact]
    public async Task DecideAsync_CliAcceptAndReject_SameOperationAsTheReply()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss(("a/one", "One", "Tue, 10 Nov 2026 08:00:00 GMT")));
        _server.MapText("/a/one", "text/html", Page("Chipmakers brace", ArticleBody));
        await using var sp = Services();
        await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);
        await using var connection = await sp.GetRequiredService<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        var ids = (await connection.QueryAsync<string>("SELECT id FROM predictions ORDER BY quote_start")).ToList();
        var proposals = sp.GetRequiredService<ForecastWatch.Proposals.ProposalService>();

        var accepted = await proposals.DecideAsync(ids[0], ForecastWatch.Domain.Proposals.ProposalAction.Accept, CancellationToken.None);
        var rejected = await proposals.DecideAsync(ids[1], ForecastWatch.Domain.Proposals.ProposalAction.Reject, CancellationToken.None);
        var refused = await proposals.DecideAsync(ids[0], ForecastWatch.Domain.Proposals.ProposalAction.Reject, CancellationToken.None);

        Assert.Equal((1, 1, 1), (accepted!.Accepted, rejected!.Rejected, refused!.Refused));
        Assert.Equal("accepted",
            await connection.ExecuteScalarAsync<string>("SELECT status FROM predictions WHERE id = @Id", new { Id = ids[0] }));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM prediction_history WHERE prediction_id = @Id",
            new { Id = ids[0] }));
    }
}

/// <summary>Page kinds: what each carries ends up in the stored article.</summary>
public sealed class IngestPageKindsTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private TestWebServer _server = null!;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ForecastWatch:DataDirectory"] = _data.Path,
            ["ForecastWatch:Mailing:TokenSecret"] = "an-ingest-test-secret-of-some-length",
            ["ForecastWatch:Ingest:AllowPrivateAddresses"] = "true",
            ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddForecastWatchCore(configuration, TimeProvider.System);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MigrationRunner>().ApplyPendingAsync(CancellationToken.None).GetAwaiter().GetResult();
        return provider;
    }

    private async Task<(string Title, string Authors, string? Published, string Url, string? Notes)> IngestAsync(string path, string html)
    {
        _server.MapText(path, "text/html; charset=utf-8", html);
        await using var sp = Services();
        var report = await sp.GetRequiredService<IngestService>().IngestUrlAsync(_server.Url(path), null, CancellationToken.None);
        Assert.Equal(IngestChange.Added, report.Sources[0].Items[0].Change);
        await using var connection = await sp.GetRequiredService<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(string, string, string?, string,
            string?)>("SELECT title, authors_json, published, url, notes FROM articles");
    }

    [Fact]
    public async Task IngestUrlAsync_JsonLdPage_TitleAuthorsDateAndCanonicalFromJsonLd()
    {
        var html = """
            <html lang="en"><head><title>Site | x</title><link rel="canonical" href="https://news.example.org/2026/chips?utm_source=rss">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Chipmakers brace",
            "author":[{"@type":"Person","name":"Jane Roe"}],"datePublished":"2026-11-10T08:00:00Z"}</script></head>
            <body><article>
            """ + IngestServiceTests.ArticleBody + "</article></body></html>";

        var (title, authors, published, url, _) = await IngestAsync("/jsonld", html);

        Assert.Equal("Chipmakers brace", title);
        Assert.Contains("Jane Roe", authors, StringComparison.Ordinal);
        Assert.Equal("2026-11-10", published);
        Assert.Equal("https://news.example.org/2026/chips", url);
    }

    [Fact]
    public async Task IngestUrlAsync_OpenGraphOnlyPage_MetadataFromMetaTags()
    {
        var html = """
            <html><head><meta property="og:title" content="Rates outlook"><meta property="article:published_time" content="2026-10-01">
            <meta name="author" content="Max Muster"></head><body><article>
            """ + IngestServiceTests.ArticleBody + "</article></body></html>";

        var (title, authors, published, _, _) = await IngestAsync("/og", html);

        Assert.Equal(("Rates outlook", "2026-10-01"), (title, published));
        Assert.Contains("Max Muster", authors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestUrlAsync_BylineOnlyPage_AuthorFromTheByline()
    {
        var html = "<html><body><article><h1>Factory plans</h1><p class=\"byline\">By Erika Mustermann</p><time datetime=\"2026-09-15\">15 "
            + "September 2026</time>"
                   + IngestServiceTests.ArticleBody + "</article></body></html>";

        var (title, authors, published, _, _) = await IngestAsync("/byline", html);

        Assert.Equal(("Factory plans", "2026-09-15"), (title, published));
        Assert.Contains("Erika Mustermann", authors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestUrlAsync_PaywallTeaser_StoredAndMarked()
    {
        var html = """
            <html><head><title>Locked</title><script type="application/ld+json"
                >{"@type":"NewsArticle","headline":"Locked","isAccessibleForFree":false}</script></head>
            <body><article><p>The industry body now expects global semiconductor revenue to fall below $500 billion by the end of 2027.</p>
            <div class="paywall">Subscribe to read more</div></article></body></html>
            """;

        var (_, _, _, _, notes) = await IngestAsync("/paywall", html);

        Assert.Contains("paywalled", notes, StringComparison.Ordinal);
    }
}
