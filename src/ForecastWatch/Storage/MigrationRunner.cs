using System.Globalization;
using System.Reflection;
using Dapper;

namespace ForecastWatch.Storage;

/// <summary>One numbered, forward-only schema script.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>The database is from a newer forecastwatch than this one; it is never touched.</summary>
internal sealed class DatabaseTooNewException(string message) : Exception(message);

internal sealed record MigrationStatus(int Current, int Latest, IReadOnlyList<Migration> Pending);

/// <summary>
/// Applies the embedded <c>Storage/Migrations/NNNN_name.sql</c> scripts in order, each in its own transaction
/// together with <c>PRAGMA user_version</c>, so a failed script leaves the database at the previous version.
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
    private const string ForeignKeysOffMarker = "-- fw:foreign-keys-off";

    private readonly SqliteConnectionFactory _connections;
    private readonly IReadOnlyList<Migration> _migrations;

    public MigrationRunner(SqliteConnectionFactory connections)
        : this(connections, Embedded())
    {
    }

    public MigrationRunner(SqliteConnectionFactory connections, IReadOnlyList<Migration> migrations)
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

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(static n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        return list;
    }

    public async Task<MigrationStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition("PRAGMA user_version;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new MigrationStatus(current, LatestVersion, [.. _migrations.Where(m => m.Version > current)]);
    }

    /// <summary>Applies pending migrations and returns them; throws <see cref="DatabaseTooNewException"/> for a newer database.</summary>
    public Task<IReadOnlyList<Migration>> ApplyPendingAsync(CancellationToken cancellationToken) => ApplyPendingAsync(null, cancellationToken);

    /// <param name="starting">Called before each pending migration runs (for progress; backfills can take minutes).</param>
    public async Task<IReadOnlyList<Migration>> ApplyPendingAsync(Action<Migration>? starting, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition("PRAGMA user_version;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            throw new DatabaseTooNewException(
                $"The database {_connections.DatabasePath} is at schema version {current}, but this forecastwatch only knows versions up to {LatestVersion}. " +
                "It was written by a newer release: upgrade forecastwatch, or use another --data directory. The database was not changed.");
        }

        var applied = new List<Migration>();
        foreach (var migration in _migrations.Where(m => m.Version > current))
        {
            starting?.Invoke(migration);
            var foreignKeysOff = migration.Sql.StartsWith(ForeignKeysOffMarker, StringComparison.Ordinal);
            if (foreignKeysOff)
            {
                await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = OFF;", cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
            }

            try
            {
                await ApplyAsync(connection, migration, foreignKeysOff, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (foreignKeysOff)
                {
                    var on = new CommandDefinition("PRAGMA foreign_keys = ON;", cancellationToken: CancellationToken.None);
                    await connection.ExecuteAsync(on).ConfigureAwait(false);
                }
            }

            applied.Add(migration);
        }

        return applied;
    }

    private static async Task ApplyAsync(
        System.Data.Common.DbConnection connection, Migration migration, bool checkForeignKeys, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (checkForeignKeys)
        {
            var check = new CommandDefinition("PRAGMA foreign_key_check;", transaction: transaction, cancellationToken: cancellationToken);
            var broken = await connection.QueryAsync(check).ConfigureAwait(false);
            if (broken.Any())
            {
                throw new InvalidOperationException(
                    $"Migration {migration.Name} would leave rows whose foreign keys point nowhere; "
                    + "it was rolled back and the database was not changed.");
            }
        }

        // PRAGMA takes no parameters; the version is an int we produced, not input.
        var setVersion = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {migration.Version};");
        await connection.ExecuteAsync(new CommandDefinition(setVersion, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
