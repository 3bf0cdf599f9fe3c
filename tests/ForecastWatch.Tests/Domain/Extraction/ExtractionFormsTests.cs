using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>Counts in words, yearless months/quarters/seasons, and conditionals with the condition as scoring models it.</summary>
public sealed class ExtractionFormsTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 15));

    private static PredictionCandidate One(string sentence)
    {
        var result = PredictionExtractor.Extract("Probe\n\n" + sentence + "\n", Published);
        return Assert.Single(result.Candidates);
    }

    [Theory]
    [InlineData("The company expects to open three new plants by 2028.", 3, "plants")]
    [InlineData("The firm expects to hire a dozen engineers by the end of the decade.", 12, "engineers")]
    [InlineData("The council will build half of the promised homes by 2030.", 50, "%")]
    [InlineData("Economists expect the jobless rate to peak at five percent next year.", 5, "%")]
    [InlineData("Forecasters predict three to five major hurricanes this season, the agency said by 2027.", 3, "hurricanes")]
    public void CountsWrittenAsWords_AreTheClaimsValue(string sentence, double value, string unit)
    {
        var c = One(sentence);

        Assert.True(c.Threshold == (decimal)value || c.Low == (decimal)value, $"{c.Threshold} {c.Low}-{c.High}");
        Assert.Equal(unit, c.Unit);
    }

    [Fact]
    public void DigitsWin_OverACountOfPeopleInWords()
    {
        var c = One("Three analysts expect the rate to reach 4.5% by 2027.");

        Assert.Equal(4.5m, c.Threshold);
    }

    [Theory]
    [InlineData("The company expects to open new plants in January.", "2027-01-31")]
    [InlineData("Officials expect the bridge to reopen in the spring.", "2027-05-31")]
    [InlineData("The group expects sales to double in the fourth quarter.", "2026-12-31")]
    [InlineData("The ministry expects exports to rise 4% next quarter.", "2027-03-31")]
    [InlineData("The agency predicts the reservoir will be full within a year and a half.", "2028-04-15")]
    [InlineData("The bank expects a rate cut next April.", "2027-04-30")]
    public void YearlessHorizons_TakeThePublicationDatesRule(string sentence, string resolveBy)
    {
        Assert.Equal(DateOnly.Parse(resolveBy, System.Globalization.CultureInfo.InvariantCulture), One(sentence).ResolveBy);
    }

    [Fact]
    public void APastPeriodWithoutYear_IsNotTheClaimsHorizon()
    {
        var c = One("Grindings, which fell 4% in the fourth quarter, are forecast to recover by 2028.");

        Assert.Equal(new DateOnly(2028, 12, 31), c.ResolveBy);
    }

    [Theory]
    [InlineData("If the merger is approved, the company will cut 2,000 jobs by 2028.", "If the merger is approved")]
    [InlineData("Should rates fall, house prices would rise 4% in 2027.", "Should rates fall")]
    [InlineData("Provided that funding arrives, the line will open in 2029.", "Provided that funding arrives")]
    [InlineData("Prices may fall 10% by June if supply recovers, the analysts said.", "if supply recovers")]
    public void Conditionals_AreProposedWithTheirCondition(string sentence, string condition)
    {
        Assert.Equal(condition, One(sentence).Condition);
    }

    [Fact]
    public void Unless_NamesTheEventAndNegatesTheCondition()
    {
        var c = One("Unless the strike ends, output will drop 15% next month.");

        Assert.Equal("the strike ends", c.Condition);
        Assert.True(Assert.IsType<CandidateCondition>(c.ConditionDetail).Negated); // holds when the strike does NOT end
        Assert.Equal(15m, c.Threshold);
    }

    [Fact]
    public void AConditionsOwnQuantityAndDate_GoToTheConditionNotTheClaim()
    {
        var c = One("Should mortgage rates fall below 4% by the summer, prices in Northport would rise by as much as 7%.");

        Assert.Equal(7m, c.Threshold);
        Assert.Equal(new DateOnly(2027, 8, 31), c.ResolveBy); // no date of its own: the condition's, as the seeds have it
        var d = Assert.IsType<CandidateCondition>(c.ConditionDetail);
        Assert.Equal(CandidateKind.Threshold, d.Kind);
        Assert.Equal("<", d.Comparator);
        Assert.Equal(4m, d.Threshold);
        Assert.Equal("%", d.Unit);
        Assert.Equal(new DateOnly(2027, 8, 31), d.ResolveBy);
    }

    [Fact]
    public void TheManifestEntry_CarriesTheConditionFieldsTheParserReadsIntoAConditionSpec()
    {
        var c = One("Should mortgage rates fall below 4% by the summer, prices in Northport would rise by as much as 7%.");

        var e = ManifestProposals.ToEntry("a1", c, Published);

        Assert.Equal("threshold", (string?)e["conditionKind"]);
        Assert.Equal("<", (string?)e["conditionComparator"]);
        Assert.Equal(4m, (decimal?)e["conditionThreshold"]);
        Assert.Equal("2027-08-31", (string?)e["conditionResolveBy"]);
        Assert.NotNull((string?)e["conditionMetric"]);
    }
}
