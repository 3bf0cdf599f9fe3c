using ForecastWatch.Domain.Prompts;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>How reminders and escalations are spaced (section <c>ForecastWatch:Prompts</c>).</summary>
public sealed class PromptScheduleOptions
{
    public const string SectionName = "ForecastWatch:Prompts";

    /// <summary>
    /// The calendar's zone (when a resolve-by day ends): always <c>ForecastWatch:TimeZone</c>, copied here when the
    /// options are built, never bound from this section (the schedules are <c>ForecastWatch:Jobs:&lt;job&gt;:Cron</c>).
    /// </summary>
    public string TimeZone { get; internal set; } = "UTC";

    /// <summary>Days after the first prompt at which reminders go out, increasing. <value>Default: 3, 7.</value></summary>
    public List<int> ReminderDays { get; set; } = [];

    /// <summary>
    /// Days after the first prompt at which the desk chiefs are told; after the last reminder. <value>Default:
    /// 14.</value>
    /// </summary>
    public int EscalationDays { get; set; } = 14;

    internal IReadOnlyList<int> EffectiveReminderDays => ReminderDays.Count > 0 ? ReminderDays : [3, 7];

    internal PromptTiming ToTiming() =>
        new(EffectiveReminderDays, EscalationDays, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
}

internal sealed class PromptScheduleOptionsValidator : IValidateOptions<PromptScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, PromptScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string p = PromptScheduleOptions.SectionName + ":";
        var errors = new List<string>();
        var days = options.EffectiveReminderDays;
        if (days.Any(d => d <= 0) || days.Zip(days.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            errors.Add($"{p}ReminderDays must be positive and increasing, was [{string.Join(", ", days)}].");
        }
        else if (options.EscalationDays <= days[^1])
        {
            errors.Add($"{p}EscalationDays ({options.EscalationDays}) must be greater than the last reminder day ({days[^1]}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
