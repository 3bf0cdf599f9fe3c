using System.Diagnostics;
using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Benchmarks.Extraction;

/// <summary>
/// <c>dotnet run -c Release --project bench/ForecastWatch.Benchmarks -- extract-steady [ROOT] [PASSES]</c>: the
/// extractor's steady-state throughput on real article files (the seeds and the extraction corpus's dev/ and heldout/
/// text files, one Extract call per article). It warms up until the per-pass time stops falling (tiered JIT done),
/// then times PASSES passes (default 21) and prints the median per pass: MB/s of article text as UTF-8 bytes on disk,
/// both per wall second and per CPU second of the process (the machine is shared, so CPU time is the steadier one).
/// </summary>
internal sealed class SteadyThroughputTool : IBenchTool
{
    public string Name => "extract-steady";

    public string Description =>
        "Extractor steady state on the corpus text files: warm-up until stable, then median MB/s (UTF-8), wall and CPU.";

    public Task<int> RunAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : FindRoot();
        var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 21;
        var corpus = Path.Combine(root, "tests", "ForecastWatch.Tests", "TestData", "extraction-corpus");
        var files = Directory.GetFiles(Path.Combine(root, "seeds", "articles"), "*.txt")
            .Concat(Directory.GetFiles(Path.Combine(corpus, "dev"), "*.txt"))
            .Concat(Directory.GetFiles(Path.Combine(corpus, "heldout"), "*.txt"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"no article files under {root}");
            return Task.FromResult(1);
        }

        var texts = files.Select(File.ReadAllText).ToArray();
        var bytes = texts.Sum(static t => (long)Encoding.UTF8.GetByteCount(t));
        var published = PartialDate.OfDay(new DateOnly(2026, 6, 1));
        var found = 0;

        // Warm-up: blocks of 10 passes until a block's median is no more than 3% below the best before it (tier-1 code in
        // place), at least 300 passes and 10 s, at most 180 s. (Tiered PGO recompiles the regex scanners after hundreds
        // of calls: 40 passes left the median at twice the steady-state time.)
        var warm = Stopwatch.StartNew();
        var previous = double.MaxValue;
        var blocks = 0;
        while (warm.Elapsed < TimeSpan.FromSeconds(180))
        {
            var block = new List<double>();
            for (var k = 0; k < 10; k++)
            {
                var sw = Stopwatch.StartNew();
                found = Pass(texts, published);
                block.Add(sw.Elapsed.TotalMilliseconds);
            }

            blocks++;
            var median = Median(block);
            if (blocks >= 30 && warm.Elapsed > TimeSpan.FromSeconds(10) && median > previous * 0.97)
            {
                break;
            }

            previous = Math.Min(previous, median);
        }

        var wall = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var r = 0; r < passes; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            Pass(texts, published);
            wall.Add(sw.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }

        var mw = Median(wall);
        var mc = Median(cpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{texts.Length} articles, {bytes:N0} bytes UTF-8, {found} candidates per pass; "
            + $"warm-up {blocks * 10} passes in {warm.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {passes} passes: {mw:0.00} ms wall = {bytes / 1e6 / (mw / 1000):0.00} MB/s; "
            + $"{mc:0.00} ms CPU = {bytes / 1e6 / (mc / 1000):0.00} MB/s per CPU-second; {texts.Length / (mw / 1000):0} articles/s "
            + $"(min {wall.Min():0.00} ms, max {wall.Max():0.00} ms; load average {LoadAverage()})"));
        return Task.FromResult(0);
    }

    private static int Pass(string[] texts, PartialDate published)
    {
        var n = 0;
        foreach (var t in texts)
        {
            n += PredictionExtractor.Extract(t, published).Candidates.Count;
        }

        return n;
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, "seeds", "articles")))
            {
                return d.FullName;
            }
        }

        return ".";
    }
}
