using System.Data.Common;
using System.Globalization;

namespace ForecastWatch.Storage;

/// <summary>Delivery state of an outbox message.</summary>
public enum OutboxStatus
{
    Queued,
    Sent,
    Failed,
    Bounced,

    /// <summary>
    /// Never sent: its prediction was resolved or extended while it waited, so no reminder asks about a settled
    /// question. The reason is the row's last error.
    /// </summary>
    Withdrawn,
}

/// <summary>The prompt cycle an outbox message belongs to (<c>prompt_steps.outbox_id</c>).</summary>
public sealed record OutboxPromptCycle(string PredictionId, DateOnly CycleResolveBy);

/// <summary>A mail to enqueue: the complete RFC 5322 bytes plus the envelope.</summary>
public sealed record OutboxMessage(
    string MessageId,
    string Category,
    string? PredictionId,
    string EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    string Subject,
    ReadOnlyMemory<byte> Raw);

/// <summary>An outbox row as shown by <c>forecastwatch outbox</c> and used by delivery.</summary>
public sealed record OutboxEntry(
    long Id,
    string MessageId,
    string Category,
    string? PredictionId,
    string EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    string Subject,
    OutboxStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError,
    int? ReplyCode,
    string? EnhancedStatus)
{
    /// <summary>
    /// When an attempt that never recorded its outcome began (marked before MAIL FROM, cleared with the outcome); null
    /// when no attempt is open. Seen by a run that takes the row, it means that attempt was interrupted.
    /// </summary>
    public DateTimeOffset? OpenAttemptAt { get; init; }

    /// <summary>Attempts interrupted after the SMTP transaction had begun: each may have been delivered.</summary>
    public int Uncertain { get; init; }
}

/// <summary>
/// The durable outbox. Enqueue takes the caller's connection and transaction so a mail is written together
/// with the state change that caused it, in the same transaction: both are written or neither is.
/// </summary>
public static class OutboxStore
{
    // A withdrawn row keeps its reason in last_error (listed as "withdrawn: reason"). A row that bounced after all
    // (sent before a crash, withdrawn on the retry) becomes 'bounced', which says more.
    private const string Columns = """
        o.id AS Id, o.message_id AS MessageId, o.category AS Category, o.prediction_id AS PredictionId,
        o.envelope_from AS EnvelopeFrom, o.recipients AS Recipients, o.subject AS Subject,
        o.status AS Status,
        o.attempts AS Attempts, o.created_at AS CreatedAt, o.next_attempt_at AS NextAttemptAt, o.sent_at AS SentAt,
        CASE WHEN o.status = 'withdrawn' THEN 'withdrawn: ' || o.last_error ELSE o.last_error END AS LastError,
        o.reply_code AS ReplyCode, o.enhanced_status AS EnhancedStatus, o.attempt_started_at AS AttemptStartedAt,
        o.uncertain AS Uncertain
        """;

    private const string From = " FROM outbox o";

    private const string InsertSql = """
        INSERT INTO outbox (message_id, category, prediction_id, envelope_from, recipients, subject, raw, status,
                            attempts, created_at, next_attempt_at)
        VALUES (@MessageId, @Category, @PredictionId, @EnvelopeFrom, @Recipients, @Subject, @Raw, 'queued', 0, @Now, @Now)
        ON CONFLICT (message_id) DO NOTHING
        """;

    private const string IdByMessageIdSql = "SELECT id FROM outbox WHERE message_id = @MessageId";

    private const string PendingSql = "SELECT " + Columns + From + """
         WHERE o.status = 'queued' AND o.next_attempt_at <= @Now
         ORDER BY o.next_attempt_at, o.id LIMIT @Limit
        """;

