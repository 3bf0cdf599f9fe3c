using System.Data.Common;
using Dapper;

namespace ForecastWatch.Storage;

/// <summary>
/// PostgreSQL: exactly one worker reads the desk mailbox. It holds a session-level advisory lock on a connection of its
/// own for as long as its inbox connection lives; when it stops, or dies (PostgreSQL ends the session and with it the
/// lock), the next worker waiting takes over. SQLite has one worker: nothing to hold.
/// </summary>
internal static class MailboxLock
{
    // A constant the workers share (ASCII "FWIDLE"); only forecastwatch takes advisory locks in its database.
    private const long Key = 0x465749444C45;

    /// <summary>
    /// Returns once this worker holds the mailbox (try again every <paramref name="retry"/>; <paramref name="waiting"/>
    /// is called each time another worker holds it). Dispose the result to hand the mailbox on; on SQLite it holds nothing.
    /// </summary>
    public static async Task<IAsyncDisposable> AcquireAsync(
        IDatabase database, TimeSpan retry, TimeProvider time, Action? waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Dialect != SqlDialect.Postgres)
        {
            return Nothing.Instance;
        }

        while (true)
        {
            var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            bool held;
            try
            {
                var tryLock = new CommandDefinition("SELECT pg_try_advisory_lock(@Key)", new { Key }, cancellationToken: cancellationToken);
                held = await connection.ExecuteScalarAsync<bool>(tryLock).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            if (held)
            {
                return new Holder(connection);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            var delay = Task.Delay(retry, time, cancellationToken);
            waiting?.Invoke();
            await delay.ConfigureAwait(false);
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Holder(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // A pooled connection keeps its session (and the lock) until it is reused: unlock before returning it.
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key })).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // The session is gone, and the lock with it.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
