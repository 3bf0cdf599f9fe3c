namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// The scores of one group (an outlet, author, tag...). Statistics over scored predictions are null when the group
/// has none. See docs/scoring.md for every definition.
/// </summary>
/// <param name="Key">The group (outlet name, author, tag, hedge word, horizon bucket, article id, or "all").</param>
/// <param name="Scored">Resolved predictions scored with a probability (Brier, log, accuracy), PARTIAL included.</param>
/// <param name="Credit">Sum of accuracy credits (PARTIAL adds its fraction).</param>
/// <param name="Accuracy">Credit / Scored.</param>
/// <param name="Interval">95% Wilson interval of the accuracy.</param>
/// <param name="MeanBrier">Mean Brier score (lower is better).</param>
/// <param name="SkillVsCoinFlip">1 − MeanBrier / 0.25: above 0 beats always saying 50%.</param>
/// <param name="BaseRate">Mean outcome of the group (how often its claims came true).</param>
/// <param name="SkillVsBaseRate">1 − MeanBrier / (mean of (BaseRate − o)²); null when every outcome was the same.</param>
/// <param name="MeanLogScore">Mean log score (0 is perfect, higher is better).</param>
/// <param name="Calibration">Ten buckets, always all ten (empty ones have Count 0).</param>
/// <param name="MeanDaysDueToResolution">Mean of (resolution date − resolve-by date) in days; negative means early.</param>
/// <param name="Open">Unresolved predictions.</param>
/// <param name="OverdueUnresolved">Unresolved predictions past resolve-by plus the grace period.</param>
/// <param name="Void">Void predictions (excluded from every score).</param>
/// <param name="IsSmallSample">Fewer than the minimum sample: shown, labelled, not ranked.</param>
/// <param name="Rank">1 = lowest mean Brier among ranked groups; null when not ranked.</param>
public sealed record GroupScore(
    string Key,
    int Scored,
    double Credit,
    double? Accuracy,
    WilsonInterval? Interval,
    double? MeanBrier,
    double? SkillVsCoinFlip,
    double? BaseRate,
    double? SkillVsBaseRate,
    double? MeanLogScore,
    IReadOnlyList<CalibrationBucket> Calibration,
    double? MeanDaysDueToResolution,
    int Open,
    int OverdueUnresolved,
    int Void,
    bool IsSmallSample,
    int? Rank)
{
    /// <summary>Threshold and range forecasts scored by their error; null when the group has none.</summary>
    public NumericScore? Numeric { get; init; }

    /// <summary>Conditionals whose condition did not hold (annulled: excluded from every score).</summary>
    public int ConditionNotMet { get; init; }

    /// <summary>Resolved predictions left out as hindsight (horizon ended before publication).</summary>
    public int Hindsight { get; init; }

    /// <summary>Resolved predictions scored with a probability implied by hedge words or the flat-"will" default.</summary>
    public int Implied { get; init; }

    /// <summary>With StatedOnly: resolved predictions left out of Brier and log scores for lack of a stated probability.</summary>
    public int ImpliedLeftOut { get; init; }
}
