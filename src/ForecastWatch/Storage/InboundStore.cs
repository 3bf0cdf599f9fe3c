using System.Data.Common;
using System.Globalization;

namespace ForecastWatch.Storage;

/// <summary>What happened to an inbound message.</summary>
internal enum InboundStatus
{
    /// <summary>Stored, not yet decided (or a crash interrupted the decision).</summary>
    Received,

    /// <summary>A verdict was recorded.</summary>
    Applied,

    /// <summary>Refused: unknown token, not an editor, unreadable, already resolved...</summary>
    Rejected,

    /// <summary>Machine mail, recorded and ignored.</summary>
    Ignored,

    /// <summary>Kept for a person to review (dmarc=fail).</summary>
    Held,

    /// <summary>A delivery status notification; the original outbox message was marked.</summary>
    Bounce,

    /// <summary>The same message (Message-ID) was already decided.</summary>
    Duplicate,
}

/// <summary>An inbound row for <c>inbox list</c> and for processing.</summary>
internal sealed record InboundRecord(
    long Id,
    string Sha256,
    string? MessageId,
    string Source,
    string? SourceRef,
    long Size,
    DateTimeOffset ReceivedAt,
    string? Sender,
    string? Subject,
    InboundStatus Status,
    string? Reason,
    string? Detail,
    string? PredictionId,
    long? ResolutionId,
    DateTimeOffset? ProcessedAt);

/// <summary>What an operator did with a held message.</summary>
internal enum InboundReviewAction
{
    /// <summary>Vouched for: decided again as an authorized reply.</summary>
    Released,

    /// <summary>Set aside: nothing applied, nothing sent.</summary>
    Discarded,
}

/// <summary>
/// The audit row of a review (table <c>inbound_reviews</c>): who, when, the note or reason, and what the message was
/// held for.
/// </summary>
internal sealed record InboundReview(long InboundId, InboundReviewAction Action, string Reviewer, string? Note, string? HeldReason,
    string? HeldDetail, DateTimeOffset ReviewedAt);

/// <summary>A decision to write onto an inbound row.</summary>
internal sealed record InboundDecision(InboundStatus Status, string? Reason, string? Detail, string? PredictionId = null,
    long? ResolutionId = null);

/// <summary>The inbound mail tables (migration 0004 and <c>inbound_reviews</c>). Writes take the caller's transaction.</summary>
internal static class InboundStore
{
    private const string Columns = """
        id AS Id, sha256 AS Sha256, message_id AS MessageId, source AS Source, source_ref AS SourceRef, size AS Size,
        received_at AS ReceivedAt, sender AS Sender, subject AS Subject, status AS Status, reason AS Reason,
        detail AS Detail, prediction_id AS PredictionId, resolution_id AS ResolutionId, processed_at AS ProcessedAt
        """;

    private const string InsertSql = """
        INSERT INTO inbound_messages (sha256, message_id, source, source_ref, size, received_at, sender, subject, status)
        VALUES (@Sha256, @MessageId, @Source, @SourceRef, @Size, @Now, @Sender, @Subject, 'received')
        ON CONFLICT (sha256) DO NOTHING
        """;

    private const string BySha = "SELECT " + Columns + " FROM inbound_messages WHERE sha256 = @Sha256";

    private const string ById = "SELECT " + Columns + " FROM inbound_messages WHERE id = @Id";

    private const string DecidedByMessageId = "SELECT " + Columns + """
         FROM inbound_messages WHERE message_id = @MessageId AND id <> @Id AND status <> 'received' ORDER BY id LIMIT 1
        """;

    private const string DecideSql = """
        UPDATE inbound_messages SET status = @Status, reason = @Reason, detail = @Detail, prediction_id = @PredictionId,
                                    resolution_id = @ResolutionId, processed_at = @Now
        WHERE id = @Id
        """;

    private const string ListSql = "SELECT " + Columns + " FROM inbound_messages ORDER BY id";

    private const string ListRejectedSql = "SELECT " + Columns + """
         FROM inbound_messages WHERE status IN ('rejected', 'held', 'ignored', 'bounce', 'duplicate') ORDER BY id
        """;

    private const string HeldSql = "SELECT " + Columns + " FROM inbound_messages WHERE status = 'held' ORDER BY id";

    // On release the replay check ignores copies that are themselves held or were marked duplicates of this one:
    // neither was applied, so neither makes this message a replay.
    private const string DecidedByMessageIdForReleaseSql = "SELECT " + Columns + """
         FROM inbound_messages WHERE message_id = @MessageId AND id <> @Id AND status NOT IN ('received', 'held', 'duplicate')
         ORDER BY id LIMIT 1
        """;

