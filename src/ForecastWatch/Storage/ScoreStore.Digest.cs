using System.Data.Common;
using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Storage;

/// <summary>The weekly digest's reads: what it shows, through the running sums and indexes.</summary>
internal static partial class ScoreStore
{
    // The elements of a JSON array parameter as a table of one column, value: SQLite's json_each, PostgreSQL's
    // jsonb_array_elements_text. The statements below that take a list exist once per dialect, built from these.
    private const string IdsSqlite = "SELECT value FROM json_each(@Ids)";
    private const string IdsPostgres = "SELECT value FROM jsonb_array_elements_text(CAST(@Ids AS jsonb)) AS j (value)";
    private const string DaysSqlite = "SELECT value FROM json_each(@Days)";
    private const string DaysPostgres = "SELECT value FROM jsonb_array_elements_text(CAST(@Days AS jsonb)) AS j (value)";

    // Who was asked about the overdue predictions a digest shows: every step (first prompt, reminders,
    // escalation), at the time the mail left (or was queued, while it has not); a withdrawn step never asked anyone.
    private const string PromptsSentHead = """
        SELECT p.prediction_id AS PredictionId, p.recipient AS Recipient, COALESCE(o.sent_at, s.created_at) AS At
        FROM prompts p
        JOIN prompt_steps s ON s.prompt_id = p.id
        JOIN outbox o ON o.id = s.outbox_id
        WHERE p.prediction_id IN (
        """;

    private const string PromptsSentTail = """
        )
          AND o.status <> 'withdrawn'
        ORDER BY At, p.recipient;
        """;

    private const string SelectPromptsSent = PromptsSentHead + IdsSqlite + PromptsSentTail;
    private const string SelectPromptsSentPostgres = PromptsSentHead + IdsPostgres + PromptsSentTail;

    // Prompts that bounced or were given up on during the digest period.
    private const string SelectDeliveryProblems = """
        SELECT o.prediction_id AS PredictionId, o.recipients AS Recipients, COALESCE(o.last_attempt_at, o.created_at) AS At,
               o.last_error AS LastError, o.reply_code AS ReplyCode, o.enhanced_status AS EnhancedStatus, o.status AS Status
        FROM outbox o
        WHERE o.status IN ('bounced', 'failed') AND o.prediction_id IS NOT NULL
          AND COALESCE(o.last_attempt_at, o.created_at) > @From AND COALESCE(o.last_attempt_at, o.created_at) <= @To
        ORDER BY At DESC
        LIMIT 1000;
        """;

    // The digest's candidates (migration 0010's indexes). Resolved in the period: the latest MaxItemsPerSection,
    // and every prediction tied with the last of them; an annulled conditional (its condition did not hold, its claim
    // not void) is listed as "condition not met", not as resolved, even when its claim had been answered first.
    private const string ResolvedInPeriod = """
        FROM prediction_outcomes o JOIN predictions p ON p.id = o.prediction_id
        WHERE o.verdict IS NOT NULL AND p.status = 'accepted' AND o.resolved_at > @From AND o.resolved_at <= @To
          AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no' AND o.verdict <> 'void')
        """;

    private const string CountResolvedInPeriod = "SELECT count(*) " + ResolvedInPeriod + ";";

    private const string SelectResolvedCandidates = "SELECT o.prediction_id " + ResolvedInPeriod + """
          AND o.resolved_at >= COALESCE((SELECT o.resolved_at
        """ + " " + ResolvedInPeriod + """
         ORDER BY o.resolved_at DESC LIMIT 1 OFFSET @Max - 1), @From);
        """;

    private const string SelectOpenByDue = """
        SELECT due AS Due, n AS Count FROM score_sums WHERE dimension = 'all' AND state = 'open' AND n > 0;
        """;

    // Open predictions falling due on the given days: on their own date (ix_predictions_resolve_by), or on a date
    // an EXTEND moved them to (ix_prediction_outcomes_extend_to), or conditionals whose unanswered condition is due
    // then (ix_predictions_conditional, migration 0017: its CONDITION EXTEND, else condition_json's resolveBy). A
    // conditional found by its claim's date whose condition is due another day is harmless: the builder ranks by DueOn.
    private const string SelectOpenDueOn =
        OpenDueOnHead + DaysSqlite + OpenDueOnMiddle + DaysSqlite + OpenDueOnTail + " " + ConditionDueSqlite + " IN (" + DaysSqlite + ");";

    private const string SelectOpenDueOnPostgres =
        OpenDueOnHead + DaysPostgres + OpenDueOnMiddle + DaysPostgres + OpenDueOnTail + " " + ConditionDuePostgres + " IN (" + DaysPostgres
            + ");";

