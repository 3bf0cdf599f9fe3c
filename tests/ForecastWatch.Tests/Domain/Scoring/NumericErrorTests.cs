using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

/// <summary>Hand-computed errors of numeric forecasts (docs/scoring.md, "Numeric forecasts").</summary>
public sealed class NumericErrorTests
{
    [Theory]
    // A point forecast of $16: near miss at 15.80, far miss at 40, hit at 16.
    [InlineData("range", null, null, 16d, 16d, 15.8, 0.2, 1.2658227848101, 1.3)]
    [InlineData("range", null, null, 16d, 16d, 40d, -24d, -60d, 60d)]
    [InlineData("range", null, null, 16d, 16d, 16d, 0d, 0d, 0d)]
    // "3-4 labs": 5 is one too few predicted (too low), 2 one too many (too high), 3.5 a hit.
    [InlineData("range", null, null, 3d, 4d, 5d, -1d, -20d, 20d)]
    [InlineData("range", null, null, 3d, 4d, 2d, 1d, 50d, 50d)]
    [InlineData("range", null, null, 3d, 4d, 3.5, 0d, 0d, 0d)]
    // "more than 15%": 9 is a miss by 6 points (the forecast was too high), 18 a hit.
    [InlineData("threshold", ">", 15d, null, null, 9d, 6d, 66.666666666666671, 66.7)]
    [InlineData("threshold", ">", 15d, null, null, 18d, 0d, 0d, 0d)]
    [InlineData("threshold", "<=", 10d, null, null, 12d, -2d, -16.666666666666668, 16.7)]
    [InlineData("threshold", "=", 30d, null, null, 25d, 5d, 20d, 20d)]
    public void Compute_HandComputed(string kind, string? comparator, double? threshold, double? low, double? high, double value,
        double error, double percent, double apeKey)
    {
        var e = NumericError.Compute(kind, comparator, threshold, low, high, value)!.Value;

        Assert.Equal(error, e.Error, 12);
        Assert.Equal(percent, e.PercentError!.Value, 9);
        Assert.Equal(apeKey, e.AbsolutePercentErrorKey!.Value, 12);
    }

    [Fact]
    public void Compute_ObservedZero_NoPercentError()
    {
        var e = NumericError.Compute("threshold", ">", 1, null, null, 0)!.Value;

        Assert.Equal((1d, (double?)null), (e.Error, e.PercentError));
    }

    [Theory]
    [InlineData("event", null, null, null, null, 3d)]
    [InlineData("threshold", null, 15d, null, null, 3d)]
    [InlineData("range", null, null, 3d, null, 3d)]
    [InlineData("range", null, null, 3d, 4d, null)]
    public void Compute_NoForecastOrNoValue_Null(string kind, string? comparator, double? threshold, double? low, double? high,
        double? value)
    {
        Assert.Null(NumericError.Compute(kind, comparator, threshold, low, high, value));
    }
}
