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

    [Fact]
    public void AddScored_SumsOfOnePrediction_SameAsAddingThemOneByOne()
    {
        // Three forecasts at 0.7: YES, NO, PARTIAL 0.4. Σo = 1.4, Σo² = 1.16.
        // Brier by hand: 0.09 + 0.49 + 0.09 = 0.67 = 3·0.49 − 2·0.7·1.4 + 1.16.
        var oneByOne = new GroupAccumulator("g");
        oneByOne.AddScored(PredictionScoring.Score(0.7, 1));
        oneByOne.AddScored(PredictionScoring.Score(0.7, 0));
        oneByOne.AddScored(PredictionScoring.Score(0.7, 0.4));
        var summed = new GroupAccumulator("g");
        summed.AddScored(0.7, 3, 1.4, 1.16);

        var expected = oneByOne.ToScore(minSample: 1);
        var actual = summed.ToScore(minSample: 1);

        Assert.Equal(0.67 / 3, actual.MeanBrier!.Value, 12);
        Assert.Equal(1.4 / 3, actual.Accuracy!.Value, 12);
        Assert.Equal(expected.MeanLogScore!.Value, actual.MeanLogScore!.Value, 12);
        Assert.Equal(expected.SkillVsBaseRate!.Value, actual.SkillVsBaseRate!.Value, 12);
        Assert.Equal(3, actual.Calibration[7].Count);
        Assert.Equal(0.7, actual.Calibration[7].MeanPredicted!.Value, 12);
        Assert.Equal(1.4 / 3, actual.Calibration[7].ObservedRate!.Value, 12);
    }

    [Fact]
    public void AddScored_SumsLeaningNo_CreditIsCountMinusOutcomes()
    {
        var sut = new GroupAccumulator("g");
        sut.AddScored(0.2, 4, 1, 1);

        var score = sut.ToScore(minSample: 1);

        Assert.Equal(3.0, score.Credit, 12);
        Assert.Equal(((4 * 0.04) - (2 * 0.2) + 1) / 4, score.MeanBrier!.Value, 12);
        Assert.Equal(4, score.Calibration[2].Count);
    }

    [Fact]
    public void AddScored_SumsWithInvalidProbability_Throws()
    {
        var sut = new GroupAccumulator("g");

        Assert.Throws<ForecastWatch.Domain.DomainException>(() => sut.AddScored(1.5, 2, 1, 1));
    }

    [Fact]
    public void AddOpenAndVoid_Counts_AddUp()
    {
        var sut = new GroupAccumulator("g");
        sut.AddOpen(5, 2);
        sut.AddOpen(overdue: true);
        sut.AddVoid(3);
        sut.AddResolutionDelays(2, 30);

        var score = sut.ToScore(minSample: 1);

        Assert.Equal((6, 3, 3), (score.Open, score.OverdueUnresolved, score.Void));
        Assert.Equal(15.0, score.MeanDaysDueToResolution!.Value, 12);
    }
}
