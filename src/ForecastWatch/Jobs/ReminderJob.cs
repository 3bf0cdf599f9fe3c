using ForecastWatch.Mailing;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>Reminders in the prompt's thread, then the escalation to the desk chiefs.</summary>
[DisallowConcurrentExecution]
internal sealed class ReminderJob(PromptService prompts, DeliveryKick delivery) : IJob
{
    public static readonly JobKey Key = new("reminders", PromptJobs.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await PromptJobs.RunAsync(context, static (s, asOf, ct) => s.RunAsync(asOf, PromptRunScope.FollowUps, dryRun: false, ct), prompts,
            delivery, cancellationToken).ConfigureAwait(false);
    }
}
