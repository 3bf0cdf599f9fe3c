using System.Data.Common;

namespace ForecastWatch.Storage;

/// <summary>The desk mailbox while this worker holds it (<see cref="MailboxLock"/>).</summary>
internal interface IMailboxHold : IAsyncDisposable
{
    /// <summary>
    /// Whether this worker still holds the mailbox: false once the lock's session is gone (PostgreSQL restarted, the
    /// connection dropped), when another worker may already hold it. Always true on SQLite.
    /// </summary>
    Task<bool> IsHeldAsync(CancellationToken cancellationToken);
}

/// <summary>
/// PostgreSQL: exactly one worker reads the desk mailbox. It holds a session-level advisory lock on a connection of its
/// own for as long as its inbox connection lives; when it stops, or dies (PostgreSQL ends the session and with it the
/// lock), the next worker waiting takes over at once: a waiting worker waits inside PostgreSQL, which grants it the
/// lock the moment the holder's session lets go. The lock is per schema (two installations in one database do not
/// share it), and its session is named <c>forecastwatch mailbox &lt;node&gt;</c>, which <c>health</c> reads.
/// SQLite has one worker: nothing to hold.
/// </summary>
internal static class MailboxLock
{
    /// <summary>First key of the two-key advisory lock: ASCII "FWMB"; the second is the schema's hash.</summary>
    public const int ClassKey = 0x46574D42;

    /// <summary>The prefix of the lock session's application_name; the node id follows.</summary>
    public const string SessionName = "forecastwatch mailbox ";

    private const string KeyArguments = "@ClassKey, hashtext(current_schema())";

    /// <summary>
    /// Returns once this worker holds the mailbox (each wait lasts at most <paramref name="retry"/>; <paramref name="waiting"/>
    /// is called each time another worker holds it). Dispose the result to hand the mailbox on; on SQLite it holds nothing.
    /// </summary>
    /// <param name="node">This worker's name in the cluster, shown to <c>health</c>; null: not named.</param>
    public static async Task<IMailboxHold> AcquireAsync(
        IDatabase database, TimeSpan retry, TimeProvider time, Action? waiting, CancellationToken cancellationToken, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Dialect != SqlDialect.Postgres)
        {
            return Nothing.Instance;
        }

        var name = SessionName + (node ?? "?");
        name = name.Length > 63 ? name[..63] : name;
        while (true)
        {
            var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var locked = await connection.Sql($"SELECT pg_try_advisory_lock({KeyArguments})").Bind("ClassKey", ClassKey)
                    .ScalarAsync<bool>(cancellationToken).ConfigureAwait(false);
                if (!locked)
                {
                    waiting?.Invoke();
                    if (!await WaitAsync(connection, retry, cancellationToken).ConfigureAwait(false))
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        continue;
                    }
                }

                // Reset with the rest of the session when the pooled connection is returned (DISCARD ALL).
                await connection.Sql("SELECT set_config('application_name', @Name, false)").Bind("Name", name)
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                return new Holder(connection);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Which worker reads the desk mailbox of this schema now: the node named by the lock session's application_name,
    /// <c>"?"</c> when the holder is unnamed, or null when no worker holds it. PostgreSQL only.
    /// </summary>
    public static async Task<string?> HolderAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var names = await connection.Sql(
            """
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = @ClassKey::integer::oid AND l.objid = hashtext(current_schema())::oid
            """).Bind("ClassKey", ClassKey).QueryAsync(SqlRead.First<string?>, cancellationToken).ConfigureAwait(false);
        var name = names.FirstOrDefault(static n => n is not null);
        if (name is null)
        {
            return names.Any() ? "?" : null;
        }

        return name.StartsWith(SessionName, StringComparison.Ordinal) ? name[SessionName.Length..] : "?";
    }

    /// <summary>Waits inside PostgreSQL for the lock, at most <paramref name="retry"/>; false when it timed out.</summary>
    private static async Task<bool> WaitAsync(DbConnection connection, TimeSpan retry, CancellationToken cancellationToken)
    {
        var milliseconds = (long)Math.Clamp(retry.TotalMilliseconds, 1, int.MaxValue);
        await connection.Sql("SELECT set_config('lock_timeout', @Timeout, false)")
            .Bind("Timeout", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.Sql($"SELECT pg_advisory_lock({KeyArguments})").Bind("ClassKey", ClassKey).Timeout(0)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (ex.SqlState == "55P03")
        {
            // lock_not_available: the holder is still there.
            return false;
        }

        await connection.Sql("SET lock_timeout TO DEFAULT").ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private sealed class Nothing : IMailboxHold
    {
        public static readonly Nothing Instance = new();

        public Task<bool> IsHeldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Holder(DbConnection connection) : IMailboxHold
    {
        public async Task<bool> IsHeldAsync(CancellationToken cancellationToken)
        {
            try
            {
                // A session-level lock lives as long as the session: a session that still answers still holds it.
                await connection.Sql("SELECT 1").ScalarAsync<int>(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or TimeoutException)
            {
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                // A pooled connection keeps its session (and the lock) until it is reused: unlock before returning it.
                await connection.Sql($"SELECT pg_advisory_unlock({KeyArguments})").Bind("ClassKey", ClassKey)
                    .ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
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
