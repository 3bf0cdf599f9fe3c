using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Classes of sentences that are not forecasts (traps), each with sentences written for the class, and non-trap
/// twins that must still be proposed: datelines, past predictions, revisions stated as a direction, counterfactuals,
/// scheduled publications, past facts with a number, and adverts.
/// </summary>
public sealed class ExtractionTrapClassesTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 15));

    private static IReadOnlyList<PredictionCandidate> All(string sentence) =>
        PredictionExtractor.Extract("Probe\n\n" + sentence + "\n", Published).Candidates;

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("PARIS, Oct 14 (Reuters) - The agency expects output to rise 3% in 2027.", "2027-12-31")]
    [InlineData("Madrid, 12 October 2026 (EFE-English) - The bank expects growth of 2.1% in 2027.", "2027-12-31")]
    [InlineData("NEW DELHI, Oct 9 - The ministry projects exports to reach $900bn by 2030.", "2030-12-31")]
    [InlineData("Frankfurt, October 14, 2026 -- The institute expects inflation to ease to 2% by 2028.", "2028-12-31")]
    public void Datelines_AreNeverHorizons(string sentence, string resolveBy)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal(D(resolveBy), c.ResolveBy);
        Assert.StartsWith("The ", c.Claim, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Oslo, 13 October 2026 (NTB-English) - The institute presented its autumn report to parliament.")]
    [InlineData("Lisbon, 14 October 2026 (Lusa) - The central bank kept its main rate at 2 per cent.")]
    public void DatelinesOnPastFacts_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("Back in August the bureau said a drier-than-average winter was likely.")]
    [InlineData("In September the ministry said a recovery in exports was expected.")]
    [InlineData("The smelter was expected to restart production in July.")]
    [InlineData("The grant was expected to support new housing, and 61 per cent of it had been spent by June.")]
    public void PastPredictions_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The bureau said a drier-than-average winter is likely in 2027.")]
    [InlineData("The smelter is expected to restart production in July 2027.")]
    public void PresentTwinsOfPastPredictions_AreProposed(string sentence)
    {
        Assert.Single(All(sentence));
    }

    [Theory]
    [InlineData("The forecast for household spending has been revised up a little over 2027.")]
    [InlineData("The deficit path had been revised materially higher compared with the spring projections.")]
    [InlineData("The upgrade amounts to about a third of a per cent compared with earlier forecasts.")]
    [InlineData("Investment growth was revised down slightly from the June outlook.")]
    public void RevisionsWithoutANewLevel_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void APreviousForecastsValue_IsNotAProposal()
    {
        var c = Assert.Single(All("The institute expects the economy to grow by 1,2 % in 2027, after 0,8 % in its June outlook."));

        Assert.Equal(1.2m, c.Threshold);
        Assert.Equal(D("2027-12-31"), c.ResolveBy);
    }

    [Fact]
    public void ARevisionWithItsNewLevel_IsProposed()
    {
        var c = Assert.Single(All("The bank has revised its 2027 growth forecast up to 1.9%."));

        Assert.Equal(1.9m, c.Threshold);
    }

    [Theory]
    [InlineData("Had the levy not been doubled in spring, we would be talking about growth of 2% this year.")]
    [InlineData("If the tariffs had not been raised, output would have grown 3%.")]
    [InlineData("Without a change of course, unemployment would likely stay above 6%.")]
    [InlineData("The Greens would win 48 seats if an election were held tomorrow, the poll found.")]
    [InlineData("If a referendum were held today, 54% would vote to leave.")]
    public void CounterfactualsAndNowcasts_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("Without a change of course, unemployment will stay above 6% until 2028.")]
    [InlineData("The Greens are expected to win 48 seats at the next general election.")]
    public void DatedTwinsOfCounterfactuals_AreProposed(string sentence)
    {
        Assert.Single(All(sentence));
    }

    [Theory]
    [InlineData("The joint projection of the five institutes follows on 14 April 2027.")]
    [InlineData("The next inflation report is due on 5 February.")]
    [InlineData("The final figures will be published on 20 November.")]
    [InlineData("The agency's medium-term outlook will be published by the end of March.")]
    [InlineData("The ministry's spring projection follows in April 2027.")]
    public void ScheduledPublications_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void AForecastOfTheScheduledPublication_IsProposed()
    {
        Assert.Single(All("The ministry expects the spring projection to show growth of 1.5% in 2027."));
    }

    [Theory]
    [InlineData("Rate futures had priced an 80 per cent chance of this week's cut.")]
    [InlineData("The retailer delivered first-half sales of £512m and has now met its FY27 guidance.")]
    [InlineData("The central bank cut its policy rate by 50 basis points to 4.75 per cent.")]
    public void PastFactsWithANumber_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void WhenAPastFactAndAForecastShareASentence_TheForecastsValueWins()
    {
        var c = Assert.Single(All(
            "The central bank cut the policy rate by 25 basis points to 5.5 per cent and raised its forecast for GDP growth "
            + "in 2027-28 to 6.9 per cent."));

        Assert.Equal(6.9m, c.Threshold);
    }

    [Fact]
    public void ATargetStillAhead_IsProposed()
    {
        Assert.Single(All("The retailer is on track to meet its FY27 guidance of £1.3bn in sales."));
    }

    [Theory]
    [InlineData("Bet £5 get £20 in free bets on the derby. New customers only, 18+, T&Cs apply.")]
    [InlineData("Sign up today and get £30 in free bets when you stake £10 on the 2027 final. 18+ BeGambleAware.org")]
    public void Adverts_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void BookmakersOdds_AreStillAForecast()
    {
        Assert.Single(All("Bookmakers expect the hosts to win the cup in 2027."));
    }
}
