using System.Globalization;
using System.Reflection;

namespace ForecastWatch.Storage;

/// <summary>One numbered, forward-only schema script.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>The database is from a newer forecastwatch than this one; it is never touched.</summary>
internal sealed class DatabaseTooNewException(string message) : Exception(message);

internal sealed record MigrationStatus(int Current, int Latest, IReadOnlyList<Migration> Pending);

/// <summary>
/// Applies the embedded numbered scripts in order, each in its own transaction together with the version it reaches,
/// so a failed script leaves the database at the previous version. SQLite: <c>Storage/Migrations/NNNN_name.sql</c>,
/// the version in <c>PRAGMA user_version</c>. PostgreSQL: <c>Storage/Migrations/Postgres/NNNN_name.sql</c>, the
/// versions in the table <c>schema_migrations</c>, applied under an advisory lock so workers starting together
/// migrate once.
/// </summary>
/// <remarks>
/// A script whose first line is <c>-- fw:foreign-keys-off</c> rebuilds a table that others reference (SQLite cannot
/// alter a constraint): it runs with foreign keys off, as https://sqlite.org/lang_altertable.html section 7 requires
/// (the pragma is a no-op inside a transaction, so it is set around it), and commits only if
/// <c>PRAGMA foreign_key_check</c> then finds nothing.
/// </remarks>
internal sealed class MigrationRunner
{
    private const string ResourcePrefix = "Migrations.";
    private const string PostgresResourcePrefix = "PgMigrations.";
    private const string ForeignKeysOffMarker = "-- fw:foreign-keys-off";

    // Any constant both nodes agree on: the lock only serializes migrations among forecastwatch processes.
    private const long PostgresMigrationLock = 0x46574D4947; // "FWMIG"

    private const string PostgresTrackingSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     BIGINT PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """;

    // Planned before it runs, so the table's existence is asked first, on its own.
    private const string PostgresHasTrackingSql = "SELECT to_regclass('schema_migrations') IS NOT NULL";

    private const string PostgresVersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

    private readonly IDatabase _connections;
    private readonly IReadOnlyList<Migration> _migrations;

    public MigrationRunner(IDatabase connections)
        : this(connections, Embedded(connections.Dialect))
    {
    }

    public MigrationRunner(IDatabase connections, IReadOnlyList<Migration> migrations)
    {
        _connections = connections;
        _migrations = [.. migrations.OrderBy(static m => m.Version)];
        // Numbers are reserved per branch of work, so a build may lack one that another branch brings; each number
        // must still be unique and positive.
        for (var i = 0; i < _migrations.Count; i++)
        {
            if (_migrations[i].Version < 1 || (i > 0 && _migrations[i].Version == _migrations[i - 1].Version))
            {
                throw new InvalidOperationException(
                    $"Migrations must have distinct positive numbers; found {_migrations[i].Version} ({_migrations[i].Name}) "
                    + "twice or out of range.");
            }
        }
    }

    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>The SQLite migrations.</summary>
    public static IReadOnlyList<Migration> Embedded() => Embedded(SqlDialect.Sqlite);

    public static IReadOnlyList<Migration> Embedded(SqlDialect dialect)
    {
        var prefix = dialect == SqlDialect.Sqlite ? ResourcePrefix : PostgresResourcePrefix;
        var assembly = typeof(MigrationRunner).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None,
                CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        return list;
    }

    public async Task<MigrationStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        return new MigrationStatus(current, LatestVersion, [.. _migrations.Where(m => m.Version > current)]);
    }

    /// <summary>Applies pending migrations and returns them; throws <see cref="DatabaseTooNewException"/> for a newer database.</summary>
    public Task<IReadOnlyList<Migration>> ApplyPendingAsync(CancellationToken cancellationToken) =>
        ApplyPendingAsync(null, cancellationToken);

    /// <param name="starting">Called before each pending migration runs (for progress; backfills can take minutes).</param>
    public async Task<IReadOnlyList<Migration>> ApplyPendingAsync(Action<Migration>? starting, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var postgres = _connections.Dialect == SqlDialect.Postgres;
        if (postgres)
        {
            // Session-level: held across the per-migration transactions, released when the connection closes.
            await connection.Sql("SELECT pg_advisory_lock(@Key)").Bind("Key", PostgresMigrationLock)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await ApplyPendingAsync(connection, postgres, starting, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (postgres)
            {
                // A pooled connection is reset only when it is next used: release the lock now.
                await connection.Sql("SELECT pg_advisory_unlock(@Key)").Bind("Key", PostgresMigrationLock)
                    .ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<Migration>> ApplyPendingAsync(
        System.Data.Common.DbConnection connection, bool postgres, Action<Migration>? starting, CancellationToken cancellationToken)
    {
        var current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            throw new DatabaseTooNewException(
                $"The database {_connections.Description} is at schema version {current}, but this forecastwatch only knows versions up to "
                    + $"{LatestVersion}. " +
                "It was written by a newer release: upgrade forecastwatch, or use another --data directory. The database was not changed.");
        }

        var applied = new List<Migration>();
        foreach (var migration in _migrations.Where(m => m.Version > current))
        {
            starting?.Invoke(migration);
            // SQLite only: PostgreSQL alters constraints in place, so its scripts never carry the marker.
            var foreignKeysOff = !postgres && migration.Sql.StartsWith(ForeignKeysOffMarker, StringComparison.Ordinal);
            if (foreignKeysOff)
            {
                await connection.Sql("PRAGMA foreign_keys = OFF;").ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await ApplyAsync(connection, migration, postgres, foreignKeysOff, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (foreignKeysOff)
                {
                    await connection.Sql("PRAGMA foreign_keys = ON;").ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            applied.Add(migration);
        }

        return applied;
    }

    private static async Task ApplyAsync(
        System.Data.Common.DbConnection connection, Migration migration, bool postgres, bool checkForeignKeys,
        CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.Sql(migration.Sql, transaction).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (checkForeignKeys)
        {
            var broken = await connection.Sql("PRAGMA foreign_key_check;", transaction)
                .FirstOrDefaultAsync(static _ => true, cancellationToken).ConfigureAwait(false);
            if (broken)
            {
                throw new InvalidOperationException(
                    $"Migration {migration.Name} would leave rows whose foreign keys point nowhere; "
                    + "it was rolled back and the database was not changed.");
            }
        }

        if (postgres)
        {
            await connection.Sql(PostgresTrackingSql, transaction).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            await connection.Sql("INSERT INTO schema_migrations (version, name) VALUES (@Version, @Name)", transaction)
                .Bind("Version", (long)migration.Version).Bind("Name", migration.Name)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // PRAGMA takes no parameters; the version is an int we produced, not input.
            var setVersion = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {migration.Version};");
            await connection.Sql(setVersion, transaction).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> CurrentVersionAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        if (_connections.Dialect == SqlDialect.Sqlite)
        {
            return await connection.Sql("PRAGMA user_version;").ScalarAsync<int>(cancellationToken).ConfigureAwait(false);
        }

        return await connection.Sql(PostgresHasTrackingSql).ScalarAsync<bool>(cancellationToken).ConfigureAwait(false)
            ? await connection.Sql(PostgresVersionSql).ScalarAsync<int>(cancellationToken).ConfigureAwait(false)
            : 0;
    }
}
