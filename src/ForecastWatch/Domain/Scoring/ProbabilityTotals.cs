namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// Resolved predictions of one group with stated or implied probabilities, added up over their probabilities: what
/// the scores need of p once the outcomes are summed (storage keeps these, migration 0018, so a scorecard reads one
/// row per group and source instead of one per distinct probability). For n predictions at p with outcome sum Σo:
/// Brier adds n·p² − 2p·Σo + Σo², the log score Σo·ln p′ + (n − Σo)·ln(1 − p′) (p′ clamped to
/// [<see cref="PredictionScoring.LogEpsilon"/>, 1 − it]), the accuracy credit Σo when p ≥ 0.5 else n − Σo, and
/// calibration bucket <see cref="CalibrationBucket.IndexOf"/>(p) its count, n·p and Σo.
/// </summary>
/// <param name="SumProbabilitySquared">Σ n·p².</param>
/// <param name="SumProbabilityOutcome">Σ p·Σo.</param>
/// <param name="Credit">Σ accuracy credit.</param>
/// <param name="LogScore">Σ log score.</param>
/// <param name="BucketCounts">Per calibration bucket: how many.</param>
/// <param name="BucketProbability">Per calibration bucket: Σ n·p.</param>
/// <param name="BucketOutcome">Per calibration bucket: Σ outcome.</param>
public sealed record ProbabilityTotals(
    double SumProbabilitySquared,
    double SumProbabilityOutcome,
    double Credit,
    double LogScore,
    IReadOnlyList<long> BucketCounts,
    IReadOnlyList<double> BucketProbability,
    IReadOnlyList<double> BucketOutcome);
