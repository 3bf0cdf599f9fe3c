using ForecastWatch.Domain;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class WilsonIntervalTests
{
    // Reference values: Wilson (1927) score interval, z = 1.959964; checked against published tables
    // (0/10 -> 0-0.2775, 5/10 -> 0.2366-0.7634) and computed by hand for the worked example in docs/scoring.md.
    [Theory]
    [InlineData(0.0, 10.0, 0.0, 0.2775327998628892)]
    [InlineData(5.0, 10.0, 0.236593090512564, 0.7634069094874361)]
    [InlineData(3.5, 5.0, 0.2987910540723934, 0.9274159600143366)]
    [InlineData(1.0, 1.0, 0.20654931437723745, 1.0)]
    public void Compute_KnownCases_MatchesHandComputed(double successes, double n, double low, double high)
    {
        var ci = WilsonInterval.Compute(successes, n);

        Assert.Equal(low, ci.Low, 9);
        Assert.Equal(high, ci.High, 9);
    }

    [Fact]
    public void Compute_SymmetricCounts_MirrorEachOther()
    {
        var a = WilsonInterval.Compute(2, 9);
        var b = WilsonInterval.Compute(7, 9);

        Assert.Equal(a.Low, 1 - b.High, 12);
        Assert.Equal(a.High, 1 - b.Low, 12);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(6.0, 5.0)]
    [InlineData(-1.0, 5.0)]
    public void Compute_Invalid_ThrowsDomainException(double successes, double n)
    {
        Assert.Throws<DomainException>(() => WilsonInterval.Compute(successes, n));
    }
}
