namespace ForecastWatch.Domain.Prompts;

/// <summary>
/// Decides which prompt steps are due as of an instant, given the prompt history. Pure: no clock, no storage.
/// </summary>
/// <remarks>
/// Each step's due time is measured from the step actually taken before it, not from the first prompt, so a
/// worker that was down for weeks takes one step per prediction on restart and then resumes the normal spacing:
/// no burst of catch-up reminders. A cycle is one resolve-by date: an extension moves the date, and the new
/// date starts a fresh cycle when it passes.
/// </remarks>
public static class PromptScheduler
{
    public static IReadOnlyList<PromptDecision> Decide(
        IEnumerable<PromptSubject> subjects,
        IEnumerable<PromptHistoryEntry> history,
        DateTimeOffset asOf,
        PromptTiming timing,
        PromptRouting routing)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(routing);

        var lastStep = new Dictionary<(string, DateOnly), PromptHistoryEntry>();
        foreach (var entry in history)
        {
            var key = (entry.PredictionId, entry.CycleResolveBy);
            if (!lastStep.TryGetValue(key, out var known) || entry.Step > known.Step)
            {
                lastStep[key] = entry;
            }
        }

        var decisions = new List<PromptDecision>();
        foreach (var subject in subjects)
        {
            if (!subject.IsOpen || CycleDate(subject, asOf, timing.TimeZone) is not { } resolveBy)
            {
                continue;
            }

            var dueAt = FirstDueInstant(resolveBy, timing.TimeZone);
            var asksCondition = resolveBy == subject.ConditionBy
                && (subject.ResolveBy is not { } claimBy || asOf < FirstDueInstant(claimBy, timing.TimeZone));

            int step;
            DateTimeOffset stepDueAt;
            if (!lastStep.TryGetValue((subject.PredictionId, resolveBy), out var last))
            {
                step = 0;
                stepDueAt = dueAt;
            }
            else
            {
                if (last.Step >= timing.EscalationStep)
                {
                    continue;
                }

                step = last.Step + 1;
                stepDueAt = last.At.AddDays(DaysFromStart(timing, step) - DaysFromStart(timing, last.Step));
                if (asOf < stepDueAt)
                {
                    continue;
                }
            }

            var kind = step == 0 ? PromptStepKind.Initial
                : step == timing.EscalationStep ? PromptStepKind.Escalation
                : PromptStepKind.Reminder;
            var recipients = kind == PromptStepKind.Escalation ? routing.ChiefsFor(subject) : routing.EditorsFor(subject);
            decisions.Add(new PromptDecision(subject.PredictionId, resolveBy, step, kind, stepDueAt, recipients)
            {
                AsksCondition = asksCondition,
            });
        }

        return decisions;
    }

    /// <summary>
    /// The date whose cycle is running as of <paramref name="asOf"/>: the later of the resolve-by date and (while the
    /// condition is unanswered) the condition's date, among those that have passed; null while neither has.
    /// </summary>
    public static DateOnly? CycleDate(PromptSubject subject, DateTimeOffset asOf, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(subject);
        DateOnly? cycle = null;
        foreach (var date in (ReadOnlySpan<DateOnly?>)[subject.ConditionBy, subject.ResolveBy])
        {
            if (date is { } d && asOf >= FirstDueInstant(d, zone) && (cycle is null || d > cycle))
            {
                cycle = d;
            }
        }

        return cycle;
    }

    /// <summary>A resolve-by date has passed at the first midnight after it, in the configured zone.</summary>
    public static DateTimeOffset FirstDueInstant(DateOnly resolveBy, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = resolveBy.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            // A DST gap swallowed midnight: the day starts at the first valid local time.
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>How overdue a resolve-by date is as of an instant, in whole days (0 on the first day past it).</summary>
    public static int DaysOverdue(DateOnly resolveBy, DateTimeOffset asOf, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(asOf, zone).DateTime);
        return Math.Max(0, today.DayNumber - resolveBy.DayNumber);
    }

    private static int DaysFromStart(PromptTiming timing, int step) =>
        step == 0 ? 0 : step <= timing.ReminderDays.Count ? timing.ReminderDays[step - 1] : timing.EscalationDays;
}
