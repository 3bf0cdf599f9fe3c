using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Predictions;

/// <summary>
/// A registered prediction as the manifest defines it, with what import derived from it (quote offsets,
/// resolve-by date). How it was resolved lives in <see cref="ResolutionRecord"/>s, never here.
/// </summary>
public sealed record Prediction
{
    public required string Id { get; init; }

    public required string ArticleId { get; init; }

    public required string Claim { get; init; }

    /// <summary>Verbatim text from the article body.</summary>
    public required string Quote { get; init; }

    /// <summary>UTF-16 offset of <see cref="Quote"/> in the article text.</summary>
    public required int QuoteStart { get; init; }

    public int QuoteEnd => QuoteStart + Quote.Length;

    /// <summary>The horizon words ("within 12 months"), or null for an undated claim or an explicit resolve-by.</summary>
    public string? Horizon { get; init; }

    /// <summary>For windows ("12-18 months"): the first day of the window.</summary>
    public DateOnly? Earliest { get; init; }

    /// <summary>The last day of the window, from the horizon or the manifest's explicit <c>resolveBy</c>.</summary>
    public DateOnly? ResolveBy { get; init; }

    public DatePrecision? ResolveByPrecision { get; init; }

    /// <summary>True when <see cref="ResolveBy"/> came from the manifest's <c>resolveBy</c>, not from the horizon.</summary>
    public bool ResolveByOverride { get; init; }

    /// <summary>A forward-looking claim with no horizon in the article.</summary>
    public bool Undated { get; init; }

    public bool EndsBeforePublication { get; init; }

    public required PredictionKind Kind { get; init; }

    public string? Metric { get; init; }

    public Comparator? Comparator { get; init; }

    public double? Threshold { get; init; }

    public double? Low { get; init; }

    public double? High { get; init; }

    public string? Unit { get; init; }

    /// <summary>
    /// The condition in words, for a conditional prediction ("if more than 15% of senior researchers leave"): the
    /// claim is only tested when it held, and a condition that did not hold annuls the prediction. Null: unconditional.
    /// </summary>
    public string? Condition { get; init; }

    /// <summary>How the condition is checked when it is a quantity; null for an event condition (or none).</summary>
    public ConditionSpec? ConditionSpec { get; init; }

    /// <summary>0..1; always with <see cref="Hedge"/>, the words it came from.</summary>
    public double? Probability { get; init; }

    public string? Hedge { get; init; }

    public ProbabilitySource? ProbabilitySource { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Criteria { get; init; } = "";

    /// <summary>Addresses allowed to resolve it by email; empty means the routing rules decide.</summary>
    public IReadOnlyList<string> Editors { get; init; } = [];

    public EntryStatus Status { get; init; } = EntryStatus.Accepted;

    public PredictionOrigin Origin { get; init; } = PredictionOrigin.Curated;
}
