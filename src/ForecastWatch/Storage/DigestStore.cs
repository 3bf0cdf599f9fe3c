using System.Data.Common;

namespace ForecastWatch.Storage;

/// <summary>Whether a digest period was sent (queued in the outbox) or skipped as quiet.</summary>
public enum DigestStatus
{
    Queued,
    Skipped,
}

/// <summary>A recorded digest period.</summary>
public sealed record DigestEntry(string PeriodKey, DateTimeOffset PeriodAt, DateTimeOffset PeriodStart, DigestStatus Status, long? OutboxId,
    DateTimeOffset CreatedAt);

/// <summary>
/// The <c>digests</c> table: the record that makes each period's digest go out exactly once. Claim it in the
/// transaction that enqueues the mail; the unique period key turns a second claim into a no-op.
/// </summary>
public static class DigestStore
{
    private const string ClaimSql = """
        INSERT INTO digests (period_key, period_at, period_start, status, outbox_id, created_at)
        VALUES (@PeriodKey, @PeriodAt, @PeriodStart, @Status, NULL, @Now)
        ON CONFLICT (period_key) DO NOTHING
        """;

    private const string SetOutboxSql = "UPDATE digests SET outbox_id = @OutboxId WHERE period_key = @PeriodKey";

    private const string ExistsSql = "SELECT COUNT(*) FROM digests WHERE period_key = @PeriodKey";

    private const string PreviousSql = "SELECT MAX(period_at) FROM digests WHERE period_at < @PeriodAt";

    private const string RecordedBeforeSql = "SELECT EXISTS (SELECT 1 FROM digests WHERE created_at < @Before)";

    private const string ListSql = """
        SELECT period_key AS PeriodKey, period_at AS PeriodAt, period_start AS PeriodStart, status AS Status,
               outbox_id AS OutboxId, created_at AS CreatedAt
        FROM digests ORDER BY period_at
        """;

    /// <summary>Inserts the period's row in the caller's transaction; false when the period already has one.</summary>
    public static async Task<bool> TryClaimAsync(DbConnection connection, DbTransaction transaction, string periodKey,
        DateTimeOffset periodAt, DateTimeOffset periodStart, DigestStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var n = await connection.Sql(ClaimSql, transaction)
            .Bind("PeriodKey", periodKey)
            .Bind("PeriodAt", periodAt.ToUnixTimeMilliseconds())
            .Bind("PeriodStart", periodStart.ToUnixTimeMilliseconds())
            .Bind("Status", status == DigestStatus.Queued ? "queued" : "skipped")
            .Bind("Now", now.ToUnixTimeMilliseconds())
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return n == 1;
    }

    public static Task SetOutboxAsync(DbConnection connection, DbTransaction transaction, string periodKey, long outboxId,
        CancellationToken cancellationToken) =>
        connection.Sql(SetOutboxSql, transaction).Bind("PeriodKey", periodKey).Bind("OutboxId", outboxId).ExecuteAsync(cancellationToken);

    public static async Task<bool> ExistsAsync(DbConnection connection, string periodKey, CancellationToken cancellationToken) =>
        await connection.Sql(ExistsSql).Bind("PeriodKey", periodKey).ScalarAsync<long>(cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>The latest recorded period before <paramref name="periodAt"/>: where "resolved since the last digest" starts.</summary>
    public static async Task<DateTimeOffset?> PreviousAsync(DbConnection connection, DateTimeOffset periodAt,
        CancellationToken cancellationToken)
    {
        var ms = await connection.Sql(PreviousSql).Bind("PeriodAt", periodAt.ToUnixTimeMilliseconds())
            .ScalarAsync<long?>(cancellationToken).ConfigureAwait(false);
        return ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    /// <summary>
    /// Whether any period was recorded (sent, skipped or passed over at a first start) before
    /// <paramref name="before"/>: evidence that digests were already running on this database then.
    /// </summary>
    public static async Task<bool> AnyRecordedBeforeAsync(DbConnection connection, DateTimeOffset before,
        CancellationToken cancellationToken) =>
        await connection.Sql(RecordedBeforeSql).Bind("Before", before.ToUnixTimeMilliseconds())
            .ScalarAsync<long>(cancellationToken).ConfigureAwait(false) > 0;

    public static async Task<IReadOnlyList<DigestEntry>> ListAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(ListSql).QueryAsync(DigestRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Select(static r => new DigestEntry(
            r.PeriodKey,
            DateTimeOffset.FromUnixTimeMilliseconds(r.PeriodAt),
            DateTimeOffset.FromUnixTimeMilliseconds(r.PeriodStart),
            r.Status == "queued" ? DigestStatus.Queued : DigestStatus.Skipped,
            r.OutboxId,
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt))).ToList();
    }

    private sealed record DigestRow
    {
        public string PeriodKey { get; init; } = "";

        public long PeriodAt { get; init; }

        public long PeriodStart { get; init; }

        public string Status { get; init; } = "";

        public long? OutboxId { get; init; }

        public long CreatedAt { get; init; }

        public static DigestRow Read(DbDataReader r) => new()
        {
            PeriodKey = r.TextOrNull("PeriodKey") ?? "",
            PeriodAt = r.Int64("PeriodAt"),
            PeriodStart = r.Int64("PeriodStart"),
            Status = r.TextOrNull("Status") ?? "",
            OutboxId = r.Int64OrNull("OutboxId"),
            CreatedAt = r.Int64("CreatedAt"),
        };
    }
}
