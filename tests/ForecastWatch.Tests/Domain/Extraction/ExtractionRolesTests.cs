using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Genre, line and sentence roles (issue #15): housekeeping lines of agency and company documents, legends, contacts,
/// bylines, a forecaster's look back at its own calls, definitions and targets, calendar facts, the act of publishing,
/// changes stated as differences, list titles and league-table positions. Sentences written for each class; each
/// class has twins, the forecasts beside the trap, that must still be proposed.
/// </summary>
public sealed class ExtractionRolesTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 15));

    private static IReadOnlyList<PredictionCandidate> All(string text) =>
        PredictionExtractor.Extract("Probe\n\n" + text + "\n", Published).Candidates;

    [Theory]
    [InlineData("Service alert: Planned maintenance on November 2, 2026, 01:00-03:00 UTC may interrupt the data portal.")]
    [InlineData("This page was last updated: 3 October 2026")]
    [InlineData("Published : Oct. 14, 2026 - 09:15")]
    [InlineData("For immediate release: October 14, 2026")]
    [InlineData("Press contact: Communications Office, +44 20 7946 0321")]
    [InlineData("For further information, write to outlook-team@agency.example or call (212) 555-0187.")]
    [InlineData("(Reporting by Ana Lima; Editing by Tom Reed)")]
    [InlineData("By Priya Natarajan, Energy Correspondent")]
    [InlineData("p = projected. Totals may not sum because of rounding. Figures for 2026 are provisional.")]
    [InlineData("This bulletin is for information only and does not constitute investment advice.")]
    public void HousekeepingLines_AreNotProposed(string line)
    {
        Assert.Empty(All(line));
    }

    [Theory]
    [InlineData("By June 2027, the agency expects output to be 3% higher than today, at 104 million tonnes.")]
    [InlineData("Output will rise 3% in 2027, the agency said in a statement published on its website.")]
    public void ForecastsBesideHousekeepingWords_AreProposed(string line)
    {
        Assert.NotEmpty(All(line));
    }

    [Theory]
    [InlineData("Two years ago, the institute projected house prices would fall in 2026.")]
    [InlineData("Last season our model predicted City would finish fourth; they were champions.")]
    [InlineData("I wrote that gold would reach $3,000 in 2026; it got to $2,870.")]
    [InlineData("In March, the carmaker had projected a 2.1 trillion yen profit.")]
    [InlineData("The old regional plan, approved in 2012, promised 4,000 jobs by 2030.")]
    [InlineData("First-half sales of 4.2 million units were at the upper end of guidance.")]
    [InlineData("Our hit rate for 2026: 7 out of 12.")]
    [InlineData("Guidance is unchanged from the range published on 2 May 2026, except for zinc.")]
    public void LookingBackAtCalls_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The institute projects house prices will fall 2% in 2027.")]
    [InlineData("Last year the institute projected a fall; it now sees prices rising 2% in 2027.")]
    [InlineData("Our model predicts City will finish fourth this season, with 71 points.")]
    public void CallsOfNow_AreProposed(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Theory]
    [InlineData("The housing ministry sets a target of 1,200 homes a year for the district.")]
    [InlineData("The monetary authority's target is 2.5%, with a band of one point either side.")]
    [InlineData("The league defines the transfer window as 1 June to 1 September.")]
    [InlineData("The marketing year begins Oct. 1.")]
    public void DefinitionsAndTargets_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The ministry expects to miss its target, with 900 homes a year by 2028.")]
    [InlineData("Inflation is projected to return to the 2.5% target by late 2027.")]
    public void ForecastsAboutTargets_AreProposed(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Theory]
    [InlineData("Diwali falls on Nov. 8 this year.")]
    [InlineData("The trade fair runs November 3 to 6 in Hanover, and we'll be there.")]
    [InlineData("The winter session will continue till December 19.")]
    [InlineData("Amendments will be taken up from November 10.")]
    [InlineData("The regular season kicks off on Thursday 3 September 2026.")]
    public void CalendarFacts_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("Prices will keep rising until March, reaching $4.20 a gallon.")]
    [InlineData("Mass production will start in June 2027.")]
    public void ForecastsWithCalendarWords_AreProposed(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Theory]
    [InlineData("The drought monitor is updated weekly, with the next update on October 22.")]
    [InlineData("The consensus is compiled by 25 bank economists every quarter.")]
    [InlineData("The weather office today issued its spring outlook for March through May 2027.")]
    [InlineData("The ministry will announce its industrial strategy for 2027 next month.")]
    public void ActsOfPublishing_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The weather office today issued its spring outlook, which sees a 60% chance of a wetter than normal March.")]
    [InlineData("The ministry will announce its strategy next month, and expects it to add 40,000 jobs by 2028.")]
    public void PublicationsWithContent_AreProposed(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Theory]
    [InlineData("The new outlook is $6 billion higher than the one the chamber released in June.")]
    [InlineData("That estimate is 200 billion won below the 3 trillion won guidance given in July.")]
    [InlineData("Copper guidance has been cut by 15 kt from the range given in February.")]
    [InlineData("This is a downgrade of 0.4 percentage points from the spring forecast.")]
    [InlineData("Wheat exports are lowered 25 million bushels.")]
    public void DifferencesOnly_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Fact]
    public void ARevisionWithItsNewLevel_IsProposedAtTheLevel()
    {
        var c = Assert.Single(All("The brewer raised its operating profit forecast by 12 billion yen to 380 billion yen for 2027."));
        Assert.Equal(380m, c.Threshold);
    }

    [Theory]
    [InlineData("Exports will grow by 15% in 2027.", 15)]
    [InlineData("Sales will increase by 4 million units in 2027.", 4)]
    public void ARiseForecastAsARate_IsNotADifference(string sentence, decimal value)
    {
        var c = Assert.Single(All(sentence));
        Assert.Equal(value, c.Threshold);
    }

    [Theory]
    [InlineData("Airline revenues will top $900 billion in 2027, reaching $940 billion.", 940)]
    [InlineData("The body forecasts growth of 6.5% in 2027, taking the market to $790 billion.", 790)]
    public void TheLevelAChangeLeadsTo_IsProposed(string sentence, decimal value)
    {
        Assert.Contains(All(sentence), c => c.Threshold == value);
    }

    [Theory]
    [InlineData("The women's record could fall at the Boston Marathon in April.")]
    [InlineData("Rovers, who finished fifth two seasons ago, are expected to finish in the top four this season.")]
    public void PastWordsBesideAForecast_DoNotMakeItALookBack(string sentence)
    {
        Assert.NotEmpty(All(sentence));
    }

    [Fact]
    public void ABareHorizon_IsNotProposed()
    {
        Assert.Empty(All("Before the decade is out."));
        Assert.Empty(All("By year's end."));
        Assert.NotEmpty(All("By year's end, rates will be 3%."));
    }

    [Fact]
    public void ListItemTitles_AreNotClaims_TheirForecastsAre()
    {
        var text = "My calls for 2027:\n\n- Chips rebound. Memory prices will rise 20% in 2027.\n- Rail wins. High-speed ridership "
            + "will top 90 million in 2027.\n";
        var found = PredictionExtractor.Extract(text, Published).Candidates;
        Assert.Equal(2, found.Count);
        Assert.DoesNotContain(found, static c => c.Claim.StartsWith("Chips rebound", StringComparison.Ordinal));
        Assert.DoesNotContain(found, static c => c.Claim.StartsWith("Rail wins", StringComparison.Ordinal));
    }

    [Fact]
    public void TodaysStateUnderAnOutlook_IsNotProposed()
    {
        var text = "Outlook for 2027:\n\n- Heat pumps: sales will double by the end of 2027. About 40,000 are now installed.\n";
        var found = PredictionExtractor.Extract(text, Published).Candidates;
        var c = Assert.Single(found);
        Assert.Contains("double", c.Claim, StringComparison.Ordinal);
    }

    [Fact]
    public void IndianDigitGrouping_IsOneNumber()
    {
        var c = Assert.Single(All("The state's outlay is projected at \u20B94,12,650 crore for 2027-28."));
        Assert.Equal(412_650m, c.Threshold);
    }

    [Fact]
    public void ALeagueTable_IsNamedByTheClub_NotThePosition()
    {
        var text = "Projected final table, 2026-27 season\n\n| Pos | Club | Proj. pts | Title % |\n|---|---|---|---|\n"
            + "| 1 | Rovers | 81.2 | 41.0 |\n| 2 | United | 77.5 | 30.5 |\n";
        var found = PredictionExtractor.Extract(text, Published).Candidates;
        Assert.NotEmpty(found);
        Assert.All(found, static c => Assert.True(c.Claim.StartsWith("Rovers", StringComparison.Ordinal)
            || c.Claim.StartsWith("United", StringComparison.Ordinal), c.Claim));
    }

    [Fact]
    public void APreviousForecastColumn_IsNotRead_NorADateInAValueCell()
    {
        var text = "Net profit forecasts for the year to March 2027 (billion yen)\n\n| Company | Previous forecast | New forecast |\n"
            + "|---|---|---|\n| Alpha | 400 | 380 |\n| Beta | 120 | results Nov. 12 |\n";
        var found = PredictionExtractor.Extract(text, Published).Candidates;
        var c = Assert.Single(found);
        Assert.Equal(380m, c.Threshold);
    }
}
