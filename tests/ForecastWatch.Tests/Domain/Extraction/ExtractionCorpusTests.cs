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
        var all = ExtractionCorpus.Load("dev").Concat(ExtractionCorpus.Load("heldout")).Concat(ExtractionCorpus.Load("unseen")).ToList();
        var missing = ExtractionCorpus.Score(all)
            .Report.Where(static l => l.Contains("LABEL NOT IN TEXT: ", StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }

    /// <summary>
    /// The third held-out set (unseen2) is checked without running the extractor: its labels, traps and page dates
    /// are right before anything is measured on it.
    /// </summary>
    [Fact]
    public void Corpus_Unseen2_LabelsTrapsAndDatesAreInTheTextTheExtractorReads()
    {
        var articles = ExtractionCorpus.Load("unseen2");
        var problems = ExtractionCorpus.LabelProblems(articles);
        foreach (var line in problems)
        {
            output.WriteLine(line);
        }

        Assert.True(articles.Count >= 12, $"{articles.Count} articles");
        Assert.Empty(problems);
    }

    /// <summary>
    /// The fourth held-out set (unseen3) is checked without running the extractor: every label, trap and page date is in
    /// the text the extractor reads, and the set has the articles, HTML pages, tables, lists and traps it claims.
    /// </summary>
    [Fact]
    public void Corpus_Unseen3_LabelsTrapsAndDatesAreInTheTextTheExtractorReads()
    {
        var articles = ExtractionCorpus.Load("unseen3");
        var problems = ExtractionCorpus.LabelProblems(articles);
        foreach (var line in problems)
        {
            output.WriteLine(line);
        }

        Assert.Empty(problems);
        Assert.True(articles.Count >= 16, $"{articles.Count} articles");
        Assert.True(articles.Count(static a => a.Path.EndsWith(".html", StringComparison.Ordinal)) >= 5);
        Assert.True(articles.Count(static a => a.Forecasts.Any(static f => f.Source == "table")) >= 5);
        Assert.True(articles.Count(static a => a.Forecasts.Any(static f => f.Source == "list")) >= 4);
        Assert.True(articles.Sum(static a => a.Traps.Count) >= 80);
    }

    /// <summary>
    /// The fifth and sixth held-out sets (unseen4, unseen5) are checked without running the extractor: every label, trap
    /// and page date is in the text the extractor reads (LoadVerified throws otherwise), and the set has the articles,
    /// HTML pages, tables, lists and traps it claims.
    /// </summary>
    [Theory]
    [InlineData("unseen4")]
    [InlineData("unseen5")]
    public void Corpus_HeldOutSet_LabelsTrapsAndDatesAreInTheTextTheExtractorReads(string set)
    {
        var articles = ExtractionCorpus.Load(set);
        var problems = ExtractionCorpus.LabelProblems(articles);
        foreach (var line in problems)
        {
            output.WriteLine(line);
        }

        Assert.Empty(problems);
        Assert.Equal(articles.Count, ExtractionCorpus.LoadVerified(set).Count);
        Assert.True(articles.Count >= 16, $"{articles.Count} articles");
        Assert.True(articles.Count(static a => a.Path.EndsWith(".html", StringComparison.Ordinal)) >= 6);
        Assert.True(articles.Count(static a => a.Forecasts.Any(static f => f.Source == "table")) >= 6);
        Assert.True(articles.Count(static a => a.Forecasts.Any(static f => f.Source == "list")) >= 5);
        Assert.True(articles.Sum(static a => a.Traps.Count) >= 8 * articles.Count, $"{articles.Sum(static a => a.Traps.Count)} traps");
    }

    [Fact]
    public void Extract_DevelopmentCorpus_KeepsRecallPrecisionAndTraps()
    {
        var score = Run("dev");

        // Measured 0.91 / 1.00 / 0.98 / 0.96 / 0 traps (bench/RESULTS.md); the floors leave room for one or two labels.
        Assert.True(score.ProseRecall >= 0.88, score.Summary());
        Assert.True(score.TableRecall >= 0.95, score.Summary());
        Assert.True(score.ExactResolveByRate >= 0.95, score.Summary());
        Assert.True(score.Precision >= 0.93, score.Summary());
        Assert.Equal(0, score.TrapsProposed);
        Assert.Equal(0, score.PublishedWrong);
    }

    [Fact]
    public void Extract_HeldOutCorpus_Report()
    {
        var score = Run("heldout");

        Assert.True(score.Articles >= 10, score.Summary());
    }

    /// <summary>
    /// The second held-out set (wire, op-ed, business, science; conditionals, word counts, yearless months, new table
    /// layouts), labelled before the extractor was run on it. Reported, not a floor: bench/RESULTS.md has the numbers.
    /// </summary>
    [Fact]
    public void Extract_UnseenCorpus_Report()
    {
        var score = Run("unseen");

        Assert.True(score.Articles >= 10, score.Summary());
    }

    /// <summary>
    /// The third held-out set (other newsrooms: Indian, British and Australian English, continental numbers, live blog,
    /// interview, minutes, polls), labelled before the extractor was run on it. Reported, not a floor:
    /// unseen2/RESULTS.md has the numbers.
    /// </summary>
    [Fact]
    public void Extract_Unseen2Corpus_Report()
    {
        var score = Run("unseen2");

        Assert.True(score.Articles >= 12, score.Summary());
    }

    /// <summary>
    /// The fourth held-out set (regional US, Canadian, New Zealand, Irish, Singapore and South African newsrooms;
    /// statistics office, international outlook, energy agency, analyst, election model, sport, transport, health,
    /// earnings preview, commodity note, podcast, live blog, listicle), labelled and committed before the extractor was
    /// run on it. Loaded with <see cref="ExtractionCorpus.LoadVerified"/> (a label not in the text fails the test);
    /// reported, not a floor: unseen3/RESULTS.md has the numbers.
    /// </summary>
    [Fact]
    public void Extract_Unseen3Corpus_Report()
    {
        var score = ExtractionCorpus.Score(ExtractionCorpus.LoadVerified("unseen3"));
        foreach (var line in score.Report)
        {
            output.WriteLine(line);
        }

        output.WriteLine(score.Summary());
        Assert.True(score.Articles >= 16, score.Summary());
    }

    /// <summary>
    /// The fifth held-out set (unseen4: European and Asian central banks and business dailies, Indian and Latin
    /// American budgets and wires, mining guidance, airline traffic, chip trade body, seasonal outlook, council housing,
    /// climate projection, retail, football and crop tables, columnist lists, freight note, opinion), labelled and
    /// committed before the extractor was run on it. Reported, not a floor: unseen4/RESULTS.md has the numbers.
    /// </summary>
    [Fact]
    public void Extract_Unseen4Corpus_Report()
    {
        var score = ExtractionCorpus.Score(ExtractionCorpus.LoadVerified("unseen4"));
        foreach (var line in score.Report)
        {
            output.WriteLine(line);
        }

        output.WriteLine(score.Summary());
        Assert.True(score.Articles >= 16, score.Summary());
    }

    /// <summary>
    /// The sixth held-out set (unseen5: a German institute in translation, biotech pipeline, tourism board, port volumes,
    /// hurricane season, transit budget, property portal, sovereign rating, earnings call, cycling preview, telecom
    /// regulator, fusion timeline, state fiscal note, labour think tank, coffee crop, election-night live blog), labelled
    /// and committed before the extractor was run on it. Reported, not a floor.
    /// </summary>
    [Fact]
    public void Extract_Unseen5Corpus_Report()
    {
        var score = ExtractionCorpus.Score(ExtractionCorpus.LoadVerified("unseen5"));
        foreach (var line in score.Report)
        {
            output.WriteLine(line);
        }

        output.WriteLine(score.Summary());
        Assert.True(score.Articles >= 16, score.Summary());
    }
}
