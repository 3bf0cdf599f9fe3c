using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Predictions;

/// <summary>
/// An editor's verdict as typed on the command line or in the first line of a reply:
/// <c>YES</c>, <c>NO</c>, <c>PARTIAL [fraction]</c>, <c>VOID [reason]</c>, <c>EXTEND &lt;date&gt;</c>,
/// <c>VALUE &lt;number&gt;[unit]</c>, or any of the final ones after <c>OVERRIDE</c>. <c>CONDITION YES|NO|&lt;value&gt;</c>
/// (also after OVERRIDE) says whether a conditional prediction's condition held.
/// </summary>
/// <param name="IsValue">True for VALUE: the verdict is decided by comparing <paramref name="Value"/> with the prediction.</param>
public sealed partial record ResolutionCommand(
    Verdict Verdict,
    bool IsOverride = false,
    bool IsValue = false,
    double? Fraction = null,
    double? Value = null,
    string? ValueUnit = null,
    DateOnly? ExtendTo = null,
    string? Reason = null,
    ResolutionTarget Target = ResolutionTarget.Claim)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out ResolutionCommand? command, [NotNullWhen(false)] out string? error)
    {
        command = null;
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            error = "no verdict: expected YES, NO, PARTIAL [fraction], VOID [reason], EXTEND <date>, VALUE <number> or OVERRIDE <verdict>";
            return false;
        }

        var isOverride = words[0].Equals("OVERRIDE", StringComparison.OrdinalIgnoreCase);
        if (isOverride)
        {
            words = words[1..];
            if (words.Length == 0)
            {
                error = "OVERRIDE needs a verdict after it (YES, NO, PARTIAL, VOID or VALUE)";
                return false;
            }
        }

        var isCondition = words[0].Equals("CONDITION", StringComparison.OrdinalIgnoreCase);
        if (isCondition)
        {
            words = words[1..];
            if (words.Length > 0 && ValuePattern().IsMatch(string.Join(' ', words)))
            {
                words = ["VALUE", .. words];
            }

            if (words.Length == 0 || words[0].ToUpperInvariant() is not ("YES" or "NO" or "VALUE"))
            {
                error = "CONDITION needs YES, NO or the observed value (e.g. CONDITION NO, CONDITION 9%)";
                return false;
            }
        }

        var rest = words.Length > 1 ? string.Join(' ', words[1..]) : null;
        switch (words[0].ToUpperInvariant())
        {
            case "YES" or "NO" when rest is null:
                command = new ResolutionCommand(words[0].Equals("YES", StringComparison.OrdinalIgnoreCase) ? Verdict.Yes : Verdict.No,
                    isOverride);
                break;
            case "YES" or "NO":
                error = $"{words[0].ToUpperInvariant()} takes nothing after it, found '{rest}' (put remarks in a note)";
                return false;
            case "PARTIAL":
                double? fraction = null;
                if (rest is not null)
                {
                    if (!TryParseFraction(rest, out var f))
                    {
                        error = $"PARTIAL fraction '{rest}' is not a number between 0 and 1 (or a percentage such as 60%)";
                        return false;
                    }

                    fraction = f;
                }

                command = new ResolutionCommand(Verdict.Partial, isOverride, Fraction: fraction);
                break;
            case "VOID":
                command = new ResolutionCommand(Verdict.Void, isOverride, Reason: rest);
                break;
            case "EXTEND" when isOverride:
                error = "EXTEND cannot be an OVERRIDE: extend an unresolved prediction instead";
                return false;
            case "EXTEND":
                if (rest is null
                    || !DateOnly.TryParseExact(rest, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    error = $"EXTEND needs a date of the form YYYY-MM-DD, found '{rest}'";
                    return false;
                }

                command = new ResolutionCommand(Verdict.Extend, ExtendTo: date);
                break;
            case "VALUE":
                var match = ValuePattern().Match(rest ?? "");
                if (!match.Success
                    || !double.TryParse(match.Groups["number"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    error = $"VALUE needs a number, optionally with a unit (e.g. 17.5% or 16 USD), found '{rest}'";
                    return false;
                }

                var unit = match.Groups["unit"].Value.Trim();
                command = new ResolutionCommand(Verdict.Yes, isOverride, IsValue: true, Value: value,
                    ValueUnit: unit.Length == 0 ? null : unit);
                break;
            default:
                error = $"'{words[0]}' is not a verdict: expected YES, NO, PARTIAL, VOID, EXTEND, VALUE or OVERRIDE";
                return false;
        }

        if (isCondition)
        {
            command = command with { Target = ResolutionTarget.Condition };
        }

        error = null;
        return true;
    }

    private static bool TryParseFraction(string text, out double fraction)
    {
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1].Trim() : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out fraction) || !double.IsFinite(fraction))
        {
            return false;
        }

        if (percent)
        {
            fraction /= 100;
        }

        return fraction is > 0 and < 1;
    }

    [GeneratedRegex(@"^\$?(?<number>[-+]?[0-9]+(\.[0-9]+)?)\s*(?<unit>[^\s].{0,40})?$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ValuePattern();
}
