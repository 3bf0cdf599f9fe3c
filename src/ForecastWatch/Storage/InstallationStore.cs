using System.Data.Common;

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
        var row = await connection.Sql(GetSql, transaction).SingleOrDefaultAsync(Row.Read, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The database has no installation id (migration 0011); run `forecastwatch migrate`.");
        return new Installation(row.Id, row.PreviousIds.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.LegacyIds != 0);
    }

    /// <summary>Gives the database a new installation id and keeps the old one as a previous id.</summary>
    public static Task RekeyAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.Sql(connection.Pick(RekeySql, RekeyPostgresSql)).ExecuteAsync(cancellationToken);

    private sealed record Row(string Id, string PreviousIds, long LegacyIds)
    {
        public static Row Read(DbDataReader r) => new(r.Text("Id"), r.Text("PreviousIds"), r.Int64("LegacyIds"));
    }
}
