using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class CalibrationBucketTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.05, 0)]
    [InlineData(0.1, 1)]
    [InlineData(0.3, 3)]
    [InlineData(0.7, 7)]
    [InlineData(0.6999, 6)]
    [InlineData(0.99, 9)]
    [InlineData(1.0, 9)]
    public void IndexOf_Boundaries_LowerBoundInclusiveTopBucketClosed(double p, int expected)
    {
        Assert.Equal(expected, CalibrationBucket.IndexOf(p));
    }

    [Fact]
    public void Label_Bucket7_IsSeventyToEighty()
    {
        var bucket = new CalibrationBucket(7, 0.7, 0.8, 0, null, null);

        Assert.Equal("70-80%", bucket.Label);
    }
}
