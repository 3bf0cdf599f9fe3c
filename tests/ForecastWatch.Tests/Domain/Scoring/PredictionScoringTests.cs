using ForecastWatch.Domain;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class PredictionScoringTests
{
    [Theory]
    [InlineData(0.8, 1.0, 1.0, 0.04, -0.2231435513142097)]
    [InlineData(0.7, 0.0, 0.0, 0.49, -1.203972804325936)]
    [InlineData(0.6, 0.5, 0.5, 0.01, -0.7135581778200728)]
    [InlineData(0.2, 0.0, 1.0, 0.04, -0.2231435513142097)]
    [InlineData(0.2, 1.0, 0.0, 0.64, -1.6094379124341003)]
    [InlineData(0.5, 1.0, 1.0, 0.25, -0.6931471805599453)]
    public void Score_HandComputed_MatchesCreditBrierAndLog(double p, double o, double credit, double brier, double log)
    {
        var score = PredictionScoring.Score(p, o);

        Assert.Equal(credit, score.Credit, 12);
        Assert.Equal(brier, score.Brier, 12);
        Assert.Equal(log, score.LogScore, 12);
    }

    [Fact]
    public void Score_CertainAndWrong_ClampsLogScoreAtEpsilon()
    {
        var score = PredictionScoring.Score(1.0, 0.0);

        Assert.Equal(Math.Log(0.001), score.LogScore, 12);
        Assert.Equal(1.0, score.Brier, 12);
        Assert.False(score.IsCorrect);
    }

    [Fact]
    public void Score_CertainAndRight_LogScoreNearZeroNotExactlyZero()
    {
        var score = PredictionScoring.Score(1.0, 1.0);

        Assert.Equal(Math.Log(0.999), score.LogScore, 12);
        Assert.True(score.IsCorrect);
    }

    [Fact]
    public void Score_PartialHalf_CountsAsCorrectWithHalfCredit()
    {
        var score = PredictionScoring.Score(0.9, 0.5);

        Assert.Equal(0.5, score.Credit, 12);
        Assert.True(score.IsCorrect);
        Assert.Equal(0.16, score.Brier, 12);
    }

    [Theory]
    [InlineData(-0.1, 1.0)]
    [InlineData(1.1, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.5, 1.5)]
    [InlineData(0.5, double.NaN)]
    public void Score_OutOfRange_ThrowsDomainException(double p, double o)
    {
        Assert.Throws<DomainException>(() => PredictionScoring.Score(p, o));
    }
}