    // PostgreSQL (several workers, one outbox): the same rows as PendingSql, claimed for this run. SKIP LOCKED passes
    // over rows another run is claiming this instant; claimed_until keeps them from the next runs until the lease ends.
    // The CTE's SELECT reads the rows as they were before the UPDATE, which changes only the claim columns.
    private const string ClaimPostgresSql = """
        WITH claimed AS (
            UPDATE outbox SET claimed_by = @Claimant, claimed_until = @Until
            WHERE id IN (
                SELECT q.id FROM outbox q
                WHERE q.status = 'queued' AND q.next_attempt_at <= @Now AND (q.claimed_until IS NULL OR q.claimed_until <= @Now)
                ORDER BY q.next_attempt_at, q.id
                LIMIT @Limit
                FOR UPDATE SKIP LOCKED)
            RETURNING id)
        SELECT
        """ + " " + Columns + From + """
         JOIN claimed c ON c.id = o.id
         ORDER BY o.next_attempt_at, o.id
        """;

    // True while the run still holds the row; false when its lease ran out and another run took it (then skip it).
    private const string RenewClaimPostgresSql = """
        UPDATE outbox SET claimed_until = @Until WHERE id = @Id AND claimed_by = @Claimant AND status = 'queued'
        """;

    // Before the SMTP transaction: the attempt is marked (and, on PostgreSQL, the claim renewed) in one committed
    // statement. A mark left by an interrupted attempt is counted as uncertain before it is replaced.
    private const string BeginAttemptSql = """
        UPDATE outbox SET uncertain = uncertain + CASE WHEN attempt_started_at IS NULL THEN 0 ELSE 1 END,
                          attempt_started_at = @Now
        WHERE id = @Id AND status = 'queued'
        """;

    private const string BeginAttemptPostgresSql = """
        UPDATE outbox SET uncertain = uncertain + CASE WHEN attempt_started_at IS NULL THEN 0 ELSE 1 END,
                          attempt_started_at = @Now, claimed_until = @Until
        WHERE id = @Id AND claimed_by = @Claimant AND status = 'queued'
        """;

    private const string ReleaseClaimsPostgresSql = """
        UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @Claimant
        """;

    private const string PromptCycleSql = """
        SELECT p.prediction_id AS PredictionId, p.cycle_resolve_by AS CycleResolveBy
        FROM prompt_steps s JOIN prompts p ON p.id = s.prompt_id
        WHERE s.outbox_id = @Id
        LIMIT 1
        """;

    private const string WithdrawSql = """
        UPDATE outbox SET status = 'withdrawn', last_error = @Reason, withdrawn_at = @Now
        WHERE id = @Id AND status = 'queued'
        """;

    private const string RawSql = "SELECT raw FROM outbox WHERE id = @Id";

    private const string MarkSentSql = """
        UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = @Now, last_attempt_at = @Now,
                          attempt_started_at = NULL, last_error = @Error, reply_code = @ReplyCode, enhanced_status = @EnhancedStatus
        WHERE id = @Id AND status = 'queued'
        """;

    private const string MarkFailedSql = """
        UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_attempt_at = @Now, attempt_started_at = NULL,
                          last_error = @Error,
                          reply_code = @ReplyCode, enhanced_status = @EnhancedStatus
        WHERE id = @Id AND status = 'queued'
        """;

    private const string RequeueSql = """
        UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @Now, next_attempt_at = @NextAttemptAt,
                          attempt_started_at = NULL, last_error = @Error, reply_code = @ReplyCode, enhanced_status = @EnhancedStatus
        WHERE id = @Id AND status = 'queued'
        """;

    // The connection was lost after the message data went out: the server may have the message, so the attempt's mark
    // stays (the run that sends it again counts the row uncertain, as after a kill in the same window).
    private const string RequeueOutcomeUnknownSql = """
        UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @Now, next_attempt_at = @NextAttemptAt,
                          last_error = @Error, reply_code = @ReplyCode, enhanced_status = @EnhancedStatus
        WHERE id = @Id AND status = 'queued'
        """;

    private const string PostponeSql = """
        UPDATE outbox SET next_attempt_at = @NextAttemptAt, last_error = @Error WHERE id = @Id AND status = 'queued'
        """;

