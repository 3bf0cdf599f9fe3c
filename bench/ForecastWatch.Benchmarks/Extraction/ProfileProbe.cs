using System.Diagnostics;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Benchmarks.Extraction;

internal sealed class ProfileProbe : IBenchTool
{
    public string Name => "extract-profile";

    public string Description => "CPU time per extraction stage over the seed corpus (x40).";

    public Task<int> RunAsync(string[] args)
    {
        var texts = Directory.GetFiles(Path.Combine(args.Length > 0 ? args[0] : "seeds", "articles"), "*.txt").Select(File.ReadAllText)
            .ToArray();
        var big = string.Join("\n\n", Enumerable.Repeat(texts, 40).SelectMany(static t => t));
        var p = PartialDate.OfMonth(2026, 5);
        PredictionExtractor.Extract(texts[0], p);
        Time("lines", () => TextSegmenter.Lines(big).Count);
        var lines = TextSegmenter.Lines(big);
        Time("boilerplate", () => BoilerplateDetector.Detect(big, lines, []).Length);
        var sentences = lines.SelectMany(l => TextSegmenter.Sentences(big, l)).Select(s => big.Substring(s.Start, s.Length)).ToList();
        Time("sentences", () => lines.Sum(l => TextSegmenter.Sentences(big, l).Count));
        Time("horizons", () => sentences.Sum(s => HorizonParser.FindAll(s, p).Count));
        Time("vague", () => sentences.Sum(s => HorizonParser.FindVague(s).Count));
        Time("hedges", () => sentences.Count(s => EstimativeLanguage.Read(s) is not null));
        Time("condition", () => sentences.Count(s => PredictionExtractor.FindCondition(s) is not null));
        Time("whole", () => PredictionExtractor.Extract(big, p).Candidates.Count);
        return Task.FromResult(0);
    }

    private static void Time(string name, Func<int> f)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var n = f();
        Console.WriteLine($"{name,-12} {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds,8:0} ms CPU  ({n})");
    }
}
