using System.Data.Common;
using System.Globalization;
using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Storage;

/// <summary>One prompt thread: a recipient asked about a prediction for one resolve-by date.</summary>
public sealed record PromptThread(long Id, string PredictionId, DateOnly CycleResolveBy, string Recipient, string Role,
    DateTimeOffset CreatedAt);

/// <summary>One mail in a prompt thread.</summary>
public sealed record PromptStepRecord(long PromptId, int Step, PromptStepKind Kind, long OutboxId, string MessageId,
    DateTimeOffset CreatedAt);

/// <summary>Prompt threads and the steps taken in them (migration 0003).</summary>
public static class PromptStore
{
    public const string EditorRole = "editor";
    public const string ChiefRole = "chief";

    private const string InsertThreadSql = """
        INSERT INTO prompts (prediction_id, cycle_resolve_by, recipient, role, created_at)
        VALUES (@PredictionId, @Cycle, @Recipient, @Role, @Now)
        ON CONFLICT (prediction_id, cycle_resolve_by, recipient, role) DO NOTHING
        """;

    private const string ThreadColumns = """
        id AS Id, prediction_id AS PredictionId, cycle_resolve_by AS CycleResolveBy, recipient AS Recipient,
        role AS Role, created_at AS CreatedAt
        """;

    private const string FindThreadSql = "SELECT " + ThreadColumns + """
         FROM prompts WHERE prediction_id = @PredictionId AND cycle_resolve_by = @Cycle AND recipient = @Recipient AND role = @Role
        """;

    private const string ThreadByIdSql = "SELECT " + ThreadColumns + " FROM prompts WHERE id = @Id";

    private const string InsertStepSql = """
        INSERT INTO prompt_steps (prompt_id, step, kind, outbox_id, created_at) VALUES (@PromptId, @Step, @Kind, @OutboxId, @Now)
        ON CONFLICT (prompt_id, step) DO NOTHING
        """;

    private const string StepColumns = """
        s.prompt_id AS PromptId, s.step AS Step, s.kind AS Kind, s.outbox_id AS OutboxId, o.message_id AS MessageId,
        s.created_at AS CreatedAt
        """;

    private const string StepsOfThreadSql = "SELECT " + StepColumns + """
         FROM prompt_steps s JOIN outbox o ON o.id = s.outbox_id WHERE s.prompt_id = @PromptId ORDER BY s.step
        """;

    // The scheduler only needs, per prediction and cycle, the latest step and when it was taken.
    private const string HistorySql = """
        SELECT p.prediction_id AS PredictionId, p.cycle_resolve_by AS CycleResolveBy, s.step AS Step,
               CAST(MAX(s.created_at) AS BIGINT) AS At
        FROM prompt_steps s JOIN prompts p ON p.id = s.prompt_id
        GROUP BY p.prediction_id, p.cycle_resolve_by, s.step
        """;

    private const string ThreadsOfPredictionSql = "SELECT " + ThreadColumns
        + " FROM prompts WHERE prediction_id = @PredictionId ORDER BY id";

    /// <summary>Finds or creates the thread, in the caller's transaction.</summary>
    public static async Task<PromptThread> EnsureThreadAsync(DbConnection connection, DbTransaction transaction, string predictionId,
        DateOnly cycle, string recipient, string role, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalized = PromptRouting.Normalize(recipient);
        await connection.Sql(InsertThreadSql, transaction)
            .Bind("PredictionId", predictionId).Bind("Cycle", Iso(cycle)).Bind("Recipient", normalized).Bind("Role", role)
            .Bind("Now", now.ToUnixTimeMilliseconds())
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.Sql(FindThreadSql, transaction)
            .Bind("PredictionId", predictionId).Bind("Cycle", Iso(cycle)).Bind("Recipient", normalized).Bind("Role", role)
            .SingleAsync(ThreadRow.Read, cancellationToken).ConfigureAwait(false);
        return row.ToThread();
    }

