using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>
/// Which fire instances are executing right now (Quartz 4 has no query for it), for <see cref="ShutdownGuard"/>.
/// A job middleware (registered on the scheduler with <see cref="AddRunningJobs"/>), not a job listener: Quartz checks
/// a listener's shape with <see cref="Type.GetInterfaceMap"/>, which native AOT does not support.
/// </summary>
internal sealed class RunningJobs : IJobExecutionMiddleware
{
    private readonly ConcurrentDictionary<string, JobKey> _running = new(StringComparer.Ordinal);

    public IReadOnlyList<(string FireInstanceId, JobKey JobKey)> Snapshot() => [.. _running.Select(static kv => (kv.Key, kv.Value))];

    public async ValueTask Invoke(IJobExecutionContext context, JobExecutionDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _running[context.FireInstanceId] = context.JobDetail.Key;
        try
        {
            await next(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(context.FireInstanceId, out _);
        }
    }

    /// <summary>Tracks the scheduler's running jobs for <see cref="ShutdownGuard"/> (the guard needs this).</summary>
    public static void AddRunningJobs(IServiceCollection services, IQuartzBuilder q)
    {
        services.AddSingleton<RunningJobs>();
        q.AddJobMiddleware(static sp => sp.GetRequiredService<RunningJobs>());
    }
}
