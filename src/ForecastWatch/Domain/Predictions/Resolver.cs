using System.Globalization;

namespace ForecastWatch.Domain.Predictions;

/// <summary>A request to resolve one prediction, from the command line or from an editor's reply.</summary>
/// <param name="By">Who resolves it (an email address).</param>
/// <param name="AsOf">When: the resolution's timestamp.</param>
/// <param name="SourceMessageId">For email: the reply's Message-ID, which makes the operation idempotent.</param>
public sealed record ResolutionRequest(
    ResolutionCommand Command,
    string By,
    DateTimeOffset AsOf,
    ResolutionSource Source,
    string? SourceMessageId = null,
    string? Note = null,
    IReadOnlyList<string>? Evidence = null);

public enum ResolveOutcomeKind
{
    /// <summary>A new row to append (<see cref="ResolveOutcome.Resolution"/> has Id 0 until stored).</summary>
    Recorded,

    /// <summary>The same source message was already applied; <see cref="ResolveOutcome.Resolution"/> is that row.</summary>
    AlreadyRecorded,

    /// <summary>Not applied; <see cref="ResolveOutcome.Reason"/> says why, in words an editor can act on.</summary>
    Refused,
}

public sealed record ResolveOutcome(ResolveOutcomeKind Kind, ResolutionRecord? Resolution, string? Reason)
{
    public static ResolveOutcome Refuse(string reason) => new(ResolveOutcomeKind.Refused, null, reason);
}

/// <summary>
/// The one resolution operation, shared by <c>forecastwatch resolve</c> and by email replies. Pure: it decides what
/// to append given the prediction and its existing rows; the caller stores the row in the same transaction it read them.
/// </summary>
public static class Resolver
{
    public static ResolveOutcome Decide(Prediction prediction, IReadOnlyList<ResolutionRecord> existing, ResolutionRequest request)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(request);

        if (request.SourceMessageId is not null)
        {
            var same = existing.FirstOrDefault(r =>
                r.Source == request.Source && string.Equals(r.SourceMessageId, request.SourceMessageId, StringComparison.Ordinal));
            if (same is not null)
            {
                return new ResolveOutcome(ResolveOutcomeKind.AlreadyRecorded, same, null);
            }
        }

        if (prediction.Status != EntryStatus.Accepted)
        {
            return ResolveOutcome.Refuse(
                $"prediction {prediction.Id} is {ManifestNames.Of(prediction.Status)}, not accepted, so it cannot be resolved");
        }

        if (string.IsNullOrWhiteSpace(request.By))
        {
            return ResolveOutcome.Refuse("a resolution needs the address of whoever resolves it");
        }

        if (request.Source == ResolutionSource.Email && prediction.Editors.Count > 0
            && !prediction.Editors.Contains(request.By, StringComparer.OrdinalIgnoreCase))
        {
            return ResolveOutcome.Refuse(
                $"{request.By} is not an editor of prediction {prediction.Id} (editors: {string.Join(", ", prediction.Editors)})");
        }

        var command = request.Command;
        var state = ResolutionState.Fold(prediction, existing);
        if (command.Target == ResolutionTarget.Condition)
        {
            return DecideCondition(prediction, state, request);
        }

