namespace ForecastWatch.Domain.Prompts;

/// <summary>What a prompt step is: the first ask, a reminder in the same thread, or the escalation to desk chiefs.</summary>
public enum PromptStepKind
{
    Initial,
    Reminder,
    Escalation,
}

/// <summary>
/// The scheduling view of a prediction. <see cref="IsOpen"/> is false once it is resolved, voided, rejected or still
/// proposed; an extension shows up as a later <see cref="ResolveBy"/>, which starts a new prompt cycle.
/// </summary>
public sealed record PromptSubject(
    string PredictionId,
    DateOnly? ResolveBy,
    bool IsOpen,
    string? Outlet,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Editors)
{
    /// <summary>
    /// A conditional's condition date while nobody has said whether the condition held: editors are asked about the
    /// condition when it passes, and again about the whole prediction at <see cref="ResolveBy"/>.
    /// </summary>
    public DateOnly? ConditionBy { get; init; }
}

/// <summary>One step already taken for a prediction's cycle (the cycle is identified by the resolve-by date it was asked about).</summary>
public sealed record PromptHistoryEntry(string PredictionId, DateOnly CycleResolveBy, int Step, DateTimeOffset At);

/// <summary>A step that is due now: who gets it and why.</summary>
public sealed record PromptDecision(
    string PredictionId,
    DateOnly CycleResolveBy,
    int Step,
    PromptStepKind Kind,
    DateTimeOffset DueAt,
    IReadOnlyList<string> Recipients)
{
    /// <summary>The cycle is the condition's date and the claim is not due yet: only the condition is asked.</summary>
    public bool AsksCondition { get; init; }
}

/// <summary>The timing rules, in whole days, from the prompt schedule options.</summary>
public sealed record PromptTiming
{
    public PromptTiming(IReadOnlyList<int> reminderDays, int escalationDays, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(reminderDays);
        ArgumentNullException.ThrowIfNull(timeZone);
        var previous = 0;
        foreach (var day in reminderDays)
        {
            if (day <= previous)
            {
                throw new DomainException($"Reminder days must be positive and increasing, got [{string.Join(", ", reminderDays)}].");
            }

            previous = day;
        }

        if (escalationDays <= previous)
        {
            throw new DomainException($"Escalation day {escalationDays} must come after the last reminder day {previous}.");
        }

        ReminderDays = reminderDays.ToArray();
        EscalationDays = escalationDays;
        TimeZone = timeZone;
    }

    /// <summary>Days after the first prompt at which reminders go out (default 3 and 7).</summary>
    public IReadOnlyList<int> ReminderDays { get; }

    /// <summary>Days after the first prompt at which the desk chiefs are told (default 14).</summary>
    public int EscalationDays { get; }

    /// <summary>The zone whose calendar decides when a resolve-by day has passed.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Index of the escalation step (0 is the first prompt, then one step per reminder).</summary>
    public int EscalationStep => ReminderDays.Count + 1;

    public static PromptTiming Default { get; } = new([3, 7], 14, TimeZoneInfo.Utc);
}
