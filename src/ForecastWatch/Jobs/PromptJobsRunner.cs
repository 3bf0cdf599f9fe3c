using ForecastWatch.Mailing;

namespace ForecastWatch.Jobs;

/// <summary>What <c>run --once</c> did.</summary>
public sealed record RunOnceReport(PromptRunReport Prompts, PromptRunReport FollowUps, DeliveryReport Delivery);

/// <summary>
/// <c>forecastwatch run --once</c>: the bodies of the jobs, once each, in dependency order (due check, reminders,
/// then delivery of what they queued), without the scheduler.
/// </summary>
public sealed class PromptJobsRunner(PromptService prompts, OutboxDeliveryService delivery)
{
    public async Task<RunOnceReport> RunOnceAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var initial = await prompts.RunAsync(asOf, PromptRunScope.Initial, dryRun: false, cancellationToken).ConfigureAwait(false);
        var followUps = await prompts.RunAsync(asOf, PromptRunScope.FollowUps, dryRun: false, cancellationToken).ConfigureAwait(false);
        var sent = await delivery.DeliverDueAsync(asOf, cancellationToken).ConfigureAwait(false);
        return new RunOnceReport(initial, followUps, sent);
    }
}
