using System.Data.Common;
using System.Reflection;
using ForecastWatch.Mailing;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Mailing;

/// <summary>A temp-file SQLite database with the registry, outbox/prompt and withdrawal schema (0001, 0003, 0006) and the installation id (0011) applied, deleted on dispose.</summary>
public sealed class MailingTestDatabase : IMailingDatabase, IDisposable
{
    public MailingTestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "fw-prompts-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Directory, "fw.db") }.ToString();
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;\n" + ReadMigration("0001_registry.sql") + "\n"
                              + ReadMigration("0003_outbox_prompts.sql") + "\n" + ReadMigration("0006_outbox_withdrawn.sql") + "\n"
                              + ReadMigration("0011_installation.sql");
        command.ExecuteNonQuery();
    }

    public string Directory { get; }

    public string ConnectionString { get; }

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
