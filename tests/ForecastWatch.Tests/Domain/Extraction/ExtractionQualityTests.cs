using System.Globalization;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;
using Xunit.Abstractions;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>Measures the extractor against the curated manifest on the five seed articles.</summary>
public sealed class ExtractionQualityTests(ITestOutputHelper output)
{
    internal static string SeedsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seeds = Path.Combine(dir.FullName, "seeds");
            if (File.Exists(Path.Combine(seeds, SeedDirectory.ManifestFileName)))
            {
                return seeds;
            }
        }

        throw new InvalidOperationException("seeds/predictions.json not found above " + AppContext.BaseDirectory);
    }

    internal static ExtractionResult Extract(Article article) =>
        PredictionExtractor.Extract(article.Text, article.Metadata.Published, new ExtractionOptions
        {
            ExcludedLines = article.Metadata.Boilerplate.Select(static b => new LineRange(b.StartLine, b.EndLine)).ToList(),
        });

    private static bool Overlaps(int aStart, int aEnd, int bStart, int bEnd) => aStart < bEnd && bStart < aEnd;

    [Fact]
    public async Task Extract_SeedArticles_PrecisionAndRecallAgainstCuratedManifest()
    {
        var seeds = await SeedDirectory.LoadAsync(SeedsDirectory(), CancellationToken.None);
        Assert.True(seeds.IsValid, string.Join("; ", seeds.Errors));
        var curated = seeds.Predictions.Where(static p => p.Origin == PredictionOrigin.Curated).ToList();

        int candidates = 0, truePositives = 0;
        var recalled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var article in seeds.Articles)
        {
            var mine = curated.Where(p => p.ArticleId == article.Id).ToList();
            foreach (var c in Extract(article).Candidates)
            {
                candidates++;
                var hits = mine.Where(p => Overlaps(c.Start, c.End, p.QuoteStart, p.QuoteEnd)).ToList();
                if (hits.Count > 0)
                {
                    truePositives++;
                }
                else
                {
                    output.WriteLine($"extra:  {article.Id}: {c.Claim}");
                }

                foreach (var p in hits.Where(p => p.ResolveBy == c.ResolveBy || (p.Undated && c.Undated)))
                {
                    recalled.Add(p.Id);
                }
            }
        }

        foreach (var p in curated.Where(p => !recalled.Contains(p.Id)))
        {
            output.WriteLine($"missed: {p.Id} ({p.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated"})");
        }

        var precision = (double)truePositives / Math.Max(1, candidates);
        var recall = (double)recalled.Count / curated.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"precision {precision:0.00} ({truePositives}/{candidates}), recall {recall:0.00} ({recalled.Count}/{curated.Count})"));
        Assert.True(recall >= 1.0, $"recall {recall:0.00}");
        Assert.True(precision >= 1.0, $"precision {precision:0.00}");
    }

    [Fact]
    public async Task Extract_AINewsArticle_FindsTheRequiredPredictionsWithTheirDates()
    {
        var seeds = await SeedDirectory.LoadAsync(SeedsDirectory(), CancellationToken.None);
        var article = seeds.Articles.Single(static a => a.Metadata.SourceFile == "000_8bcab83f5ce104c3.txt");

        var found = Extract(article).Candidates;

        PredictionCandidate Find(string words) => Assert.Single(found, c => c.Quote.Contains(words, StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2027, 5, 31), Find("Regulatory intervention").ResolveBy);
        var departures = Find("senior researchers leave");
        Assert.Equal(new DateOnly(2026, 11, 30), departures.ResolveBy);
        // The claim is the event; the 15% is the condition's threshold, as the curated manifest has it.
        Assert.Equal(CandidateKind.Event, departures.Kind);
        var condition = Assert.IsType<CandidateCondition>(departures.ConditionDetail);
        Assert.Equal((CandidateKind.Threshold, ">", 15m, "%"),
            (condition.Kind, condition.Comparator, condition.Threshold!.Value, condition.Unit));
        Assert.Equal(new DateOnly(2026, 11, 30), condition.ResolveBy);
        Assert.NotNull(departures.Condition);
        Assert.Equal(new DateOnly(2027, 11, 30), Find("single merged product line").ResolveBy);
        var consolidation = Find("up to 40%");
        Assert.Equal(new DateOnly(2027, 5, 31), consolidation.ResolveBy);
        Assert.Equal(40m, consolidation.Threshold);
        var rows = found.Where(static c => c.Source == CandidateSource.Table).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, static r => Assert.Equal(new DateOnly(2026, 3, 31), r.ResolveBy));
        Assert.All(rows, static r => Assert.True(r.EndsBeforePublication));
        Assert.Equal((3m, 4m), (rows[0].Low!.Value, rows[0].High!.Value));
        Assert.Equal(16.00m, rows[1].Threshold);
        Assert.Equal((5m, 6m), (rows[2].Low!.Value, rows[2].High!.Value));
        Assert.Equal(30m, rows[3].Threshold);
    }

    [Fact]
    public async Task Extract_SeedArticles_NothingFromAnnotatedBoilerplateOrTheEventAd()
    {
        var seeds = await SeedDirectory.LoadAsync(SeedsDirectory(), CancellationToken.None);

        foreach (var article in seeds.Articles)
        {
            foreach (var c in Extract(article).Candidates)
            {
                Assert.True(article.IsBody(c.Start, c.End - c.Start), $"{article.Id}: {c.Quote}");
                Assert.DoesNotContain("October 13-15", c.Quote, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Extract_SeedArticlesWithoutAnnotations_FindsTheSameDatedPredictions()
    {
        var seeds = await SeedDirectory.LoadAsync(SeedsDirectory(), CancellationToken.None);

        foreach (var article in seeds.Articles)
        {
            var annotated = Extract(article).Candidates.Where(static c => !c.Undated).Select(static c => c.Start).ToList();
            var heuristic = PredictionExtractor.Extract(article.Text, article.Metadata.Published).Candidates.Where(static c => !c.Undated)
                .Select(static c => c.Start).ToList();

            Assert.Equal(annotated, heuristic);
        }
    }
}