        var claim = state.Claim;
        long? supersedes = null;
        if (command.Verdict == Verdict.Extend)
        {
            if (state.Final is not null)
            {
                return ResolveOutcome.Refuse(
                    $"prediction {prediction.Id} is already resolved ({Describe(state.Final)}); it cannot be extended");
            }

            if (state.ResolveBy is { } current && command.ExtendTo <= current)
            {
                return ResolveOutcome.Refuse($"EXTEND {Iso(command.ExtendTo)} does not move the resolve-by date {Iso(current)} later");
            }
        }
        else
        {
            // Metaculus' rule for conditional questions: the claim is only judged once its condition held.
            if (prediction.Condition is not null && command.Verdict != Verdict.Void)
            {
                if (state.IsAnnulled)
                {
                    return ResolveOutcome.Refuse(
                        $"prediction {prediction.Id} is annulled: its condition did not hold ({Describe(state.Condition!)}); "
                        + "reply OVERRIDE CONDITION YES if it did");
                }

                if (state.Condition is null && claim is null)
                {
                    return ResolveOutcome.Refuse(
                        $"prediction {prediction.Id} is conditional: first say whether its condition held "
                        + $"(\"{ConditionSpec.Statement(prediction.Condition, prediction.ConditionSpec)}\"): "
                        + ConditionAnswers(prediction));
                }
            }

            if (command.IsOverride)
            {
                if (claim is null)
                {
                    return ResolveOutcome.Refuse($"prediction {prediction.Id} has no resolution to override; resolve it without OVERRIDE");
                }

                supersedes = claim.Id;
            }
            else if (claim is not null)
            {
                return ResolveOutcome.Refuse(
                    $"prediction {prediction.Id} is already resolved ({Describe(claim)}); reply OVERRIDE <verdict> to change it");
            }
        }

        var verdict = command.Verdict;
        if (command.IsValue)
        {
            switch (prediction.Kind)
            {
                case PredictionKind.Threshold when prediction is { Comparator: { } comparator, Threshold: { } threshold }:
                    verdict = comparator.Holds(command.Value!.Value, threshold) ? Verdict.Yes : Verdict.No;
                    break;
                case PredictionKind.Range when prediction is { Low: { } low, High: { } high }:
                    verdict = command.Value >= low && command.Value <= high ? Verdict.Yes : Verdict.No;
                    break;
                default:
                    return ResolveOutcome.Refuse(
                        $"prediction {prediction.Id} is an event; VALUE needs a threshold or range prediction (answer YES or NO)");
            }
        }

