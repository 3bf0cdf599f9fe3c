using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Support;

/// <summary>
/// Compares two scorecards field by field: counts, keys, ranks and lists exactly, scores to a relative tolerance.
/// Sums added in a different order (running sums vs one prediction at a time) differ in the last bits only.
/// </summary>
internal static class ScorecardAssert
{
    public static void Equivalent(Scorecard expected, Scorecard actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Dimension, actual.Dimension);
        Assert.Equal(expected.VoidCount, actual.VoidCount);
        Assert.Equal(expected.Voids, actual.Voids);
        Assert.Equal(expected.SkippedCount, actual.SkippedCount);
        Assert.Equal(expected.ConditionNotMetCount, actual.ConditionNotMetCount);
        Assert.Equal(expected.ConditionNotMet, actual.ConditionNotMet);
        Assert.Equal(expected.HindsightCount, actual.HindsightCount);
        Assert.Equal(expected.Hindsight, actual.Hindsight);
        Equivalent(expected.Overall, actual.Overall, tolerance);
        Assert.Equal(expected.Groups.Select(static g => g.Key), actual.Groups.Select(static g => g.Key));
        for (var i = 0; i < expected.Groups.Count; i++)
        {
            Equivalent(expected.Groups[i], actual.Groups[i], tolerance);
        }
    }

    public static void Equivalent(GroupScore expected, GroupScore actual, double tolerance = 1e-9)
    {
        var at = " in group '" + expected.Key + "'";
        Assert.Equal(expected.Key, actual.Key);
        Assert.True(expected.Scored == actual.Scored, "Scored" + at);
        Assert.True(expected.Open == actual.Open, "Open" + at);
        Assert.True(expected.OverdueUnresolved == actual.OverdueUnresolved, "OverdueUnresolved" + at);
        Assert.True(expected.Void == actual.Void, "Void" + at);
        Assert.True(expected.ConditionNotMet == actual.ConditionNotMet, "ConditionNotMet" + at);
        Assert.True(expected.Hindsight == actual.Hindsight, "Hindsight" + at);
        Assert.True(expected.Implied == actual.Implied && expected.ImpliedLeftOut == actual.ImpliedLeftOut, "Implied" + at);
        Assert.True(expected.Numeric?.Count == actual.Numeric?.Count, "Numeric.Count" + at);
        Assert.True(expected.Numeric?.WithError == actual.Numeric?.WithError, "Numeric.WithError" + at);
        Assert.True(expected.Numeric?.TooHigh == actual.Numeric?.TooHigh && expected.Numeric?.TooLow == actual.Numeric?.TooLow,
            "Numeric.TooHigh/Low" + at);
        Assert.True(expected.Numeric?.MedianApe == actual.Numeric?.MedianApe,
            $"Numeric.MedianApe{at}: {expected.Numeric?.MedianApe} vs {actual.Numeric?.MedianApe}");
        Close(expected.Numeric?.Hits, actual.Numeric?.Hits, "Numeric.Hits" + at, tolerance);
        Close(expected.Numeric?.HitInterval.Low, actual.Numeric?.HitInterval.Low, "Numeric.HitInterval" + at, tolerance);
        Close(expected.Numeric?.MeanPercentError, actual.Numeric?.MeanPercentError, "Numeric.MeanPercentError" + at, tolerance);
        Assert.True(expected.IsSmallSample == actual.IsSmallSample, "IsSmallSample" + at);
        Assert.True(expected.Rank == actual.Rank, $"Rank{at}: {expected.Rank} vs {actual.Rank}");
        Close(expected.Credit, actual.Credit, "Credit" + at, tolerance);
        Close(expected.Accuracy, actual.Accuracy, "Accuracy" + at, tolerance);
        Close(expected.Interval?.Low, actual.Interval?.Low, "Interval.Low" + at, tolerance);
        Close(expected.Interval?.High, actual.Interval?.High, "Interval.High" + at, tolerance);
        Close(expected.MeanBrier, actual.MeanBrier, "MeanBrier" + at, tolerance);
        Close(expected.SkillVsCoinFlip, actual.SkillVsCoinFlip, "SkillVsCoinFlip" + at, tolerance);
        Close(expected.BaseRate, actual.BaseRate, "BaseRate" + at, tolerance);
        Close(expected.SkillVsBaseRate, actual.SkillVsBaseRate, "SkillVsBaseRate" + at, 1e-6);
        Close(expected.MeanLogScore, actual.MeanLogScore, "MeanLogScore" + at, tolerance);
        Close(expected.MeanDaysDueToResolution, actual.MeanDaysDueToResolution, "MeanDaysDueToResolution" + at, tolerance);
        Assert.Equal(expected.Calibration.Count, actual.Calibration.Count);
        for (var b = 0; b < expected.Calibration.Count; b++)
        {
            var (e, a) = (expected.Calibration[b], actual.Calibration[b]);
            Assert.True(e.Count == a.Count, $"Calibration[{b}].Count{at}: {e.Count} vs {a.Count}");
            Close(e.MeanPredicted, a.MeanPredicted, $"Calibration[{b}].MeanPredicted{at}", tolerance);
            Close(e.ObservedRate, a.ObservedRate, $"Calibration[{b}].ObservedRate{at}", tolerance);
        }
    }

    private static void Close(double? expected, double? actual, string what, double tolerance)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: {expected} vs {actual}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{what}: {e:R} vs {a:R}");
        }
    }
}
