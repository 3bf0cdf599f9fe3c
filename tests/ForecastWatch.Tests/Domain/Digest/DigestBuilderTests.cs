using ForecastWatch.Domain;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Tests.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Digest;

public sealed class DigestBuilderTests
{
    [Fact]
    public void Build_Week_SortsPredictionsIntoSections()
    {
        var model = DigestFixtures.Build();

        Assert.Equal(["new-void", "new-yes"], model.Resolved.Items.Select(static p => p.Id));
        Assert.Equal(["late-a", "late-b"], model.Overdue.Items.Select(static i => i.Prediction.Id));
        Assert.Equal([60, 20], model.Overdue.Items.Select(static i => i.DaysOverdue));
        var soon = Assert.Single(model.DueSoon.Items);
        Assert.Equal("soon", soon.Prediction.Id);
        Assert.Equal(10, soon.DaysLeft);
        Assert.Equal(2, model.Scorecard.Overall.Scored);
        Assert.Equal(1, model.Scorecard.VoidCount);
        Assert.False(model.IsQuiet);
    }

    [Fact]
    public void Add_ResolvedAtPeriodBoundaries_StartExcludedEndIncluded()
    {
        var predictions = new[]
        {
            Fixtures.Resolved("at-start", 0.8, 1, resolvedAt: DigestFixtures.PeriodStart),
            Fixtures.Resolved("at-end", 0.8, 1, resolvedAt: DigestFixtures.AsOf),
            Fixtures.Resolved("after-end", 0.8, 1, resolvedAt: DigestFixtures.AsOf.AddSeconds(1)),
        };

        var model = DigestFixtures.Build(predictions);

        Assert.Equal(["at-end"], model.Resolved.Items.Select(static p => p.Id));
    }

    [Fact]
    public void Add_DueSoonWindow_TodayAndThirtyDaysIncludedThirtyOneNot()
    {
        var predictions = new[]
        {
            Fixtures.Open("today", DigestFixtures.Today),
            Fixtures.Open("d30", DigestFixtures.Today.AddDays(30)),
            Fixtures.Open("d31", DigestFixtures.Today.AddDays(31)),
            Fixtures.Open("undated", null),
        };

        var model = DigestFixtures.Build(predictions);

        Assert.Equal(["today", "d30"], model.DueSoon.Items.Select(static i => i.Prediction.Id));
        Assert.Equal(0, model.Overdue.Total);
    }

    [Fact]
    public void Add_DueWithinGrace_NeitherOverdueNorDueSoon()
    {
        var model = DigestFixtures.Build([Fixtures.Open("yesterday", DigestFixtures.Today.AddDays(-1))]);

        Assert.Equal(0, model.Overdue.Total);
        Assert.Equal(0, model.DueSoon.Total);
        Assert.Equal(1, model.Scorecard.Overall.Open);
    }

    [Fact]
    public void Build_MoreThanMax_KeepsOldestDueAndCountsAll()
    {
        var settings = new DigestSettings { MaxItemsPerSection = 3 };
        var predictions = Enumerable.Range(0, 50).Select(static i => Fixtures.Open($"late-{i:D2}", DigestFixtures.Today.AddDays(-20 - i)))
            .Reverse();

        var model = DigestFixtures.Build(predictions, settings);

        Assert.Equal(50, model.Overdue.Total);
        Assert.Equal(47, model.Overdue.Hidden);
        Assert.Equal(["late-49", "late-48", "late-47"], model.Overdue.Items.Select(static i => i.Prediction.Id));
    }

    [Fact]
    public void Build_PromptHook_ListsWhoWasAskedInOrder()
    {
        var first = new PromptSent("desk@example.org", DigestFixtures.AsOf.AddDays(-40));
        var second = new PromptSent("chief@example.org", DigestFixtures.AsOf.AddDays(-10));

        var model = DigestFixtures.Build(prompts: id => id == "late-a" ? [second, first] : []);

        Assert.Equal([first, second], model.Overdue.Items[0].Asked);
        Assert.Empty(model.Overdue.Items[1].Asked);
    }

    [Fact]
    public void Build_DeliveryProblems_MostRecentFirst()
    {
        var older = new DeliveryProblem("late-a", "gone@example.org", DigestFixtures.AsOf.AddDays(-5), "550 5.1.1 user unknown");
        var newer = new DeliveryProblem("late-b", "full@example.org", DigestFixtures.AsOf.AddDays(-1), "552 5.2.2 mailbox full");

        var model = DigestFixtures.Build(problems: [older, newer]);

        Assert.Equal([newer, older], model.DeliveryProblems.Items);
    }

    [Fact]
    public void Build_NothingHappening_IsQuiet()
    {
        var model = DigestFixtures.Build([Fixtures.Open("later", DigestFixtures.Today.AddDays(90))]);

        Assert.True(model.IsQuiet);
    }

    [Fact]
    public void Constructor_PeriodStartAfterAsOf_Throws()
    {
        Assert.Throws<DomainException>(() => new DigestBuilder(DigestFixtures.AsOf, DigestFixtures.AsOf.AddDays(1)));
    }

    [Fact]
    public void Add_InvalidRow_ScorecardListsItAndSectionsIgnoreIt()
    {
        var bad = Fixtures.Open("bad", DigestFixtures.Today.AddDays(5)) with { Probability = 3 };

        var model = DigestFixtures.Build([bad]);

        Assert.Equal(0, model.DueSoon.Total);
        Assert.Equal(1, model.Scorecard.SkippedCount);
    }

    [Fact]
    public void Subject_Week_SummarisesCounts()
    {
        var model = DigestFixtures.Build();

        Assert.Equal("ForecastWatch digest 2026-08-03: 2 resolved, 2 overdue, 1 due soon", model.Subject);
    }

    [Fact]
    public void Build_ScorecardDimension_FollowsSettings()
    {
        var model = DigestFixtures.Build(settings: new DigestSettings { Dimension = ScoreDimension.Tag });

        Assert.Equal(ScoreDimension.Tag, model.Scorecard.Dimension);
    }
}
