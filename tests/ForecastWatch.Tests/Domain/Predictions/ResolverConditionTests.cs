using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Tests.Domain.Predictions;

/// <summary>Conditional predictions: the condition is answered first; one that failed annuls the prediction.</summary>
public sealed class ResolverConditionTests
{
    private static readonly DateTimeOffset AsOf = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static Prediction Conditional() => ResolverTests.Event("p-cond") with
    {
        Claim = "The partnership is effectively dead.",
        Condition = "More than 15% of senior researchers leave within six months.",
        ConditionSpec = new ConditionSpec
        {
            Kind = PredictionKind.Threshold,
            Metric = "share who leave",
            Comparator = Comparator.GreaterThan,
            Threshold = 15,
            Unit = "%"
        },
    };

    private static ResolutionRequest Request(string verdict)
    {
        Assert.True(ResolutionCommand.TryParse(verdict, out var command, out var error), error);
        return new ResolutionRequest(command, "editor@example.test", AsOf, ResolutionSource.Cli);
    }

    private static (List<ResolutionRecord> Rows, ResolveOutcome Last) Apply(Prediction prediction, params string[] verdicts)
    {
        var rows = new List<ResolutionRecord>();
        ResolveOutcome? last = null;
        foreach (var v in verdicts)
        {
            last = Resolver.Decide(prediction, rows, Request(v));
            if (last is { Kind: ResolveOutcomeKind.Recorded, Resolution: { } r })
            {
                rows.Add(r with { Id = rows.Count + 1 });
            }
        }

        return (rows, last!);
    }

    [Fact]
    public void Decide_ClaimBeforeCondition_RefusedAskingForTheCondition()
    {
        var (rows, last) = Apply(Conditional(), "yes");

        Assert.Empty(rows);
        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
        Assert.Contains("CONDITION YES", last.Reason, StringComparison.Ordinal);
        Assert.Contains("senior researchers", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ConditionValueBelowThreshold_AnnulsAndRefusesTheClaim()
    {
        var (rows, last) = Apply(Conditional(), "condition 9%", "no");

        var condition = Assert.Single(rows);
        Assert.Equal((ResolutionTarget.Condition, Verdict.No, 9d), (condition.Target, condition.Verdict, condition.Value!.Value));
        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
        Assert.Contains("annulled", last.Reason, StringComparison.Ordinal);
        var state = ResolutionState.Fold(Conditional(), rows);
        Assert.True(state.IsAnnulled);
        Assert.Same(condition, state.Final);
    }

    [Fact]
    public void Decide_ConditionHeld_ThenTheClaimIsJudged()
    {
        var (rows, last) = Apply(Conditional(), "CONDITION YES", "NO");

        Assert.Equal(ResolveOutcomeKind.Recorded, last.Kind);
        var state = ResolutionState.Fold(Conditional(), rows);
        Assert.False(state.IsAnnulled);
        Assert.Equal((Verdict.Yes, Verdict.No), (state.Condition!.Verdict, state.Final!.Verdict));
        Assert.Equal(ResolutionTarget.Claim, state.Final.Target);
    }

    [Fact]
    public void Decide_ConditionStillOpen_PredictionStaysOpen()
    {
        var state = ResolutionState.Fold(Conditional(), []);

        Assert.Null(state.Final);
        Assert.False(state.IsAnnulled);
        Assert.Equal(PredictionStatus.Overdue, PredictionStatusCalculator.Compute(Conditional(), state, new DateOnly(2027, 7, 1), 14));
    }

    [Fact]
    public void Decide_OverrideConditionYes_RevivesTheClaim()
    {
        var (rows, last) = Apply(Conditional(), "condition no", "override condition yes", "yes");

        Assert.Equal(ResolveOutcomeKind.Recorded, last.Kind);
        Assert.Equal(1, rows[1].SupersedesId);
        Assert.Equal(Verdict.Yes, ResolutionState.Fold(Conditional(), rows).Final!.Verdict);
    }

    [Fact]
    public void Decide_ConditionTwice_RefusedWithoutOverride()
    {
        var (rows, last) = Apply(Conditional(), "condition no", "condition yes");

        Assert.Single(rows);
        Assert.Contains("OVERRIDE CONDITION", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ConditionOnAnUnconditionalPrediction_Refused()
    {
        var (rows, last) = Apply(ResolverTests.Event(), "condition yes");

        Assert.Empty(rows);
        Assert.Contains("has no condition", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ConditionValueOnAnEventCondition_Refused()
    {
        var (rows, last) = Apply(Conditional() with { ConditionSpec = null }, "condition 9%");

        Assert.Empty(rows);
        Assert.Contains("CONDITION YES or CONDITION NO", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_VoidBeforeCondition_Recorded()
    {
        var (_, last) = Apply(Conditional(), "void moot");

        Assert.Equal(ResolveOutcomeKind.Recorded, last.Kind);
    }

    [Theory]
    [InlineData("CONDITION NO", Verdict.No, false, null)]
    [InlineData("condition yes", Verdict.Yes, false, null)]
    [InlineData("CONDITION 9%", Verdict.Yes, true, 9d)]
    [InlineData("CONDITION VALUE 17.5 %", Verdict.Yes, true, 17.5)]
    [InlineData("OVERRIDE CONDITION NO", Verdict.No, false, null)]
    public void TryParse_Condition_TargetsTheCondition(string text, Verdict verdict, bool isValue, double? value)
    {
        Assert.True(ResolutionCommand.TryParse(text, out var command, out var error), error);

        Assert.Equal((ResolutionTarget.Condition, verdict, isValue, value),
            (command.Target, command.Verdict, command.IsValue, command.Value));
    }

    [Theory]
    [InlineData("CONDITION")]
    [InlineData("CONDITION PARTIAL")]
    [InlineData("CONDITION maybe")]
    public void TryParse_ConditionWithoutAnswer_Error(string text)
    {
        Assert.False(ResolutionCommand.TryParse(text, out _, out var error));
        Assert.Contains("CONDITION needs", error, StringComparison.Ordinal);
    }
}
