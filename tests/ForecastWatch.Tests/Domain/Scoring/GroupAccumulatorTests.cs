using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class GroupAccumulatorTests
{
    [Fact]
    public void ToScore_Empty_AllStatisticsNullAndTenEmptyBuckets()
    {
        var sut = new GroupAccumulator("empty");

        var score = sut.ToScore(minSample: 5);

        Assert.Equal(0, score.Scored);
        Assert.Null(score.Accuracy);
        Assert.Null(score.MeanBrier);
        Assert.True(score.IsSmallSample);
        Assert.Equal(10, score.Calibration.Count);
        Assert.All(score.Calibration, static b => Assert.Equal(0, b.Count));
    }

    [Fact]
    public void ToScore_AllOutcomesSame_SkillVsBaseRateUndefined()
    {
        var sut = new GroupAccumulator("same");
        sut.AddScored(PredictionScoring.Score(0.7, 1));
        sut.AddScored(PredictionScoring.Score(0.9, 1));

        var score = sut.ToScore(minSample: 1);

        Assert.Equal(1.0, score.BaseRate!.Value, 12);
        Assert.Null(score.SkillVsBaseRate);
        Assert.Equal((0.09 + 0.01) / 2, score.MeanBrier!.Value, 12);
    }

    [Fact]
    public void ToScore_CoinFlipForecaster_ZeroSkillVsFiftyPercent()
    {
        var sut = new GroupAccumulator("coin");
        sut.AddScored(PredictionScoring.Score(0.5, 1));
        sut.AddScored(PredictionScoring.Score(0.5, 0));

        var score = sut.ToScore(minSample: 1);

        Assert.Equal(0.0, score.SkillVsCoinFlip!.Value, 12);
        Assert.Equal(0.0, score.SkillVsBaseRate!.Value, 12);
        Assert.False(score.IsSmallSample);
    }

    [Fact]
    public void AddResolutionDelay_Mixed_MeanIncludesEarlyAsNegative()
    {
        var sut = new GroupAccumulator("d");
        sut.AddResolutionDelay(-4);
        sut.AddResolutionDelay(10);

        var score = sut.ToScore(minSample: 1);

        Assert.Equal(3.0, score.MeanDaysDueToResolution!.Value, 12);
    }
}
