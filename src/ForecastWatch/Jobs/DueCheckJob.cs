using ForecastWatch.Mailing;
using Quartz;

namespace ForecastWatch.Jobs;

/// <summary>First prompts for predictions whose resolve-by date has passed; delivery follows at once.</summary>
[DisallowConcurrentExecution]
internal sealed class DueCheckJob(PromptService prompts, DeliveryKick delivery) : IJob
{
    public static readonly JobKey Key = new("due-check", PromptJobs.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await PromptJobs.RunAsync(context, static (s, asOf, ct) => s.RunAsync(asOf, PromptRunScope.Initial, dryRun: false, ct), prompts,
            delivery, cancellationToken).ConfigureAwait(false);
    }
}
