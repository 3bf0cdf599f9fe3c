using System.Data.Common;
using System.Reflection;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Mailing;

/// <summary>
/// A store with every migration applied, dropped on dispose: a temp-file SQLite database (<c>new()</c>), or either kind
/// through <see cref="CreateAsync"/> (PostgreSQL: a schema of its own, see <see cref="TestStore"/>).
/// </summary>
public sealed class MailingTestDatabase : IDatabase, IDisposable, IAsyncDisposable
{
    private readonly TestStore? _store;

    private MailingTestDatabase(TestStore store)
    {
        _store = store;
        Directory = Path.Combine(Path.GetTempPath(), "fw-prompts-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ConnectionString = store.ConnectionString ?? "";
    }

    /// <summary>A migrated store of <paramref name="kind"/> (<see cref="StoreKinds"/>).</summary>
    public static async Task<MailingTestDatabase> CreateAsync(string kind) =>
        kind == StoreKinds.Sqlite ? new MailingTestDatabase() : new MailingTestDatabase(await TestStore.CreateAsync(kind));

    public MailingTestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "fw-prompts-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Directory, "fw.db") }.ToString();
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // Every migration, in order: the stores read columns that later migrations add (0013's condition_json...).
        var migrations = typeof(IDatabase).Assembly.GetManifestResourceNames()
            .Where(static n => n.StartsWith("Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(static n => n["Migrations.".Length..])
            .Order(StringComparer.Ordinal)
            .Select(ReadMigration);
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;\n" + string.Join("\n", migrations);
        command.ExecuteNonQuery();
    }

    public string Directory { get; }

    public string ConnectionString { get; }

    public SqlDialect Dialect => _store?.Database.Dialect ?? SqlDialect.Sqlite;

    public string Description => _store?.Database.Description ?? Directory;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            return await _store.Database.OpenAsync(cancellationToken);
        }

        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public static string ReadMigration(string file)
    {
        var assembly = typeof(MailingOptions).Assembly;
        using var stream = assembly.GetManifestResourceStream("Migrations." + file)
                           ?? throw new InvalidOperationException($"Migration {file} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