    private const string ReviewColumns = """
        inbound_id AS InboundId, action AS Action, reviewer AS Reviewer, note AS Note, held_reason AS HeldReason,
        held_detail AS HeldDetail, reviewed_at AS ReviewedAt
        """;

    private const string ReviewByIdSql = "SELECT " + ReviewColumns + " FROM inbound_reviews WHERE inbound_id = @Id";

    private const string ListReviewsSql = "SELECT " + ReviewColumns + " FROM inbound_reviews ORDER BY reviewed_at, inbound_id";

    private const string InsertReviewSql = """
        INSERT INTO inbound_reviews (inbound_id, action, reviewer, note, held_reason, held_detail, reviewed_at)
        VALUES (@InboundId, @Action, @Reviewer, @Note, @HeldReason, @HeldDetail, @ReviewedAt)
        """;

    private const string InsertAnswerSql = """
        INSERT INTO inbound_answers (inbound_id, recipient, kind, reason, outbox_message_id, suppressed, created_at)
        VALUES (@InboundId, @Recipient, @Kind, @Reason, @OutboxMessageId, @Suppressed, @Now)
        """;

    private const string LastSentAnswerSql = """
        SELECT MAX(created_at) FROM inbound_answers
        WHERE lower(recipient) = lower(@Recipient) AND reason = @Reason AND kind = 'rejection' AND suppressed IS NULL
        """;

    private const string CountAnswersSql = "SELECT COUNT(*) FROM inbound_answers WHERE suppressed IS NULL";

    private const string DecidedByReferenceSql = """
        SELECT source_ref AS Reference, status AS Status FROM inbound_messages
        WHERE source = @Source AND source_ref IN @References AND status <> 'received'
        """;

    // SQLite: @References becomes IN (@r0, @r1, ...), one parameter per value; PostgreSQL takes one array parameter.
    private const string DecidedByReferencePostgresSql = """
        SELECT source_ref AS Reference, status AS Status FROM inbound_messages
        WHERE source = @Source AND source_ref = ANY(@References) AND status <> 'received'
        """;

    private const string GetUidValiditySql = "SELECT uid_validity FROM inbound_imap_state WHERE folder = @Folder";

    private const string SetUidValiditySql = """
        INSERT INTO inbound_imap_state (folder, uid_validity, updated_at) VALUES (@Folder, @UidValidity, @Now)
        ON CONFLICT (folder) DO UPDATE SET uid_validity = excluded.uid_validity, updated_at = excluded.updated_at
        """;

