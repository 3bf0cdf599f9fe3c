using System.Data.Common;
using Npgsql;

namespace ForecastWatch.Storage;

/// <summary>
/// Connections to a PostgreSQL store (<c>ForecastWatch:Store</c> = <c>postgres</c>) from one pooled data source.
/// The connection string is a secret (it may hold the password): it is never part of a message.
/// </summary>
internal sealed class PostgresDatabase : IDatabase, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _source;

    private readonly string _connectionString;

    public PostgresDatabase(string connectionString)
    {
        _connectionString = connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgres {builder.Host}:{builder.Port}/{builder.Database}"
            + (string.IsNullOrEmpty(builder.SearchPath) ? "" : $" (schema {builder.SearchPath})");
        _source = NpgsqlDataSource.Create(builder);
    }

    public SqlDialect Dialect => SqlDialect.Postgres;

    /// <summary>The parsed connection string (a copy; it may hold the password: never print it).</summary>
    internal NpgsqlConnectionStringBuilder Settings => new(_connectionString);

    public string Description { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public void Dispose() => _source.Dispose();
}
