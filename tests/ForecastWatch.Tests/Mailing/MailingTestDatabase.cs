using System.Data.Common;
using System.Reflection;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Mailing;

/// <summary>A temp-file SQLite database with every migration applied, deleted on dispose.</summary>
public sealed class MailingTestDatabase : IDatabase, IDisposable
{
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

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public string Description => Directory;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
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
