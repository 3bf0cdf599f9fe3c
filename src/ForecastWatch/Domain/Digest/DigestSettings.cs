using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Domain.Digest;

/// <summary>Knobs of the digest content.</summary>
public sealed record DigestSettings
{
    public const int DefaultDueSoonDays = 30;
    public const int DefaultMaxItemsPerSection = 25;

    /// <summary>"What falls due in the next N days".</summary>
    public int DueSoonDays { get; init; } = DefaultDueSoonDays;

    /// <summary>Longer sections show this many items and say how many more there are.</summary>
    public int MaxItemsPerSection { get; init; } = DefaultMaxItemsPerSection;

    /// <summary>What the digest's scorecard groups by.</summary>
    public ScoreDimension Dimension { get; init; } = ScoreDimension.Outlet;

    public ScoringSettings Scoring { get; init; } = ScoringSettings.Default;

    public static DigestSettings Default { get; } = new();

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DueSoonDays < 1)
        {
            errors.Add($"DueSoonDays must be at least 1, was {DueSoonDays}.");
        }

        if (MaxItemsPerSection < 1)
        {
            errors.Add($"MaxItemsPerSection must be at least 1, was {MaxItemsPerSection}.");
        }

        errors.AddRange(Scoring.Validate());
        return errors;
    }
}
