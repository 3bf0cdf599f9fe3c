namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// How far a numeric forecast (a point, a range, or a threshold) was from what happened. The forecast names a set
/// of values: a point, [low, high], or the half-line of a threshold. The error is the distance from the observed
/// value x to that set, signed: e = clamp(x, lo, hi) − x. It is 0 when the forecast hit, positive when the forecast
/// was too high, negative when too low. The percentage error is 100·e/|x| (undefined when x = 0), capped at ±10⁶ %.
/// Migration 0013 computes the same in SQL in the same order of operations, so both paths agree to the bit.
/// </summary>
/// <param name="Error">Signed error in the forecast's unit (forecast minus observed).</param>
/// <param name="PercentError">Signed percentage error, or null when the observed value is 0.</param>
public readonly record struct NumericError(double Error, double? PercentError)
{
    public const double MaxPercentError = 1_000_000;

    /// <summary>|percentage error| rounded to tenths of a point, the resolution medians are taken at; null without one.</summary>
    public double? AbsolutePercentErrorKey => PercentError is { } pe ? ApeKey(pe) : null;

    public double AbsoluteError => Math.Abs(Error);

    /// <summary>The error of a threshold or range forecast given the observed value; null for events or incomplete forecasts.</summary>
    /// <param name="kind">event, threshold or range.</param>
    /// <param name="comparator">A threshold's comparator symbol (&gt;, &gt;=, &lt;, &lt;=, =).</param>
    public static NumericError? Compute(string kind, string? comparator, double? threshold, double? low, double? high, double? value)
    {
        if (value is not { } x)
        {
            return null;
        }

        double? lo;
        double? hi;
        switch (kind)
        {
            case "range" when low is not null && high is not null:
                (lo, hi) = (low, high);
                break;
            case "threshold" when threshold is not null && comparator is not null:
                lo = comparator is ">" or ">=" or "=" ? threshold : null;
                hi = comparator is "<" or "<=" or "=" ? threshold : null;
                break;
            default:
                return null;
        }

        var clamped = lo is { } l && x < l ? l : hi is { } h && x > h ? h : x;
        var error = clamped - x;
        double? percent = x != 0 ? Math.Max(Math.Min(100.0 * error / Math.Abs(x), MaxPercentError), -MaxPercentError) : null;
        return new NumericError(error, percent);
    }

    /// <summary>floor(10·|pe| + 0.5) / 10, exactly as SQLite's CAST(abs(pe) * 10 + 0.5 AS INTEGER) / 10.0.</summary>
    public static double ApeKey(double percentError) => (long)((Math.Abs(percentError) * 10) + 0.5) / 10.0;
}

/// <summary>The numeric forecasts of a group, scored by their error (docs/scoring.md).</summary>
/// <param name="Count">Resolved threshold and range forecasts.</param>
/// <param name="Hits">How many hit the stated range or threshold (PARTIAL adds its fraction).</param>
/// <param name="HitRate">Hits / Count.</param>
/// <param name="HitInterval">95% Wilson interval of the hit rate.</param>
/// <param name="WithError">Forecasts resolved with a non-zero observed value, so with a percentage error.</param>
/// <param name="MedianApe">Median absolute percentage error (in tenths of a point); null without any.</param>
/// <param name="MeanPercentError">Mean signed percentage error: above 0 the group forecasts too high.</param>
/// <param name="TooHigh">Forecasts above the observed value (a miss on the high side).</param>
/// <param name="TooLow">Forecasts below the observed value.</param>
public sealed record NumericScore(
    int Count,
    double Hits,
    double HitRate,
    WilsonInterval HitInterval,
    int WithError,
    double? MedianApe,
    double? MeanPercentError,
    int TooHigh,
    int TooLow);
