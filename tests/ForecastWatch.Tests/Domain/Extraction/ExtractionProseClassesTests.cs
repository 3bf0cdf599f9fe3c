using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Classes of prose forecast language, each with sentences written for the class (newsroom style, not taken from a
/// corpus) and twins that must stay out or stay undated: counts in words ("four of those", "eight of which"), several
/// values with one date ("19 and 16 named storms, respectively"), event dates named in the text as horizons ("at its
/// Dec. 15-16 meeting", "after the Nov. 3 vote"), the outcome of a named contest ("win the 2029 general election"), and
/// forward guidance reported in the past tense ("members saw inflation returning to 2% by 2028").
/// </summary>
public sealed class ExtractionProseClassesTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 15));

    private static IReadOnlyList<PredictionCandidate> All(string text) =>
        PredictionExtractor.Extract("Probe\n\n" + text + "\n", Published).Candidates;

    private static string Summary(string text) => string.Join(' ', All(text).Select(static c => string.Create(
        CultureInfo.InvariantCulture,
            $"{c.Threshold ?? c.Low}@{c.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "undated"}")));

    // 1. Counts in words.
    [Theory]
    [InlineData(
        "Forecasters expect 17 named storms in 2027, eight of which are expected to become hurricanes.", "17@2027-12-31 8@2027-12-31")]
    [InlineData("Four of those hurricanes could reach major status by November.", "4@2026-11-30")]
    [InlineData("The bank is expected to make a further three cuts by the end of 2027.", "3@2027-12-31")]
    [InlineData("Fewer than a dozen carriers are likely to survive until 2030.", "12@2030-12-31")]
    [InlineData("Six of the 20 clubs are expected to change managers before the end of 2027.", "6@2027-12-31")]
    public void CountsInWords_GiveTheValue(string sentence, string expected)
    {
        Assert.Equal(expected, Summary(sentence));
    }

    [Theory]
    [InlineData("Four of those hurricanes reached major status in 2025.")]
    [InlineData("Eight of which were later upgraded, the agency said in 2024.")]
    public void CountsInWordsOfThePast_StayOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    // 2. Several values, one date: the second value is elliptical.
    [Theory]
    [InlineData("The Weather Company and AccuWeather forecast 19 and 16 named storms, respectively, for 2027.",
        "19@2027-12-31 16@2027-12-31")]
    [InlineData("Spain and Italy are expected to grow 2.1% and 0.9%, respectively, in 2027.", "2.1@2027-12-31 0.9@2027-12-31")]
    [InlineData("India and Africa should grow 4% and 6% in 2027, respectively.", "4@2027-12-31 6@2027-12-31")]
    [InlineData("Growth is forecast at 2.1% in 2027 and 1.8% a year later.", "2.1@2027-12-31 1.8@2028-12-31")]
    public void SeveralValuesOneDate_AreOneProposalEach(string sentence, string expected)
    {
        Assert.Equal(expected, Summary(sentence));
    }

    [Theory]
    [InlineData("Spain and Italy grew 2.1% and 0.9%, respectively, in 2025.")]
    [InlineData("The two agencies had forecast 19 and 16 named storms, respectively, for 2025.")]
    public void SeveralPastValues_StayOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    // 4. Event dates named in the text are the horizon.
    [Theory]
    [InlineData("Futures traders see a 62% probability of another cut at the Dec. 15-16 meeting.", "62@2026-12-16")]
    [InlineData("Pollsters expect the Liberals to win 45 seats at the Oct. 26 election.", "45@2026-10-26")]
    [InlineData("Analysts expect the board to approve a 5% dividend increase at its 12 December meeting.", "5@2026-12-12")]
    [InlineData("The central bank is expected to hold its policy rate at 4.25% at the November 5 meeting.", "4.25@2026-11-05")]
    public void AnEventDateInTheSentence_IsTheResolveBy(string sentence, string expected)
    {
        Assert.Equal(expected, Summary(sentence));
    }

    [Fact]
    public void AnEventAfterADate_IsDatedThatDayAndItsDayIsNotTheValue()
    {
        var c = Assert.Single(All("Shares are likely to fall sharply after the Nov. 3 vote."));

        Assert.Equal(new DateOnly(2026, 11, 3), c.ResolveBy);
        Assert.Null(c.Threshold);
    }

    [Theory]
    [InlineData("The Fed meets on Dec. 15-16.")]
    [InlineData("The election will be held on Oct. 26.")]
    [InlineData("At its Oct. 5 meeting, the bank cut rates by 25 basis points.")]
    [InlineData("Voters went to the polls on Oct. 5 and gave the Liberals 45 seats.")]
    [InlineData("The statement said the committee would end the runoff of its balance sheet on Dec. 1.")]
    [InlineData("The bank will hold a news conference on Nov. 4 at 2:30 p.m.")]
    public void ScheduledOrPastEventsWithADate_StayOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void AnEventWithoutADate_IsNotGivenOne()
    {
        var found = All("The council is expected to approve the plan at its next meeting.");

        Assert.All(found, static c => Assert.Null(c.ResolveBy));
    }

    // 5. Outcomes of named future contests.
    [Theory]
    [InlineData("Labour is expected to win the 2029 general election.", "@2029-12-31")]
    [InlineData("The Greens could take 12 seats in the 2028 state election.", "12@2028-12-31")]
    [InlineData("Pollsters see the Conservatives winning the 2028 election with about 40% of the vote.", "40@2028-12-31")]
    public void TheOutcomeOfANamedContest_IsDatedByItsYear(string sentence, string expected)
    {
        Assert.Equal(expected, Summary(sentence));
    }

    [Theory]
    [InlineData("Labour won the 2024 general election with 34% of the vote.")]
    [InlineData("The 2028 election will be held on a Sunday.")]
    public void ContestsOfThePastOrTheirSchedule_StayOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    // 6. Forward guidance reported in the past tense.
    [Theory]
    [InlineData("Members saw inflation returning to 2% by 2028.", "2@2028-12-31")]
    [InlineData("The staff projected growth of 1.2% next year.", "1.2@2027-12-31")]
    [InlineData("Officials projected unemployment of 4.6% at the end of 2027, the minutes showed.", "4.6@2027-12-31")]
    public void GuidanceReportedInThePastTense_IsAForecast(string sentence, string expected)
    {
        Assert.Equal(expected, Summary(sentence));
    }

    [Theory]
    [InlineData("Members saw inflation fall to 2.5% in 2025.")]
    [InlineData("The staff projected growth of 1.2% for 2025, and it came in at 0.9%.")]
    [InlineData("Inflation returned to 2% in 2024.")]
    [InlineData("The outlook issued last August projected a peak of 9% in late December; the peak came in early January.")]
    public void WhatHappenedInThePast_StaysOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    // 7. Units and currencies as newsrooms write them.
    [Theory]
    [InlineData("We now forecast a refined copper deficit of 310kt in 2027, widening to 450kt in 2028.", "310@2027-12-31 450@2028-12-31")]
    [InlineData("Aluminium should average $2,650/t in 2H27.", "2650@2027-12-31")]
    [InlineData("I'd say R17.20 to the dollar by the end of 2027.", "17.20@2027-12-31")]
    [InlineData("Solar additions are expected to reach 45GW in 2028.", "45@2028-12-31")]
    public void GluedUnitsAndCurrencies_GiveTheValue(string sentence, string expected)
    {
        Assert.Equal(expected, Summary(sentence));
    }

    [Theory]
    [InlineData("Revenue in 1H26 rose 4%.")]
    [InlineData("Deliveries of the H100 reached 310kt in 2025.")]
    public void GluedFormsOfThePast_StayOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void AModelNameIsNotAValue()
    {
        Assert.All(All("The H100 successor and GPT-5 are expected to ship in 2027."),
            static c => Assert.True(c.Threshold is null && c.Low is null));
    }

    // 3. Elliptical forecasts: verb and subject in the sentence before.
    [Theory]
    [InlineData("Calgary prices are forecast to rise 8 per cent in 2027. Edmonton, 6 per cent.", "8@2027-12-31 6@2027-12-31")]
    [InlineData("Growth is expected at 1.9% in 2027. The same is expected for 2028.", "1.9@2027-12-31 1.9@2028-12-31")]
    [InlineData("The bank expects inflation of 2.6% next year. In 2028, 2.1%.", "2.6@2027-12-31 2.1@2028-12-31")]
    public void AnEllipticalSentence_TakesTheForecastBeforeIt(string text, string expected)
    {
        Assert.Equal(expected, Summary(text));
    }

    [Theory]
    [InlineData("Calgary prices are forecast to rise 8 per cent in 2027. Edmonton rose 6 per cent last year.")]
    [InlineData("Calgary prices are forecast to rise 8 per cent in 2027. Page 6 of 12.")]
    [InlineData("Calgary prices are forecast to rise 8 per cent in 2027. Edmonton, 6 per cent in 2025.")]
    [InlineData("Calgary prices are forecast to rise 8 per cent in 2027. Edmonton's are up 6 per cent this year.")]
    [InlineData("Calgary prices are forecast to rise 8 per cent in 2027. It's at 6 per cent now.")]
    public void ASentenceThatIsNotElliptical_AddsNothing(string text)
    {
        Assert.Equal("8@2027-12-31", Summary(text));
    }
}
