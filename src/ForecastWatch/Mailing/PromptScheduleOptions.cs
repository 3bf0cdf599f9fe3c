using ForecastWatch.Domain.Prompts;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Mailing;

/// <summary>When the prompt jobs run and how reminders are spaced (section <c>ForecastWatch:Prompts</c>).</summary>
public sealed class PromptScheduleOptions
{
    public const string SectionName = "ForecastWatch:Prompts";

    /// <summary>Quartz cron for the due check. <value>Default: <c>0 0 * * * ?</c> (hourly).</value></summary>
    public string DueCheckCron { get; set; } = "0 0 * * * ?";

    /// <summary>Quartz cron for reminders and escalations. <value>Default: <c>0 30 * * * ?</c> (hourly, at half past).</value></summary>
    public string RemindersCron { get; set; } = "0 30 * * * ?";

    /// <summary>Quartz cron for outbox delivery (also triggered right after a job enqueues mail). <value>Default: <c>0 * * * * ?</c> (every minute).</value></summary>
    public string OutboxCron { get; set; } = "0 * * * * ?";

    /// <summary>IANA zone for the crons and for when a resolve-by day ends. <value>Default: <c>UTC</c>.</value></summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Days after the first prompt at which reminders go out, increasing. <value>Default: 3, 7.</value></summary>
    public List<int> ReminderDays { get; set; } = [];

    /// <summary>Days after the first prompt at which the desk chiefs are told; after the last reminder. <value>Default: 14.</value></summary>
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
        Cron(errors, p + "DueCheckCron", options.DueCheckCron);
        Cron(errors, p + "RemindersCron", options.RemindersCron);
        Cron(errors, p + "OutboxCron", options.OutboxCron);
        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            errors.Add($"{p}TimeZone '{options.TimeZone}' is not a known time zone id (e.g. UTC, Europe/Berlin).");
        }

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

    private static void Cron(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !CronExpression.TryParse(value, out _))
        {
            errors.Add($"{key} '{value}' is not a valid Quartz cron expression (e.g. '0 0 * * * ?').");
        }
    }
}
