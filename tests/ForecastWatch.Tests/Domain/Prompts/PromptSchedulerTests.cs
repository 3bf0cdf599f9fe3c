using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Tests.Domain.Prompts;

public sealed class PromptSchedulerTests
{
    private static readonly PromptRouting Routing = new(
        [new PromptContact("Ed", "Editor@Example.test", ["AINews"], [])],
        [new PromptContact("Chief", "chief@example.test", ["AINews"], [])],
        "desk@example.test");

    private static PromptSubject Subject(string id = "p1", string resolveBy = "2027-05-31", bool open = true) =>
        new(id, DateOnly.Parse(resolveBy, System.Globalization.CultureInfo.InvariantCulture), open, "AINews", [], []);

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Decide_BeforeResolveByHasPassed_NothingDue()
    {
        var decisions = PromptScheduler.Decide([Subject()], [], At("2027-05-31T23:59:59Z"), PromptTiming.Default, Routing);

        Assert.Empty(decisions);
    }

    [Fact]
    public void Decide_DayAfterResolveBy_InitialPromptToRoutedEditors()
    {
        var decisions = PromptScheduler.Decide([Subject()], [], At("2027-06-01T00:00:00Z"), PromptTiming.Default, Routing);

        var d = Assert.Single(decisions);
        Assert.Equal(PromptStepKind.Initial, d.Kind);
        Assert.Equal(0, d.Step);
        Assert.Equal(["editor@example.test"], d.Recipients);
    }

    [Fact]
    public void Decide_ClosedOrUndated_NothingDue()
    {
        var undated = Subject() with { ResolveBy = null };

        var decisions = PromptScheduler.Decide([Subject(open: false), undated], [], At("2030-01-01T00:00:00Z"), PromptTiming.Default,
            Routing);

        Assert.Empty(decisions);
    }

    [Fact]
    public void Decide_ThreeDaysAfterPrompt_FirstReminder()
    {
        var history = new[] { new PromptHistoryEntry("p1", new DateOnly(2027, 5, 31), 0, At("2027-06-01T09:00:00Z")) };

        Assert.Empty(PromptScheduler.Decide([Subject()], history, At("2027-06-04T08:59:59Z"), PromptTiming.Default, Routing));
        var d = Assert.Single(PromptScheduler.Decide([Subject()], history, At("2027-06-04T09:00:00Z"), PromptTiming.Default, Routing));
        Assert.Equal(PromptStepKind.Reminder, d.Kind);
        Assert.Equal(1, d.Step);
    }

    [Fact]
    public void Decide_AfterLastReminder_EscalatesToChiefs()
    {
        var cycle = new DateOnly(2027, 5, 31);
        var history = new[]
        {
            new PromptHistoryEntry("p1", cycle, 0, At("2027-06-01T00:00:00Z")),
            new PromptHistoryEntry("p1", cycle, 1, At("2027-06-04T00:00:00Z")),
            new PromptHistoryEntry("p1", cycle, 2, At("2027-06-08T00:00:00Z")),
        };

        var d = Assert.Single(PromptScheduler.Decide([Subject()], history, At("2027-06-15T00:00:00Z"), PromptTiming.Default, Routing));

        Assert.Equal(PromptStepKind.Escalation, d.Kind);
        Assert.Equal(["chief@example.test"], d.Recipients);
    }

    [Fact]
    public void Decide_AfterEscalation_Silent()
    {
        var cycle = new DateOnly(2027, 5, 31);
        var history = new[] { new PromptHistoryEntry("p1", cycle, 3, At("2027-06-15T00:00:00Z")) };

        Assert.Empty(PromptScheduler.Decide([Subject()], history, At("2029-01-01T00:00:00Z"), PromptTiming.Default, Routing));
    }

    [Fact]
    public void Decide_WorkerDownForWeeks_OneStepPerPredictionThenNormalSpacing()
    {
        var cycle = new DateOnly(2027, 5, 31);
        var history = new List<PromptHistoryEntry> { new("p1", cycle, 0, At("2027-06-01T00:00:00Z")) };
        var restart = At("2027-07-01T00:00:00Z");

        var first = Assert.Single(PromptScheduler.Decide([Subject()], history, restart, PromptTiming.Default, Routing));
        history.Add(new PromptHistoryEntry("p1", cycle, first.Step, restart));
        var hourLater = PromptScheduler.Decide([Subject()], history, restart.AddHours(1), PromptTiming.Default, Routing);

        Assert.Equal(1, first.Step);
        Assert.Empty(hourLater);
    }

