using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Classes of forecast language and of traps, each with sentences written for the class (not taken from a corpus):
/// holidays and named periods, split years and fiscal years, passive judgement cues ("favoured to"), several values
/// in one sentence, quoted history (past predictions reported), and guidance changes reported as news.
/// </summary>
public sealed class ExtractionLanguageClassesTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 15));

    private static IReadOnlyList<PredictionCandidate> All(string sentence) =>
        PredictionExtractor.Extract("Probe\n\n" + sentence + "\n", Published).Candidates;

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("The striker is expected to score 20 goals before Christmas.", "2026-12-25")]
    [InlineData("Retailers expect online sales to pass $5bn by Christmas 2027.", "2027-12-25")]
    [InlineData("The minister said the bill would pass by Easter.", "2027-03-28")]
    [InlineData("Analysts expect the shares to hit $40 by Thanksgiving.", "2026-11-26")]
    [InlineData("The mayor expects the new line to open by New Year's Day.", "2027-01-01")]
    [InlineData("Stores expect the toy to sell out before Halloween.", "2026-10-31")]
    [InlineData("Shippers expect rates to double during the holiday season.", "2026-12-31")]
    public void HolidaysAndNamedDays_AreHorizons(string sentence, string resolveBy)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal(D(resolveBy), c.ResolveBy);
    }

    [Theory]
    [InlineData("The market is expected to post a deficit of 90,000 tonnes in the 2026/27 season.", "2027-12-31")]
    [InlineData("The group expects revenue of $2bn in FY27.", "2027-12-31")]
    [InlineData("The board expects margins to reach 12% in fiscal 2028.", "2028-12-31")]
    [InlineData("Management expects a return to profit in H2 2027.", "2027-12-31")]
    [InlineData("The agency expects the fleet to double by the end of the decade.", "2029-12-31")]
    public void SplitAndFiscalYears_AreDated(string sentence, string resolveBy)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal(D(resolveBy), c.ResolveBy);
    }

    [Theory]
    [InlineData("La Niña conditions are favoured to develop by August.")]
    [InlineData("The incumbent is favored to win the seat in 2028.")]
    [InlineData("The airline is primed to return to profit in 2027.")]
    [InlineData("The reform is odds-on to pass in 2027.")]
    [InlineData("The club is in line to finish top four in 2027.")]
    [InlineData("Solar is on pace to overtake coal by 2029.")]
    public void PassiveJudgementCues_AreForecasts(string sentence)
    {
        Assert.Single(All(sentence));
    }

    [Fact]
    public void SeveralValuesForOneHorizon_AreOneProposalEach()
    {
        var found = All("Forecasters predict 15 to 21 named storms this season, of which seven to 11 could become hurricanes, "
            + "including three to five major hurricanes.");

        Assert.Equal([15m, 7m, 3m], found.Select(static c => c.Low ?? c.Threshold ?? 0).ToArray());
    }

    [Fact]
    public void TwoMetricsJoinedByWhile_AreTwoProposals()
    {
        var found = All("The bank expects inflation to ease to 2.4% in 2027, while unemployment is seen rising to 5.1%.");

        Assert.Equal(2, found.Count);
    }

    [Theory]
    [InlineData("In 2019 I predicted the coalition would collapse by 2028.")]
    [InlineData("Back in 2021, the agency forecast that demand would peak by 2030.")]
    [InlineData("Five years ago, analysts projected the city would have 2 million residents by 2035.")]
    [InlineData("At the time, economists expected rates to stay below 1% until 2027.")]
    [InlineData("As long ago as 2015 the ministry had predicted a surplus by 2028.")]
    [InlineData("Her 2020 book predicted that electric cars would outsell petrol ones by 2030.")]
    public void QuotedHistory_IsNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The retailer raised its full-year profit guidance on Thursday after sales rose 6.4%.")]
    [InlineData("The miner cut its production outlook after floods closed two pits.")]
    [InlineData("The airline reaffirmed its 2027 guidance, the chief executive said.")]
    [InlineData("The company withdrew its forecast for the year as orders fell 12%.")]
    [InlineData("The chipmaker lifted its revenue forecast for the third time this year.")]
    public void GuidanceChangesReportedAsNews_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The retailer raised its full-year profit guidance to £410m.", 410)]
    [InlineData("The IMF cut its 2027 growth forecast to 1.8%.", 1.8)]
    public void AGuidanceChangeWithItsNewLevel_IsProposed(string sentence, double value)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal((decimal)value, c.Threshold);
    }

    [Theory]
    [InlineData("The agency still predicts the coalition will collapse by 2028.")]
    [InlineData("Analysts now forecast that demand will peak by 2030.")]
    public void PresentForecasts_StayProposed(string sentence)
    {
        Assert.Single(All(sentence));
    }
}
