using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class HorizonBucketsTests
{
    [Theory]
    [InlineData(0, "0-3 months")]
    [InlineData(92, "0-3 months")]
    [InlineData(93, "3-12 months")]
    [InlineData(366, "3-12 months")]
    [InlineData(367, "1-2 years")]
    [InlineData(1827, "2-5 years")]
    [InlineData(1828, "over 5 years")]
    [InlineData(-30, "0-3 months")]
    public void Label_DaysAhead_Bucket(int days, string expected)
    {
        var made = new DateOnly(2026, 1, 1);

        Assert.Equal(expected, HorizonBuckets.Label(made, made.AddDays(days)));
    }

    [Fact]
    public void Label_NoResolveBy_Undated()
    {
        Assert.Equal(HorizonBuckets.Undated, HorizonBuckets.Label(new DateOnly(2026, 1, 1), null));
    }

    [Fact]
    public void Label_NoArticleDate_UnknownLength()
    {
        Assert.Equal(HorizonBuckets.UnknownStart, HorizonBuckets.Label(null, new DateOnly(2026, 1, 1)));
    }

    [Theory]
    [InlineData(-10, "0-3 months")]
    [InlineData(92, "0-3 months")]
    [InlineData(93, "3-12 months")]
    [InlineData(1827, "2-5 years")]
    [InlineData(1828, "over 5 years")]
    public void LabelForDays_Boundaries_SameBucketsAsDates(int days, string expected)
    {
        var made = new DateOnly(2026, 1, 1);

        Assert.Equal(expected, HorizonBuckets.LabelForDays(days));
        Assert.Equal(expected, HorizonBuckets.Label(made, made.AddDays(days)));
    }
}
