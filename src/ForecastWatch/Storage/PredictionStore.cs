using System.Data.Common;
using System.Text.Json;
using ForecastWatch.Domain;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Storage;

/// <summary>A stored prediction with what list and show print beside it.</summary>
internal sealed record StoredPrediction(Prediction Prediction, string Outlet, PartialDate? MadeOn, string ArticleTitle);

internal sealed record HistoryEntry(long Id, string PredictionId, DateTimeOffset ChangedAt, string Change,
    IReadOnlyList<string> ChangedFields, string? BeforeJson, string AfterJson);

/// <summary>
/// Predictions, their history and their resolutions (one aggregate). Resolutions and history are append-only:
/// this store has no statement that updates or deletes them, and triggers in 0001 refuse it anyway.
/// </summary>
internal static class PredictionStore
{
    private const string SelectColumns = """
        SELECT p.id AS Id, p.article_id AS ArticleId, p.claim AS Claim, p.quote AS Quote, p.quote_start AS QuoteStart,
               p.horizon AS Horizon, p.earliest AS Earliest, p.resolve_by AS ResolveBy, p.resolve_by_precision AS ResolveByPrecision,
               p.resolve_by_override AS ResolveByOverride, p.undated AS Undated, p.ends_before_publication AS EndsBeforePublication,
               p.kind AS Kind, p.metric AS Metric, p.comparator AS Comparator, p.threshold AS Threshold, p.low AS Low, p.high AS High,
               p.unit AS Unit, p.condition AS Condition, p.condition_json AS ConditionJson, p.probability AS Probability, p.hedge AS Hedge,
               p.probability_source AS ProbabilitySource, p.tags_json AS TagsJson, p.criteria AS Criteria,
               p.editors_json AS EditorsJson, p.status AS Status, p.origin AS Origin,
               a.outlet AS Outlet, a.published AS MadeOn, a.title AS ArticleTitle
        FROM predictions p JOIN articles a ON a.id = p.article_id
        """;

    private const string SelectAll = SelectColumns + " ORDER BY p.resolve_by IS NULL, p.resolve_by, p.id;";

    private const string SelectById = SelectColumns + " WHERE p.id = @Id;";

    private const string Insert = """
        INSERT INTO predictions (id, article_id, claim, quote, quote_start, horizon, earliest, resolve_by, resolve_by_precision,
            resolve_by_override, undated, ends_before_publication, kind, metric, comparator, threshold, low, high, unit, condition,
            condition_json, probability, hedge, probability_source, tags_json, criteria, editors_json, status, origin, created_at,
            updated_at)
        VALUES (@Id, @ArticleId, @Claim, @Quote, @QuoteStart, @Horizon, @Earliest, @ResolveBy, @ResolveByPrecision,
            @ResolveByOverride, @Undated, @EndsBeforePublication, @Kind, @Metric, @Comparator, @Threshold, @Low, @High, @Unit, @Condition,
            @ConditionJson, @Probability, @Hedge, @ProbabilitySource, @TagsJson, @Criteria, @EditorsJson, @Status, @Origin, @Now, @Now);
        """;

    private const string Update = """
        UPDATE predictions SET article_id = @ArticleId, claim = @Claim, quote = @Quote, quote_start = @QuoteStart, horizon = @Horizon,
            earliest = @Earliest, resolve_by = @ResolveBy, resolve_by_precision = @ResolveByPrecision,
            resolve_by_override = @ResolveByOverride, undated = @Undated, ends_before_publication = @EndsBeforePublication,
            kind = @Kind, metric = @Metric, comparator = @Comparator, threshold = @Threshold, low = @Low, high = @High, unit = @Unit,
            condition = @Condition, condition_json = @ConditionJson, probability = @Probability, hedge = @Hedge,
            probability_source = @ProbabilitySource,
            tags_json = @TagsJson, criteria = @Criteria, editors_json = @EditorsJson, status = @Status, origin = @Origin,
            updated_at = @Now
        WHERE id = @Id;
        """;

    private const string InsertHistory = """
        INSERT INTO prediction_history (prediction_id, changed_at, change, changed_fields, before_json, after_json)
        VALUES (@PredictionId, @ChangedAt, @Change, @ChangedFields, @BeforeJson, @AfterJson);
        """;

    private const string SelectHistory = """
        SELECT id AS Id, prediction_id AS PredictionId, changed_at AS ChangedAt, change AS Change, changed_fields AS ChangedFields,
               before_json AS BeforeJson, after_json AS AfterJson
        FROM prediction_history WHERE prediction_id = @Id ORDER BY id;
        """;

