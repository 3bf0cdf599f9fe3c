using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Horizons;

/// <summary>
/// A time horizon read from an article ("within 12 months", "12-18 months", "by Q2 2026", "next year"),
/// resolved against the article's publication date and its precision.
/// </summary>
/// <param name="Text">The horizon words as they appear in the text.</param>
/// <param name="Earliest">For windows ("12-18 months"): the first day of the window; otherwise null.</param>
/// <param name="ResolveBy">The last day of the window at the coarsest precision involved.</param>
/// <param name="Precision">The precision of <paramref name="ResolveBy"/> (coarsest of the article date and the horizon).</param>
/// <param name="EndsBeforePublication">True when the horizon ends before the article was published (kept, but flagged).</param>
public sealed record Horizon(
    string Text,
    DateOnly? Earliest,
    DateOnly ResolveBy,
    DatePrecision Precision,
    bool EndsBeforePublication);

/// <summary>A horizon found inside a longer text, with its character offsets.</summary>
public sealed record HorizonMatch(int Start, int Length, Horizon Horizon);
