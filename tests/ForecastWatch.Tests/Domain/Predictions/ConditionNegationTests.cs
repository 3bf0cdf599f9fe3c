using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Tests.Domain.Predictions;

/// <summary>
/// Negated conditions ("unless mortgage rates fall below 4%", "if La Niña fails to develop"): the flag inverts what an
/// observed value says, the editor is asked a plain question, and annulment follows the inverted answer.
/// </summary>
public sealed class ConditionNegationTests
{
    private static readonly DateTimeOffset AsOf = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static ConditionSpec Rates(bool negated) => new()
    {
        Kind = PredictionKind.Threshold,
        Metric = "mortgage rates",
        Comparator = Comparator.LessThan,
        Threshold = 4,
        Unit = "%",
        ResolveBy = new DateOnly(2027, 3, 31),
        Negated = negated,
    };

    private static Prediction Conditional(bool negated) => ResolverTests.Event("p-neg") with
    {
        Claim = "House prices rise 7%.",
        Condition = "mortgage rates fall below 4% by March 2027",
        ConditionSpec = Rates(negated),
    };

    [Theory]
    [InlineData(3.5, true)]
    [InlineData(4.5, false)]
    public void Holds_NegatedIsThePositiveInverted(double value, bool positive)
    {
        Assert.Equal(positive, Rates(false).Holds(value));
        Assert.Equal(!positive, Rates(true).Holds(value));
        Assert.Equal(positive, Rates(true).MeetsQuantity(value));
    }

    [Fact]
    public void Holds_NegatedEventCondition_StillNull()
    {
        Assert.Null(new ConditionSpec { Negated = true }.Holds(3));
    }

    [Fact]
    public void ToJson_Positive_HasNoNegatedKeyAndIsUnchanged()
    {
        const string Stored = "{\"comparator\":\"\\u003C\",\"high\":null,\"horizon\":null,\"kind\":\"threshold\",\"low\":null,"
            + "\"metric\":\"mortgage rates\",\"resolveBy\":\"2027-03-31\",\"threshold\":\"4\",\"unit\":\"%\"}";

        Assert.Equal(Stored, Rates(false).ToJson());
        Assert.Equal(Rates(false), ConditionSpec.FromJson(Stored));
        Assert.False(ConditionSpec.FromJson(Stored)!.Negated);
    }

    [Fact]
    public void ToJson_Negated_RoundTrips()
    {
        var json = Rates(true).ToJson();

        Assert.Contains("\"negated\":\"true\"", json, StringComparison.Ordinal);
        Assert.Equal(Rates(true), ConditionSpec.FromJson(json));
    }

    [Fact]
    public void Describe_Negated_SaysNot()
    {
        Assert.Equal("mortgage rates < 4 %", Rates(false).Describe());
        Assert.Equal("NOT mortgage rates < 4 %", Rates(true).Describe());
        Assert.Equal("mortgage rates < 4 %", Rates(true).DescribeQuantity());
        Assert.Equal("La Niña develops", ConditionSpec.Statement("La Niña develops", (ConditionSpec?)null));
        Assert.Equal("this did NOT happen: La Niña develops",
            ConditionSpec.Statement("La Niña develops", new ConditionSpec { Negated = true }));
    }

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

    [Theory]
    [InlineData(false, "condition 3.5%", false)] // rates fell below 4%: the positive condition held
    [InlineData(true, "condition 3.5%", true)] // ... so "unless rates fall below 4%" did not: annulled
    [InlineData(false, "condition 4.5%", true)]
    [InlineData(true, "condition 4.5%", false)]
    [InlineData(true, "condition yes", false)] // the editor's YES is "the negated condition held"
    [InlineData(true, "condition no", true)]
    public void Decide_NegatedCondition_AnnulsExactlyWhenTheInvertedAnswerFails(bool negated, string answer, bool annulled)
    {
        var p = Conditional(negated);
        var (rows, _) = Apply(p, answer, "yes");

        var state = ResolutionState.Fold(p, rows);
        Assert.Equal(annulled, state.IsAnnulled);
        Assert.Equal(annulled ? Verdict.No : Verdict.Yes, state.Condition!.Verdict);
        Assert.Equal(annulled ? 1 : 2, rows.Count); // the claim is judged only when the condition held
    }

    [Fact]
    public void Decide_ClaimFirst_RefusalAsksThePlainNegatedQuestion()
    {
        var (_, last) = Apply(Conditional(true), "yes");

        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
        Assert.Contains("this did NOT happen: mortgage rates fall below 4%", last.Reason, StringComparison.Ordinal);
        Assert.Contains("the condition held if it was NOT met", last.Reason, StringComparison.Ordinal);
    }
}
