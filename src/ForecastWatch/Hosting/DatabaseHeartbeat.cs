using ForecastWatch.Storage;

namespace ForecastWatch.Hosting;

/// <summary>
/// <see cref="IHeartbeat"/> over the database: each beat or read opens a connection of its own and goes through
/// <see cref="HeartbeatStore"/>. Jobs, the job middleware, the worker's start record and health use it.
/// </summary>
internal sealed class DatabaseHeartbeat(IDatabase connections) : IHeartbeat
{
    public async Task BeatAsync(string jobName, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await HeartbeatStore.BeatAsync(connection, jobName, asOf, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<HeartbeatSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await HeartbeatStore.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }
}
