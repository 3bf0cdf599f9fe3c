namespace ForecastWatch.Domain.Predictions;

/// <summary>What a resolution says. VALUE is stored as YES or NO with the value kept; OVERRIDE as a superseding row.</summary>
public enum Verdict
{
    Yes,
    No,
    Partial,
    Void,

    /// <summary>Not a final verdict: moves (or gives) the resolve-by date.</summary>
    Extend,
}

/// <summary>What a resolution answers: the claim, or (for a conditional prediction) whether its condition held.</summary>
public enum ResolutionTarget
{
    Claim,
    Condition,
}

public enum ResolutionSource
{
    Cli,
    Email,
}

/// <summary>One appended resolution row. Rows are never updated; an override is a new row that supersedes an older one.</summary>
/// <param name="Fraction">PARTIAL: the share that came true (0..1), when given.</param>
/// <param name="Value">VALUE: the observed value that decided YES or NO.</param>
/// <param name="ExtendTo">EXTEND: the new resolve-by date.</param>
/// <param name="ResolvedAt">The "as of" instant of the resolution.</param>
/// <param name="SupersedesId">OVERRIDE: the resolution this one replaces.</param>
public sealed record ResolutionRecord(
    long Id,
    string PredictionId,
    Verdict Verdict,
    double? Fraction,
    double? Value,
    string? ValueUnit,
    DateOnly? ExtendTo,
    string? Note,
    IReadOnlyList<string> Evidence,
    string ResolvedBy,
    DateTimeOffset ResolvedAt,
    ResolutionSource Source,
    string? SourceMessageId,
    long? SupersedesId)
{
    /// <summary>Condition rows are YES or NO (a VALUE decided which) and fold on their own.</summary>
    public ResolutionTarget Target { get; init; } = ResolutionTarget.Claim;

    public bool IsFinal => Verdict != Verdict.Extend;
}

/// <summary>The current reading of a prediction's resolution rows, folded in order.</summary>
/// <param name="Final">
/// What settles the prediction: the claim's resolution in force (the latest override, else the first final verdict),
/// or, when a conditional's condition did not hold, the condition's NO (the prediction is annulled); null while open.
/// </param>
/// <param name="ResolveBy">The resolve-by date after any EXTEND.</param>
public sealed record ResolutionState(ResolutionRecord? Final, DateOnly? ResolveBy, int ExtensionCount)
{
    /// <summary>The claim's resolution in force, whatever the condition did.</summary>
    public ResolutionRecord? Claim { get; init; }

    /// <summary>The condition's resolution in force (YES or NO), or null while nobody has said.</summary>
    public ResolutionRecord? Condition { get; init; }

    /// <summary>
    /// The date by which the condition is to be settled: its latest CONDITION EXTEND, else the condition's own date;
    /// null for a prediction without a condition or a condition without a date.
    /// </summary>
    public DateOnly? ConditionResolveBy { get; init; }

    /// <summary>How many CONDITION EXTEND rows moved the condition's date.</summary>
    public int ConditionExtensionCount { get; init; }

    /// <summary>The condition did not hold: excluded from every score and listed as "condition not met".</summary>
    public bool IsAnnulled => Condition is { Verdict: Verdict.No } && Claim is not { Verdict: Verdict.Void };

    public static ResolutionState Fold(Prediction prediction, IEnumerable<ResolutionRecord> resolutions)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(resolutions);
        ResolutionRecord? claim = null;
        ResolutionRecord? condition = null;
        var resolveBy = prediction.ResolveBy;
        var extensions = 0;
        var conditionBy = prediction.ConditionSpec?.ResolveBy;
        var conditionExtensions = 0;
        foreach (var r in resolutions.OrderBy(static r => r.Id))
        {
            if (r.Target == ResolutionTarget.Condition)
            {
                if (!r.IsFinal)
                {
                    // CONDITION EXTEND: moves the condition's date, never the claim's.
                    conditionBy = r.ExtendTo;
                    conditionExtensions++;
                }
                else if (r.SupersedesId is not null || condition is null)
                {
                    condition = r;
                }
            }
            else if (r.Verdict == Verdict.Extend)
            {
                resolveBy = r.ExtendTo;
                extensions++;
            }
            else if (r.SupersedesId is not null || claim is null)
            {
                claim = r;
            }
        }

        // The same precedence as the running sums (0013): a void claim, else a condition that failed, else the claim.
        // A condition only counts while the prediction has one (an import may have removed it).
        var conditional = prediction.Condition is not null;
        var final = claim is { Verdict: Verdict.Void } ? claim
            : conditional && condition is { Verdict: Verdict.No } ? condition
            : claim;
        return new ResolutionState(final, resolveBy, extensions)
        {
            Claim = claim,
            Condition = conditional ? condition : null,
            ConditionResolveBy = conditional ? conditionBy : null,
            ConditionExtensionCount = conditional ? conditionExtensions : 0,
        };
    }
}
