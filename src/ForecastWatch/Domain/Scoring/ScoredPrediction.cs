namespace ForecastWatch.Domain.Scoring;

/// <summary>Where a prediction stands for scoring purposes. Due/overdue are derived from the dates and an as-of time.</summary>
public enum PredictionState
{
    Open = 0,
    Resolved = 1,
    Void = 2,

    /// <summary>A conditional whose condition did not hold: excluded from every score, listed as "condition not met".</summary>
    Annulled = 3,
}

/// <summary>
/// The flat view of one prediction and its current resolution that scoring, digests and exports read.
/// Storage maps its rows to this record; scoring never sees the storage model.
/// </summary>
/// <param name="Id">Stable prediction id (e.g. <c>ainews-regulation</c>).</param>
/// <param name="Article">Article id.</param>
/// <param name="Outlet">Publishing outlet.</param>
/// <param name="Authors">Article authors; a prediction counts once for each.</param>
/// <param name="Tags">Topic tags; a prediction counts once for each.</param>
/// <param name="Hedge">The hedge words the probability was read from, if any.</param>
/// <param name="Probability">Stated or implied probability that the claim comes true (0..1); null when neither.</param>
/// <param name="Kind">event, threshold or range (informational: all are binary once resolved).</param>
/// <param name="Claim">The claim in plain words.</param>
/// <param name="MadeOn">Publication date of the article (first day of a partial date); null when unknown.</param>
/// <param name="ResolveBy">Last day of the horizon; null for undated claims.</param>
/// <param name="State">Open, resolved or void.</param>
/// <param name="Outcome">For resolved predictions: YES = 1, NO = 0, PARTIAL = its fraction.</param>
/// <param name="ResolvedAt">When the (current) resolution was recorded.</param>
/// <param name="ResolvedBy">Who recorded it (an address).</param>
public sealed record ScoredPrediction(
    string Id,
    string Article,
    string Outlet,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Tags,
    string? Hedge,
    double? Probability,
    string Kind,
    string Claim,
    DateOnly? MadeOn,
    DateOnly? ResolveBy,
    PredictionState State,
    double? Outcome,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy)
{
    /// <summary>Evidence the resolver gave (URLs or a note), as one line.</summary>
    public string? Evidence { get; init; }

    /// <summary>The verdict as recorded, e.g. <c>YES</c>, <c>PARTIAL 0.5</c>, <c>VOID</c>.</summary>
    public string? Verdict { get; init; }

    /// <summary>Why a void prediction was voided.</summary>
    public string? VoidReason { get; init; }

    /// <summary>Where <see cref="Probability"/> came from: <c>stated</c>, <c>hedge</c> (estimative words), or null for none.</summary>
    public string? ProbabilitySource { get; init; }

    /// <summary>A threshold or range forecast: scored by its error and hit rate, and by Brier only with a probability.</summary>
    public bool IsNumeric { get; init; }

    /// <summary>Resolved with an observed value: how far it was from the forecast.</summary>
    public NumericError? Error { get; init; }

    /// <summary>The horizon ended before the article was published: excluded from skill scores unless asked for.</summary>
    public bool IsHindsight { get; init; }

    /// <summary>Resolved by VALUE: the observed value the verdict was decided from.</summary>
    public double? ObservedValue { get; init; }

    /// <summary>A conditional's condition in words; null for an unconditional prediction.</summary>
    public string? Condition { get; init; }

    /// <summary>A conditional's condition: <c>open</c> (nobody has said), <c>held</c> or <c>not met</c>; null without one.</summary>
    public string? ConditionStatus { get; init; }

    /// <summary>
    /// While nobody has said whether a conditional's condition held: the date the condition is to be settled by (its
    /// latest CONDITION EXTEND, else its own date), which is what the prediction waits on; null otherwise.
    /// </summary>
    public DateOnly? ConditionDueOn { get; init; }

    /// <summary>The date an open prediction waits on: its condition's (<see cref="ConditionDueOn"/>), else its resolve-by date.</summary>
    public DateOnly? DueOn => ConditionDueOn ?? ResolveBy;

    /// <summary>
    /// A resolved numeric forecast: whether it hit the stated range or threshold (from the observed value when there
    /// is one, else from the verdict; null for PARTIAL); null for events and unresolved rows.
    /// </summary>
    public bool? Hit => State != PredictionState.Resolved || !IsNumeric ? null
        : Error is { } e ? e.Error == 0
        : Outcome switch { 1.0 => true, 0.0 => false, _ => null };

    /// <summary>Describes what makes this row unusable for scoring; empty when it is fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var defects = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            defects.Add("id is empty");
        }

        if (Probability is { } p && !(p >= 0 && p <= 1))
        {
            defects.Add($"probability {p} is outside 0..1");
        }

        if (State == PredictionState.Resolved)
        {
            if (Outcome is not { } o)
            {
                defects.Add("resolved without an outcome");
            }
            else if (!(o >= 0 && o <= 1))
            {
                defects.Add($"outcome {o} is outside 0..1");
            }
        }

        return defects;
    }
}
