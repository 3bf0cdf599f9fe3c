namespace ForecastWatch.Domain.Predictions;

public enum PredictionKind
{
    /// <summary>Happens or not.</summary>
    Event,

    /// <summary>A metric compared with one value ("more than 15% leave").</summary>
    Threshold,

    /// <summary>A metric inside [low, high] ("3-4 major labs").</summary>
    Range,
}

/// <summary>Where an entry stands in the curated manifest. Only accepted entries are prompted and scored.</summary>
public enum EntryStatus
{
    Accepted,
    Proposed,
    Rejected,
}

public enum PredictionOrigin
{
    Curated,
    Extracted,
}

public enum ProbabilitySource
{
    /// <summary>The article states a number ("a 70% chance").</summary>
    Stated,

    /// <summary>Implied by hedging words ("likely", "could").</summary>
    Hedge,
}

/// <summary>Where a prediction stands as of a given instant.</summary>
public enum PredictionStatus
{
    Proposed,

    /// <summary>Not yet due, or undated.</summary>
    Open,

    /// <summary>The resolve-by date has passed and nobody has resolved it.</summary>
    Due,

    /// <summary>Due for longer than the grace period.</summary>
    Overdue,
    Resolved,
    Void,
    Rejected,

    /// <summary>A conditional whose condition did not hold: not scored, listed as "condition not met".</summary>
    Annulled,
}
