namespace ForecastWatch.Domain.Prompts;

/// <summary>What a prompt email shows about a prediction, and the scheduling facts about it.</summary>
public sealed record PromptPrediction
{
    public required string Id { get; init; }

    public required string Claim { get; init; }

    public string? Quote { get; init; }

    public string? Outlet { get; init; }

    public string? ArticleTitle { get; init; }

    /// <summary>The article's publication date as written (partial dates allowed: 2026-05).</summary>
    public string? ArticlePublished { get; init; }

    public string? ArticleUrl { get; init; }

    public DateOnly? ResolveBy { get; init; }

    public string? Criteria { get; init; }

    /// <summary>A conditional's condition in words; null for an unconditional prediction.</summary>
    public string? Condition { get; init; }

    /// <summary>
    /// The condition is the negation of <see cref="Condition"/> ("unless the strike ends": the words are "the strike ends"):
    /// it held when that did NOT happen.
    /// </summary>
    public bool ConditionNegated { get; init; }

    /// <summary>
    /// The condition as a quantity to report ("share who leave > 15 %"), when it is one; without the negation (the value
    /// is compared with it, and a negated condition held when it was NOT met).
    /// </summary>
    public string? ConditionQuantity { get; init; }

    /// <summary>The condition's own date (its horizon), while nobody has said whether it held; prompts go out then too.</summary>
    public DateOnly? ConditionBy { get; init; }

    /// <summary>The condition held (an editor said CONDITION YES): now the claim itself is asked.</summary>
    public bool ConditionHeld { get; init; }

    /// <summary>The horizon ended before the article was published: hindsight, kept out of the scores by default.</summary>
    public bool EndsBeforePublication { get; init; }

    /// <summary>event, threshold or range.</summary>
    public string Kind { get; init; } = "event";

    public string? Metric { get; init; }

    public string? Comparator { get; init; }

    public decimal? Threshold { get; init; }

    public decimal? Low { get; init; }

    public decimal? High { get; init; }

    public string? Unit { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Editors the manifest names; when empty, routing decides.</summary>
    public IReadOnlyList<string> Editors { get; init; } = [];

    /// <summary>False once resolved, voided, rejected, or while only proposed.</summary>
    public bool IsOpen { get; init; } = true;

    public bool ExpectsValue => Kind is "threshold" or "range";

    public PromptSubject ToSubject() => new(Id, ResolveBy, IsOpen, Outlet, Tags, Editors) { ConditionBy = ConditionBy };
}
