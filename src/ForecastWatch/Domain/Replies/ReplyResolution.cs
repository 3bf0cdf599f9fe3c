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
    public static bool TryCreateCommand(
        ReplyVerdict verdict,
        DateOnly? resolveBy,
        DateOnly today,
        [NotNullWhen(true)] out ResolutionCommand? command,
        [NotNullWhen(false)] out string? problem)
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
