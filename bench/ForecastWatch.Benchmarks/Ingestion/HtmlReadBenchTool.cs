using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Ingestion;

namespace ForecastWatch.Benchmarks.Ingestion;

/// <summary>
/// <c>dotnet run -c Release --project bench/ForecastWatch.Benchmarks -- htmlread [DIR_OR_FILES...]</c>: CPU time and
/// allocation per page of <see cref="HtmlArticleReader"/> with the rules picker and with Readability (SmartReader),
/// over the extraction corpus's HTML pages by default; three rounds of each, the median printed.
/// </summary>
internal sealed class HtmlReadBenchTool : IBenchTool
{
    public string Name => "htmlread";

    public string Description => "Page reader cost: CPU microseconds and KiB allocated per page, rules picker vs Readability.";

    public Task<int> RunAsync(string[] args)
    {
        var files = (args.Length > 0 ? args : [FindCorpus()])
            .SelectMany(static a => Directory.Exists(a) ? Directory.GetFiles(a, "*.html", SearchOption.AllDirectories) : [a])
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine("no HTML pages given or found");
            return Task.FromResult(1);
        }

        var pages = files.Select(File.ReadAllText).ToArray();
        const int passes = 200;
        foreach (var picker in (MainTextPicker[])[MainTextPicker.Rules, MainTextPicker.Auto])
        {
            Measure(pages, picker, 20); // warm-up
            var runs = Enumerable.Range(0, 3).Select(_ => Measure(pages, picker, passes)).OrderBy(static r => r.CpuMicros).ToList();
            var used = pages.Select(p => HtmlArticleReader.Read(p, null, picker).MainTextFrom)
                .GroupBy(static f => f, StringComparer.Ordinal).Select(static g => $"{g.Key} x{g.Count()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{picker}: {pages.Length} pages x {passes}: median {runs[1].CpuMicros:0} us CPU/page "
                + $"({string.Join(" / ", runs.Select(static r => r.CpuMicros.ToString("0", CultureInfo.InvariantCulture)))}), "
                + $"{runs[1].KiB:0} KiB allocated/page; main text from: {string.Join(", ", used)}"));
        }

        return Task.FromResult(0);
    }

    private static (double CpuMicros, double KiB) Measure(string[] pages, MainTextPicker picker, int passes)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var alloc = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < passes; i++)
        {
            foreach (var p in pages)
            {
                HtmlArticleReader.Read(p, null, picker);
            }
        }

        var n = (double)passes * pages.Length;
        var micros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds;
        return (micros / n, (GC.GetAllocatedBytesForCurrentThread() - alloc) / n / 1024);
    }

    private static string FindCorpus()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            var corpus = Path.Combine(d.FullName, "tests", "ForecastWatch.Tests", "TestData", "extraction-corpus");
            if (Directory.Exists(corpus))
            {
                return corpus;
            }
        }

        return "extraction-corpus";
    }
}
