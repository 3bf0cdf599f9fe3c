using ForecastWatch.Domain.Prompts;
using ForecastWatch.Mailing;

namespace ForecastWatch.Tests.Mailing;

public sealed class PromptComposerTests
{
    private const string Installation = "i0123456789abcdef";

    private static readonly DateTimeOffset AsOf = new(2027, 6, 4, 9, 0, 0, TimeSpan.Zero);

    private static PromptMailRequest Request(PromptPrediction prediction, PromptStepKind kind = PromptStepKind.Initial, int step = 0,
        string[]? previous = null) =>
        new(prediction, kind, step, 2, 42, "editor@example.test", "p42.abcdefghijklmnopqrst", AsOf, previous ?? [], Installation);

    [Fact]
    public void Compose_Initial_SubjectHeadersAndAnswerInstructions()
    {
        var mail = PromptTestHarness.Composer().Compose(Request(PromptTestHarness.Prediction("ainews-regulation", "2027-05-31")));

        Assert.Equal("[FW-ainews-regulation] Due: Claim of ainews-regulation", mail.Subject);
        Assert.Equal("fw.prompt.42.0.i0123456789abcdef@example.test", mail.MessageId);
        Assert.Equal("desk+p42.abcdefghijklmnopqrst@example.test", mail.ReplyTo);
        Assert.Null(mail.InReplyTo);
        Assert.Contains(mail.Headers, h => h.Key == "Auto-Submitted" && h.Value == "auto-generated");
        Assert.Contains(mail.Headers, h => h.Key == "X-Auto-Response-Suppress" && h.Value == "All");
        Assert.Contains(mail.Headers, h => h.Key == "X-ForecastWatch-Loop");
        foreach (var body in new[] { mail.TextBody, mail.HtmlBody! })
        {
            Assert.Contains("the quote of ainews-regulation", body, StringComparison.Ordinal);
            Assert.Contains("2027-05-31", body, StringComparison.Ordinal);
            Assert.Contains("4 days overdue", body, StringComparison.Ordinal);
            Assert.Contains("https://example.test/a", body, StringComparison.Ordinal);
            Assert.Contains("It happens.", body, StringComparison.Ordinal);
            Assert.Contains("EXTEND 2027-06-30", body, StringComparison.Ordinal);
            Assert.Contains("PARTIAL", body, StringComparison.Ordinal);
            Assert.Contains("VOID", body, StringComparison.Ordinal);
            Assert.DoesNotContain("VALUE", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compose_Threshold_ShowsComparisonAndValueAnswer()
    {
        var mail = PromptTestHarness.Composer().Compose(Request(PromptTestHarness.Prediction("t", "2027-05-31", kind: "threshold")));

        Assert.Contains("inflation > 18%", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("VALUE 18%", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("inflation &gt; 18%", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_ConditionalNotYetAnswered_AsksForTheConditionFirst()
    {
        var prediction = PromptTestHarness.Prediction("c", "2027-05-31") with
        {
            Condition = "Staff leave.",
            ConditionQuantity = "share who leave > 15 %"
        };

        var mail = PromptTestHarness.Composer().Compose(Request(prediction));

        Assert.Contains("CONDITION NO", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("CONDITION 9%", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Staff leave. (answer this first", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("  YES  ", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("CONDITION YES", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_NegatedCondition_AsksThePlainQuestionAndSaysWhatEachAnswerMeans()
    {
        var prediction = PromptTestHarness.Prediction("c", "2027-05-31") with
        {
            Condition = "La Niña develops by 2027-03-31",
            ConditionNegated = true,
            ConditionQuantity = "ONI <= -0.5",
        };

        var mail = PromptTestHarness.Composer().Compose(Request(prediction) with { AsksCondition = true });

        Assert.Equal("[FW-c] Condition due: this did NOT happen: La Niña develops by 2027-03-31", mail.Subject);
        Assert.Contains("Condition", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("this did NOT happen: La Niña develops by 2027-03-31 (answer only this now", mail.TextBody,
            StringComparison.Ordinal);
        Assert.Contains("the condition held (\"La Niña develops by 2027-03-31\" did NOT happen)", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("the condition did not hold (\"La Niña develops by 2027-03-31\" DID happen): the prediction is annulled",
            mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("the observed value of ONI <= -0.5; ForecastWatch decides whether it held (it held if this was NOT met)",
            mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_PositiveConditionTwin_KeepsItsWording()
    {
        var prediction = PromptTestHarness.Prediction("c", "2027-05-31") with { Condition = "La Niña develops by 2027-03-31" };

        var mail = PromptTestHarness.Composer().Compose(Request(prediction) with { AsksCondition = true });

        Assert.Equal("[FW-c] Condition due: La Niña develops by 2027-03-31", mail.Subject);
        Assert.DoesNotContain("did NOT happen", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("the condition did not hold: the prediction is annulled", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("La Niña develops by 2027-03-31 (answer only this now", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_ConditionHeldAndHindsight_AsksForTheClaimAndSaysHindsight()
    {
        var prediction = PromptTestHarness.Prediction("c", "2027-05-31") with
        {
            Condition = "Staff leave.",
            ConditionHeld = true,
            EndsBeforePublication = true
        };

        var mail = PromptTestHarness.Composer().Compose(Request(prediction));

        Assert.DoesNotContain("CONDITION NO", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("  YES ", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("ended before the article was published", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Reminder_ThreadsOnEarlierMessages()
    {
        var mail = PromptTestHarness.Composer().Compose(Request(PromptTestHarness.Prediction("p", "2027-05-31"), PromptStepKind.Reminder, 2,
            ["fw.prompt.42.0@example.test", "fw.prompt.42.1@example.test"]));

        Assert.Equal("fw.prompt.42.1@example.test", mail.InReplyTo);
        Assert.Equal(["fw.prompt.42.0@example.test", "fw.prompt.42.1@example.test"], mail.References);
        Assert.StartsWith("Reminder 2 of 2", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_HtmlInClaim_Escaped()
    {
        var prediction = PromptTestHarness.Prediction("p", "2027-05-31") with { Claim = "<script>alert(1)</script>" };

        var mail = PromptTestHarness.Composer().Compose(Request(prediction));

        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
    }
}
