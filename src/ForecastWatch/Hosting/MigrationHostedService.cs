using ForecastWatch.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Hosting;

/// <summary>Applies pending migrations when the worker starts; a database newer than the code stops the start.</summary>
internal sealed partial class MigrationHostedService(MigrationRunner migrations, ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrations.ApplyPendingAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in applied)
        {
            LogApplied(logger, migration.Version, migration.Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
