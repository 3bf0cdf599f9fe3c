namespace ForecastWatch.Domain.Predictions;

public static class PredictionStatusCalculator
{
    /// <summary>
    /// Status on <paramref name="today"/> (the caller's local date of its "as of" instant). A prediction is due the
    /// day after its resolve-by date, and overdue once more than <paramref name="graceDays"/> further days have passed.
    /// </summary>
    public static PredictionStatus Compute(Prediction prediction, ResolutionState state, DateOnly today, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(state);
        switch (prediction.Status)
        {
            case EntryStatus.Proposed:
                return PredictionStatus.Proposed;
            case EntryStatus.Rejected:
                return PredictionStatus.Rejected;
        }

        if (state.IsAnnulled)
        {
            return PredictionStatus.Annulled;
        }

        if (state.Final is { } final)
        {
            return final.Verdict == Verdict.Void ? PredictionStatus.Void : PredictionStatus.Resolved;
        }

        if (state.ResolveBy is not { } resolveBy || today <= resolveBy)
        {
            return PredictionStatus.Open;
        }

        return today > resolveBy.AddDays(graceDays) ? PredictionStatus.Overdue : PredictionStatus.Due;
    }
}
