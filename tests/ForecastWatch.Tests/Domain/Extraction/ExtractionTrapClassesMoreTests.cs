using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// More trap classes (issue #15, item 7) with sentences written for each class, not taken from a measured set:
/// calendars of events and publications, past predictions and promises reported, past facts, revisions stated as a
/// difference and "as of" lines, datelines and betting adverts. Each class has twins that must still be proposed.
/// </summary>
public sealed class ExtractionTrapClassesMoreTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 15));

    private static IReadOnlyList<PredictionCandidate> All(string sentence) =>
        PredictionExtractor.Extract("Probe\n\n" + sentence + "\n", Published).Candidates;

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("The agency will revise its crop outlook on May 12, June 10 and July 11.")]
    [InlineData("The council's next budget vote is scheduled for Nov. 30.")]
    [InlineData("The central bank will deliver its next Financial Stability Review on 26 November.")]
    [InlineData("The provincial budget will be tabled on 4 March.")]
    [InlineData("Detailed results of the 2027 farm census will be released in stages through 2028.")]
    [InlineData("The institute will publish its next quarterly projection update on February 20.")]
    [InlineData("We will revisit these calls in early January.")]
    [InlineData("The second televised debate is scheduled for Tuesday.")]
    [InlineData("The second televised debate is scheduled for Tuesday at 7 p.m., and early voting runs Oct. 20 to 23.")]
    [InlineData("The model will be rerun every evening until polling day.")]
    [InlineData("The working party meets in Vienna on 9-10 March and will publish its revised estimates then.")]
    public void EventsAndPublications_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The central bank will cut rates at its meeting on 10 December.")]
    [InlineData("The quarterly survey will show unemployment above 6% in 2027.")]
    [InlineData("The agency will raise its crop outlook to 15 billion bushels in 2027.")]
    public void OutcomesOfEventsAndPublications_AreProposed(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Theory]
    [InlineData("Last November, the broker predicted an 8 per cent rise in the index in 2026.")]
    [InlineData("The minister told parliament in 2024 the deficit would be closed by 2028.")]
    [InlineData("We predicted last year that the coin would fall below $60,000.")]
    [InlineData("The fund's 2024 outlook had called for a rebound in 2025.")]
    [InlineData("Shares are on course to rise less than half that.")]
    public void PastPredictionsAndPromises_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The broker predicts an 8 per cent rise in the index in 2027.")]
    [InlineData("The minister told parliament the deficit will be closed by 2028.")]
    [InlineData("Shares are on course to rise 4% in 2027.")]
    public void PresentTwinsOfPastPredictions_AreProposed(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Theory]
    [InlineData("When the coalition took power in 2022, public debt was heading for 60 percent of GDP.")]
    [InlineData("In June 2026 the herd was estimated at 3,120,000, an increase of 41,000 on June 2025.")]
    [InlineData("The previous survey, conducted Aug. 3 to 6, put the Liberals at 31%.")]
    [InlineData("Household spending has proved more resilient than expected.")]
    public void PastFacts_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("Public debt is heading for 60 percent of GDP by 2029.")]
    [InlineData("The herd is estimated to reach 3,300,000 in June 2027.")]
    public void FutureTwinsOfPastFacts_AreProposed(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Theory]
    [InlineData("The projection is down 0.3 percentage points from the previous projection.")]
    [InlineData("We lift our nickel price forecasts by 4-7% across the curve.")]
    [InlineData("Our previous forecast (June) was $18,200/t.")]
    [InlineData("Rate forecasts as of 3 October 2026.")]
    [InlineData("up from an estimated 41%.")]
    public void RevisionsAsADifferenceAndAsOfLines_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void ARevisedForecastWithItsNewLevel_IsProposed()
    {
        var c = Assert.Single(All("We lift our nickel price forecast for 2027 to $19,500/t."));

        Assert.Equal(D("2027-12-31"), c.ResolveBy);
    }

    [Theory]
    [InlineData("BOSTON, Mass., Nov. 3, 2026 /PRNewswire/ -- Acme Corp. expects revenue to grow 12% in 2027.", "2027-12-31")]
    [InlineData("AUSTIN, Texas, Oct. 1, 2026 /PRNewswire/ -- The group forecasts 40,000 new homes by 2029.", "2029-12-31")]
    public void PressReleaseDatelines_AreNeverHorizonsOrQuotes(string sentence, string resolveBy)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal(D(resolveBy), c.ResolveBy);
        Assert.DoesNotContain("PRNewswire", c.Quote, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bet on the Ontario election at NorthBet.")]
    [InlineData("Place your bets on the 2027 cup final with BetPlanet.")]
    public void BettingAdverts_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void BookmakersMakingAFavourite_IsStillAForecast()
    {
        Assert.NotEmpty(All("Bookmakers make the Liberals favourites to win the Ontario election in 2027."));
    }
}