    private const string ConditionDueSqlite = """
        COALESCE(o.condition_extend_to, CASE WHEN json_valid(p.condition_json) AND json_type(p.condition_json, '$.resolveBy') = 'text'
                                             THEN json_extract(p.condition_json, '$.resolveBy') END)
        """;

    private const string ConditionDuePostgres = "COALESCE(o.condition_extend_to, fw_condition_by(p.condition_json))";

    private const string OpenDueOnHead = """
        SELECT p.id FROM predictions p LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id WHERE p.resolve_by IN (
        """;

    private const string OpenDueOnMiddle = """
        ) AND o.extend_to IS NULL AND o.verdict IS NULL AND p.status = 'accepted'
        UNION
        SELECT o.prediction_id FROM prediction_outcomes o JOIN predictions p ON p.id = o.prediction_id
        WHERE o.extend_to IS NOT NULL AND o.extend_to IN (
        """;

    private const string OpenDueOnTail = """
        ) AND o.verdict IS NULL AND p.status = 'accepted'
        UNION
        SELECT p.id FROM predictions p LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id
        WHERE p.condition IS NOT NULL AND p.status = 'accepted' AND o.verdict IS NULL AND o.condition_verdict IS NULL AND
        """;

    private const string SelectScoredByIds = ScoredRows + " AND p.id IN (" + IdsSqlite + ") ORDER BY p.id, r.id;";
    private const string SelectScoredByIdsPostgres = ScoredRows + " AND p.id IN (" + IdsPostgres + ") ORDER BY p.id, r.id;";

