using System.Reflection;
using Dapper;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Npgsql;
using Xunit.Sdk;

namespace ForecastWatch.Tests.Support;

/// <summary>
/// The data row <c>"postgres"</c> for a store theory; skipped unless <c>FW_PG_CONNECTION</c> holds a connection string
/// to a PostgreSQL the tests may create schemas in (<c>scripts/pg/start-postgres.sh</c>; <c>scripts/test.sh</c>
/// starts it and sets the variable). Pair it with <c>[InlineData(StoreKinds.Sqlite)]</c>. Where the run was meant to
/// have PostgreSQL (<c>FW_PG_REQUIRED=1</c>, which <c>scripts/test.sh</c> exports when it starts one) a missing
/// connection string fails the case instead of skipping it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresDataAttribute : DataAttribute
{
    public PostgresDataAttribute()
    {
        if (!TestStores.PostgresAvailable && !TestStores.PostgresRequired)
        {
            Skip = TestStores.SkipReason;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKinds.Postgres]];
}

/// <summary>A fact that needs PostgreSQL (see <see cref="PostgresDataAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStores.PostgresAvailable && !TestStores.PostgresRequired)
        {
            Skip = TestStores.SkipReason;
        }
    }
}

/// <summary>
/// A fresh store of either kind: SQLite in a temp directory, or PostgreSQL in a schema of its own (dropped on dispose),
/// so tests never see each other's rows.
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _schema;
    private readonly string? _server;

    private TestStore(IDatabase database, string? directory, string? schema, string? server = null)
    {
        _server = server;
        Database = database;
        _directory = directory;
        _schema = schema;
    }

    public IDatabase Database { get; }

    public string Kind => Database.Dialect == SqlDialect.Sqlite ? StoreKinds.Sqlite : StoreKinds.Postgres;

    /// <summary>For PostgreSQL: the connection string that opens this store (search path set to its schema).</summary>
    public string? ConnectionString { get; private init; }

    /// <summary>An empty store (no migrations applied).</summary>
    /// <param name="kind">The store kind (<see cref="StoreKinds"/>).</param>
    /// <param name="server">PostgreSQL: the server to create the schema on; null: the shared one (FW_PG_CONNECTION).</param>
    public static async Task<TestStore> EmptyAsync(string kind, string? server = null)
    {
        if (kind == StoreKinds.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "fw-store-" + Guid.NewGuid().ToString("N"));
            return new TestStore(new SqliteConnectionFactory(Path.Combine(directory, SqliteConnectionFactory.DatabaseFileName)), directory,
                null);
        }

        server ??= TestStores.PostgresConnectionString ?? throw new InvalidOperationException(
            "FW_PG_REQUIRED=1 but FW_PG_CONNECTION is unset: this run was meant to have PostgreSQL (" + TestStores.SkipReason + ")");
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();
        return new TestStore(new PostgresDatabase(connectionString), null, schema, server) { ConnectionString = connectionString };
    }

    /// <summary>A store with every migration of its kind applied.</summary>
    public static async Task<TestStore> CreateAsync(string kind)
    {
        var store = await EmptyAsync(kind);
        await new MigrationRunner(store.Database).ApplyPendingAsync(CancellationToken.None);
        return store;
    }

    /// <summary>
    /// PostgreSQL: a configuration file in <paramref name="directory"/> that points the CLI or the worker at this store,
    /// for <c>--config</c>; the password goes to a pgpass file beside it (mode 600), never into the configuration.
    /// </summary>
    /// <param name="directory">Where the configuration and the pgpass file go.</param>
    /// <param name="json">Further settings (a configuration file's JSON) the file carries besides the store's.</param>
    public async Task<string> WriteCliConfigAsync(string directory, string? json = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(
            ConnectionString ?? throw new InvalidOperationException("Only a PostgreSQL store has a configuration file."));
        Directory.CreateDirectory(directory);
        var passfile = Path.Combine(directory, "pgpass-" + _schema);
        await File.WriteAllTextAsync(passfile, $"{builder.Host}:{builder.Port}:{builder.Database}:{builder.Username}:{builder.Password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        builder.Password = null;
        builder.Passfile = passfile;
        var path = Path.Combine(directory, "store-" + _schema + ".json");
        var root = System.Text.Json.Nodes.JsonNode.Parse(json ?? "{}")!.AsObject();
        if (root["ForecastWatch"] is not System.Text.Json.Nodes.JsonObject section)
        {
            section = [];
            root["ForecastWatch"] = section;
        }

        section["Store"] = "postgres";
        section["Postgres"] = new System.Text.Json.Nodes.JsonObject { ["ConnectionString"] = builder.ToString() };
        await File.WriteAllTextAsync(path, root.ToJsonString());
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_schema is not null)
        {
            await using var admin = new NpgsqlConnection(_server ?? TestStores.PostgresConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
        }

        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

internal static class TestStores
{
    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable("FW_PG_CONNECTION") is { Length: > 0 } v ? v : null;

    public static bool PostgresAvailable => PostgresConnectionString is not null;

    /// <summary>
    /// <c>FW_PG_REQUIRED=1</c>: the run was meant to have PostgreSQL (scripts/test.sh started one), so its cases fail
    /// rather than skip when the connection string is missing.
    /// </summary>
    public static bool PostgresRequired => Environment.GetEnvironmentVariable("FW_PG_REQUIRED") == "1";

    public const string SkipReason =
        "Needs PostgreSQL: run scripts/pg/start-postgres.sh and set FW_PG_CONNECTION (scripts/test.sh does both).";
}

/// <summary>
/// A data directory and a store of either kind, for tests that run the CLI or a worker host: SQLite in the data
/// directory (the CLI's default, migrated by the first command), PostgreSQL in a schema of its own (migrated here)
/// named by a <c>--config</c> file that also carries the test's own settings.
/// </summary>
internal sealed class CliStore : IAsyncDisposable
{
    private readonly TestStore? _store;

    private CliStore(string dataDirectory, IDatabase database, string? config, TestStore? store)
    {
        DataDirectory = dataDirectory;
        Database = database;
        _store = store;
        Args = config is null ? ["--data", dataDirectory] : ["--data", dataDirectory, "--config", config];
    }

    public string DataDirectory { get; }

    public IDatabase Database { get; }

    public string Kind => Database.Dialect == SqlDialect.Sqlite ? StoreKinds.Sqlite : StoreKinds.Postgres;

    /// <summary>The global options that point a command at this store: <c>--data</c> and, where needed, <c>--config</c>.</summary>
    public string[] Args { get; }

    /// <summary>The global options followed by <paramref name="command"/>.</summary>
    public string[] With(params string[] command) => [.. Args, .. command];

    public static async Task<CliStore> CreateAsync(string kind, string dataDirectory, string? json = null)
    {
        Directory.CreateDirectory(dataDirectory);
        if (kind == StoreKinds.Sqlite)
        {
            string? config = null;
            if (json is not null)
            {
                config = Path.Combine(dataDirectory, "test-config.json");
                await File.WriteAllTextAsync(config, json);
            }

            return new CliStore(dataDirectory,
                new SqliteConnectionFactory(Path.Combine(dataDirectory, SqliteConnectionFactory.DatabaseFileName)), config, null);
        }

        var store = await TestStore.CreateAsync(kind);
        var path = await store.WriteCliConfigAsync(dataDirectory, json);
        return new CliStore(dataDirectory, store.Database, path, store);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
