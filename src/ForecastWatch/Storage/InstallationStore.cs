using System.Data.Common;
using Dapper;

namespace ForecastWatch.Storage;

/// <summary>This database's installation id, the ids it had before (see <c>backup</c>), and whether it sent mail before 0011.</summary>
internal sealed record Installation(string Id, IReadOnlyList<string> PreviousIds, bool HasLegacyIds)
{
    /// <summary>The current id and every earlier one: replies threaded on any of them are ours.</summary>
    public IReadOnlyList<string> KnownIds => [Id, .. PreviousIds];
}

/// <summary>The one-row installation table (migration 0011).</summary>
internal static class InstallationStore
{
    private const string GetSql = """
        SELECT installation_id AS Id, previous_ids AS PreviousIds, legacy_ids AS LegacyIds FROM installation WHERE id = 1
        """;

    // The new id is made by the database, like the first one: 'i' and 64 random bits in hex.
    private const string RekeySql = """
        UPDATE installation
        SET previous_ids = trim(previous_ids || ' ' || installation_id), installation_id = 'i' || lower(hex(randomblob(8)))
        WHERE id = 1
        """;

    private const string RekeyPostgresSql = """
        UPDATE installation
        SET previous_ids = trim(previous_ids || ' ' || installation_id),
            installation_id = 'i' || substr(md5(gen_random_uuid()::text), 1, 16)
        WHERE id = 1
        """;

    public static async Task<Installation> GetAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var command = new CommandDefinition(GetSql, transaction: transaction, cancellationToken: cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(command).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The database has no installation id (migration 0011); run `forecastwatch migrate`.");
        return new Installation(row.Id, row.PreviousIds.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.LegacyIds != 0);
    }

    /// <summary>Gives the database a new installation id and keeps the old one as a previous id.</summary>
    public static Task RekeyAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(connection.Pick(RekeySql, RekeyPostgresSql), cancellationToken: cancellationToken));

    private sealed record Row(string Id, string PreviousIds, long LegacyIds);
}