    /// <summary>
    /// Builds a digest from what it shows, not from every prediction: the scorecard from the running sums, the
    /// predictions resolved in the period and the open ones that can rank in the overdue and due-soon lists through
    /// indexes (migration 0010), and the lists' totals from counts. A digest by article reads every prediction
    /// (<see cref="ScanDigestAsync"/>). Then the hooks: who was asked about each overdue prediction shown, and which
    /// prompts bounced.
    /// </summary>
    public static async Task<DigestModel> BuildDigestAsync(
        DbConnection connection, DigestBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (SumsDimension(builder.Settings.Dimension) is null)
        {
            return await ScanDigestAsync(connection, builder, cancellationToken).ConfigureAwait(false);
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var settings = builder.Settings;
            builder.UseScorecard(await SumScorecardAsync(
                connection, transaction, new ScorecardBuilder(settings.Dimension, builder.Today, settings.Scoring),
                cancellationToken).ConfigureAwait(false));

            var from = builder.PeriodStart.ToUnixTimeMilliseconds();
            var to = builder.AsOf.ToUnixTimeMilliseconds();
            var resolvedTotal = await connection.Sql(CountResolvedInPeriod, transaction).Bind("From", from).Bind("To", to)
                .ScalarAsync<int>(cancellationToken).ConfigureAwait(false);
            var ids = await connection.Sql(SelectResolvedCandidates, transaction).Bind("From", from).Bind("To", to)
                .Bind("Max", settings.MaxItemsPerSection).QueryAsync(SqlRead.First<string>, cancellationToken).ConfigureAwait(false);

            // Open predictions by the day they fall due, from the overall sums: the lists' totals, and the few
            // earliest days whose predictions can be shown (a day is taken whole, so ties rank as in the scan).
            var open = await connection.Sql(SelectOpenByDue, transaction).QueryAsync(OpenDueRow.Read, cancellationToken)
                .ConfigureAwait(false);
            var (overdueTotal, dueSoonTotal, days) = PickOpenDays(open, builder.Today, settings);
            if (days.Count > 0)
            {
                ids.AddRange(await connection.Sql(connection.Pick(SelectOpenDueOn, SelectOpenDueOnPostgres), transaction)
                    .Bind("Days", StorageJson.List(days)).QueryAsync(SqlRead.First<string>, cancellationToken).ConfigureAwait(false));
            }

            await foreach (var p in StreamAsync(connection, connection.Pick(SelectScoredByIds, SelectScoredByIdsPostgres),
                StorageJson.List(ids), transaction, cancellationToken).ConfigureAwait(false))
            {
                builder.Add(p);
            }

            builder.UseTotals(resolvedTotal, overdueTotal, dueSoonTotal);
            return await FinishDigestAsync(connection, transaction, builder, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The digest from every prediction, streamed: the reference <see cref="BuildDigestAsync"/> is tested against.</summary>
    public static async Task<DigestModel> ScanDigestAsync(
        DbConnection connection, DigestBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        await foreach (var p in StreamAsync(connection, SelectScored, null, null, cancellationToken).ConfigureAwait(false))
        {
            builder.Add(p);
        }

        return await FinishDigestAsync(connection, null, builder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Totals of the open lists and the days whose open predictions can be shown.</summary>
    private static (int Overdue, int DueSoon, List<string> Days) PickOpenDays(IEnumerable<OpenDueRow> rows, DateOnly today,
        DigestSettings settings)
    {
        var overdue = new List<(DateOnly Day, string Text, int Count)>();
        var dueSoon = new List<(DateOnly Day, string Text, int Count)>();
        foreach (var row in rows)
        {
            if (ReadDate(row.Due) is not { } due)
            {
                continue;
            }

            if (due.AddDays(settings.Scoring.OverdueGraceDays) < today)
            {
                overdue.Add((due, row.Due, checked((int)row.Count)));
            }
            else if (due >= today && due <= today.AddDays(settings.DueSoonDays))
            {
                dueSoon.Add((due, row.Due, checked((int)row.Count)));
            }
        }

        var days = new List<string>();
        foreach (var list in new[] { overdue, dueSoon })
        {
            var taken = 0;
            foreach (var (_, text, count) in list.OrderBy(static d => d.Day))
            {
                if (taken >= settings.MaxItemsPerSection)
                {
                    break;
                }

                days.Add(text);
                taken += count;
            }
        }

        return (overdue.Sum(static d => d.Count), dueSoon.Sum(static d => d.Count), days);
    }

    private static async Task<DigestModel> FinishDigestAsync(DbConnection connection, DbTransaction? transaction, DigestBuilder builder,
        CancellationToken cancellationToken)
    {
        var ids = StorageJson.List(builder.ShownOverdueIds);
        var prompts = (await connection.Sql(connection.Pick(SelectPromptsSent, SelectPromptsSentPostgres), transaction)
            .Bind("Ids", ids).QueryAsync(PromptRow.Read, cancellationToken).ConfigureAwait(false))
            .GroupBy(static r => r.PredictionId, StringComparer.Ordinal)
            .ToDictionary(
                static g => g.Key,
                static g => (IReadOnlyList<PromptSent>)[
                    .. g.Select(static r => new PromptSent(r.Recipient, DateTimeOffset.FromUnixTimeMilliseconds(r.At)))],
                StringComparer.Ordinal);
        var problems = await connection.Sql(SelectDeliveryProblems, transaction)
            .Bind("From", builder.PeriodStart.ToUnixTimeMilliseconds()).Bind("To", builder.AsOf.ToUnixTimeMilliseconds())
            .QueryAsync(ProblemRow.Read, cancellationToken).ConfigureAwait(false);
        return builder.Build(
            id => prompts.TryGetValue(id, out var sent) ? sent : [],
            problems.Select(static r => new DeliveryProblem(
                r.PredictionId,
                r.Recipients.Replace('\n', ','),
                DateTimeOffset.FromUnixTimeMilliseconds(r.At),
                Reason(r))));
    }

    private static string Reason(ProblemRow r)
    {
        var code = string.Join(' ',
            new[] { r.ReplyCode?.ToString(CultureInfo.InvariantCulture), r.EnhancedStatus }.Where(static s => !string.IsNullOrEmpty(s)));
        var text = string.IsNullOrWhiteSpace(r.LastError) ? r.Status : r.LastError.Trim();
        return code.Length > 0 && !text.StartsWith(code, StringComparison.Ordinal) ? $"{code} {text}" : text;
    }

    private sealed record OpenDueRow
    {
        public static OpenDueRow Read(DbDataReader r) => new() { Due = r.TextOrNull("Due") ?? "", Count = r.Int64("Count") };

        public string Due { get; init; } = "";

        public long Count { get; init; }
    }

    private sealed record PromptRow
    {
        public static PromptRow Read(DbDataReader r) => new()
        {
            PredictionId = r.TextOrNull("PredictionId") ?? "",
            Recipient = r.TextOrNull("Recipient") ?? "",
            At = r.Int64("At"),
        };

        public string PredictionId { get; init; } = "";

        public string Recipient { get; init; } = "";

        public long At { get; init; }
    }

    private sealed record ProblemRow
    {
        public static ProblemRow Read(DbDataReader r) => new()
        {
            PredictionId = r.TextOrNull("PredictionId") ?? "",
            Recipients = r.TextOrNull("Recipients") ?? "",
            At = r.Int64("At"),
            LastError = r.TextOrNull("LastError"),
            ReplyCode = r.Int64OrNull("ReplyCode"),
            EnhancedStatus = r.TextOrNull("EnhancedStatus"),
            Status = r.TextOrNull("Status") ?? "",
        };

        public string PredictionId { get; init; } = "";

        public string Recipients { get; init; } = "";

        public long At { get; init; }

        public string? LastError { get; init; }

        public long? ReplyCode { get; init; }

        public string? EnhancedStatus { get; init; }

        public string Status { get; init; } = "";
    }
}
