using ForecastWatch.Storage;
using Microsoft.Extensions.Hosting;

namespace ForecastWatch.Hosting;

/// <summary>
/// Records when the worker started (row <c>$worker</c>), so that health gives a job that has not run yet since this
/// start twice its interval plus a grace. Registered after the migration service, before Quartz.
/// </summary>
internal sealed class HeartbeatWorkerStartService(DatabaseHeartbeat store, TimeProvider timeProvider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        store.BeatAsync(HeartbeatHealth.WorkerName, timeProvider.GetUtcNow(), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
