namespace ForecastWatch.Domain.Scoring;

/// <summary>Knobs of the scorecard. Defaults are documented in docs/scoring.md.</summary>
public sealed record ScoringSettings
{
    public const int DefaultMinSample = 5;
    public const double DefaultUnstatedProbability = 0.9;
    public const int DefaultOverdueGraceDays = 14;
    public const int DefaultMaxListedVoids = 100;

    /// <summary>Groups with fewer scored predictions are labelled small samples and not ranked.</summary>
    public int MinSample { get; init; } = DefaultMinSample;

    /// <summary>Probability scored for a flat claim with neither a stated probability nor a hedge.</summary>
    public double UnstatedProbability { get; init; } = DefaultUnstatedProbability;

    /// <summary>Days after the resolve-by date before an unresolved prediction counts as overdue.</summary>
    public int OverdueGraceDays { get; init; } = DefaultOverdueGraceDays;

    /// <summary>How many void predictions the scorecard lists (all are counted).</summary>
    public int MaxListedVoids { get; init; } = DefaultMaxListedVoids;

    /// <summary>Brier and log scores only for probabilities the article stated as numbers (not implied by words or by default).</summary>
    public bool StatedOnly { get; init; }

    /// <summary>Score predictions whose horizon ended before publication (hindsight) like the others.</summary>
    public bool IncludeHindsight { get; init; }

    public static ScoringSettings Default { get; } = new();

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinSample < 1)
        {
            errors.Add($"MinSample must be at least 1, was {MinSample}.");
        }

        if (!(UnstatedProbability >= 0 && UnstatedProbability <= 1))
        {
            errors.Add($"UnstatedProbability must be within 0..1, was {UnstatedProbability}.");
        }

        if (OverdueGraceDays < 0)
        {
            errors.Add($"OverdueGraceDays must not be negative, was {OverdueGraceDays}.");
        }

        if (MaxListedVoids < 0)
        {
            errors.Add($"MaxListedVoids must not be negative, was {MaxListedVoids}.");
        }

        return errors;
    }
}