    // A transient report on a withdrawn row keeps the withdrawal's reason (the row still lists as withdrawn).
    private const string BouncedSql = """
        UPDATE outbox SET status = CASE WHEN @Permanent = 1 THEN 'bounced' ELSE status END,
                          last_error = CASE WHEN @Permanent = 0 AND status = 'withdrawn' THEN last_error ELSE @Detail END,
                          enhanced_status = @EnhancedStatus
        WHERE message_id = @MessageId
        """;

    private const string BouncedByIdSql = """
        UPDATE outbox SET status = CASE WHEN @Permanent = 1 THEN 'bounced' ELSE status END,
                          last_error = CASE WHEN @Permanent = 0 AND status = 'withdrawn' THEN last_error ELSE @Detail END,
                          enhanced_status = @EnhancedStatus
        WHERE id = @Id
        """;

    private const string SetEnvelopeFromSql = "UPDATE outbox SET envelope_from = @EnvelopeFrom WHERE id = @Id AND status = 'queued'";

    private const string ListSql = "SELECT " + Columns + From + " ORDER BY o.id";

    private const string ListByStatusSql = "SELECT " + Columns + From + " WHERE o.status = @Status ORDER BY o.id";

    private const string CountsSql = """
        SELECT o.status AS Status, COUNT(*) AS Count
        """ + From + " GROUP BY 1";

    /// <summary>
    /// Adds a message in the caller's transaction. Idempotent on Message-ID: enqueuing the same id twice keeps the
    /// first and returns its row id.
    /// </summary>
    public static async Task<long> EnqueueAsync(DbConnection connection, DbTransaction transaction, OutboxMessage message,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipients.Count == 0)
        {
            throw new ArgumentException("An outbox message needs at least one recipient.", nameof(message));
        }

