using System.Diagnostics;
using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Benchmarks.Extraction;

/// <summary>
/// <c>dotnet run -c Release --project bench/ForecastWatch.Benchmarks -- extract [SEEDS_DIR] [MB]</c>:
/// articles/s and MB/s for the five seed articles, then one pass over MB (default 10) of article text.
/// </summary>
internal sealed class ExtractionThroughputTool : IBenchTool
{
    public string Name => "extract";

    public string Description =>
        "Prediction extractor throughput: the seed articles (articles/s, MB/s) and 10 MB of article text in one pass.";

    public Task<int> RunAsync(string[] args)
    {
        var dir = args.Length > 0 ? args[0] : FindSeeds();
        var megabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var files = Directory.GetFiles(Path.Combine(dir, "articles"), "*.txt").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"no articles under {dir}/articles");
            return Task.FromResult(1);
        }

        var texts = files.Select(File.ReadAllText).ToArray();
        var published = PartialDate.OfMonth(2026, 5);
        var chars = texts.Sum(static t => (long)t.Length);

        // Warm up: builds the NonBacktracking automata once, as a long-running worker would.
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var found = texts.Sum(t => PredictionExtractor.Extract(t, published).Candidates.Count);
        var first = sw.Elapsed;
        var firstCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;

        const int rounds = 20;
        sw.Restart();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var t in texts)
            {
                PredictionExtractor.Extract(t, published);
            }
        }

        var seeds = sw.Elapsed;
        var seedRate = rounds * texts.Length / seeds.TotalSeconds;
        var seedMb = rounds * chars * 2 / 1e6 / seeds.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeds: {texts.Length} articles, {chars:N0} chars, {found} candidates; first pass (cold) {first.TotalMilliseconds:0} ms wall, "
                + $"{firstCpu.TotalMilliseconds:0} ms CPU; warm: {seeds.TotalMilliseconds / rounds:0.0} ms per pass of all {texts.Length}, "
                + $"{seedRate:0} articles/s, {seedMb:0.0} MB/s (UTF-16)"));

        var corpus = new StringBuilder(megabytes * 1024 * 1024 + 100_000);
        var i = 0;
        while (corpus.Length < megabytes * 1024 * 1024)
        {
            corpus.Append(texts[i++ % texts.Length]).Append("\n\n");
        }

        var big = corpus.ToString();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        var result = PredictionExtractor.Extract(big, published, new ExtractionOptions { MaxChars = int.MaxValue });
        var elapsed = sw.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {big.Length / 1048576.0:0.0} M chars in one text, {elapsed.TotalSeconds:0.00} s wall ({cpuUsed.TotalSeconds:0.00} s "
                + $"CPU, load {Environment.ProcessorCount} cores), {big.Length / 1048576.0 / elapsed.TotalSeconds:0.0} M chars/s, "
                + $"{result.Candidates.Count} distinct candidates"));

        sw.Restart();
        var n = 0;
        var per = 0;
        foreach (var t in Enumerable.Range(0, i).Select(k => texts[k % texts.Length]))
        {
            per += PredictionExtractor.Extract(t, published).Candidates.Count;
            n++;
        }

        elapsed = sw.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus as {n} articles: {elapsed.TotalSeconds:0.00} s, {n / elapsed.TotalSeconds:0} articles/s, "
                + $"{big.Length / 1048576.0 / elapsed.TotalSeconds:0.0} M chars/s"));
        return Task.FromResult(0);
    }

    private static string FindSeeds()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, "seeds", "articles")))
            {
                return Path.Combine(d.FullName, "seeds");
            }
        }

        return "seeds";
    }
}
