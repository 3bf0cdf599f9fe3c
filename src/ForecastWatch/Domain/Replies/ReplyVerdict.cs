using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Replies;

/// <summary>The verdict words an editor may put on the first line of a reply.</summary>
public enum ReplyVerdictKind
{
    Yes,
    No,
    Partial,
    Void,
    Extend,
    Value,
    Override,
}

/// <summary>How far an EXTEND moves the resolve-by date when it is given as a duration.</summary>
public enum ExtensionUnit
{
    Days,
    Weeks,
    Months,
    Years,
}

/// <summary>EXTEND's argument: either a (partial) date or a duration counted from the current resolve-by date.</summary>
public sealed record ReplyExtension(PartialDate? Until, int Amount, ExtensionUnit Unit)
{
    public static ReplyExtension ToDate(PartialDate until) => new(until, 0, ExtensionUnit.Days);

    public static ReplyExtension By(int amount, ExtensionUnit unit) => new(null, amount, unit);

    /// <summary>The new resolve-by date: the last day of <see cref="Until"/>, or <paramref name="from"/> moved by the duration.</summary>
    public DateOnly ApplyTo(DateOnly from) => Until is { } until
        ? until.Last
        : Unit switch
        {
            ExtensionUnit.Days => from.AddDays(Amount),
            ExtensionUnit.Weeks => from.AddDays(Amount * 7),
            ExtensionUnit.Months => from.AddMonths(Amount),
            _ => from.AddYears(Amount),
        };
}

/// <summary>A verdict read from a reply. Which optional parts are set depends on <see cref="Kind"/>.</summary>
/// <param name="Kind">The verdict word.</param>
/// <param name="Fraction">PARTIAL's fraction in [0, 1], if given.</param>
/// <param name="Reason">VOID's reason, if given.</param>
/// <param name="Extension">EXTEND's date or duration.</param>
/// <param name="Value">VALUE's number.</param>
/// <param name="Unit">VALUE's unit as written ("%", "EUR", "million"), if any.</param>
/// <param name="Overridden">For OVERRIDE, the new verdict (never itself an OVERRIDE).</param>
public sealed record ReplyVerdict(
    ReplyVerdictKind Kind,
    decimal? Fraction = null,
    string? Reason = null,
    ReplyExtension? Extension = null,
    decimal? Value = null,
    string? Unit = null,
    ReplyVerdict? Overridden = null,
    bool IsCondition = false)
{
    /// <summary>The verdict that takes effect: the overriding one for OVERRIDE, else this one.</summary>
    public ReplyVerdict Effective => Overridden ?? this;

    public bool IsOverride => Kind == ReplyVerdictKind.Override;
}

/// <summary>What the verdict reader made of a reply: a verdict with its note and evidence, or why there is none.</summary>
/// <param name="Verdict">The verdict, or null when the first meaningful line is not one.</param>
/// <param name="Note">Everything after the verdict (rest of the first line and the following lines).</param>
/// <param name="Evidence">The http(s) URLs in the note, in order, without duplicates.</param>
/// <param name="Problem">Why no verdict was read, in words fit for a help message; null when <see cref="Verdict"/> is set.</param>
public sealed record VerdictReading(ReplyVerdict? Verdict, string Note, IReadOnlyList<Uri> Evidence, string? Problem)
{
    /// <summary>The editor's first meaningful line exactly as written (trimmed), for confirmations and refusals.</summary>
    public string Line { get; init; } = string.Empty;

    public bool IsReadable => Verdict is not null;
}