        var messageId = message.MessageId.Trim().Trim('<', '>');
        await connection.Sql(InsertSql, transaction).Bind("MessageId", messageId).Bind("Category", message.Category)
            .Bind("PredictionId", message.PredictionId).Bind("EnvelopeFrom", message.EnvelopeFrom)
            .Bind("Recipients", string.Join('\n', message.Recipients)).Bind("Subject", message.Subject).Bind("Raw", message.Raw.ToArray())
            .Bind("Now", now.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Sql(IdByMessageIdSql, transaction).Bind("MessageId", messageId).ScalarAsync<long>(cancellationToken)
            .ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<OutboxEntry>> GetPendingAsync(DbConnection connection, DateTimeOffset now, int limit,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(PendingSql).Bind("Now", now.ToUnixTimeMilliseconds()).Bind("Limit", limit)
            .QueryAsync(OutboxRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Select(static r => r.ToEntry()).ToList();
    }

    /// <summary>
    /// The due messages for one delivery run. SQLite: as <see cref="GetPendingAsync"/> (one writer). PostgreSQL: the
    /// rows are claimed for <paramref name="claimant"/> until <paramref name="until"/>, so a concurrent run on another
    /// worker gets other rows, and a worker that dies holds its rows no longer than the lease.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxEntry>> ClaimPendingAsync(
        DbConnection connection, DateTimeOffset now, int limit, string claimant, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (SqlDialects.Of(connection) == SqlDialect.Sqlite)
        {
            return await GetPendingAsync(connection, now, limit, cancellationToken).ConfigureAwait(false);
        }

        var rows = await connection.Sql(ClaimPostgresSql).Bind("Now", now.ToUnixTimeMilliseconds()).Bind("Limit", limit)
            .Bind("Claimant", claimant).Bind("Until", until.ToUnixTimeMilliseconds()).QueryAsync(OutboxRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(static r => r.ToEntry()).ToList();
    }

    /// <summary>Extends this run's claim on a row before sending it; false when the row is no longer this run's.</summary>
    public static async Task<bool> RenewClaimAsync(
        DbConnection connection, long id, string claimant, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (SqlDialects.Of(connection) == SqlDialect.Sqlite)
        {
            return true;
        }

        return await connection.Sql(RenewClaimPostgresSql).Bind("Id", id).Bind("Claimant", claimant)
            .Bind("Until", until.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Marks the start of an attempt, committed before the SMTP transaction begins, and on PostgreSQL renews this run's
    /// claim in the same statement. False when the row is no longer this run's (its lease ran out and another run took
    /// it) or no longer queued: then it must not be sent. An open mark left by an interrupted attempt is counted in
    /// <see cref="OutboxEntry.Uncertain"/>.
    /// </summary>
    public static async Task<bool> BeginAttemptAsync(
        DbConnection connection, long id, string claimant, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var sql = connection.Pick(BeginAttemptSql, BeginAttemptPostgresSql);
        return await connection.Sql(sql).Bind("Id", id).Bind("Claimant", claimant).Bind("Now", now.ToUnixTimeMilliseconds())
            .Bind("Until", until.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Gives back what this run claimed and did not finish (requeued, postponed, skipped), for any worker.</summary>
    public static async Task ReleaseClaimsAsync(DbConnection connection, string claimant, CancellationToken cancellationToken)
    {
        if (SqlDialects.Of(connection) == SqlDialect.Postgres)
        {
            await connection.Sql(ReleaseClaimsPostgresSql).Bind("Claimant", claimant).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<byte[]> GetRawAsync(DbConnection connection, long id, CancellationToken cancellationToken) =>
        await connection.Sql(RawSql).Bind("Id", id).ScalarAsync<byte[]>(cancellationToken)
            .ConfigureAwait(false)
        ?? throw new InvalidOperationException($"Outbox message {id} does not exist.");

    /// <summary>
    /// The prompt thread's cycle this message belongs to, or null for mail outside a prompt thread (digests,
    /// confirmations).
    /// </summary>
    public static async Task<OutboxPromptCycle?> GetPromptCycleAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        var row = await connection.Sql(PromptCycleSql).Bind("Id", id).SingleOrDefaultAsync(CycleRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null
            : new OutboxPromptCycle(row.PredictionId, DateOnly.ParseExact(row.CycleResolveBy, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Withdraws a still-queued message: it is never sent and lists as withdrawn with the reason. Returns false if it
    /// was not queued.
    /// </summary>
    public static async Task<bool> WithdrawAsync(DbConnection connection, long id, DateTimeOffset now, string reason,
        CancellationToken cancellationToken) =>
        await connection.Sql(WithdrawSql).Bind("Id", id).Bind("Now", now.ToUnixTimeMilliseconds()).Bind("Reason", reason)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false) > 0;

    /// <remarks><paramref name="refused"/>: recipients the server refused while accepting the others (kept as the row's error).</remarks>
    public static Task MarkSentAsync(
        DbConnection connection, long id, DateTimeOffset now, int? replyCode, CancellationToken cancellationToken, string? refused = null,
        string? enhancedStatus = null) =>
        connection.Sql(MarkSentSql).Bind("Id", id).Bind("Now", now.ToUnixTimeMilliseconds()).Bind("ReplyCode", replyCode)
            .Bind("Error", refused).Bind("EnhancedStatus", refused is null ? null : enhancedStatus).ExecuteAsync(cancellationToken);

    /// <summary>A permanent failure (5xx and the like): never retried, shown by <c>outbox --failed</c>.</summary>
    public static Task MarkFailedAsync(DbConnection connection, long id, DateTimeOffset now, string error, int? replyCode,
        string? enhancedStatus, CancellationToken cancellationToken) =>
        connection.Sql(MarkFailedSql).Bind("Id", id).Bind("Now", now.ToUnixTimeMilliseconds()).Bind("Error", error)
            .Bind("ReplyCode", replyCode).Bind("EnhancedStatus", enhancedStatus).ExecuteAsync(cancellationToken);

    /// <summary>
    /// A transient failure that outlasted the in-process retries: counted, and tried again later. With
    /// <paramref name="outcomeUnknown"/> (the connection was lost after the message data went out) the attempt's mark
    /// is kept, so the run that sends the row again counts it as uncertain (<see cref="OutboxEntry.Uncertain"/>).
    /// </summary>
    public static Task RequeueAsync(DbConnection connection, long id, DateTimeOffset now, DateTimeOffset nextAttemptAt, string error,
        int? replyCode, string? enhancedStatus, CancellationToken cancellationToken, bool outcomeUnknown = false) =>
        connection.Sql(outcomeUnknown ? RequeueOutcomeUnknownSql : RequeueSql).Bind("Id", id).Bind("Now", now.ToUnixTimeMilliseconds())
            .Bind("NextAttemptAt", nextAttemptAt.ToUnixTimeMilliseconds()).Bind("Error", error).Bind("ReplyCode", replyCode)
            .Bind("EnhancedStatus", enhancedStatus).ExecuteAsync(cancellationToken);

    /// <summary>Not attempted (the circuit is open): no attempt counted, tried again later.</summary>
    public static Task PostponeAsync(DbConnection connection, long id, DateTimeOffset nextAttemptAt, string reason,
        CancellationToken cancellationToken) =>
        connection.Sql(PostponeSql).Bind("Id", id).Bind("NextAttemptAt", nextAttemptAt.ToUnixTimeMilliseconds()).Bind("Error", reason)
            .ExecuteAsync(cancellationToken);

    /// <summary>
    /// Records a delivery status notification for one of our messages (RFC 3464): a permanent one (5.x.x) marks it
    /// bounced, a transient one (4.x.x, "delayed") only records the detail. Returns false if the id is not ours.
    /// </summary>
    public static async Task<bool> MarkBouncedAsync(DbConnection connection, DbTransaction? transaction, string messageId, bool permanent,
        string? enhancedStatus, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var n = await connection.Sql(BouncedSql, transaction).Bind("MessageId", messageId.Trim().Trim('<', '>'))
            .Bind("Permanent", permanent ? 1 : 0).Bind("EnhancedStatus", enhancedStatus).Bind("Detail", detail)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return n > 0;
    }

    /// <summary>Records a bounce tied to row <paramref name="id"/> by its return path (VERP); false if there is no such row.</summary>
    public static async Task<bool> MarkBouncedByIdAsync(DbConnection connection, DbTransaction? transaction, long id, bool permanent,
        string? enhancedStatus, string detail, CancellationToken cancellationToken)
    {
        var n = await connection.Sql(BouncedByIdSql, transaction).Bind("Id", id).Bind("Permanent", permanent ? 1 : 0)
            .Bind("EnhancedStatus", enhancedStatus).Bind("Detail", detail).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return n > 0;
    }

    /// <summary>Stores the per-message return path (SMTP MAIL FROM) of a queued row.</summary>
    public static Task SetEnvelopeFromAsync(DbConnection connection, DbTransaction? transaction, long id, string envelopeFrom,
        CancellationToken cancellationToken) =>
        connection.Sql(SetEnvelopeFromSql, transaction).Bind("Id", id).Bind("EnvelopeFrom", envelopeFrom).ExecuteAsync(cancellationToken);

    public static async Task<IReadOnlyList<OutboxEntry>> ListAsync(DbConnection connection, OutboxStatus? status,
        CancellationToken cancellationToken)
    {
        var statement = status is { } s ? connection.Sql(ListByStatusSql).Bind("Status", ToText(s)) : connection.Sql(ListSql);
        var rows = await statement.QueryAsync(OutboxRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Select(static r => r.ToEntry()).ToList();
    }

    public static async Task<IReadOnlyDictionary<OutboxStatus, int>> CountByStatusAsync(DbConnection connection,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(CountsSql).QueryAsync(CountRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return rows.ToDictionary(static r => FromText(r.Status), static r => (int)r.Count);
    }

    internal static string ToText(OutboxStatus status) => status switch
    {
        OutboxStatus.Queued => "queued",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Failed => "failed",
        OutboxStatus.Withdrawn => "withdrawn",
        _ => "bounced",
    };

    private static OutboxStatus FromText(string status) => status switch
    {
        "queued" => OutboxStatus.Queued,
        "sent" => OutboxStatus.Sent,
        "failed" => OutboxStatus.Failed,
        "withdrawn" => OutboxStatus.Withdrawn,
        _ => OutboxStatus.Bounced,
    };

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    // COUNT(*) has no declared SQLite type: the reader converts what comes.
    private sealed class CountRow
    {
        public static CountRow Read(DbDataReader r) => new()
        {
            Status = r.TextOrNull("Status") ?? "",
            Count = r.Int64("Count"),
        };

        public string Status { get; set; } = "";

        public long Count { get; set; }
    }

    private sealed class CycleRow
    {
        public static CycleRow Read(DbDataReader r) => new()
        {
            PredictionId = r.TextOrNull("PredictionId") ?? "",
            CycleResolveBy = r.TextOrNull("CycleResolveBy") ?? "",
        };

        public string PredictionId { get; set; } = "";

        public string CycleResolveBy { get; set; } = "";
    }

    // The computed Status and LastError columns have no declared SQLite type,
    // so the reader converts what comes and keeps the property's default for a NULL.
    private sealed class OutboxRow
    {
        public static OutboxRow Read(DbDataReader r) => new()
        {
            Id = r.Int64("Id"),
            MessageId = r.TextOrNull("MessageId") ?? "",
            Category = r.TextOrNull("Category") ?? "",
            PredictionId = r.TextOrNull("PredictionId"),
            EnvelopeFrom = r.TextOrNull("EnvelopeFrom") ?? "",
            Recipients = r.TextOrNull("Recipients") ?? "",
            Subject = r.TextOrNull("Subject") ?? "",
            Status = r.TextOrNull("Status") ?? "",
            Attempts = r.Int64("Attempts"),
            CreatedAt = r.Int64("CreatedAt"),
            NextAttemptAt = r.Int64("NextAttemptAt"),
            SentAt = r.Int64OrNull("SentAt"),
            LastError = r.TextOrNull("LastError"),
            ReplyCode = r.Int64OrNull("ReplyCode"),
            EnhancedStatus = r.TextOrNull("EnhancedStatus"),
            AttemptStartedAt = r.Int64OrNull("AttemptStartedAt"),
            Uncertain = r.Int64("Uncertain"),
        };

        public long Id { get; set; }

        public string MessageId { get; set; } = "";

        public string Category { get; set; } = "";

        public string? PredictionId { get; set; }

        public string EnvelopeFrom { get; set; } = "";

        public string Recipients { get; set; } = "";

        public string Subject { get; set; } = "";

        public string Status { get; set; } = "";

        public long Attempts { get; set; }

        public long CreatedAt { get; set; }

        public long NextAttemptAt { get; set; }

        public long? SentAt { get; set; }

        public string? LastError { get; set; }

        public long? ReplyCode { get; set; }

        public string? EnhancedStatus { get; set; }

        public long? AttemptStartedAt { get; set; }

        public long Uncertain { get; set; }

        public OutboxEntry ToEntry() => new(
            Id, MessageId, Category, PredictionId, EnvelopeFrom,
            Recipients.Split('\n', StringSplitOptions.RemoveEmptyEntries), Subject, FromText(Status), (int)Attempts,
            At(CreatedAt), At(NextAttemptAt), SentAt is { } s ? At(s) : null, LastError, (int?)ReplyCode, EnhancedStatus)
        {
            OpenAttemptAt = AttemptStartedAt is { } a ? At(a) : null,
            Uncertain = (int)Uncertain,
        };
    }
}
