using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Domain.Predictions;

namespace ForecastWatch.Tests.Inbound;

/// <summary>The confirmation of a condition answer spells out a negated condition, so YES cannot be read backwards.</summary>
public sealed class ReplyAnswerTextConditionTests
{
    private static string Confirm(bool negated, Verdict verdict)
    {
        var prediction = ResolverTests.Event("p-neg") with
        {
            Condition = "La Niña develops by 2027-03-31",
            ConditionSpec = negated ? new ConditionSpec { Negated = true } : null,
        };
        var record = new ResolutionRecord(1, "p-neg", verdict, null, null, null, null, null, [], "editor@example.test",
            new DateTimeOffset(2027, 4, 2, 9, 0, 0, TimeSpan.Zero), ResolutionSource.Email, null, null)
        {
            Target = ResolutionTarget.Condition,
        };
        return ReplyAnswerText.Confirmation(new StoredPrediction(prediction, "Outlet", null, "Title"), record,
            new VerdictReading(null, "", [], null));
    }

    [Fact]
    public void Confirmation_NegatedCondition_SaysWhatDidNotHappen()
    {
        var yes = Confirm(true, Verdict.Yes);
        var no = Confirm(true, Verdict.No);

        Assert.Contains("Condition: this did NOT happen: La Niña develops by 2027-03-31\n", yes, StringComparison.Ordinal);
        Assert.Contains("The condition held (that did NOT happen): you will be asked", yes, StringComparison.Ordinal);
        Assert.Contains("The condition did not hold (that DID happen), so the prediction is annulled", no, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirmation_PositiveTwin_PlainWording()
    {
        var no = Confirm(false, Verdict.No);

        Assert.Contains("Condition: La Niña develops by 2027-03-31\n", no, StringComparison.Ordinal);
        Assert.Contains("The condition did not hold, so the prediction is annulled", no, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT", no, StringComparison.Ordinal);
    }
}
