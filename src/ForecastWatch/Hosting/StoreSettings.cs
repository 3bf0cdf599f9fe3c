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

        var text = options.Postgres.ConnectionString;
        if (string.IsNullOrWhiteSpace(text))
        {
            yield return $"{StoreKey} is postgres but {ConnectionStringKey} is not set: set it in the environment as "
                + "ForecastWatch__Postgres__ConnectionString, or name a file holding it with "
                + "ForecastWatch__Postgres__ConnectionString_FILE.";
            yield break;
        }

        string? problem = null;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                problem = $"{ConnectionStringKey} names no Host.";
            }
            else if (string.IsNullOrWhiteSpace(builder.Database))
            {
                problem = $"{ConnectionStringKey} names no Database.";
            }
        }
        catch (ArgumentException)
        {
            // The exception's message may quote the text; ours does not.
            problem = $"{ConnectionStringKey} is not a valid Npgsql connection string (Host=...;Database=...;Username=...;Password=...).";
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }

    /// <summary>The store the settings name (already validated).</summary>
    public static IDatabase Open(ForecastWatchOptions options, Func<SqliteConnectionFactory> sqlite) =>
        IsPostgres(options) ? new PostgresDatabase(options.Postgres.ConnectionString!) : sqlite();
}
