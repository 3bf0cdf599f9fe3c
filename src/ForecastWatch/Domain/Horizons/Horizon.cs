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
    bool EndsBeforePublication)
{
    /// <summary>What kind of phrase produced the horizon (a duration from publication, a calendar period or a day).</summary>
    public HorizonKind Kind { get; init; }

    /// <summary>
    /// True when the date depends on the publication date ("next year", "within 12 months", "by September"); false
    /// for absolute horizons ("by 2029", "in the first half of 2028"), which are dated even without one.
    /// </summary>
    public bool Relative { get; init; }

    /// <summary>
    /// True for an event that gives the date ("at its Dec. 15-16 meeting", "win the 2029 election"): a claim keeps the
    /// event's words and is followed by the date, instead of having the words replaced by it.
    /// </summary>
    public bool Event { get; init; }
}

/// <summary>The family of a horizon phrase.</summary>
public enum HorizonKind
{
    /// <summary>A duration counted from publication: "within 12 months", "in five years", "12-18 months".</summary>
    Duration = 0,

    /// <summary>A calendar period: "by Q2 2026", "2026 Q1", "by the end of 2027", "by mid-2027", "next year".</summary>
    Period = 1,

    /// <summary>A specific calendar day (or day range): "by June 30, 2027", "October 13-15, 2026".</summary>
    Date = 2,
}

/// <summary>A horizon found inside a longer text, with its character offsets.</summary>
public sealed record HorizonMatch(int Start, int Length, Horizon Horizon);

/// <summary>
/// A forward-looking time phrase with no computable date ("in the coming months", "soon", "within weeks"):
/// the claim is kept but undated, so an editor can give it a resolve-by date.
/// </summary>
public sealed record VagueHorizonMatch(int Start, int Length, string Text);

/// <summary>
/// A dated-looking phrase whose date the publication date cannot fix ("by September" in an article dated only to a
/// year), with the reason to show an editor.
/// </summary>
public sealed record UnplacedHorizonMatch(int Start, int Length, string Text, string Reason);
