using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Cli;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Benchmarks.Registry;

/// <summary>
/// The registry on a temp SQLite file: import N synthetic predictions (first time, then unchanged), list them all with
/// their status, and resolve 1,000 of them one transaction each; plus validating the real seeds.
/// </summary>
internal sealed class RegistryBenchTool : IBenchTool
{
    public string Name => "registry";

    public string Description => "import/list/resolve timings on a temp SQLite registry [--predictions N] [--seeds DIR]";

    public async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Option(args, "--predictions") ?? "10000", CultureInfo.InvariantCulture);
        var seedsDir = Option(args, "--seeds") ?? "seeds";
        var root = Path.Combine(Path.GetTempPath(), "fw-bench-registry-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (Directory.Exists(seedsDir))
            {
                var sw = Stopwatch.StartNew();
                const int Rounds = 20;
                SeedSet? seeds = null;
                for (var i = 0; i < Rounds; i++)
                {
                    seeds = await SeedDirectory.LoadAsync(seedsDir, CancellationToken.None).ConfigureAwait(false);
                }

                Report($"validate seeds ({seeds!.Articles.Count} articles, {seeds.Predictions.Count} predictions)", sw.Elapsed / Rounds, 1);
            }

            _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;
            var options = Options.Create(new ForecastWatchOptions { DataDirectory = root });
            var connections = new SqliteConnectionFactory(options);
            await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None).ConfigureAwait(false);
            var clock = new FixedTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
            var set = Synthetic(count);
            var importer = new SeedImporter(connections, clock);

            var timer = Stopwatch.StartNew();
            await importer.ImportAsync(set, CancellationToken.None).ConfigureAwait(false);
            Report($"import {count} predictions (all added)", timer.Elapsed, count);

            timer.Restart();
            await importer.ImportAsync(set, CancellationToken.None).ConfigureAwait(false);
            Report($"import {count} predictions (all unchanged)", timer.Elapsed, count);

            var registry = new PredictionRegistry(connections, options);
            timer.Restart();
            var list = await registry.ListAsync(new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None)
                .ConfigureAwait(false);
            Report($"list {list.Count} with status", timer.Elapsed, list.Count);

            const int Resolves = 1000;
            Assert(ResolutionCommand.TryParse("YES", out var yes, out _));
            timer.Restart();
            for (var i = 0; i < Resolves; i++)
            {
                var request = new ResolutionRequest(yes!, "bench@example.test", clock.GetUtcNow(), ResolutionSource.Email,
                    $"<bench-{i}@example.test>");
                await registry.ResolveAsync(set.Predictions[i].Id, request, CancellationToken.None).ConfigureAwait(false);
            }

            Report($"resolve {Resolves} (one write transaction each)", timer.Elapsed, Resolves);
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Leftover temp files are harmless.
            }
        }
    }

    private static SeedSet Synthetic(int count)
    {
        var text = string.Join('\n', Enumerable.Range(0, count)
            .Select(static i => string.Create(CultureInfo.InvariantCulture, $"Claim number {i} will come true within 12 months.")));
        var article = new Article(
            new ArticleMetadata("bench-article", "Bench", "Bench Outlet", [], null, "en", PartialDate.OfMonth(2026, 5), "synthetic", null,
                null, []),
            text);
        var predictions = Enumerable.Range(0, count).Select(i =>
        {
            var quote = string.Create(CultureInfo.InvariantCulture, $"Claim number {i} will come true");
            return new Prediction
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"bench-{i}"),
                ArticleId = article.Id,
                Claim = quote,
                Quote = quote,
                QuoteStart = article.FindInBody(quote + " within"),
                Horizon = "within 12 months",
                ResolveBy = new DateOnly(2027, 5, 31),
                ResolveByPrecision = DatePrecision.Month,
                Kind = PredictionKind.Event,
                Tags = ["bench"],
                Criteria = "synthetic",
            };
        }).ToList();
        return new SeedSet("synthetic", [article], predictions, []);
    }

    // The machine is shared: process CPU time since the previous report is printed beside wall-clock time.
    private static TimeSpan _cpuMark = Process.GetCurrentProcess().TotalProcessorTime;

    private static void Report(string what, TimeSpan elapsed, int items)
    {
        var cpuNow = Process.GetCurrentProcess().TotalProcessorTime;
        var cpu = cpuNow - _cpuMark;
        _cpuMark = cpuNow;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-48} wall {elapsed.TotalMilliseconds,9:F1} ms "
            + $"({items / elapsed.TotalSeconds,8:F0}/s)  cpu {cpu.TotalMilliseconds,9:F1} ms"));
    }

    private static void Assert(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("bench setup failed");
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
