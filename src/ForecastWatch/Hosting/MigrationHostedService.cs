using ForecastWatch.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Hosting;

/// <summary>
/// Applies pending migrations when the worker starts, logging progress every few seconds while a long backfill runs;
/// a database newer than the code stops the start.
/// </summary>
internal sealed partial class MigrationHostedService(MigrationRunner migrations, TimeProvider time, ILogger<MigrationHostedService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await MigrationProgress.ApplyAsync(
            migrations,
            total => ProgressReporter.ToLog("migrations", "applied", total, line => LogProgress(logger, line), time),
            time,
            cancellationToken).ConfigureAwait(false);
        foreach (var migration in applied)
        {
            LogApplied(logger, migration.Version, migration.Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Start-up progress: {Progress}")]
    private static partial void LogProgress(ILogger logger, string progress);
}