    /// <summary>Records a stored message; returns its row (the existing one when the same bytes came before).</summary>
    public static async Task<InboundRecord> RecordAsync(
        DbConnection connection, DbTransaction? transaction, string sha256, string? messageId, string source, string? sourceRef, long size,
        string? sender,
        string? subject,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.Sql(InsertSql, transaction).Bind("Sha256", sha256).Bind("MessageId", messageId).Bind("Source", source)
            .Bind("SourceRef", sourceRef).Bind("Size", size).Bind("Now", now.ToUnixTimeMilliseconds()).Bind("Sender", sender)
            .Bind("Subject", subject).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return (await FindByShaAsync(connection, transaction, sha256, cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task<InboundRecord?> FindByShaAsync(DbConnection connection, DbTransaction? transaction, string sha256,
        CancellationToken cancellationToken)
    {
        var row = await connection.Sql(BySha, transaction).Bind("Sha256", sha256).SingleOrDefaultAsync(Row.Read, cancellationToken)
            .ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>Of <paramref name="references"/> in <paramref name="source"/>, those already decided, with their status.</summary>
    public static async Task<IReadOnlyDictionary<string, InboundStatus>> FindDecidedReferencesAsync(
        DbConnection connection, string source, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var decided = new Dictionary<string, InboundStatus>(StringComparer.Ordinal);
        foreach (var chunk in references.Chunk(500))
        {
            SqlStatement statement;
            if (SqlDialects.Of(connection) == SqlDialect.Sqlite)
            {
                var names = chunk.Select(static (_, i) => "@r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                statement = connection.Sql(DecidedByReferenceSql.Replace("@References", "(" + string.Join(", ", names) + ")",
                    StringComparison.Ordinal));
                for (var i = 0; i < chunk.Length; i++)
                {
                    statement.Bind(names[i][1..], chunk[i]);
                }
            }
            else
            {
                statement = connection.Sql(DecidedByReferencePostgresSql).Bind("References", chunk);
            }

            var rows = await statement.Bind("Source", source)
                .QueryAsync(static r => (Reference: r.Text("Reference"), Status: r.Text("Status")), cancellationToken)
                .ConfigureAwait(false);
            foreach (var (reference, status) in rows)
            {
                decided[reference] = Enum.Parse<InboundStatus>(status, ignoreCase: true);
            }
        }

        return decided;
    }

    public static async Task<InboundRecord?> GetAsync(DbConnection connection, DbTransaction? transaction, long id,
        CancellationToken cancellationToken)
    {
        var row = await connection.Sql(ById, transaction).Bind("Id", id).SingleOrDefaultAsync(Row.Read, cancellationToken)
            .ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>
    /// One message read to decide it inside <paramref name="transaction"/>: on PostgreSQL its row is locked to the end of
    /// the transaction (<c>FOR UPDATE</c>), so a second node deciding the same message waits and then reads the decision.
    /// </summary>
    public static async Task<InboundRecord?> GetToDecideAsync(DbConnection connection, DbTransaction transaction, long id,
        CancellationToken cancellationToken)
    {
        var row = await connection.Sql(connection.Pick(ById, ById + " FOR UPDATE"), transaction).Bind("Id", id)
            .SingleOrDefaultAsync(Row.Read, cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>Another, already decided, message with the same Message-ID (a replay or a second copy).</summary>
    public static async Task<InboundRecord?> FindDecidedByMessageIdAsync(DbConnection connection, DbTransaction? transaction, long id,
        string messageId, CancellationToken cancellationToken)
    {
        var row = await connection.Sql(DecidedByMessageId, transaction).Bind("Id", id).Bind("MessageId", messageId)
            .FirstOrDefaultAsync(Row.Read, cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public static Task DecideAsync(DbConnection connection, DbTransaction transaction, long id, InboundDecision decision,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Sql(DecideSql, transaction).Bind("Id", id).Bind("Status", Name(decision.Status)).Bind("Reason", decision.Reason)
            .Bind("Detail", decision.Detail).Bind("PredictionId", decision.PredictionId).Bind("ResolutionId", decision.ResolutionId)
            .Bind("Now", now.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken);

    public static async Task<IReadOnlyList<InboundRecord>> ListAsync(DbConnection connection, bool rejectedOnly,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(rejectedOnly ? ListRejectedSql : ListSql).QueryAsync(Row.Read, cancellationToken)
            .ConfigureAwait(false);
        return [.. rows.Select(static r => r.ToRecord())];
    }

    public static async Task<IReadOnlyList<InboundRecord>> ListHeldAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(HeldSql).QueryAsync(Row.Read, cancellationToken)
            .ConfigureAwait(false);
        return [.. rows.Select(static r => r.ToRecord())];
    }

    /// <summary>Like <see cref="FindDecidedByMessageIdAsync"/>, for a held message being released.</summary>
    public static async Task<InboundRecord?> FindAppliedCopyByMessageIdAsync(DbConnection connection, DbTransaction? transaction, long id,
        string messageId, CancellationToken cancellationToken)
    {
        var row = await connection.Sql(DecidedByMessageIdForReleaseSql, transaction).Bind("Id", id).Bind("MessageId", messageId)
            .FirstOrDefaultAsync(Row.Read, cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public static async Task<InboundReview?> GetReviewAsync(DbConnection connection, DbTransaction? transaction, long inboundId,
        CancellationToken cancellationToken)
    {
        var row = await connection.Sql(ReviewByIdSql, transaction).Bind("Id", inboundId)
            .SingleOrDefaultAsync(ReviewRow.Read, cancellationToken).ConfigureAwait(false);
        return row?.ToReview();
    }

    public static async Task<IReadOnlyList<InboundReview>> ListReviewsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(ListReviewsSql).QueryAsync(ReviewRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return [.. rows.Select(static r => r.ToReview())];
    }

    public static Task AddReviewAsync(DbConnection connection, DbTransaction transaction, InboundReview review,
        CancellationToken cancellationToken) =>
        connection.Sql(InsertReviewSql, transaction).Bind("InboundId", review.InboundId).Bind("Action", Name(review.Action))
            .Bind("Reviewer", review.Reviewer).Bind("Note", review.Note).Bind("HeldReason", review.HeldReason)
            .Bind("HeldDetail", review.HeldDetail).Bind("ReviewedAt", review.ReviewedAt.ToUnixTimeMilliseconds())
            .ExecuteAsync(cancellationToken);

    public static Task AddAnswerAsync(
        DbConnection connection, DbTransaction transaction, long inboundId, string recipient, string kind, string reason,
        string? outboxMessageId, string? suppressed,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Sql(InsertAnswerSql, transaction).Bind("InboundId", inboundId).Bind("Recipient", recipient).Bind("Kind", kind)
            .Bind("Reason", reason).Bind("OutboxMessageId", outboxMessageId).Bind("Suppressed", suppressed)
            .Bind("Now", now.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken);

    public static async Task<DateTimeOffset?> LastRejectionSentAsync(DbConnection connection, DbTransaction? transaction, string recipient,
        string reason, CancellationToken cancellationToken)
    {
        var ms = await connection.Sql(LastSentAnswerSql, transaction).Bind("Recipient", recipient)
            .Bind("Reason", reason).ScalarAsync<long?>(cancellationToken).ConfigureAwait(false);
        return ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    public static Task<long> CountSentAnswersAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.Sql(CountAnswersSql).ScalarAsync<long>(cancellationToken);

    public static Task<long?> GetUidValidityAsync(DbConnection connection, string folder, CancellationToken cancellationToken) =>
        connection.Sql(GetUidValiditySql).Bind("Folder", folder).ScalarAsync<long?>(cancellationToken);

    public static Task SetUidValidityAsync(DbConnection connection, string folder, long uidValidity, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        connection.Sql(SetUidValiditySql).Bind("Folder", folder).Bind("UidValidity", uidValidity).Bind("Now", now.ToUnixTimeMilliseconds())
            .ExecuteAsync(cancellationToken);

    public static string Name(InboundStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(InboundReviewAction action) => action.ToString().ToLowerInvariant();

    private sealed record ReviewRow
    {
        public static ReviewRow Read(DbDataReader r) => new()
        {
            InboundId = r.Int64("InboundId"),
            Action = r.TextOrNull("Action") ?? "",
            Reviewer = r.TextOrNull("Reviewer") ?? "",
            Note = r.TextOrNull("Note"),
            HeldReason = r.TextOrNull("HeldReason"),
            HeldDetail = r.TextOrNull("HeldDetail"),
            ReviewedAt = r.Int64("ReviewedAt"),
        };

        public long InboundId { get; init; }

        public string Action { get; init; } = "";

        public string Reviewer { get; init; } = "";

        public string? Note { get; init; }

        public string? HeldReason { get; init; }

        public string? HeldDetail { get; init; }

        public long ReviewedAt { get; init; }

        public InboundReview ToReview() => new(
            InboundId,
            Enum.Parse<InboundReviewAction>(Action, ignoreCase: true),
            Reviewer,
            Note,
            HeldReason,
            HeldDetail,
            DateTimeOffset.FromUnixTimeMilliseconds(ReviewedAt));
    }

    private sealed record Row
    {
        public static Row Read(DbDataReader r) => new()
        {
            Id = r.Int64("Id"),
            Sha256 = r.TextOrNull("Sha256") ?? "",
            MessageId = r.TextOrNull("MessageId"),
            Source = r.TextOrNull("Source") ?? "",
            SourceRef = r.TextOrNull("SourceRef"),
            Size = r.Int64("Size"),
            ReceivedAt = r.Int64("ReceivedAt"),
            Sender = r.TextOrNull("Sender"),
            Subject = r.TextOrNull("Subject"),
            Status = r.TextOrNull("Status") ?? "",
            Reason = r.TextOrNull("Reason"),
            Detail = r.TextOrNull("Detail"),
            PredictionId = r.TextOrNull("PredictionId"),
            ResolutionId = r.Int64OrNull("ResolutionId"),
            ProcessedAt = r.Int64OrNull("ProcessedAt"),
        };

        public long Id { get; init; }

        public string Sha256 { get; init; } = "";

        public string? MessageId { get; init; }

        public string Source { get; init; } = "";

        public string? SourceRef { get; init; }

        public long Size { get; init; }

        public long ReceivedAt { get; init; }

        public string? Sender { get; init; }

        public string? Subject { get; init; }

        public string Status { get; init; } = "";

        public string? Reason { get; init; }

        public string? Detail { get; init; }

        public string? PredictionId { get; init; }

        public long? ResolutionId { get; init; }

        public long? ProcessedAt { get; init; }

        public InboundRecord ToRecord() => new(
            Id,
            Sha256,
            MessageId,
            Source,
            SourceRef,
            Size,
            DateTimeOffset.FromUnixTimeMilliseconds(ReceivedAt),
            Sender,
            Subject,
            Enum.Parse<InboundStatus>(Status, ignoreCase: true),
            Reason,
            Detail,
            PredictionId,
            ResolutionId,
            ProcessedAt is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null);
    }
}
