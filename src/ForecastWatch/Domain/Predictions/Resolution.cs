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
    public bool IsFinal => Verdict != Verdict.Extend;
}

/// <summary>The current reading of a prediction's resolution rows, folded in order.</summary>
/// <param name="Final">The resolution in force (the latest override, else the first final verdict), or null.</param>
/// <param name="ResolveBy">The resolve-by date after any EXTEND.</param>
public sealed record ResolutionState(ResolutionRecord? Final, DateOnly? ResolveBy, int ExtensionCount)
{
    public static ResolutionState Fold(Prediction prediction, IEnumerable<ResolutionRecord> resolutions)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(resolutions);
        ResolutionRecord? final = null;
        var resolveBy = prediction.ResolveBy;
        var extensions = 0;
        foreach (var r in resolutions.OrderBy(static r => r.Id))
        {
            if (r.Verdict == Verdict.Extend)
            {
                resolveBy = r.ExtendTo;
                extensions++;
            }
            else if (r.SupersedesId is not null || final is null)
            {
                final = r;
            }
        }

        return new ResolutionState(final, resolveBy, extensions);
    }
}
