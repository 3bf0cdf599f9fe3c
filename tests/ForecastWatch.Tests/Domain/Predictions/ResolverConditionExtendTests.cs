using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Predictions;

/// <summary>CONDITION EXTEND: more time to tell whether a condition held; refused whenever it would be a guess.</summary>
public sealed class ResolverConditionExtendTests
{
    private static readonly DateTimeOffset AsOf = new(2027, 2, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly ConditionBy = new(2027, 1, 31);

    // The claim is due 2027-05-31 (ResolverTests.Event), its condition 2027-01-31.
    private static Prediction Conditional(DateOnly? conditionBy) => ResolverTests.Event("p-cond") with
    {
        Condition = "More than 15% of senior researchers leave within six months.",
        ConditionSpec = new ConditionSpec
        {
            Kind = PredictionKind.Threshold,
            Metric = "share who leave",
            Comparator = Comparator.GreaterThan,
            Threshold = 15,
            Unit = "%",
            ResolveBy = conditionBy,
        },
    };

    private static (List<ResolutionRecord> Rows, ResolveOutcome Last) Apply(Prediction prediction, params string[] verdicts)
    {
        var rows = new List<ResolutionRecord>();
        ResolveOutcome? last = null;
        foreach (var v in verdicts)
        {
            Assert.True(ResolutionCommand.TryParse(v, out var command, out var error), error);
            last = Resolver.Decide(prediction, rows, new ResolutionRequest(command, "editor@example.test", AsOf, ResolutionSource.Cli));
            if (last is { Kind: ResolveOutcomeKind.Recorded, Resolution: { } r })
            {
                rows.Add(r with { Id = rows.Count + 1 });
            }
        }

        return (rows, last!);
    }

    [Fact]
    public void Decide_ConditionExtend_MovesTheConditionsDateNotTheClaims()
    {
        var (rows, last) = Apply(Conditional(ConditionBy), "condition extend 2027-03-31");

        Assert.Equal(ResolveOutcomeKind.Recorded, last.Kind);
        var row = Assert.Single(rows);
        Assert.Equal((ResolutionTarget.Condition, Verdict.Extend, new DateOnly(2027, 3, 31)),
            (row.Target, row.Verdict, row.ExtendTo!.Value));
        var state = ResolutionState.Fold(Conditional(ConditionBy), rows);
        Assert.Equal((new DateOnly(2027, 3, 31), 1), (state.ConditionResolveBy!.Value, state.ConditionExtensionCount));
        Assert.Equal((new DateOnly(2027, 5, 31), 0), (state.ResolveBy!.Value, state.ExtensionCount));
        Assert.Null(state.Condition);
        Assert.Null(state.Final);
    }

    [Theory]
    [InlineData("condition extend 2027-01-31", "does not move the condition's date 2027-01-31 later")]
    [InlineData("condition extend 2027-06-30", "after the claim's own resolve-by date 2027-05-31")]
    public void Decide_ConditionExtendNotLaterOrPastTheClaim_Refused(string verdict, string reason)
    {
        var (rows, last) = Apply(Conditional(ConditionBy), verdict);

        Assert.Empty(rows);
        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
        Assert.Contains(reason, last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ConditionExtendAfterTheConditionWasAnswered_Refused()
    {
        var (rows, last) = Apply(Conditional(ConditionBy), "condition yes", "condition extend 2027-03-31");

        Assert.Single(rows);
        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
        Assert.Contains("already answered", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ConditionExtendOnAPredictionWithoutCondition_Refused()
    {
        var (rows, last) = Apply(ResolverTests.Event("p-plain"), "condition extend 2027-03-31");

        Assert.Empty(rows);
        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
        Assert.Contains("has no condition", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ClaimExtendOfAConditional_LeavesTheConditionsDate()
    {
        var (rows, _) = Apply(Conditional(ConditionBy), "extend 2027-12-31");

        var state = ResolutionState.Fold(Conditional(ConditionBy), rows);
        Assert.Equal((ConditionBy, new DateOnly(2027, 12, 31)), (state.ConditionResolveBy!.Value, state.ResolveBy!.Value));
    }

    [Theory]
    [InlineData("CONDITION EXTEND 2027-06-30", 2027, 6, 30)]
    [InlineData("condition extend 2027-06 - figures due in June", 2027, 6, 30)]
    [InlineData("Condition: extend 3 months", 2027, 4, 30)]
    public void Reply_ConditionExtend_ReadAsAConditionExtensionFromTheConditionsDate(string line, int year, int month, int day)
    {
        var reading = VerdictReader.Read(line);

        Assert.True(reading.IsReadable, reading.Problem);
        Assert.Equal((ReplyVerdictKind.Extend, true), (reading.Verdict!.Kind, reading.Verdict.IsCondition));
        Assert.True(ReplyResolution.TryCreateCommand(reading.Verdict, new DateOnly(2027, 5, 31), new DateOnly(2027, 2, 1), out var command,
            out var problem, ConditionBy), problem);
        Assert.Equal((ResolutionTarget.Condition, Verdict.Extend, new DateOnly(year, month, day)),
            (command.Target, command.Verdict, command.ExtendTo!.Value));
    }

    [Fact]
    public void Reply_ConditionExtendByDurationWithoutAConditionDate_RefusedNotCountedFromToday()
    {
        var reading = VerdictReader.Read("CONDITION EXTEND 3 months");

        Assert.False(ReplyResolution.TryCreateCommand(reading.Verdict!, new DateOnly(2027, 5, 31), new DateOnly(2027, 2, 1), out _,
            out var problem));
        Assert.Contains("give the date instead", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CONDITION EXTEND")]
    [InlineData("CONDITION EXTEND soon")]
    [InlineData("CONDITION EXTEND yes")]
    public void Reply_ConditionExtendWithoutADate_NotRead(string line)
    {
        Assert.False(VerdictReader.Read(line).IsReadable);
    }
}
