using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using ForecastWatch.Hosting;
using ForecastWatch.Ingestion;
using ForecastWatch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Benchmarks.Ingestion;

/// <summary>
/// <c>ingest [--items N]</c>: a loopback Kestrel serves an RSS feed of N items (default 1,000) and one page each;
/// one ingest run fetches, reads, extracts and stores them all. Prints articles/s, proposals, peak working set and
/// managed heap; then a second run (everything seen: nothing fetched but the feed).
/// </summary>
internal sealed class IngestBenchTool : IBenchTool
{
    public string Name => "ingest";

    public string Description =>
        "Feed (loopback Kestrel) -> fetch -> page reader -> extractor -> SQLite: articles/s and memory for N items.";

    public async Task<int> RunAsync(string[] args)
    {
        var items = args is ["--items", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 1000;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(static o => o.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        string? feed = null;
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path == "/feed.xml")
            {
                context.Response.ContentType = "application/rss+xml";
                await context.Response.WriteAsync(feed!);
            }
            else if (path.StartsWith("/a/", StringComparison.Ordinal) && int.TryParse(path[3..], CultureInfo.InvariantCulture, out var i))
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(Page(i));
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        await app.StartAsync();
        var baseUrl = ((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        feed = Feed(baseUrl, items);

        var data = Path.Combine(Path.GetTempPath(), "fw-ingest-bench-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ForecastWatch:DataDirectory"] = data,
            ["ForecastWatch:Mailing:TokenSecret"] = "an-ingest-bench-secret-of-some-length",
            ["ForecastWatch:Ingest:AllowPrivateAddresses"] = "true",
            ["ForecastWatch:Ingest:PerHostInterval"] = "00:00:00",
            ["ForecastWatch:Ingest:MaxItemsPerSource"] = items.ToString(CultureInfo.InvariantCulture),
            ["ForecastWatch:Sources:0:Name"] = "bench",
            ["ForecastWatch:Sources:0:Url"] = baseUrl + "feed.xml",
            ["ForecastWatch:Sources:0:Outlet"] = "Bench",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddForecastWatchCore(configuration, TimeProvider.System);
        await using var sp = services.BuildServiceProvider();
        await sp.GetRequiredService<MigrationRunner>().ApplyPendingAsync(CancellationToken.None);
        var ingest = sp.GetRequiredService<IngestService>();

        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var report = await ingest.RunAsync(null, CancellationToken.None);
        watch.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var added = report.Count(IngestChange.Added);
        await using var connection = await sp.GetRequiredService<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        var proposals = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM predictions");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first run: {added} articles in {watch.Elapsed.TotalSeconds:0.00} s = {added / watch.Elapsed.TotalSeconds:0.0} articles/s "
                + $"(CPU {cpuUsed.TotalSeconds:0.00} s); {proposals} proposals; {report.MailsQueued} desk emails"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: working set before {before / 1048576.0:0.0} MiB, peak {process.PeakWorkingSet64 / 1048576.0:0.0} MiB; managed heap "
                + $"after {GC.GetTotalMemory(false) / 1048576.0:0.0} MiB; allocated "
                + $"{(GC.GetTotalAllocatedBytes(true) - allocated) / 1048576.0:0.0} MiB "
                + $"({(GC.GetTotalAllocatedBytes(true) - allocated) / 1024.0 / Math.Max(1, added):0} KiB/article)"));

        watch.Restart();
        var second = await ingest.RunAsync(null, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"second run: {second.Count(IngestChange.Added)} added, {second.Count(IngestChange.Unchanged)} seen before, in "
                + $"{watch.Elapsed.TotalSeconds:0.00} s"));
        await app.StopAsync();
        SqliteConnectionPoolClear();
        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static void SqliteConnectionPoolClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static string Feed(string baseUrl, int items)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bench</title>");
        var day = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < items; i++)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<item><title>Item {i}</title><link>{baseUrl}a/{i}</link><pubDate>{day.AddMinutes(-i):R}</pubDate></item>");
        }

        return sb.Append("</channel></rss>").ToString();
    }

    private static string Page(int i) => string.Create(CultureInfo.InvariantCulture, $$"""
        <!doctype html><html lang="en"><head><title>Outlook {{i}}</title>
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"Outlook {{i}}","author":{"name":"Reporter {{i % 17}}"},
            "datePublished":"2026-11-10"}</script>
        </head><body><nav><a href="/">Home</a></nav><article><h1>Outlook {{i}}</h1>
        <p>The industry body now expects global semiconductor revenue to fall below ${{400 + i}} billion by the end of 2027, its chief
        """ + $" " + $$"""
        economist said on Tuesday.</p>
        <p>Analysts at bank {{i}} say there is a 70% chance that the central bank will cut interest rates before June 2027.</p>
        <p>Demand for memory chips was weaker than expected in the third quarter, the company said, and inventories remain high across the
        """ + $" " + $$"""
        sector.</p>
        <p>"We will open the new factory in plant {{i}} by March 2028," the company's chief executive said.</p>
        <p>Prices of older chips fell by {{i % 9 + 3}}% over the year, and several suppliers have cut shifts at their plants in Asia and
        """ + $" " + $$"""
        Europe.</p>
        </article><footer>Copyright</footer></body></html>
        """);
}