    [Fact]
    public void Decide_ExtendedResolveBy_NewCycleOnlyWhenNewDatePasses()
    {
        var history = new[] { new PromptHistoryEntry("p1", new DateOnly(2027, 5, 31), 0, At("2027-06-01T00:00:00Z")) };
        var extended = Subject(resolveBy: "2027-09-30");

        Assert.Empty(PromptScheduler.Decide([extended], history, At("2027-09-30T12:00:00Z"), PromptTiming.Default, Routing));
        var d = Assert.Single(PromptScheduler.Decide([extended], history, At("2027-10-01T00:00:00Z"), PromptTiming.Default, Routing));
        Assert.Equal(new DateOnly(2027, 9, 30), d.CycleResolveBy);
        Assert.Equal(PromptStepKind.Initial, d.Kind);
    }

    [Fact]
    public void FirstDueInstant_NonUtcZone_MidnightLocal()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var due = PromptScheduler.FirstDueInstant(new DateOnly(2027, 5, 31), zone);

        Assert.Equal(At("2027-05-31T22:00:00Z"), due.ToUniversalTime());
    }

    [Fact]
    public void DaysOverdue_ThirtyDaysLater_Counts()
    {
        Assert.Equal(30, PromptScheduler.DaysOverdue(new DateOnly(2027, 5, 31), At("2027-06-30T10:00:00Z"), TimeZoneInfo.Utc));
        Assert.Equal(0, PromptScheduler.DaysOverdue(new DateOnly(2027, 5, 31), At("2027-05-01T10:00:00Z"), TimeZoneInfo.Utc));
    }

    [Fact]
    public void PromptTiming_DecreasingReminderDays_Throws()
    {
        Assert.Throws<ForecastWatch.Domain.DomainException>(() => new PromptTiming([7, 3], 14, TimeZoneInfo.Utc));
        Assert.Throws<ForecastWatch.Domain.DomainException>(() => new PromptTiming([3, 7], 7, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Decide_ConditionDateBeforeClaimDate_AsksTheConditionThenStartsTheClaimCycle()
    {
        var subject = Subject() with { ConditionBy = new DateOnly(2027, 1, 31) };

        Assert.Empty(PromptScheduler.Decide([subject], [], At("2027-01-31T23:59:59Z"), PromptTiming.Default, Routing));
        var condition = Assert.Single(PromptScheduler.Decide([subject], [], At("2027-02-01T00:00:00Z"), PromptTiming.Default, Routing));
        Assert.Equal((new DateOnly(2027, 1, 31), 0, true), (condition.CycleResolveBy, condition.Step, condition.AsksCondition));

        // The condition's cycle ran to its escalation unanswered: at the claim's date a new cycle asks again.
        var history = new[] { new PromptHistoryEntry("p1", new DateOnly(2027, 1, 31), 3, At("2027-02-15T00:00:00Z")) };
        Assert.Empty(PromptScheduler.Decide([subject], history, At("2027-05-01T00:00:00Z"), PromptTiming.Default, Routing));
        var claim = Assert.Single(PromptScheduler.Decide([subject], history, At("2027-06-01T00:00:00Z"), PromptTiming.Default, Routing));
        Assert.Equal((new DateOnly(2027, 5, 31), 0, false), (claim.CycleResolveBy, claim.Step, claim.AsksCondition));
    }

    [Fact]
    public void Decide_UndatedClaimWithDatedCondition_AsksTheCondition()
    {
        var subject = Subject() with { ResolveBy = null, ConditionBy = new DateOnly(2027, 1, 31) };

        var d = Assert.Single(PromptScheduler.Decide([subject], [], At("2027-03-01T00:00:00Z"), PromptTiming.Default, Routing));

        Assert.True(d.AsksCondition);
        Assert.Equal(new DateOnly(2027, 1, 31), d.CycleResolveBy);
    }

    [Fact]
    public void Decide_ConditionDateSameAsClaimDate_OneCycleAskingTheWholePrediction()
    {
        var subject = Subject() with { ConditionBy = new DateOnly(2027, 5, 31) };

        var d = Assert.Single(PromptScheduler.Decide([subject], [], At("2027-06-01T00:00:00Z"), PromptTiming.Default, Routing));

        Assert.False(d.AsksCondition);
        Assert.Equal(new DateOnly(2027, 5, 31), d.CycleResolveBy);
    }
}
