using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ForecastWatch.Ingestion.Tests;

/// <summary>
/// What an operator configures and sees: source defaults and URL patterns, Last-Modified, compression, the files on disk,
/// the CLI (<c>ingest URL</c>, <c>ingest --file</c>, <c>sources</c>, <c>articles --since</c>), the job in <c>health</c>,
/// and replies matched by thread alone.
/// </summary>
public sealed class IngestOperatorTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private TestWebServer _server = null!;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private ServiceProvider Services(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ForecastWatch:DataDirectory"] = _data.Path,
            ["ForecastWatch:Mailing:TokenSecret"] = "an-ingest-test-secret-of-some-length",
            ["ForecastWatch:Ingest:AllowPrivateAddresses"] = "true",
            ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00",
            ["ForecastWatch:Sources:0:Name"] = "wire",
            ["ForecastWatch:Sources:0:Url"] = _server.Url("feed.xml").ToString(),
            ["ForecastWatch:Sources:0:Outlet"] = "The Wire",
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
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<MigrationRunner>().ApplyPendingAsync(CancellationToken.None).GetAwaiter().GetResult();
        return provider;
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_data.Path, SqliteConnectionFactory.DatabaseFileName));
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    private string Rss(params string[] paths) =>
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed</title>" +
        string.Concat(paths.Select((p, i) =>
            $"<item><title>T{i}</title><link>{_server.Url(p)}</link><pubDate>Tue, 10 Nov 2026 0{i}:00:00 GMT</pubDate></item>")) +
        "</channel></rss>";

    private const string Bylineless = "<html lang=\"en\"><head><title>Chipmakers brace</title></head><body><article>" +
        IngestServiceTests.ArticleBody + "</article></body></html>";

    [Fact]
    public async Task RunAsync_SourceDefaults_UrlPatternKeepsItems_AuthorsTagsAndEditorsApplied()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss("news/one", "video/two"));
        _server.MapText("/news/one", "text/html", Bylineless);
        _server.MapText("/video/two", "text/html", Bylineless.Replace("Chipmakers", "Other", StringComparison.Ordinal));
        await using var sp = Services(new()
        {
            ["ForecastWatch:Sources:0:UrlPattern"] = "/news/",
            ["ForecastWatch:Sources:0:Authors:0"] = "Wire Staff",
            ["ForecastWatch:Sources:0:Tags:0"] = "chips",
            ["ForecastWatch:Sources:0:Editors:0"] = "econ-desk@example.test",
        });

        var report = await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);

        Assert.Equal(1, report.Count(IngestChange.Added));
        Assert.Equal(0, _server.Count("/video/two"));
        Assert.Contains("Wire Staff", await ScalarAsync<string>("SELECT authors_json FROM articles"), StringComparison.Ordinal);
        var listed = await sp.GetRequiredService<PredictionRegistry>().ListAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        var stored = listed.Select(static s => s.Stored).ToList();
        Assert.NotEmpty(stored);
        Assert.All(stored, s =>
        {
            Assert.Contains("chips", s.Prediction.Tags);
            Assert.Equal(["econ-desk@example.test"], s.Prediction.Editors);
        });
    }

    [Fact]
    public async Task RunAsync_LastModified_SentBackAsIfModifiedSince_And304StoresNothing()
    {
        const string stamp = "Tue, 10 Nov 2026 08:00:00 GMT";
        var asked = new List<string?>();
        _server.Map("/feed.xml", async c =>
        {
            asked.Add(c.Request.Headers.IfModifiedSince.ToString() is { Length: > 0 } ims ? ims : null);
            if (c.Request.Headers.IfModifiedSince == stamp)
            {
                c.Response.StatusCode = 304;
                return;
            }

            c.Response.Headers.LastModified = stamp;
            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync(Rss("news/one"));
        });
        _server.MapText("/news/one", "text/html", Bylineless);
        await using var sp = Services();
        var ingest = sp.GetRequiredService<IngestService>();

        await ingest.RunAsync(null, CancellationToken.None);
        var second = await ingest.RunAsync(null, CancellationToken.None);

        Assert.Equal([null, stamp], asked);
        Assert.Equal("not-modified", second.Sources[0].Status);
        Assert.Equal(1, _server.Count("/news/one"));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task IngestUrlAsync_CompressedPage_Decoded(string encoding)
    {
        _server.Map("/zipped", async c =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            c.Response.Headers.ContentEncoding = encoding;
            using var buffer = new MemoryStream();
            await using (Stream zip = encoding switch
            {
                "gzip" => new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
                "br" => new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
                _ => new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            })
            {
                await zip.WriteAsync(Encoding.UTF8.GetBytes(Bylineless));
            }

            await c.Response.Body.WriteAsync(buffer.ToArray());
        });
        await using var sp = Services();

        var report = await sp.GetRequiredService<IngestService>().IngestUrlAsync(_server.Url("zipped"), null, CancellationToken.None);

        Assert.Equal(IngestChange.Added, report.Sources[0].Items[0].Change);
        Assert.Contains(_server.Requests, r => r.Path == "/zipped");
        Assert.Contains("semiconductor revenue", await ScalarAsync<string>("SELECT body FROM articles"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestUrlAsync_TextAndMetadataFilesOnDisk_MatchTheDatabase()
    {
        _server.MapText("/news/one", "text/html", Bylineless);
        await using var sp = Services();

        await sp.GetRequiredService<IngestService>().IngestUrlAsync(_server.Url("news/one"), null, CancellationToken.None);

        var (id, body, sha) = (await ScalarAsync<string>("SELECT id FROM articles"), await ScalarAsync<string>("SELECT body FROM articles"),
            await ScalarAsync<string>("SELECT body_sha256 FROM ingested_articles"));
        var textPath = Path.Combine(_data.Path, await ScalarAsync<string>("SELECT text_path FROM ingested_articles"));
        Assert.Equal(body, await File.ReadAllTextAsync(textPath));
        Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(textPath))));
        var metaPath = Path.Combine(Path.GetDirectoryName(textPath)!, $"{sha}.{id}.meta.json");
        using var meta = JsonDocument.Parse(await File.ReadAllTextAsync(metaPath));
        Assert.Equal(id, meta.RootElement.GetProperty("id").GetString());
        Assert.Equal(sha, meta.RootElement.GetProperty("sha256").GetString());
        Assert.Equal("Chipmakers brace", meta.RootElement.GetProperty("title").GetString());
        // Which main-text picker was used: "readability" or "rules (why)".
        Assert.Matches("^(readability|rules \\(.+\\))$", meta.RootElement.GetProperty("mainText").GetString());
        // Every quote is found at its offsets in that text.
        Assert.Equal(0, await ScalarAsync<long>(
            "SELECT count(*) FROM predictions p JOIN articles a ON a.id = p.article_id " +
            "WHERE substr(a.body, p.quote_start + 1, length(p.quote)) <> p.quote"));
    }

    [Fact]
    public async Task Cli_IngestUrl_IngestFile_Sources_Articles()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss("news/one"));
        _server.MapText("/news/one", "text/html", Bylineless);
        _server.MapText("/news/by-hand", "text/html", Bylineless.Replace("Chipmakers brace", "By hand", StringComparison.Ordinal));
        var config = Path.Combine(_data.Path, "cli.json");
        await File.WriteAllTextAsync(config, $$"""
            { "ForecastWatch": {
                "Ingest": { "AllowPrivateAddresses": true, "PerHostInterval": "00:00:00", "ContactAddress": "ops@example.test" },
                "Sources": [ { "Name": "wire", "Url": "{{_server.Url("feed.xml")}}", "Outlet": "The Wire" } ] } }
            """);
        var saved = Path.Combine(_data.Path, "saved.html");
        await File.WriteAllTextAsync(saved, Bylineless.Replace("Chipmakers brace", "Saved page", StringComparison.Ordinal));

        var emptySources = await CliAsync("sources", "--config", config);
        var emptyArticles = await CliAsync("articles", "--config", config);
        var polled = await CliAsync("ingest", "--config", config);
        var byHand = await CliAsync("ingest", _server.Url("news/by-hand").ToString(), "--config", config);
        var fromFile = await CliAsync(
            "ingest", "--file", saved, "--url", "https://news.example.org/2026/saved", "--source", "wire", "--config", config);
        var badUrl = await CliAsync("ingest", "file:///etc/passwd", "--config", config);
        var sources = await CliAsync("sources", "--config", config);
        var articles = await CliAsync("articles", "--since", "2000-01-01", "--config", config);
        var none = await CliAsync("articles", "--since", "2999-01-01", "--config", config);

        // A fresh installation lists nothing, without failing.
        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (emptySources.Code, emptyArticles.Code));
        Assert.Matches(@"wire\s+auto\s+The Wire\s+never\s+-\s+0\s+0", emptySources.Out);
        Assert.Contains("0 article revision(s)", emptyArticles.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, polled.Code);
        Assert.Contains("1 added", polled.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, byHand.Code);
        Assert.Contains("1 added", byHand.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, fromFile.Code);
        Assert.NotEqual(ExitCodes.Ok, badUrl.Code);
        Assert.Contains("wire", sources.Out, StringComparison.Ordinal);
        Assert.Matches(@"wire\s+auto\s+The Wire\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+ok\s+2\s+0", sources.Out);
        Assert.Contains("3 article revision(s)", articles.Out, StringComparison.Ordinal);
        Assert.Contains("Saved page", articles.Out, StringComparison.Ordinal);
        Assert.Contains("https://news.example.org/2026/saved", articles.Out, StringComparison.Ordinal);
        Assert.Contains("0 article revision(s)", none.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerProcessKilledMidIngest_NextRunLosesNothingAndDuplicatesNothing()
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = true;
        // news/two is the newer item, so it is stored first; the process is killed while it waits for news/one.
        _server.MapText("/feed.xml", "application/rss+xml", Rss("news/one", "news/two"));
        _server.MapText("/news/two", "text/html", Bylineless.Replace("Chipmakers brace", "Second", StringComparison.Ordinal));
        _server.Map("/news/one", async c =>
        {
            if (hang)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, c.RequestAborted)
                    .ContinueWith(static _ => { }, TaskScheduler.Default);
                return;
            }

            c.Response.ContentType = "text/html";
            await c.Response.WriteAsync(Bylineless);
        });
        var config = Path.Combine(_data.Path, "kill.json");
        await File.WriteAllTextAsync(config, $$"""
            { "ForecastWatch": {
                "Ingest": {
                  "AllowPrivateAddresses": true, "PerHostInterval": "00:00:00", "AttemptTimeout": "00:05:00", "TotalTimeout": "00:10:00"
                },
                "Sources": [ { "Name": "wire", "Url": "{{_server.Url("feed.xml")}}", "Outlet": "The Wire" } ] } }
            """);

        using (var worker = StartWorker("ingest", "--config", config, "--data", _data.Path))
        {
            var output = worker.StandardOutput.ReadToEndAsync();
            var finished = worker.WaitForExitAsync();
            if (await Task.WhenAny(reached.Task, finished).WaitAsync(TimeSpan.FromMinutes(5)) == finished)
            {
                Assert.Fail("the worker finished before it was killed: " + await output + await worker.StandardError.ReadToEndAsync());
            }

            worker.Kill(entireProcessTree: true);
            await finished.WaitAsync(TimeSpan.FromMinutes(1));
        }

        var articlesAfterKill = await ScalarAsync<long>("SELECT count(*) FROM articles");
        var mailsAfterKill = await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE category = 'proposals'");
        hang = false;
        var again = await CliAsync("ingest", "--config", config);
        var third = await CliAsync("ingest", "--config", config);

        Assert.Equal((1L, 0L), (articlesAfterKill, mailsAfterKill));
        Assert.Equal(ExitCodes.Ok, again.Code);
        Assert.Contains("1 added", again.Out, StringComparison.Ordinal);
        Assert.Contains("0 added, 0 revised", third.Out, StringComparison.Ordinal);
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM articles"));
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM ingested_articles"));
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM outbox WHERE category = 'proposals'"));
        Assert.Equal(
            await ScalarAsync<long>("SELECT count(*) FROM predictions"),
            await ScalarAsync<long>("SELECT count(*) FROM proposal_mail_items"));
        Assert.Equal(0, await ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT prediction_id FROM proposal_mail_items GROUP BY prediction_id HAVING count(*) > 1)"));
        Assert.Equal(1, _server.Count("/news/two"));
    }

    /// <summary>
    /// The real executable from the application's own build output (not this test project's, which carries ASP.NET Core).
    /// </summary>
    private static System.Diagnostics.Process StartWorker(params string[] args)
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var own = Path.Combine(
            Path.GetDirectoryName(Path.GetDirectoryName(here))!, "ForecastWatch", Path.GetFileName(here), "forecastwatch.dll");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(File.Exists(own) ? own : Path.Combine(here, "forecastwatch.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("could not start forecastwatch");
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(int Code, string Out)> CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--data", _data.Path], stdout, stderr);
        return (code, stdout + stderr.ToString());
    }

    [Fact]
    public async Task Health_WatchesTheIngestJob()
    {
        await using (Services())
        {
        }

        var store = new DatabaseHeartbeat(new SqliteConnectionFactory(Path.Combine(_data.Path, SqliteConnectionFactory.DatabaseFileName)));
        await store.BeatAsync(HeartbeatHealth.WorkerName, At("2027-01-01T00:00:00Z"), CancellationToken.None);
        await store.BeatAsync("ingest", At("2027-01-10T11:50:00Z"), CancellationToken.None);
        var config = Path.Combine(_data.Path, "health.json");
        await File.WriteAllTextAsync(config, """
            { "ForecastWatch": { "Jobs": { "due-check": { "Enabled": false }, "reminders": { "Enabled": false },
              "outbox-delivery": { "Enabled": false }, "inbox": { "Enabled": false }, "digest": { "Enabled": false } } } }
            """);

        var healthy = await CliAsync("health", "--config", config, "--now", "2027-01-10T12:00:00Z");
        var late = await CliAsync("health", "--config", config, "--now", "2027-01-10T14:00:00Z");

        Assert.Equal(0, healthy.Code);
        Assert.Contains("job ingest", healthy.Out, StringComparison.Ordinal);
        Assert.Equal(HealthCommand.Unhealthy, late.Code);
        Assert.Contains("job ingest last ran at 2027-01-10 11:50:00Z", late.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeskReply_ByThreadAlone_OursApplied_AnotherInstallationsIgnored()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss("news/one"));
        _server.MapText("/news/one", "text/html", Bylineless);
        await using var sp = Services();
        await sp.GetRequiredService<IngestService>().RunAsync(null, CancellationToken.None);
        var ours = await ScalarAsync<string>("SELECT message_id FROM proposal_mails");
        var installation = ours.Split('@')[0].Split('.')[^1];
        var foreign = ours.Replace(installation, "otherinstall01", StringComparison.Ordinal);
        var processor = sp.GetRequiredService<InboundProcessor>();

        var stranger = await processor.RecordAndDecideAsync(
            "test", null, (s, ct) => s.WriteAsync(Reply("r-foreign", foreign, "ACCEPT ALL"), ct).AsTask(), CancellationToken.None);
        var acceptedAfterForeign = await ScalarAsync<long>("SELECT count(*) FROM predictions WHERE status = 'accepted'");
        var applied = await processor.RecordAndDecideAsync(
            "test", null, (s, ct) => s.WriteAsync(Reply("r-ours", ours, "ACCEPT 1"), ct).AsTask(), CancellationToken.None);

        Assert.Matches(@"^fw\.proposals\.\d+\.[a-z0-9]{8,32}@", ours);
        Assert.NotEqual(InboundStatus.Applied, stranger.Status);
        Assert.Equal(0, acceptedAfterForeign);
        Assert.Equal(InboundStatus.Applied, applied.Status);
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM predictions WHERE status = 'accepted'"));
    }

    private static byte[] Reply(string id, string inReplyTo, string text) => Encoding.UTF8.GetBytes(
        $"From: Desk <desk@example.test>\r\nTo: desk@example.test\r\nSubject: Re: proposals\r\nMessage-ID: <{id}@example.test>\r\n" +
        $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\nDate: Wed, 11 Nov 2026 10:00:00 +0000\r\n" +
        $"Content-Type: text/plain\r\n\r\n{text}\r\n");
}
