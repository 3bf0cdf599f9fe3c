namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// One 10% calibration bucket: forecasts with Lower ≤ p &lt; Upper (the last bucket includes 1.0).
/// A well-calibrated forecaster's <see cref="ObservedRate"/> is close to <see cref="MeanPredicted"/>.
/// </summary>
public sealed record CalibrationBucket(int Index, double Lower, double Upper, int Count, double? MeanPredicted, double? ObservedRate)
{
    public const int BucketCount = 10;

    /// <summary>The bucket of a probability: floor(p·10), with 1.0 in the top bucket.</summary>
    public static int IndexOf(double probability)
    {
        // Multiplying first avoids 0.7 landing in bucket 6 through floating-point error (0.7·10 = 7 exactly, 0.7/0.1 = 6.999...).
        var index = (int)Math.Floor(Math.Round(probability * BucketCount, 9));
        return Math.Clamp(index, 0, BucketCount - 1);
    }

    public string Label => $"{Index * 10}-{(Index + 1) * 10}%";
}
