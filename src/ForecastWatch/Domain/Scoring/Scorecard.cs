namespace ForecastWatch.Domain.Scoring;

/// <summary>A void prediction: excluded from every score but listed so nobody wonders where it went.</summary>
public sealed record VoidedPrediction(string Id, string Outlet, string Claim, string? Reason);

/// <summary>A row that could not be scored, with what is wrong with it.</summary>
public sealed record SkippedPrediction(string Id, IReadOnlyList<string> Defects);

/// <summary>
/// A finished scorecard: the overall group, the groups along one dimension (ranked groups first by rank, then the
/// unranked ones by key), the void predictions and any rows that could not be scored.
/// </summary>
public sealed record Scorecard(
    ScoreDimension Dimension,
    DateOnly AsOf,
    DateOnly? Since,
    ScoringSettings Settings,
    GroupScore Overall,
    IReadOnlyList<GroupScore> Groups,
    int VoidCount,
    IReadOnlyList<VoidedPrediction> Voids,
    int SkippedCount,
    IReadOnlyList<SkippedPrediction> Skipped)
{
    /// <summary>Conditionals whose condition did not hold: annulled, excluded from every score.</summary>
    public int ConditionNotMetCount { get; init; }

    public IReadOnlyList<VoidedPrediction> ConditionNotMet { get; init; } = [];

    /// <summary>Resolved predictions left out as hindsight (0 when the settings include them).</summary>
    public int HindsightCount { get; init; }

    public IReadOnlyList<VoidedPrediction> Hindsight { get; init; } = [];
}
