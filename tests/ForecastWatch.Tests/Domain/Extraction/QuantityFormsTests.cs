using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>Continental number formats, fractions, ranges with repeated currency, and period ends. Written before the fix.</summary>
public sealed class QuantityFormsTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 11, 5));

    private static PredictionCandidate One(string sentence)
    {
        var result = PredictionExtractor.Extract("Probe\n\n" + sentence + "\n", Published);
        return Assert.Single(result.Candidates);
    }

    [Theory]
    [InlineData("The institute expects inflation of 0,4 % in 2027.", 0.4)]
    [InlineData("The bank expects growth to reach 1,3 % in 2027.", 1.3)]
    [InlineData("The ministry expects investment of EUR 118,5 billion in 2027.", 118.5)]
    [InlineData("The agency expects 3.050.000 visitors in 2027.", 3050000)]
    [InlineData("The ministry expects revenue of 1.234,5 million euros in 2027.", 1234.5)]
    [InlineData("The bank expects inflation to fall to 3¼ per cent by 2027.", 3.25)]
    [InlineData("The bank expects the rate to reach 4½% by 2027.", 4.5)]
    public void ContinentalAndFractionNumbers(string sentence, double value)
    {
        var c = One(sentence);

        Assert.Equal((decimal)value, c.Threshold);
    }

    [Fact]
    public void AmbiguousThousandsInADecimalCommaText_IsNotReadAsAValue()
    {
        var r = PredictionExtractor.Extract(
            "Probe\n\nGrowth was 0,8 % last year. The ministry expects 1,234 new permits in 2027.\n", Published);

        Assert.DoesNotContain(r.Candidates, static c => c.Threshold is 1234m or 1.234m);
    }

    [Theory]
    [InlineData("Analysts expect prices of Rs 8,000 to Rs 10,000 per tonne by 2027.", 8000, 10000)]
    [InlineData("The pollster projects the party will win 130 to 167 seats in 2027.", 130, 167)]
    public void Ranges(string sentence, double lo, double hi)
    {
        var c = One(sentence);

        Assert.Equal(CandidateKind.Range, c.Kind);
        Assert.Equal(((decimal)lo, (decimal)hi), (c.Low, c.High));
    }

    [Theory]
    [InlineData("Forecasters expect rainfall to be above normal from October to December 2027.", "2027-12-31")]
    [InlineData("The company expects to open 40 stores before 2028.", "2027-12-31")]
    public void PeriodEnds(string sentence, string resolveBy)
    {
        Assert.Equal(DateOnly.Parse(resolveBy, CultureInfo.InvariantCulture), One(sentence).ResolveBy);
    }
}
