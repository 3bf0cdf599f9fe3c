using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Storage;

namespace ForecastWatch.Inbound;

/// <summary>The words of our answers to editors: short, plain text, saying what happened and what to do next.</summary>
internal static class ReplyAnswerText
{
    public static string Confirmation(StoredPrediction stored, ResolutionRecord resolution, VerdictReading reading)
    {
        var p = stored.Prediction;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Recorded: {Describe(resolution)} for [FW-{p.Id}].\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Claim: {p.Claim}\n");
        if (resolution.Target == ResolutionTarget.Condition && p.Condition is { } condition)
        {
            // A negated condition ("unless ...") is spelled out, so CONDITION YES cannot be read the wrong way round.
            text.Append(CultureInfo.InvariantCulture, $"Condition: {ConditionSpec.Statement(condition, p.ConditionSpec)}\n");
        }
        if (reading.Line.Length > 0)
        {
            // The editor's line whole, so a misreading would show at a glance.
            text.Append(CultureInfo.InvariantCulture, $"You wrote: \"{reading.Line}\"\n");
        }

        if (resolution.Note is { Length: > 0 } note)
        {
            text.Append(CultureInfo.InvariantCulture, $"Note: {note}\n");
        }

        foreach (var url in reading.Evidence)
        {
            text.Append(CultureInfo.InvariantCulture, $"Evidence: {url.AbsoluteUri}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Recorded by {resolution.ResolvedBy} at "
            + $"{resolution.ResolvedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.\n\n");
        if (resolution.Target == ResolutionTarget.Condition && resolution.Verdict != Verdict.Extend)
        {
            var negated = p.ConditionSpec is { Negated: true };
            text.Append(resolution.Verdict == Verdict.No
                ? (negated ? "The condition did not hold (that DID happen)" : "The condition did not hold")
                    + ", so the prediction is annulled: it is listed as \"condition not met\" and never scored.\n"
                : (negated ? "The condition held (that did NOT happen)" : "The condition held")
                    + ": you will be asked about the claim itself at its resolve-by date.\n");
            text.Append("To change this answer, reply with OVERRIDE CONDITION and the new answer (for example: OVERRIDE CONDITION YES).\n");
            return text.ToString();
        }

        text.Append(resolution.Verdict == Verdict.Extend
            ? resolution.Target == ResolutionTarget.Condition
                ? "You will be asked again whether the condition held when the new date has passed.\n"
                : "You will be asked again when the new date has passed.\n"
            : "To change it, reply with OVERRIDE and the new verdict on the first line (for example: OVERRIDE NO).\n");
        return text.ToString();
    }

    public static string Rejection(ReplyRejection rejection, string detail, StoredPrediction? stored)
    {
        var about = stored is null ? string.Empty : $" for [FW-{stored.Prediction.Id}]";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Your reply was not applied{about}.\n\n");
        text.Append(detail.TrimEnd()).Append('\n');
        switch (rejection)
        {
            case ReplyRejection.Unreadable:
                text.Append('\n').Append(VerdictReader.Help).Append('\n');
                break;
            case ReplyRejection.AlreadyResolved:
                text.Append("\nTo change the recorded outcome, reply with OVERRIDE and the new verdict on the first line (for example: "
                    + "OVERRIDE NO).\n");
                break;
            case ReplyRejection.NotAnEditor or ReplyRejection.TokenForOtherRecipient:
                text.Append("\nOnly the editors this prediction was sent to can resolve it, each from their own address.\n");
                break;
            case ReplyRejection.UnknownToken or ReplyRejection.UnknownPrediction:
                text.Append("\nPlease reply directly to the latest prompt email about this prediction.\n");
                break;
        }

        return text.ToString();
    }

    public static string Describe(ResolutionRecord r)
    {
        var verdict = r.Verdict.ToString().ToUpperInvariant();
        var described = r switch
        {
            { Verdict: Verdict.Extend, ExtendTo: { } to } => $"EXTEND to {to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            { Value: { } value } =>
                string.Create(CultureInfo.InvariantCulture, $"{verdict} (value {value}{(r.ValueUnit is null ? "" : " " + r.ValueUnit)})"),
            { Fraction: { } fraction } => string.Create(CultureInfo.InvariantCulture, $"{verdict} ({fraction:0.##})"),
            { SupersedesId: not null } => $"{verdict} (override)",
            _ => verdict,
        };

        // A condition's answer must never read like the claim's ("Recorded: NO" would say the claim failed).
        return r.Target == ResolutionTarget.Condition ? "CONDITION " + described : described;
    }
}
