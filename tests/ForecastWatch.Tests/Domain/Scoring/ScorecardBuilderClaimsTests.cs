using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

/// <summary>
/// Hand-computed (docs/scoring.md, "What was really predicted"): numeric forecasts scored by their error,
/// Brier only with a stated or implied probability, conditionals whose condition failed, and hindsight.
/// </summary>
public sealed class ScorecardBuilderClaimsTests
{
    private static readonly DateOnly AsOf = new(2026, 8, 1);

    private static ScoredPrediction Numeric(string id, string kind, string? comparator, double? threshold, double? low, double? high,
        double value, double outcome,
        double? probability = null, string? source = null) =>
        Fixtures.Resolved(id, 0.5, outcome) with
        {
            Probability = probability,
            ProbabilitySource = source,
            Kind = kind,
            IsNumeric = true,
            Error = NumericError.Compute(kind, comparator, threshold, low, high, value),
        };

    private static IReadOnlyList<ScoredPrediction> Group() =>
    [
        Numeric("n1", "range", null, null, 16, 16, 15.8, 0),
        Numeric("n2", "range", null, null, 16, 16, 40, 0),
        Numeric("n3", "range", null, null, 3, 4, 3.5, 1),
        Numeric("n4", "threshold", ">", 15, null, null, 18, 1, 0.7, "hedge"),
        Fixtures.Resolved("e1", 0.8, 1) with { ProbabilitySource = "stated" },
        Fixtures.Resolved("e2", 0.5, 0) with { Probability = null, Hedge = null },
        Fixtures.Open("c1", Fixtures.Due) with { State = PredictionState.Annulled },
        Fixtures.Resolved("h1", 0.6, 1) with { ProbabilitySource = "stated", IsHindsight = true },
    ];

    private static Scorecard Build(ScoringSettings? settings = null)
    {
        var sut = new ScorecardBuilder(ScoreDimension.Outlet, AsOf, settings);
        foreach (var p in Group())
        {
            sut.Add(p);
        }

        return sut.Build();
    }

    [Fact]
    public void Build_Default_BrierOnlyWithAProbabilityNumericByError()
    {
        var card = Build();

        var all = card.Overall;
        Assert.Equal(3, all.Scored);
        Assert.Equal(0.94 / 3, all.MeanBrier!.Value, 12);
        Assert.Equal(2, all.Implied);
        var n = all.Numeric!;
        Assert.Equal((4, 2d, 0.5, 4, 1, 1), (n.Count, n.Hits, n.HitRate, n.WithError, n.TooHigh, n.TooLow));
        Assert.Equal(WilsonInterval.Compute(2, 4), n.HitInterval);
        Assert.Equal(0.65, n.MedianApe!.Value, 12);
        Assert.Equal((1.2658227848101267 - 60) / 4, n.MeanPercentError!.Value, 9);
    }

    [Fact]
    public void Build_ConditionNotMetAndHindsight_ExcludedAndListed()
    {
        var card = Build();

        Assert.Equal((1, 1), (card.Overall.ConditionNotMet, card.Overall.Hindsight));
        Assert.Equal("c1", Assert.Single(card.ConditionNotMet).Id);
        Assert.Equal("condition not met", card.ConditionNotMet[0].Reason);
        Assert.Equal("h1", Assert.Single(card.Hindsight).Id);
        Assert.Equal(0, card.Overall.Open);
    }

    [Fact]
    public void Build_StatedOnly_LeavesImpliedProbabilitiesOut()
    {
        var card = Build(new ScoringSettings { StatedOnly = true });

        Assert.Equal(1, card.Overall.Scored);
        Assert.Equal(0.04, card.Overall.MeanBrier!.Value, 12);
        Assert.Equal((0, 2), (card.Overall.Implied, card.Overall.ImpliedLeftOut));
        Assert.Equal(4, card.Overall.Numeric!.Count);
    }

    [Fact]
    public void Build_IncludeHindsight_ScoresIt()
    {
        var card = Build(new ScoringSettings { IncludeHindsight = true });

        Assert.Equal(4, card.Overall.Scored);
        Assert.Equal(1.1 / 4, card.Overall.MeanBrier!.Value, 12);
        Assert.Equal(0, card.HindsightCount);
        Assert.Empty(card.Hindsight);
    }
}
