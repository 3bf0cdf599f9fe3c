using System.Data.Common;
using ForecastWatch.Storage;

namespace ForecastWatch.Hosting;

/// <summary>Health's view of the database: it must exist, open, and be at the latest schema; health never migrates.</summary>
internal sealed class HeartbeatSqliteSource(IDatabase connections, MigrationRunner migrations, HeartbeatStore store) : IHeartbeatSource
{
    public async Task<IReadOnlyList<string>> CheckDatabaseAsync(CancellationToken cancellationToken)
    {
        if (connections.Dialect == SqlDialect.Sqlite && !File.Exists(connections.Description))
        {
            return [$"database {connections.Description} does not exist (start the worker, or run 'forecastwatch migrate')."];
        }

        try
        {
            var status = await migrations.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            if (status.Current > status.Latest)
            {
                return [$"database schema version {status.Current} is newer than this forecastwatch knows ({status.Latest})."];
            }

            if (status.Pending.Count > 0)
            {
                return [$"database schema version {status.Current}, latest {status.Latest}: pending migrations "
                    + $"{string.Join(", ", status.Pending.Select(static m => m.Name))} (the worker applies them at start; or run "
                    + $"'forecastwatch migrate')."];
            }
        }
        catch (DbException ex)
        {
            return [$"database {connections.Description} cannot be opened: {ex.Message}"];
        }

        return [];
    }

    public Task<HeartbeatSnapshot> ReadAsync(CancellationToken cancellationToken) => store.ReadAsync(cancellationToken);
}
