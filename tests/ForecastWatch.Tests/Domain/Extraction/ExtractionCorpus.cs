using System.Globalization;
using System.Text;
using System.Text.Json;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Ingestion;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>One labelled forecast of the development corpus (TestData/extraction-corpus/README.md).</summary>
internal sealed record CorpusForecast(string Quote, decimal? Value, DateOnly? ResolveBy, string Source, bool HorizonLenient, bool Optional)
{
    /// <summary>The condition clause a conditional forecast must be proposed with (null: not conditional).</summary>
    public string? Condition { get; init; }
}

internal sealed record CorpusArticle(string Name, string Path, string OutletKind, PartialDate? Published,
    IReadOnlyList<CorpusForecast> Forecasts, IReadOnlyList<string> Traps);

/// <summary>The measured quality of the extractor on a set of labelled articles.</summary>
internal sealed record CorpusScore(
    int Articles,
    int ProseLabels,
    int ProseFound,
    int TableLabels,
    int TableFound,
    int FoundDateable,
    int ExactResolveBy,
    int Candidates,
    int CorrectCandidates,
    int TrapsProposed,
    int Traps,
    int PublishedWrong,
    IReadOnlyList<string> Report)
{
    /// <summary>Labelled conditionals found, and how many of them carry a condition.</summary>
    public int ConditionLabels { get; init; }

    public int ConditionsCaptured { get; init; }

    public double ProseRecall => Ratio(ProseFound, ProseLabels);

    public double TableRecall => Ratio(TableFound, TableLabels);

    public double ExactResolveByRate => Ratio(ExactResolveBy, FoundDateable);

    public double Precision => Ratio(CorrectCandidates, Candidates);

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Articles} articles: prose recall {ProseRecall:0.00} ({ProseFound}/{ProseLabels}), table+list recall {TableRecall:0.00} "
            + $"({TableFound}/{TableLabels}), "
        + $"exact resolve-by {ExactResolveByRate:0.00} ({ExactResolveBy}/{FoundDateable}), precision {Precision:0.00} "
            + $"({CorrectCandidates}/{Candidates}), "
        + $"traps proposed {TrapsProposed}/{Traps}, publication dates wrong {PublishedWrong}, "
        + $"conditions captured {ConditionsCaptured}/{ConditionLabels}");
}

/// <summary>Loads the labelled corpus and scores <see cref="PredictionExtractor"/> on it, the way the CLI reads files.</summary>
internal static class ExtractionCorpus
{
    public static string Directory(string part)
    {
        var dir = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "extraction-corpus", part);
        if (!System.IO.Directory.Exists(dir))
        {
            throw new InvalidOperationException("corpus not found: " + dir);
        }

