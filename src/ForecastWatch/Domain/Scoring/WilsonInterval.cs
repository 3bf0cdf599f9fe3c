namespace ForecastWatch.Domain.Scoring;

/// <summary>A score interval for a proportion (Wilson 1927), which stays inside 0..1 and behaves for small n.</summary>
public readonly record struct WilsonInterval(double Low, double High)
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Interval for <paramref name="successes"/> out of <paramref name="n"/>. Successes may be fractional
    /// (PARTIAL outcomes); the formula only uses the observed proportion.
    /// </summary>
    public static WilsonInterval Compute(double successes, double n, double z = Z95)
    {
        if (!(n > 0))
        {
            throw new DomainException($"A Wilson interval needs n > 0, was {n}.");
        }

        if (!(successes >= 0 && successes <= n))
        {
            throw new DomainException($"Successes must be within 0..n, was {successes} of {n}.");
        }

        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new WilsonInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
