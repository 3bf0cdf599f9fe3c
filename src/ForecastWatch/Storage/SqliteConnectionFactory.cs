using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Storage;

/// <summary>Opens one connection per unit of work, with the pragmas every connection needs.</summary>
internal sealed class SqliteConnectionFactory : IDatabase
{
    public const string DatabaseFileName = "forecastwatch.db";

    // WAL lets the worker write while a CLI command reads; foreign_keys is per connection in SQLite
    // (https://sqlite.org/foreignkeys.html section 2), so it must be set on every open.
    private const string Pragmas = """
        PRAGMA journal_mode = WAL;
        PRAGMA foreign_keys = ON;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 5000;
        """;

    private readonly string _connectionString;

    public SqliteConnectionFactory(IOptions<ForecastWatchOptions> options)
        : this(Path.Combine(options.Value.DataDirectory, DatabaseFileName))
    {
    }

    public SqliteConnectionFactory(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled: when the last connection to a WAL database closes, SQLite checkpoints the WAL and fsyncs
            // (https://sqlite.org/wal.html section 3), which made every unpooled unit of work cost ~30 ms.
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public string Description => DatabasePath;

    async Task<DbConnection> IDatabase.OpenAsync(CancellationToken cancellationToken) =>
        await OpenAsync(cancellationToken).ConfigureAwait(false);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.Sql(Pragmas).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
