using System.Runtime.CompilerServices;
using ForecastWatch.Storage;
using Npgsql;

namespace ForecastWatch.Hosting;

/// <summary>Checks <c>ForecastWatch:Store</c> and opens the store it names.</summary>
internal static class StoreSettings
{
    public const string StoreKey = "ForecastWatch:Store";
    public const string ConnectionStringKey = "ForecastWatch:Postgres:ConnectionString";

    public static bool IsPostgres(ForecastWatchOptions options) =>
        string.Equals(options.Store?.Trim(), StoreKinds.Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the store settings; the connection string's content is never repeated.</summary>
    public static IEnumerable<string> Validate(ForecastWatchOptions options)
    {
        var store = options.Store?.Trim();
        if (!string.Equals(store, StoreKinds.Sqlite, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(store, StoreKinds.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{StoreKey} '{options.Store}' is not a store: use sqlite (the default) or postgres.";
            yield break;
        }

        if (!IsPostgres(options))
        {
            yield break;
        }

        if (ConnectionStringProblem(options.Postgres.ConnectionString, $"{StoreKey} is postgres but ") is { } problem)
        {
            yield return problem;
        }
    }

    /// <summary>
    /// What is wrong with a PostgreSQL connection string, or null; <paramref name="unsetPrefix"/> starts the message
    /// when it is not set. The text itself is never repeated (it may hold the password).
    /// </summary>
    public static string? ConnectionStringProblem(string? text, string unsetPrefix = "")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"{unsetPrefix}{ConnectionStringKey} is not set: set it in the environment as "
                + "ForecastWatch__Postgres__ConnectionString, or name a file holding it with "
                + "ForecastWatch__Postgres__ConnectionString_FILE.";
        }

        return CheckPostgres(text);
    }

    /// <summary>The store the settings name (already validated).</summary>
    public static IDatabase Open(ForecastWatchOptions options, Func<SqliteConnectionFactory> sqlite) =>
        IsPostgres(options) ? OpenPostgres(options.Postgres.ConnectionString!) : sqlite();

    // Npgsql is named only in the methods below, never inlined: a method's compilation loads the assemblies of the
    // types it names, so a worker on SQLite never loads Npgsql (idle memory).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PostgresDatabase OpenPostgres(string connectionString) => new(connectionString);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? CheckPostgres(string text)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                return $"{ConnectionStringKey} names no Host.";
            }

            return string.IsNullOrWhiteSpace(builder.Database) ? $"{ConnectionStringKey} names no Database." : null;
        }
        catch (ArgumentException)
        {
            // The exception's message may quote the text; ours does not.
            return $"{ConnectionStringKey} is not a valid Npgsql connection string (Host=...;Database=...;Username=...;Password=...).";
        }
    }
}