    private const string ResolutionColumns = """
        SELECT id AS Id, prediction_id AS PredictionId, verdict AS Verdict, fraction AS Fraction, value AS Value,
               value_unit AS ValueUnit, extend_to AS ExtendTo, note AS Note, evidence_json AS EvidenceJson,
               resolved_by AS ResolvedBy, resolved_at AS ResolvedAt, source AS Source, source_message_id AS SourceMessageId,
               supersedes_id AS SupersedesId, target AS Target
        FROM resolutions
        """;

    private const string SelectResolutions = ResolutionColumns + " WHERE prediction_id = @Id ORDER BY id;";

    private const string SelectAllResolutions = ResolutionColumns + " ORDER BY id;";

    private const string InsertResolution = """
        INSERT INTO resolutions (prediction_id, verdict, fraction, value, value_unit, extend_to, note, evidence_json,
            resolved_by, resolved_at, source, source_message_id, supersedes_id, target)
        VALUES (@PredictionId, @Verdict, @Fraction, @Value, @ValueUnit, @ExtendTo, @Note, @EvidenceJson,
            @ResolvedBy, @ResolvedAt, @Source, @SourceMessageId, @SupersedesId, @Target)
        RETURNING id;
        """;

    public static async Task<IReadOnlyList<StoredPrediction>> GetAllAsync(DbConnection connection, CancellationToken cancellationToken,
        DbTransaction? transaction = null)
    {
        var rows = await connection.Sql(SelectAll, transaction).QueryAsync(PredictionRow.Read, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToStored)];
    }

    public static async Task<StoredPrediction?> GetAsync(DbConnection connection, DbTransaction? transaction, string id,
        CancellationToken cancellationToken)
    {
        var row = await connection.Sql(SelectById, transaction).Bind("Id", id)
            .SingleOrDefaultAsync(PredictionRow.Read, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToStored(row);
    }

    /// <summary>Inserts or updates one prediction and appends a history entry for every insert or real change.</summary>
    public static async Task<(ImportChange Change, IReadOnlyList<string> Fields)> UpsertAsync(
        DbConnection connection, DbTransaction transaction, Prediction prediction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(connection, transaction, prediction.Id, cancellationToken).ConfigureAwait(false);
        return await UpsertAsync(connection, transaction, prediction, existing, now, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="existing">The stored version (read in the same transaction), or null for a new prediction.</param>
    public static async Task<(ImportChange Change, IReadOnlyList<string> Fields)> UpsertAsync(
        DbConnection connection, DbTransaction transaction, Prediction prediction, StoredPrediction? existing, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var writer = new Writer(connection, transaction);
        await using (writer.ConfigureAwait(false))
        {
            return await writer.UpsertAsync(prediction, existing, now, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Upserts many predictions in one transaction through prepared commands reused for every row (see
    /// <see cref="RowCommand"/>): an import of thousands compiles each statement and its triggers once.
    /// </summary>
    internal sealed class Writer(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        private RowCommand? _insert;
        private RowCommand? _update;
        private RowCommand? _history;

        /// <summary>Inserts or updates one prediction and appends a history entry for every insert or real change.</summary>
        /// <param name="existing">The stored version (read in the same transaction), or null for a new prediction.</param>
        public async Task<(ImportChange Change, IReadOnlyList<string> Fields)> UpsertAsync(
            Prediction prediction, StoredPrediction? existing, DateTimeOffset now, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(prediction);
            IReadOnlyList<string> changed = existing is null ? [] : PredictionSnapshot.Diff(existing.Prediction, prediction);
            if (existing is not null && changed.Count == 0)
            {
                return (ImportChange.Unchanged, []);
            }

            var write = existing is null
                ? _insert ??= new RowCommand(connection, transaction, Insert)
                : _update ??= new RowCommand(connection, transaction, Update);
            await write.ExecuteAsync(ToRow(prediction), [("Now", StorageJson.Instant(now))], cancellationToken).ConfigureAwait(false);
            _history ??= new RowCommand(connection, transaction, InsertHistory);
            await _history.ExecuteAsync(
                new HistoryInsert(
                    prediction.Id,
                    StorageJson.Instant(now),
                    existing is null ? "created" : "updated",
                    StorageJson.List(changed),
                    existing is null ? null : Snapshot(existing.Prediction),
                    Snapshot(prediction)),
                [],
                cancellationToken).ConfigureAwait(false);
            return (existing is null ? ImportChange.Added : ImportChange.Updated, changed);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in new[] { _insert, _update, _history })
            {
                if (command is not null)
                {
                    await command.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private sealed record HistoryInsert(string PredictionId, long ChangedAt, string Change, string ChangedFields, string? BeforeJson,
        string AfterJson);

    public static async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(DbConnection connection, string id,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectHistory).Bind("Id", id).QueryAsync(HistoryRow.Read, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(static r => new HistoryEntry(r.Id, r.PredictionId, StorageJson.ReadInstant(r.ChangedAt), r.Change,
            StorageJson.ReadList(r.ChangedFields), r.BeforeJson, r.AfterJson))];
    }

    public static async Task<IReadOnlyList<ResolutionRecord>> GetResolutionsAsync(DbConnection connection, DbTransaction? transaction,
        string id, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectResolutions, transaction).Bind("Id", id)
            .QueryAsync(ResolutionRow.Read, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToRecord)];
    }

    /// <summary>
    /// The resolutions of one prediction, read to decide a new one inside <paramref name="transaction"/>. On PostgreSQL
    /// the prediction's row is locked first (<c>FOR UPDATE</c>, held to the end of the transaction), so two transactions
    /// deciding about one prediction run one after the other and the second reads the first's resolution; under READ
    /// COMMITTED both would otherwise read none and both record. SQLite's BEGIN IMMEDIATE already serialises writers.
    /// </summary>
    public static async Task<IReadOnlyList<ResolutionRecord>> GetResolutionsToDecideAsync(DbConnection connection,
        DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        if (SqlDialects.Of(connection) == SqlDialect.Postgres)
        {
            await connection.Sql("SELECT id FROM predictions WHERE id = @Id FOR UPDATE", transaction).Bind("Id", id)
                .QueryAsync(SqlRead.First<string>, cancellationToken).ConfigureAwait(false);
        }

        return await GetResolutionsAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ILookup<string, ResolutionRecord>> GetAllResolutionsAsync(DbConnection connection,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectAllResolutions).QueryAsync(ResolutionRow.Read, cancellationToken).ConfigureAwait(false);
        return rows.Select(ToRecord).ToLookup(static r => r.PredictionId, StringComparer.Ordinal);
    }

    public static async Task<ResolutionRecord> AppendResolutionAsync(DbConnection connection, DbTransaction transaction,
        ResolutionRecord record, CancellationToken cancellationToken)
    {
        var id = await connection.Sql(InsertResolution, transaction)
            .Bind("PredictionId", record.PredictionId)
            .Bind("Verdict", ManifestNames.Of(record.Verdict))
            .Bind("Fraction", record.Fraction)
            .Bind("Value", record.Value)
            .Bind("ValueUnit", record.ValueUnit)
            .Bind("ExtendTo", StorageJson.Date(record.ExtendTo))
            .Bind("Note", record.Note)
            .Bind("EvidenceJson", StorageJson.List(record.Evidence))
            .Bind("ResolvedBy", record.ResolvedBy)
            .Bind("ResolvedAt", StorageJson.Instant(record.ResolvedAt))
            .Bind("Source", ManifestNames.Of(record.Source))
            .Bind("SourceMessageId", record.SourceMessageId)
            .Bind("SupersedesId", record.SupersedesId)
            .Bind("Target", ManifestNames.Of(record.Target))
            .ScalarAsync<long>(cancellationToken).ConfigureAwait(false);
        return record with { Id = id };
    }

    private static string Snapshot(Prediction prediction) =>
        JsonSerializer.Serialize(PredictionSnapshot.Fields(prediction), DomainJsonContext.Default.IReadOnlyDictionaryStringString);

    private static PredictionRow ToRow(Prediction p) => new()
    {
        Id = p.Id,
        ArticleId = p.ArticleId,
        Claim = p.Claim,
        Quote = p.Quote,
        QuoteStart = p.QuoteStart,
        Horizon = p.Horizon,
        Earliest = StorageJson.Date(p.Earliest),
        ResolveBy = StorageJson.Date(p.ResolveBy),
        ResolveByPrecision = p.ResolveByPrecision is { } precision ? ManifestNames.Of(precision) : null,
        ResolveByOverride = p.ResolveByOverride ? 1 : 0,
        Undated = p.Undated ? 1 : 0,
        EndsBeforePublication = p.EndsBeforePublication ? 1 : 0,
        Kind = ManifestNames.Of(p.Kind),
        Metric = p.Metric,
        Comparator = p.Comparator?.ToSymbol(),
        Threshold = p.Threshold,
        Low = p.Low,
        High = p.High,
        Unit = p.Unit,
        Condition = p.Condition,
        ConditionJson = p.ConditionSpec?.ToJson(),
        Probability = p.Probability,
        Hedge = p.Hedge,
        ProbabilitySource = p.ProbabilitySource is { } source ? ManifestNames.Of(source) : null,
        TagsJson = StorageJson.List(p.Tags),
        Criteria = p.Criteria,
        EditorsJson = StorageJson.List(p.Editors),
        Status = ManifestNames.Of(p.Status),
        Origin = ManifestNames.Of(p.Origin),
    };

    private static StoredPrediction ToStored(PredictionRow r)
    {
        var prediction = new Prediction
        {
            Id = r.Id,
            ArticleId = r.ArticleId,
            Claim = r.Claim,
            Quote = r.Quote,
            QuoteStart = checked((int)r.QuoteStart),
            Horizon = r.Horizon,
            Earliest = StorageJson.ReadDate(r.Earliest),
            ResolveBy = StorageJson.ReadDate(r.ResolveBy),
            ResolveByPrecision = r.ResolveByPrecision is null ? null : ManifestNames.Parse<DatePrecision>(r.ResolveByPrecision),
            ResolveByOverride = r.ResolveByOverride != 0,
            Undated = r.Undated != 0,
            EndsBeforePublication = r.EndsBeforePublication != 0,
            Kind = ManifestNames.Parse<PredictionKind>(r.Kind),
            Metric = r.Metric,
            Comparator = Comparators.TryParse(r.Comparator, out var comparator) ? comparator : null,
            Threshold = r.Threshold,
            Low = r.Low,
            High = r.High,
            Unit = r.Unit,
            Condition = r.Condition,
            ConditionSpec = ConditionSpec.FromJson(r.ConditionJson),
            Probability = r.Probability,
            Hedge = r.Hedge,
            ProbabilitySource = r.ProbabilitySource is null ? null : ManifestNames.Parse<ProbabilitySource>(r.ProbabilitySource),
            Tags = StorageJson.ReadList(r.TagsJson),
            Criteria = r.Criteria,
            Editors = StorageJson.ReadList(r.EditorsJson),
            Status = ManifestNames.Parse<EntryStatus>(r.Status),
            Origin = ManifestNames.Parse<PredictionOrigin>(r.Origin),
        };
        return new StoredPrediction(prediction, r.Outlet, r.MadeOn is null ? null : PartialDate.Parse(r.MadeOn), r.ArticleTitle);
    }

    private static ResolutionRecord ToRecord(ResolutionRow r) => new(
        r.Id,
        r.PredictionId,
        ManifestNames.Parse<Verdict>(r.Verdict),
        r.Fraction,
        r.Value,
        r.ValueUnit,
        StorageJson.ReadDate(r.ExtendTo),
        r.Note,
        StorageJson.ReadList(r.EvidenceJson),
        r.ResolvedBy,
        StorageJson.ReadInstant(r.ResolvedAt),
        ManifestNames.Parse<ResolutionSource>(r.Source),
        r.SourceMessageId,
        r.SupersedesId)
    {
        Target = ManifestNames.Parse<ResolutionTarget>(r.Target),
    };

    private sealed record PredictionRow
    {
        public static PredictionRow Read(DbDataReader r) => new()
        {
            Id = r.TextOrNull("Id") ?? "",
            ArticleId = r.TextOrNull("ArticleId") ?? "",
            Claim = r.TextOrNull("Claim") ?? "",
            Quote = r.TextOrNull("Quote") ?? "",
            QuoteStart = r.Int64("QuoteStart"),
            Horizon = r.TextOrNull("Horizon"),
            Earliest = r.TextOrNull("Earliest"),
            ResolveBy = r.TextOrNull("ResolveBy"),
            ResolveByPrecision = r.TextOrNull("ResolveByPrecision"),
            ResolveByOverride = r.Int64("ResolveByOverride"),
            Undated = r.Int64("Undated"),
            EndsBeforePublication = r.Int64("EndsBeforePublication"),
            Kind = r.TextOrNull("Kind") ?? "",
            Metric = r.TextOrNull("Metric"),
            Comparator = r.TextOrNull("Comparator"),
            Threshold = r.DoubleOrNull("Threshold"),
            Low = r.DoubleOrNull("Low"),
            High = r.DoubleOrNull("High"),
            Unit = r.TextOrNull("Unit"),
            Condition = r.TextOrNull("Condition"),
            ConditionJson = r.TextOrNull("ConditionJson"),
            Probability = r.DoubleOrNull("Probability"),
            Hedge = r.TextOrNull("Hedge"),
            ProbabilitySource = r.TextOrNull("ProbabilitySource"),
            TagsJson = r.TextOrNull("TagsJson") ?? "[]",
            Criteria = r.TextOrNull("Criteria") ?? "",
            EditorsJson = r.TextOrNull("EditorsJson") ?? "[]",
            Status = r.TextOrNull("Status") ?? "",
            Origin = r.TextOrNull("Origin") ?? "",
            Outlet = r.TextOrNull("Outlet") ?? "",
            MadeOn = r.TextOrNull("MadeOn"),
            ArticleTitle = r.TextOrNull("ArticleTitle") ?? "",
        };

        public string Id { get; init; } = "";

        public string ArticleId { get; init; } = "";

        public string Claim { get; init; } = "";

        public string Quote { get; init; } = "";

        public long QuoteStart { get; init; }

        public string? Horizon { get; init; }

        public string? Earliest { get; init; }

        public string? ResolveBy { get; init; }

        public string? ResolveByPrecision { get; init; }

        public long ResolveByOverride { get; init; }

        public long Undated { get; init; }

        public long EndsBeforePublication { get; init; }

        public string Kind { get; init; } = "";

        public string? Metric { get; init; }

        public string? Comparator { get; init; }

        public double? Threshold { get; init; }

        public double? Low { get; init; }

        public double? High { get; init; }

        public string? Unit { get; init; }

        public string? Condition { get; init; }

        public string? ConditionJson { get; init; }

        public double? Probability { get; init; }

        public string? Hedge { get; init; }

        public string? ProbabilitySource { get; init; }

        public string TagsJson { get; init; } = "[]";

        public string Criteria { get; init; } = "";

        public string EditorsJson { get; init; } = "[]";

        public string Status { get; init; } = "";

        public string Origin { get; init; } = "";

        public string Outlet { get; init; } = "";

        public string? MadeOn { get; init; }

        public string ArticleTitle { get; init; } = "";
    }

    private sealed record HistoryRow
    {
        public static HistoryRow Read(DbDataReader r) => new()
        {
            Id = r.Int64("Id"),
            PredictionId = r.TextOrNull("PredictionId") ?? "",
            ChangedAt = r.Int64("ChangedAt"),
            Change = r.TextOrNull("Change") ?? "",
            ChangedFields = r.TextOrNull("ChangedFields") ?? "[]",
            BeforeJson = r.TextOrNull("BeforeJson"),
            AfterJson = r.TextOrNull("AfterJson") ?? "",
        };

        public long Id { get; init; }

        public string PredictionId { get; init; } = "";

        public long ChangedAt { get; init; }

        public string Change { get; init; } = "";

        public string ChangedFields { get; init; } = "[]";

        public string? BeforeJson { get; init; }

        public string AfterJson { get; init; } = "";
    }

    private sealed record ResolutionRow
    {
        public static ResolutionRow Read(DbDataReader r) => new()
        {
            Id = r.Int64("Id"),
            PredictionId = r.TextOrNull("PredictionId") ?? "",
            Verdict = r.TextOrNull("Verdict") ?? "",
            Fraction = r.DoubleOrNull("Fraction"),
            Value = r.DoubleOrNull("Value"),
            ValueUnit = r.TextOrNull("ValueUnit"),
            ExtendTo = r.TextOrNull("ExtendTo"),
            Note = r.TextOrNull("Note"),
            EvidenceJson = r.TextOrNull("EvidenceJson") ?? "[]",
            ResolvedBy = r.TextOrNull("ResolvedBy") ?? "",
            ResolvedAt = r.Int64("ResolvedAt"),
            Source = r.TextOrNull("Source") ?? "",
            SourceMessageId = r.TextOrNull("SourceMessageId"),
            SupersedesId = r.Int64OrNull("SupersedesId"),
            Target = r.TextOrNull("Target") ?? "claim",
        };

        public long Id { get; init; }

        public string PredictionId { get; init; } = "";

        public string Verdict { get; init; } = "";

        public double? Fraction { get; init; }

        public double? Value { get; init; }

        public string? ValueUnit { get; init; }

        public string? ExtendTo { get; init; }

        public string? Note { get; init; }

        public string EvidenceJson { get; init; } = "[]";

        public string ResolvedBy { get; init; } = "";

        public long ResolvedAt { get; init; }

        public string Source { get; init; } = "";

        public string? SourceMessageId { get; init; }

        public long? SupersedesId { get; init; }

        public string Target { get; init; } = "claim";
    }
}
