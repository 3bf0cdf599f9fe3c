using ForecastWatch.Domain;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class ScorecardBuilderTests
{
    private static readonly DateOnly AsOf = new(2026, 8, 1);

    private static ScorecardBuilder CreateSut(ScoreDimension dimension = ScoreDimension.Outlet, ScoringSettings? settings = null,
        DateOnly? since = null) =>
        new(dimension, AsOf, settings, since);

    private static Scorecard Build(IEnumerable<ScoredPrediction> predictions, ScoreDimension dimension = ScoreDimension.Outlet,
        ScoringSettings? settings = null, DateOnly? since = null)
    {
        var sut = CreateSut(dimension, settings, since);
        foreach (var p in predictions)
        {
            sut.Add(p);
        }

        return sut.Build();
    }

    [Fact]
    public void Build_WorkedExample_MatchesHandComputedScores()
    {
        var card = Build(Fixtures.WorkedExample());

        var alpha = Assert.Single(card.Groups);
        Assert.Equal("Alpha", alpha.Key);
        Assert.Equal(5, alpha.Scored);
        Assert.Equal(3.5, alpha.Credit, 12);
        Assert.Equal(0.7, alpha.Accuracy!.Value, 12);
        Assert.Equal(0.2987910540723934, alpha.Interval!.Value.Low, 9);
        Assert.Equal(0.9274159600143366, alpha.Interval!.Value.High, 9);
        Assert.Equal(0.1205, alpha.MeanBrier!.Value, 12);
        Assert.Equal(0.518, alpha.SkillVsCoinFlip!.Value, 12);
        Assert.Equal(0.5, alpha.BaseRate!.Value, 12);
        Assert.Equal(0.3975, alpha.SkillVsBaseRate!.Value, 12);
        Assert.Equal(-0.5052674028544406, alpha.MeanLogScore!.Value, 12);
        Assert.Equal(6.0, alpha.MeanDaysDueToResolution!.Value, 12);
        Assert.Equal(2, alpha.Open);
        Assert.Equal(1, alpha.OverdueUnresolved);
        Assert.Equal(1, alpha.Void);
        Assert.False(alpha.IsSmallSample);
        Assert.Equal(1, alpha.Rank);
    }

    [Fact]
    public void Build_WorkedExample_CalibrationBucketsHandComputed()
    {
        var card = Build(Fixtures.WorkedExample());

        var buckets = card.Overall.Calibration;
        Assert.Equal(10, buckets.Count);
        Assert.Equal([0, 0, 1, 0, 0, 0, 1, 1, 2, 0], buckets.Select(static b => b.Count));
        Assert.Equal(0.2, buckets[2].MeanPredicted!.Value, 12);
        Assert.Equal(0.0, buckets[2].ObservedRate!.Value, 12);
        Assert.Equal(0.5, buckets[6].ObservedRate!.Value, 12);
        Assert.Equal(0.0, buckets[7].ObservedRate!.Value, 12);
        Assert.Equal(0.825, buckets[8].MeanPredicted!.Value, 12);
        Assert.Equal(1.0, buckets[8].ObservedRate!.Value, 12);
        Assert.Null(buckets[0].MeanPredicted);
        Assert.Null(buckets[0].ObservedRate);
    }

    [Fact]
    public void Build_GroupOfOne_ScoredLabelledSmallAndNotRanked()
    {
        var predictions = Fixtures.WorkedExample().Append(Fixtures.Resolved("b1", 0.6, 1, outlet: "Beta"));

        var card = Build(predictions);

        var beta = Assert.Single(card.Groups, static g => g.Key == "Beta");
        Assert.Equal(1, beta.Scored);
        Assert.Equal(1.0, beta.Accuracy!.Value, 12);
        Assert.Equal(0.20654931437723745, beta.Interval!.Value.Low, 9);
        Assert.Equal(1.0, beta.Interval!.Value.High, 12);
        Assert.Equal(0.16, beta.MeanBrier!.Value, 12);
        Assert.Equal(0.36, beta.SkillVsCoinFlip!.Value, 12);
        Assert.Null(beta.SkillVsBaseRate);
        Assert.True(beta.IsSmallSample);
        Assert.Null(beta.Rank);
        Assert.Equal(["Alpha", "Beta"], card.Groups.Select(static g => g.Key));
    }

    [Fact]
    public void Build_Void_ExcludedFromScoresAndListedWithReason()
    {
        var card = Build([Fixtures.Resolved("x1", 0.9, 1), Fixtures.Void("x2", reason: "event cancelled")]);

        Assert.Equal(1, card.Overall.Scored);
        Assert.Equal(0.01, card.Overall.MeanBrier!.Value, 12);
        Assert.Equal(1, card.VoidCount);
        var v = Assert.Single(card.Voids);
        Assert.Equal("x2", v.Id);
        Assert.Equal("event cancelled", v.Reason);
    }

    [Fact]
    public void Build_MoreVoidsThanListed_CountsAllListsCap()
    {
        var settings = new ScoringSettings { MaxListedVoids = 2 };

        var card = Build(Enumerable.Range(0, 5).Select(static i => Fixtures.Void("v" + i)), settings: settings);

        Assert.Equal(5, card.VoidCount);
        Assert.Equal(2, card.Voids.Count);
        Assert.Equal(5, card.Overall.Void);
    }

    [Fact]
    public void Build_OnlyVoidAndOpen_StatisticsNullNotNaN()
    {
        var card = Build([Fixtures.Void("v1"), Fixtures.Open("o1", null)]);

        Assert.Equal(0, card.Overall.Scored);
        Assert.Null(card.Overall.Accuracy);
        Assert.Null(card.Overall.Interval);
        Assert.Null(card.Overall.MeanBrier);
        Assert.Null(card.Overall.MeanDaysDueToResolution);
        Assert.Equal(1, card.Overall.Open);
        Assert.Equal(0, card.Overall.OverdueUnresolved);
    }

    [Fact]
    public void Add_InvalidRow_SkippedWithDefectNotThrown()
    {
        var sut = CreateSut();
        var bad = Fixtures.Resolved("bad", 1.7, 1) with { Outcome = null };

        var added = sut.Add(bad);
        var card = sut.Build();

        Assert.False(added);
        Assert.Equal(1, card.SkippedCount);
        var skipped = Assert.Single(card.Skipped);
        Assert.Equal("bad", skipped.Id);
        Assert.Contains(skipped.Defects, static d => d.Contains("probability 1.7", StringComparison.Ordinal));
        Assert.Contains(skipped.Defects, static d => d.Contains("without an outcome", StringComparison.Ordinal));
        Assert.Equal(0, card.Overall.Scored);
    }

    [Fact]
    public void Add_NoProbability_ScoresWithUnstatedDefault()
    {
        var settings = new ScoringSettings { UnstatedProbability = 0.8 };

        var card = Build([Fixtures.Resolved("f1", 0.5, 0) with { Probability = null }], settings: settings);

        Assert.Equal(0.64, card.Overall.MeanBrier!.Value, 12);
    }

    [Fact]
    public void Add_OverdueGrace_OnlyCountsPastGrace()
    {
        var settings = new ScoringSettings { OverdueGraceDays = 14 };
        var predictions = new[]
        {
            Fixtures.Open("due-15-days-ago", AsOf.AddDays(-15)),
            Fixtures.Open("due-14-days-ago", AsOf.AddDays(-14)),
            Fixtures.Open("due-tomorrow", AsOf.AddDays(1)),
        };

        var card = Build(predictions, settings: settings);

        Assert.Equal(3, card.Overall.Open);
        Assert.Equal(1, card.Overall.OverdueUnresolved);
    }

    [Fact]
    public void Add_TwoAuthorsAndDuplicateTag_CountsOncePerDistinctKey()
    {
        var p = Fixtures.Resolved("m1", 0.7, 1) with { Authors = ["Ann", "Bob", "Ann"] };

        var card = Build([p], ScoreDimension.Author);

        Assert.Equal(["Ann", "Bob"], card.Groups.Select(static g => g.Key).Order(StringComparer.Ordinal));
        Assert.All(card.Groups, static g => Assert.Equal(1, g.Scored));
        Assert.Equal(1, card.Overall.Scored);
    }

    [Fact]
    public void Build_Ranking_LowestBrierFirstSmallSamplesLast()
    {
        var predictions = new List<ScoredPrediction>();
        predictions.AddRange(Enumerable.Range(0, 5).Select(static i => Fixtures.Resolved("g" + i, 0.9, 1, outlet: "Good")));
        predictions.AddRange(Enumerable.Range(0, 5).Select(static i => Fixtures.Resolved("b" + i, 0.9, 0, outlet: "Bad")));
        predictions.AddRange(Enumerable.Range(0, 4).Select(static i => Fixtures.Resolved("s" + i, 0.9, 1, outlet: "Small")));

        var card = Build(predictions);

        Assert.Equal(["Good", "Bad", "Small"], card.Groups.Select(static g => g.Key));
        Assert.Equal([1, 2, (int?)null], card.Groups.Select(static g => g.Rank));
    }

    [Fact]
    public void Add_Since_FiltersOnDueDateAndOnResolutionForUndated()
    {
        var since = new DateOnly(2026, 6, 1);
        var predictions = new[]
        {
            Fixtures.Resolved("in", 0.8, 1),
            Fixtures.Resolved("out", 0.8, 1) with { ResolveBy = new DateOnly(2026, 5, 31) },
            Fixtures.Resolved("undated-in", 0.8, 1) with { ResolveBy = null, ResolvedAt = Fixtures.At(2026, 6, 2) },
            Fixtures.Resolved("undated-out", 0.8, 1) with { ResolveBy = null, ResolvedAt = Fixtures.At(2026, 5, 2) },
        };

        var card = Build(predictions, since: since);

        Assert.Equal(2, card.Overall.Scored);
        Assert.Equal(since, card.Since);
    }

    [Fact]
    public void Constructor_InvalidSettings_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<DomainException>(() => CreateSut(settings: new ScoringSettings { MinSample = 0 }));

        Assert.Contains("MinSample", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ByHorizon_BucketsByDaysFromArticleToDue()
    {
        var predictions = new[]
        {
            Fixtures.Resolved("short", 0.8, 1) with { ResolveBy = Fixtures.MadeOn.AddDays(92) },
            Fixtures.Resolved("year", 0.8, 1) with { ResolveBy = Fixtures.MadeOn.AddDays(93) },
            Fixtures.Resolved("undated", 0.8, 1) with { ResolveBy = null },
        };

        var card = Build(predictions, ScoreDimension.Horizon);

        Assert.Equal(["0-3 months", "3-12 months", "undated"], card.Groups.Select(static g => g.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddSums_SameAsAddingOneByOne_OverallGroupsVoidsAndOverdue()
    {
        var asOf = new DateOnly(2026, 9, 1);
        var oneByOne = new ScorecardBuilder(ScoreDimension.Outlet, asOf);
        oneByOne.Add(Fixtures.Resolved("a", 0.8, 1));
        oneByOne.Add(Fixtures.Resolved("b", 0.8, 0));
        oneByOne.Add(Fixtures.Open("c", new DateOnly(2026, 8, 1)));
        oneByOne.Add(Fixtures.Open("d", new DateOnly(2026, 8, 30)));
        oneByOne.Add(Fixtures.Void("e"));
        var summed = new ScorecardBuilder(ScoreDimension.Outlet, asOf);
        foreach (var key in new[] { null, "Alpha" })
        {
            summed.AddSums(key, new PredictionSums(PredictionState.Resolved, 0.8, null, 2, 1, 1, 2, 2));
            summed.AddSums(key, new PredictionSums(PredictionState.Open, null, new DateOnly(2026, 8, 1), 1, 0, 0, 0, 0));
            summed.AddSums(key, new PredictionSums(PredictionState.Open, null, new DateOnly(2026, 8, 30), 1, 0, 0, 0, 0));
            summed.AddSums(key, new PredictionSums(PredictionState.Void, null, null, 1, 0, 0, 0, 0));
        }

        summed.ListVoid(new VoidedPrediction("e", "Alpha", "Claim e", "question became moot"));

        var expected = oneByOne.Build();
        var actual = summed.Build();
        Assert.Equal(ScorecardFormatter.ToJson(expected with { Voids = [] }), ScorecardFormatter.ToJson(actual with { Voids = [] }));
        Assert.Equal(1, actual.Overall.OverdueUnresolved);
        Assert.Equal(1, actual.VoidCount);
        Assert.Equal("e", Assert.Single(actual.Voids).Id);
    }

    [Fact]
    public void AddSums_NoProbability_UsesUnstatedDefault()
    {
        var sut = new ScorecardBuilder(ScoreDimension.Outlet, new DateOnly(2026, 9, 1), new ScoringSettings { UnstatedProbability = 0.6 });

        sut.AddSums(null, new PredictionSums(PredictionState.Resolved, null, null, 1, 1, 1, 0, 0));

        Assert.Equal(0.16, sut.Build().Overall.MeanBrier!.Value, 12);
    }

    [Fact]
    public void AddSums_BuilderWithSince_Throws()
    {
        var sut = new ScorecardBuilder(ScoreDimension.Outlet, new DateOnly(2026, 9, 1), since: new DateOnly(2026, 1, 1));

        Assert.Throws<DomainException>(() => sut.AddSums(null, new PredictionSums(PredictionState.Void, null, null, 1, 0, 0, 0, 0)));
    }
}