    public static async Task<PromptThread?> FindThreadAsync(DbConnection connection, DbTransaction? transaction, long promptId,
        CancellationToken cancellationToken)
    {
        var row = await connection.Sql(ThreadByIdSql, transaction).Bind("Id", promptId)
            .SingleOrDefaultAsync(ThreadRow.Read, cancellationToken).ConfigureAwait(false);
        return row?.ToThread();
    }

    public static async Task<IReadOnlyList<PromptThread>> ThreadsOfPredictionAsync(DbConnection connection, string predictionId,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(ThreadsOfPredictionSql).Bind("PredictionId", predictionId)
            .QueryAsync(ThreadRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Select(static r => r.ToThread()).ToList();
    }

    public static Task AddStepAsync(DbConnection connection, DbTransaction transaction, long promptId, int step, PromptStepKind kind,
        long outboxId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Sql(InsertStepSql, transaction)
            .Bind("PromptId", promptId).Bind("Step", step).Bind("Kind", KindText(kind)).Bind("OutboxId", outboxId)
            .Bind("Now", now.ToUnixTimeMilliseconds())
            .ExecuteAsync(cancellationToken);

    public static async Task<IReadOnlyList<PromptStepRecord>> StepsAsync(DbConnection connection, DbTransaction? transaction, long promptId,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(StepsOfThreadSql, transaction).Bind("PromptId", promptId)
            .QueryAsync(StepRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Select(static r => new PromptStepRecord(r.PromptId, (int)r.Step, ParseKind(r.Kind), r.OutboxId, r.MessageId,
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt))).ToList();
    }

    public static async Task<IReadOnlyList<PromptHistoryEntry>> HistoryAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(HistorySql).QueryAsync(HistoryRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Select(static r => new PromptHistoryEntry(r.PredictionId, ParseDate(r.CycleResolveBy), (int)r.Step,
            DateTimeOffset.FromUnixTimeMilliseconds(r.At))).ToList();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string KindText(PromptStepKind kind) => kind switch
    {
        PromptStepKind.Initial => "initial",
        PromptStepKind.Reminder => "reminder",
        _ => "escalation",
    };

    private static PromptStepKind ParseKind(string kind) => kind switch
    {
        "initial" => PromptStepKind.Initial,
        "reminder" => PromptStepKind.Reminder,
        _ => PromptStepKind.Escalation,
    };

    private sealed record ThreadRow(long Id, string PredictionId, string CycleResolveBy, string Recipient, string Role, long CreatedAt)
    {
        public static ThreadRow Read(DbDataReader r) => new(r.Int64("Id"), r.Text("PredictionId"), r.Text("CycleResolveBy"),
            r.Text("Recipient"), r.Text("Role"), r.Int64("CreatedAt"));

        public PromptThread ToThread() =>
            new(Id, PredictionId, ParseDate(CycleResolveBy), Recipient, Role, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    private sealed record StepRow(long PromptId, long Step, string Kind, long OutboxId, string MessageId, long CreatedAt)
    {
        public static StepRow Read(DbDataReader r) => new(r.Int64("PromptId"), r.Int64("Step"), r.Text("Kind"), r.Int64("OutboxId"),
            r.Text("MessageId"), r.Int64("CreatedAt"));
    }

    // Aggregate columns have no declared SQLite type: the readers convert whatever comes.
    private sealed class HistoryRow
    {
        public static HistoryRow Read(DbDataReader r) => new()
        {
            PredictionId = r.TextOrNull("PredictionId") ?? "",
            CycleResolveBy = r.TextOrNull("CycleResolveBy") ?? "",
            Step = r.Int64("Step"),
            At = r.Int64("At"),
        };

        public string PredictionId { get; set; } = "";

        public string CycleResolveBy { get; set; } = "";

        public long Step { get; set; }

        public long At { get; set; }
    }
}
