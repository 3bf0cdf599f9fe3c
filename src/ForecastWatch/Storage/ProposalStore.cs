using System.Data.Common;

namespace ForecastWatch.Storage;

internal sealed record ProposalMailRecord(long Id, string Recipient, string MessageId, string Subject);

/// <summary>Proposal emails and their numbered items (migration 0014).</summary>
internal static class ProposalStore
{
    // Proposed predictions of ingested articles that no proposal email has listed yet, in article order.
    private const string SelectUnmailed = """
        SELECT p.id FROM predictions p JOIN ingested_articles i ON i.article_id = p.article_id
        WHERE p.status = 'proposed' AND NOT EXISTS (SELECT 1 FROM proposal_mail_items m WHERE m.prediction_id = p.id)
        ORDER BY i.fetched_at, p.article_id, p.quote_start, p.id;
        """;

    private const string InsertMail = """
        INSERT INTO proposal_mails (recipient, message_id, subject, created_at) VALUES (@Recipient, @MessageId, @Subject, @Now)
        RETURNING id;
        """;

    private const string SetMessageId = "UPDATE proposal_mails SET message_id = @MessageId, subject = @Subject WHERE id = @Id;";

    private const string InsertItem =
        "INSERT INTO proposal_mail_items (mail_id, number, prediction_id) VALUES (@MailId, @Number, @PredictionId);";

    private const string SelectMail =
        "SELECT id AS Id, recipient AS Recipient, message_id AS MessageId, subject AS Subject FROM proposal_mails WHERE id = @Id;";

    private const string SelectItems =
        "SELECT number AS Number, prediction_id AS PredictionId FROM proposal_mail_items WHERE mail_id = @Id ORDER BY number;";

    public static async Task<IReadOnlyList<string>> GetUnmailedAsync(DbConnection connection, DbTransaction transaction,
        CancellationToken cancellationToken) =>
        [.. await connection.Sql(SelectUnmailed, transaction).QueryAsync(SqlRead.First<string>, cancellationToken).ConfigureAwait(false)];

    /// <summary>Adds a mail row with a placeholder Message-ID (unique per call) and returns its id.</summary>
    public static Task<long> AddMailAsync(DbConnection connection, DbTransaction transaction, string recipient, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        connection.Sql(InsertMail, transaction)
            .Bind("Recipient", recipient)
            .Bind("MessageId", "pending." + Guid.NewGuid().ToString("N"))
            .Bind("Subject", "")
            .Bind("Now", StorageJson.Instant(now))
            .ScalarAsync<long>(cancellationToken);

    public static async Task CompleteMailAsync(DbConnection connection, DbTransaction transaction, long id, string messageId,
        string subject, IReadOnlyList<string> predictionIds, CancellationToken cancellationToken)
    {
        await connection.Sql(SetMessageId, transaction).Bind("Id", id).Bind("MessageId", messageId).Bind("Subject", subject)
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < predictionIds.Count; i++)
        {
            await connection.Sql(InsertItem, transaction).Bind("MailId", id).Bind("Number", i + 1).Bind("PredictionId", predictionIds[i])
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static Task<ProposalMailRecord?> GetMailAsync(DbConnection connection, DbTransaction transaction, long id,
        CancellationToken cancellationToken) =>
        connection.Sql(SelectMail, transaction).Bind("Id", id).SingleOrDefaultAsync(
            static r => new ProposalMailRecord(r.Int64("Id"), r.Text("Recipient"), r.Text("MessageId"), r.Text("Subject")),
            cancellationToken);

    public static async Task<IReadOnlyDictionary<int, string>> GetItemsAsync(DbConnection connection, DbTransaction transaction, long id,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectItems, transaction).Bind("Id", id)
            .QueryAsync(static r => new ItemRow(r.Int64("Number"), r.Text("PredictionId")), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(static r => (int)r.Number, static r => r.PredictionId);
    }

    private sealed record ItemRow(long Number, string PredictionId);
}
