using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Ingestion;

namespace ForecastWatch.Benchmarks.Extraction;

/// <summary>
/// <c>dotnet run -c Release --project bench/ForecastWatch.Benchmarks -- extract-golden OUT [ROOT]</c>: writes every field
/// of every candidate (confidence floor 0, so the dropped ones too) and every note the extractor gives for each seed and
/// corpus article (text and HTML, read as <c>extract</c> reads them), under four publication dates (the file's own, a
/// day, a month, a year), and for each paragraph read alone. Two builds that write the same file extract the same:
/// compare with <c>cmp</c>. A speed change must leave it byte-identical.
/// </summary>
internal sealed class GoldenOutputTool : IBenchTool
{
    public string Name => "extract-golden";

    public string Description => "Full extractor output (all fields, all articles, 4 dates, paragraphs alone) to a file for cmp.";

    public Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: extract-golden OUT [ROOT]");
            return Task.FromResult(2);
        }

        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var root = args.Length > 1 ? args[1] : FindRoot();
        var corpus = Path.Combine(root, "tests", "ForecastWatch.Tests", "TestData", "extraction-corpus");
        var dirs = new List<string> { Path.Combine(root, "seeds", "articles") };
        dirs.AddRange(Directory.GetDirectories(corpus).Order(StringComparer.Ordinal));
        var files = dirs.SelectMany(static d => Directory.GetFiles(d))
            .Where(ExtractInput.IsArticleFile)
            .Order(StringComparer.Ordinal)
            .ToList();
        var all = new ExtractionOptions { MinConfidence = 0 };
        var sb = new StringBuilder();
        var candidates = 0;
        foreach (var path in files)
        {
            var name = Path.GetRelativePath(root, path).Replace('\\', '/');
            foreach (var published in new string?[] { null, "2026-06-01", "2026-11", "2025" })
            {
                var input = ExtractInput.Load(new FileInfo(path), published, out var problem);
                sb.Append("== ").Append(name).Append(" published=").Append(published ?? "own").Append('\n');
                if (input is null)
                {
                    sb.Append("problem: ").Append(problem).Append('\n');
                    continue;
                }

                var options = all with { ExcludedLines = input.Boilerplate, Title = input.Title };
                candidates += Write(sb, PredictionExtractor.Extract(input.Text, input.Published, options));
                if (published == "2026-06-01")
                {
                    foreach (var paragraph in input.Text.Split("\n\n"))
                    {
                        sb.Append("-- paragraph ").Append(paragraph.Length).Append('\n');
                        candidates += Write(sb, PredictionExtractor.Extract(paragraph, input.Published, all));
                    }
                }
            }
        }

        File.WriteAllText(args[0], sb.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files.Count} files, {candidates} candidates, {sb.Length:N0} characters -> {args[0]}"));
        return Task.FromResult(0);
    }

    private static int Write(StringBuilder sb, ExtractionResult result)
    {
        foreach (var note in result.Notes)
        {
            sb.Append("note: ").Append(note).Append('\n');
        }

        foreach (var c in result.Candidates)
        {
            sb.Append(c.ToString()).Append(" RelativeHorizon=").Append(c.RelativeHorizon)
                .Append(" Confidence=").Append(c.Confidence.ToString("R", CultureInfo.InvariantCulture))
                .Append(" Probability=").Append(c.Probability?.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return result.Candidates.Count;
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
