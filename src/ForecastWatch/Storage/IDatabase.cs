using System.Data.Common;

namespace ForecastWatch.Storage;

/// <summary>The SQL dialect of a store: most statements are shared, the few that differ are chosen by this.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The one way to open a connection: one per unit of work, with what every connection needs applied (SQLite's
/// pragmas, PostgreSQL's pooled data source). Stores and services take this; only the composition root knows which.
/// </summary>
public interface IDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Where the data lives, for messages: a file path, or host/port/database (never a password).</summary>
    string Description { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>Picks the statement for a connection's dialect, so both versions of a statement sit side by side.</summary>
public static class SqlDialects
{
    public static SqlDialect Of(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection is Microsoft.Data.Sqlite.SqliteConnection ? SqlDialect.Sqlite : SqlDialect.Postgres;
    }

    /// <summary>The SQLite text or the PostgreSQL text of one statement.</summary>
    public static string Pick(this DbConnection connection, string sqlite, string postgres) =>
        Of(connection) == SqlDialect.Sqlite ? sqlite : postgres;
}
