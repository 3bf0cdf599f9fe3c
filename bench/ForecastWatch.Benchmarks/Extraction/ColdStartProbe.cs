using System.Diagnostics;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Benchmarks.Extraction;

internal sealed class ColdStartProbe : IBenchTool
{
    public string Name => "extract-cold";

    public string Description => "Time to first result of each extraction component (regex construction and first match).";

    public Task<int> RunAsync(string[] args)
    {
        var p = PartialDate.OfMonth(2026, 5);
        var sw = Stopwatch.StartNew();
        HorizonParser.FindAll("It will happen within 12 months, by Q2 2027.", p);
        Console.WriteLine($"horizons  {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        HorizonParser.FindVague("soon");
        Console.WriteLine($"vague     {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        EstimativeLanguage.Read("It will likely happen, a 70% chance.");
        Console.WriteLine($"hedges    {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        PredictionExtractor.Extract("The regulator will publish new rules within 12 months. More than 15% will leave.", p);
        Console.WriteLine($"extractor {sw.ElapsedMilliseconds} ms");
        return Task.FromResult(0);
    }
}
