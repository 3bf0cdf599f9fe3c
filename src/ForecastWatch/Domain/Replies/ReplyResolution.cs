using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Domain.Replies;

/// <summary>Turns a verdict read from a reply into the resolution command the shared resolve operation takes.</summary>
public static class ReplyResolution
{
    /// <param name="verdict">The verdict read from the reply.</param>
    /// <param name="resolveBy">The prediction's current resolve-by date (after earlier extensions), if any.</param>
    /// <param name="today">The date of the reply, for durations on predictions without a resolve-by date.</param>
    /// <param name="conditionBy">The condition's current date (after earlier CONDITION EXTENDs), if any.</param>
    public static bool TryCreateCommand(
        ReplyVerdict verdict,
        DateOnly? resolveBy,
        DateOnly today,
        [NotNullWhen(true)] out ResolutionCommand? command,
        [NotNullWhen(false)] out string? problem,
        DateOnly? conditionBy = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        command = null;
        var isOverride = verdict.IsOverride;
        var v = verdict.Effective;
        switch (v.Kind)
        {
            case ReplyVerdictKind.Yes:
                command = new ResolutionCommand(Verdict.Yes, isOverride);
                break;
            case ReplyVerdictKind.No:
                command = new ResolutionCommand(Verdict.No, isOverride);
                break;
            case ReplyVerdictKind.Partial when v.Fraction is 0m or 1m:
                // A fraction of 0 or 1 is not partial: the stored verdict would contradict itself.
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"PARTIAL {v.Fraction} is not partial: answer {(v.Fraction == 1m ? "YES" : "NO")} instead.");
                return false;
            case ReplyVerdictKind.Partial:
                command = new ResolutionCommand(Verdict.Partial, isOverride, Fraction: v.Fraction is { } f ? (double)f : null);
                break;
            case ReplyVerdictKind.Void:
                command = new ResolutionCommand(Verdict.Void, isOverride, Reason: v.Reason);
                break;
            case ReplyVerdictKind.Extend when v.IsCondition && v.Extension!.Until is null && conditionBy is null:
                // A duration counts from the condition's date; counting from today or the claim's date would be a guess.
                problem = "CONDITION EXTEND with a duration needs the condition's date, and this condition has none: "
                    + "give the date instead (CONDITION EXTEND 2027-06-30).";
                return false;
            case ReplyVerdictKind.Extend when v.IsCondition:
                command = new ResolutionCommand(Verdict.Extend, isOverride, ExtendTo: v.Extension!.ApplyTo(conditionBy ?? today));
                break;
            case ReplyVerdictKind.Extend:
                var extendTo = v.Extension!.ApplyTo(resolveBy ?? today);
                command = new ResolutionCommand(Verdict.Extend, isOverride, ExtendTo: extendTo);
                break;
            case ReplyVerdictKind.Value:
                command = new ResolutionCommand(Verdict.Yes, isOverride, IsValue: true, Value: (double)v.Value!.Value, ValueUnit: v.Unit);
                break;
            default:
                problem = "OVERRIDE needs a verdict after it.";
                return false;
        }

        if (v.IsCondition)
        {
            command = command with { Target = ResolutionTarget.Condition };
        }

        problem = null;
        return true;
    }
}