        return Record(prediction, request, verdict, supersedes);
    }

    private static ResolveOutcome DecideCondition(Prediction prediction, ResolutionState state, ResolutionRequest request)
    {
        var command = request.Command;
        if (prediction.Condition is null)
        {
            return ResolveOutcome.Refuse($"prediction {prediction.Id} has no condition; answer YES or NO for its claim");
        }

        if (command.Verdict == Verdict.Extend)
        {
            return ExtendCondition(prediction, state, request);
        }

        if (command.Verdict is not (Verdict.Yes or Verdict.No))
        {
            return ResolveOutcome.Refuse($"a condition held or it did not: {ConditionAnswers(prediction)}");
        }

        if (state.Claim is { Verdict: Verdict.Void } voided)
        {
            return ResolveOutcome.Refuse($"prediction {prediction.Id} is void ({Describe(voided)})");
        }

        long? supersedes = null;
        if (command.IsOverride)
        {
            if (state.Condition is null)
            {
                return ResolveOutcome.Refuse(
                    $"prediction {prediction.Id}'s condition has no answer to override; reply CONDITION YES or NO");
            }

            supersedes = state.Condition.Id;
        }
        else if (state.Condition is not null)
        {
            return ResolveOutcome.Refuse(
                $"prediction {prediction.Id}'s condition was already answered ({Describe(state.Condition)}); "
                + "reply OVERRIDE CONDITION <answer> to change it");
        }

        var verdict = command.Verdict;
        if (command.IsValue)
        {
            if (prediction.ConditionSpec?.Holds(command.Value!.Value) is not { } holds)
            {
                return ResolveOutcome.Refuse($"prediction {prediction.Id}'s condition is an event; answer CONDITION YES or CONDITION NO");
            }

            verdict = holds ? Verdict.Yes : Verdict.No;
        }

        return Record(prediction, request, verdict, supersedes) is { Resolution: { } r } outcome
            ? outcome with { Resolution = r with { Target = ResolutionTarget.Condition } }
            : throw new InvalidOperationException("Record always returns a resolution.");
    }

    /// <summary>
    /// CONDITION EXTEND: more time to see whether the condition holds. Only while nobody has said whether it held and the
    /// claim is unresolved, only later than the condition's current date, and never past the claim's own date (the
    /// claim would come due before its condition: extend the claim first). Anything else is refused, not guessed.
    /// </summary>
    private static ResolveOutcome ExtendCondition(Prediction prediction, ResolutionState state, ResolutionRequest request)
    {
        var command = request.Command;
        if (command.IsOverride)
        {
            return ResolveOutcome.Refuse("CONDITION EXTEND cannot be an OVERRIDE: extend a condition nobody has answered yet");
        }

        if (command.ExtendTo is not { } extendTo)
        {
            return ResolveOutcome.Refuse("CONDITION EXTEND needs the new date, for example CONDITION EXTEND 2027-06-30");
        }

        if (state.Claim is { Verdict: Verdict.Void } voided)
        {
            return ResolveOutcome.Refuse($"prediction {prediction.Id} is void ({Describe(voided)})");
        }

        if (state.Condition is not null)
        {
            return ResolveOutcome.Refuse(
                $"prediction {prediction.Id}'s condition was already answered ({Describe(state.Condition)}); "
                + "reply OVERRIDE CONDITION <answer> to change the answer");
        }

        if (state.Claim is { } claim)
        {
            return ResolveOutcome.Refuse(
                $"prediction {prediction.Id} is already resolved ({Describe(claim)}); its condition cannot be extended");
        }

        if (state.ConditionResolveBy is { } current && extendTo <= current)
        {
            return ResolveOutcome.Refuse(
                $"CONDITION EXTEND {Iso(extendTo)} does not move the condition's date {Iso(current)} later");
        }

        if (!prediction.Undated && state.ResolveBy is { } claimBy && extendTo > claimBy)
        {
            return ResolveOutcome.Refuse(
                $"CONDITION EXTEND {Iso(extendTo)} is after the claim's own resolve-by date {Iso(claimBy)}: the claim would "
                + $"come due before its condition; extend the claim first (EXTEND {Iso(extendTo)}), then the condition");
        }

        return Record(prediction, request, Verdict.Extend, null) is { Resolution: { } r } outcome
            ? outcome with { Resolution = r with { Target = ResolutionTarget.Condition } }
            : throw new InvalidOperationException("Record always returns a resolution.");
    }

    private static string ConditionAnswers(Prediction prediction) => prediction.ConditionSpec switch
    {
        { Negated: true } spec when spec.DescribeQuantity() is { } quantity =>
            $"CONDITION YES, CONDITION NO, or the observed value of {quantity} (e.g. CONDITION 9%; the condition held if it was NOT met)",
        { } spec when spec.DescribeQuantity() is { } quantity =>
            $"CONDITION YES, CONDITION NO, or the observed value of {quantity} (e.g. CONDITION 9%)",
        _ => "CONDITION YES or CONDITION NO",
    };

    private static ResolveOutcome Record(Prediction prediction, ResolutionRequest request, Verdict verdict, long? supersedes)
    {
        var command = request.Command;
        var note = command.Reason is null ? request.Note : request.Note is null ? command.Reason : $"{command.Reason}; {request.Note}";
        var record = new ResolutionRecord(
            0,
            prediction.Id,
            verdict,
            command.Fraction,
            command.Value,
            command.ValueUnit,
            command.ExtendTo,
            note,
            request.Evidence ?? [],
            request.By,
            request.AsOf,
            request.Source,
            request.SourceMessageId,
            supersedes);
        return new ResolveOutcome(ResolveOutcomeKind.Recorded, record, null);
    }

    private static string Describe(ResolutionRecord r) =>
        (r.Target == ResolutionTarget.Condition ? "CONDITION " : "")
        + $"{r.Verdict.ToString().ToUpperInvariant()} by {r.ResolvedBy} on "
            + $"{r.ResolvedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(none)";
}