        return dir;
    }

    public static List<CorpusArticle> Load(string part)
    {
        var list = new List<CorpusArticle>();
        foreach (var labels in System.IO.Directory.GetFiles(Directory(part), "*.labels.json").Order(StringComparer.Ordinal))
        {
            var stem = labels[..^".labels.json".Length];
            var path = File.Exists(stem + ".html") ? stem + ".html" : stem + ".txt";
            using var doc = JsonDocument.Parse(File.ReadAllText(labels));
            var root = doc.RootElement;
            var published = root.GetProperty("published").ValueKind == JsonValueKind.String
                ? PartialDate.Parse(root.GetProperty("published").GetString()!) : (PartialDate?)null;
            var forecasts = root.GetProperty("forecasts").EnumerateArray().Select(static f => new CorpusForecast(
                f.GetProperty("quote").GetString()!,
                f.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null,
                f.TryGetProperty("resolveBy", out var r) && r.ValueKind == JsonValueKind.String
                    ? DateOnly.Parse(r.GetString()!, CultureInfo.InvariantCulture) : null,
                f.GetProperty("source").GetString()!,
                f.TryGetProperty("horizonLenient", out var h) && h.GetBoolean(),
                f.TryGetProperty("optional", out var o) && o.GetBoolean())
            {
                Condition = f.TryGetProperty("condition", out var c) ? c.GetString() : null,
            }).ToList();
            var traps = root.GetProperty("traps").EnumerateArray().Select(static t => t.GetString()!).ToList();
            list.Add(new CorpusArticle(System.IO.Path.GetFileName(stem), path, root.GetProperty("outletKind").GetString()!, published,
                forecasts, traps));
        }

        return list;
    }

    /// <summary>
    /// <see cref="Load"/>, then checks every label and trap quote (and an HTML page's publication date) against the
    /// text the extractor reads; throws with the list of problems, so a held-out set is never scored on labels that
    /// silently match nothing.
    /// </summary>
    public static List<CorpusArticle> LoadVerified(string part)
    {
        var articles = Load(part);
        var problems = LabelProblems(articles);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"{problems.Count} label problem(s) in corpus '{part}':{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
        }

        return articles;
    }

    /// <summary>
    /// Reads the article as the CLI does: HTML through the page reader, text with its header lines; text gets the
    /// labelled date as its sidecar would.
    /// </summary>
    public static (ArticleInput Input, PartialDate? Published) Prepare(CorpusArticle article, MainTextPicker picker = MainTextPicker.Auto)
    {
        var content = File.ReadAllText(article.Path);
        var input = ArticleInput.From(content, null, picker);
        var published = article.Path.EndsWith(".html", StringComparison.Ordinal) ? input.Published : article.Published;
        return (input, published);
    }

    /// <summary>
    /// Checks a set's labels against the text the extractor reads, without running the extractor: every label and trap
    /// quote must occur in it, and an HTML page's metadata must give the labelled publication date.
    /// </summary>
    public static List<string> LabelProblems(IReadOnlyList<CorpusArticle> articles)
    {
        var problems = new List<string>();
        foreach (var a in articles)
        {
            var (input, published) = Prepare(a);
            if (a.Path.EndsWith(".html", StringComparison.Ordinal) && published != a.Published)
            {
                problems.Add($"{a.Name}: published {published?.ToString() ?? "none"}, labelled {a.Published?.ToString() ?? "none"}");
            }

            var text = input.Text;
            problems.AddRange(a.Forecasts.Where(f => !text.Contains(f.Quote, StringComparison.Ordinal))
                .Select(f => $"{a.Name}: LABEL NOT IN TEXT: {f.Quote}"));
            problems.AddRange(
                a.Traps.Where(t => !text.Contains(t, StringComparison.Ordinal)).Select(t => $"{a.Name}: TRAP NOT IN TEXT: {t}"));
        }

        return problems;
    }

    public static CorpusScore Score(IReadOnlyList<CorpusArticle> articles, MainTextPicker picker = MainTextPicker.Auto)
    {
        int conditionLabels = 0, conditionsCaptured = 0, proseLabels = 0, proseFound = 0, tableLabels = 0, tableFound = 0, dateable =
            0, exact = 0, candidates = 0, correct = 0, trapsProposed = 0, traps = 0, pubWrong = 0;
        var report = new List<string>();
        foreach (var a in articles)
        {
            var (input, published) = Prepare(a, picker);
            if (a.Path.EndsWith(".html", StringComparison.Ordinal) && published != a.Published)
            {
                pubWrong++;
                report.Add($"{a.Name}: published {published?.ToString() ?? "none"}, labelled {a.Published?.ToString() ?? "none"}");
            }

            var text = input.Text;
            var options = new ExtractionOptions { ExcludedLines = input.ExcludedLines, Title = input.Title };
            var found = PredictionExtractor.Extract(text, published, options)
                .Candidates;
            var labelSpans = a.Forecasts.Select(f => Occurrences(text, f.Quote)).ToList();
            var trapSpans = a.Traps.Select(t => Occurrences(text, t)).ToList();
            for (var i = 0; i < a.Forecasts.Count; i++)
            {
                if (labelSpans[i].Count == 0)
                {
                    report.Add($"{a.Name}: LABEL NOT IN TEXT: {a.Forecasts[i].Quote}");
                }
            }

            for (var i = 0; i < a.Traps.Count; i++)
            {
                if (trapSpans[i].Count == 0)
                {
                    report.Add($"{a.Name}: TRAP NOT IN TEXT: {a.Traps[i]}");
                }
            }

            traps += a.Traps.Count;
            var matchedBy = new List<PredictionCandidate>?[a.Forecasts.Count];
            foreach (var c in found)
            {
                candidates++;
                var hit = false;
                for (var i = 0; i < a.Forecasts.Count; i++)
                {
                    if (Matches(c, a.Forecasts[i], labelSpans[i]))
                    {
                        (matchedBy[i] ??= []).Add(c);
                        hit = true;
                    }
                }

                var trap = Enumerable.Range(0, a.Traps.Count).Where(i => trapSpans[i].Any(s => Overlaps(c, s))).Select(i => a.Traps[i])
                    .FirstOrDefault();
                if (hit)
                {
                    correct++;
                }
                else if (trap is not null)
                {
                    trapsProposed++;
                    report.Add($"{a.Name}: TRAP: {c.Claim} [{Describe(c)}]");
                }
                else
                {
                    report.Add($"{a.Name}: extra: {c.Claim} [{Describe(c)}]");
                }
            }

            for (var i = 0; i < a.Forecasts.Count; i++)
            {
                var f = a.Forecasts[i];
                if (f.Optional)
                {
                    continue;
                }

                var prose = f.Source == "prose";
                if (prose)
                {
                    proseLabels++;
                }
                else
                {
                    tableLabels++;
                }

                if (matchedBy[i] is not { } ms)
                {
                    report.Add($"{a.Name}: missed ({f.Source}): {f.Quote} = {f.Value?.ToString(CultureInfo.InvariantCulture) ?? "-"} by "
                        + $"{f.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated"}");
                    continue;
                }

                if (prose)
                {
                    proseFound++;
                }
                else
                {
                    tableFound++;
                }

                if (f.Condition is { } condition)
                {
                    conditionLabels++;
                    if (ms.Any(c => c.Condition is { } got && (got.Contains(condition, StringComparison.OrdinalIgnoreCase)
                        || (c.ConditionDetail is { Negated: true }
                            && got.Contains(Unnegated(condition), StringComparison.OrdinalIgnoreCase)))))
                    {
                        conditionsCaptured++;
                    }
                    else
                    {
                        var got = string.Join(" | ", ms.Select(static c => c.Condition ?? "none"));
                        report.Add($"{a.Name}: condition: {f.Quote}: got {got}, labelled {condition}");
                    }
                }

                if (!f.HorizonLenient)
                {
                    dateable++;
                    if (ms.Any(c => c.ResolveBy == f.ResolveBy))
                    {
                        exact++;
                    }
                    else
                    {
                        var dates = string.Join(", ",
                            ms.Select(static c => c.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated"));
                        report.Add($"{a.Name}: date: {f.Quote}: got {dates}, "
                            + $"labelled {f.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated"}");
                    }
                }
            }
        }

        return new CorpusScore(articles.Count, proseLabels, proseFound, tableLabels, tableFound, dateable, exact, candidates, correct,
            trapsProposed, traps, pubWrong, report)
        {
            ConditionLabels = conditionLabels,
            ConditionsCaptured = conditionsCaptured,
        };
    }

    private static string Describe(PredictionCandidate c)
    {
        var sb = new StringBuilder();
        sb.Append(c.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated");
        sb.Append(' ').Append(c.Threshold?.ToString(CultureInfo.InvariantCulture) ?? (c.Low is null ? "-" : $"{c.Low}-{c.High}"));
        sb.Append(' ').Append(c.Source.ToString().ToLowerInvariant()).Append(' ')
            .Append(c.Confidence.ToString("0.00", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static bool Matches(PredictionCandidate c, CorpusForecast f, List<(int Start, int End)> spans)
    {
        if (!spans.Any(s => Overlaps(c, s)))
        {
            return false;
        }

        // A conditional's number may be its condition's ("if an offer above €60m arrives"): captured all the same.
        return f.Value is not { } v || c.Threshold == v || c.Low == v || c.High == v
            || (c.ConditionDetail is { } d && (d.Threshold == v || d.Low == v || d.High == v));
    }

    private static bool Overlaps(PredictionCandidate c, (int Start, int End) s) => c.Start < s.End && s.Start < c.End;

    private static List<(int Start, int End)> Occurrences(string text, string quote)
    {
        var list = new List<(int, int)>();
        for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
        {
            list.Add((at, at + quote.Length));
        }

        return list;
    }

    /// <summary>
    /// A label's "unless the strike ends" is proposed as the condition "the strike ends" with the negated flag: the
    /// event's words, without the negating word.
    /// </summary>
    private static string Unnegated(string label)
    {
        foreach (var w in (ReadOnlySpan<string>)["unless ", "barring ", "absent ", "in the absence of "])
        {
            if (label.StartsWith(w, StringComparison.OrdinalIgnoreCase))
            {
                return label[w.Length..];
            }
        }

        return label;
    }
}
