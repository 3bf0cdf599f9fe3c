using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Storage;

/// <summary>
/// What scoring reads. Scorecards and digests come from the running sums the database keeps (migration 0008) and
/// a few indexed rows; the export and the reference paths stream every accepted prediction with its resolution in
/// force as <see cref="ScoredPrediction"/> rows, in id order, without loading the table (one joined, unbuffered
/// query whose rows arrive grouped by prediction).
/// </summary>
internal sealed partial class ScoreStore(IDatabase connections)
{
    // LEFT JOIN keeps unresolved predictions; ORDER BY p.id, r.id walks the predictions primary key and
    // ix_resolutions_prediction (prediction_id, id) in step, so SQLite needs no sort and no temp b-tree.
    private const string ScoredRows = """
        SELECT p.id AS Id, p.article_id AS ArticleId, a.outlet AS Outlet, a.authors_json AS AuthorsJson,
               p.tags_json AS TagsJson, p.hedge AS Hedge, p.probability AS Probability, p.kind AS Kind, p.claim AS Claim,
               a.published AS Published, p.resolve_by AS ResolveBy, p.probability_source AS ProbabilitySource,
               p.comparator AS Comparator, p.threshold AS Threshold, p.low AS Low, p.high AS High,
               p.ends_before_publication AS Hindsight, CASE WHEN p.condition IS NOT NULL THEN 1 ELSE 0 END AS Conditional,
               p.condition AS Condition,
               r.id AS ResolutionId, r.verdict AS Verdict, r.fraction AS Fraction, r.extend_to AS ExtendTo, r.note AS Note,
               r.evidence_json AS EvidenceJson, r.resolved_by AS ResolvedBy, r.resolved_at AS ResolvedAt,
               r.supersedes_id AS SupersedesId, r.target AS Target, r.value AS Value
        FROM predictions p
        JOIN articles a ON a.id = p.article_id
        LEFT JOIN resolutions r ON r.prediction_id = p.id
        WHERE p.status = 'accepted'
        """;

    private const string SelectScored = ScoredRows + " ORDER BY p.id, r.id;";

    // The scorecard's fast path (1M predictions in milliseconds): the verdict in force, its outcome and the extended date come from
    // prediction_outcomes (migration 0007, kept by a trigger on resolutions), one row per prediction found by its
    // primary key, so there is no resolutions walk and nothing to fold. Same rows, same id order, same builder.
    private const string OutcomeColumns = """
        SELECT p.id AS Id, p.probability AS Probability, COALESCE(o.extend_to, p.resolve_by) AS ResolveBy,
               o.verdict AS Verdict, o.outcome AS Outcome, o.resolved_at AS ResolvedAt,
               p.probability_source AS ProbabilitySource, p.kind AS Kind, p.comparator AS Comparator, p.threshold AS Threshold,
               p.low AS Low, p.high AS High, o.value AS Value, p.ends_before_publication AS Hindsight,
               CASE WHEN p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no' THEN 1 ELSE 0 END AS Annulled
        """;

    private const string OutcomeJoins = """
        LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id
        WHERE p.status = 'accepted'
        ORDER BY p.id;
        """;

    private const string OutcomesByOutlet = OutcomeColumns
        + ", a.outlet AS Outlet FROM predictions p JOIN articles a ON a.id = p.article_id " + OutcomeJoins;
    private const string OutcomesByAuthor = OutcomeColumns
        + ", a.authors_json AS AuthorsJson FROM predictions p JOIN articles a ON a.id = p.article_id " + OutcomeJoins;
    private const string OutcomesByHorizon = OutcomeColumns
        + ", a.published AS Published FROM predictions p JOIN articles a ON a.id = p.article_id " + OutcomeJoins;
    private const string OutcomesByArticle = OutcomeColumns + ", p.article_id AS ArticleId FROM predictions p " + OutcomeJoins;
    private const string OutcomesByTag = OutcomeColumns + ", p.tags_json AS TagsJson FROM predictions p " + OutcomeJoins;
    private const string OutcomesByHedge = OutcomeColumns + ", p.hedge AS Hedge FROM predictions p " + OutcomeJoins;

    // The scorecard's constant-time path (migration 0008): one dimension's running sums and the overall line.
    private const string SelectSums = """
        SELECT dimension AS Dimension, key AS Key, state AS State, probability AS Probability, due AS Due, n AS Count,
               sum_outcome AS SumOutcome, sum_outcome_sq AS SumOutcomeSquared, n_delay AS DelayCount, sum_delay AS DelayDays,
               source AS Source, numeric AS IsNumeric, hindsight AS Hindsight, ape AS Ape, n_high AS TooHigh, n_low AS TooLow,
               sum_pe AS SumPercentError
        FROM score_sums
        WHERE dimension IN ('all', @Dimension) AND n > 0 AND numeric <> 2
        ORDER BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
        """;

    // Each group's median |percentage error| from its error rows (numeric = 2, migration 0016) without reading them
    // into C#: the two middle keys by GroupAccumulator's rule (the key holding item (total - 1) / 2 and the one
    // holding total / 2, counting from 0 in key order); the median is their mean.
    // Without hindsight each (dimension, key, ape) is one row already (an error row's other keys are constant), so
    // the window runs on the table's rows in primary-key order; with hindsight the two flags are added up first.
    private const string SelectMedianApes = """
        WITH e AS (
            SELECT dimension, key, ape, n FROM score_sums
            WHERE dimension IN ('all', @Dimension) AND numeric = 2 AND n > 0 AND hindsight = 0),
        """ + MedianOverErrors;

    private const string SelectMedianApesWithHindsight = """
        WITH e AS (
            SELECT dimension, key, ape, sum(n) AS n FROM score_sums
            WHERE dimension IN ('all', @Dimension) AND numeric = 2 AND n > 0
            GROUP BY dimension, key, ape),
        """ + MedianOverErrors;

    private const string MedianOverErrors = """
        c AS (
            SELECT dimension, key, ape,
                   sum(n) OVER (PARTITION BY dimension, key ORDER BY ape ROWS UNBOUNDED PRECEDING) AS upto,
                   sum(n) OVER (PARTITION BY dimension, key) AS total
            FROM e)
        SELECT dimension AS Dimension, key AS Key, max(total) AS Total,
               min(CASE WHEN upto > (total - 1) / 2 THEN ape END) AS Low,
               min(CASE WHEN upto > total / 2 THEN ape END) AS High
        FROM c
        GROUP BY dimension, key
        ORDER BY dimension, key;
        """;

    // The error distribution of the stored keys that share a group (SelectMedianApes' fallback).
    private const string SelectApeDistribution = """
        SELECT key AS Key, ape AS Ape, sum(n) AS Count FROM score_sums
        WHERE dimension = @Dimension AND numeric = 2 AND n > 0 AND (hindsight = 0 OR @IncludeHindsight)
          AND key IN (SELECT value FROM json_each(@Keys))
        GROUP BY key, ape;
        """;

    private const string SelectApeDistributionPostgres = """
        SELECT key AS Key, ape AS Ape, sum(n) AS Count FROM score_sums
        WHERE dimension = @Dimension AND numeric = 2 AND n > 0 AND (hindsight = 0 OR @IncludeHindsight)
          AND key IN (SELECT value FROM jsonb_array_elements_text(CAST(@Keys AS jsonb)) AS j (value))
        GROUP BY key, ape;
        """;

    // The first void predictions in id order, found through ix_prediction_outcomes_void; with their details.
    private const string SelectListedVoids = """
        SELECT p.id AS Id, a.outlet AS Outlet, p.claim AS Claim, r.note AS Note
        FROM prediction_outcomes o
        JOIN predictions p ON p.id = o.prediction_id
        JOIN articles a ON a.id = p.article_id
        LEFT JOIN resolutions r ON r.id = o.resolution_id
        WHERE o.verdict = 'void' AND p.status = 'accepted'
        ORDER BY o.prediction_id
        LIMIT @Max;
        """;

    // Conditionals whose condition did not hold, through ix_prediction_outcomes_condition_no (migration 0013).
    private const string SelectListedConditionNotMet = """
        SELECT p.id AS Id, a.outlet AS Outlet, p.claim AS Claim, p.condition AS Note
        FROM prediction_outcomes o
        JOIN predictions p ON p.id = o.prediction_id
        JOIN articles a ON a.id = p.article_id
        WHERE o.condition_verdict = 'no' AND p.condition IS NOT NULL AND p.status = 'accepted' AND o.verdict IS DISTINCT FROM 'void'
        ORDER BY o.prediction_id
        LIMIT @Max;
        """;

    // Resolved hindsight predictions, through ix_predictions_hindsight (migration 0013).
    private const string SelectListedHindsight = """
        SELECT p.id AS Id, a.outlet AS Outlet, p.claim AS Claim, p.horizon AS Note
        FROM predictions p
        JOIN articles a ON a.id = p.article_id
        JOIN prediction_outcomes o ON o.prediction_id = p.id
        WHERE p.ends_before_publication <> 0 AND p.status = 'accepted' AND o.verdict IN ('yes', 'no', 'partial')
          AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no')
        ORDER BY p.id
        LIMIT @Max;
        """;

    /// <summary>Outlet, claim and void note of the void predictions a scorecard lists (at most MaxListedVoids ids).</summary>
    private const string SelectVoidDetails = """
        SELECT p.id AS Id, a.outlet AS Outlet, p.claim AS Claim, r.note AS Note
        FROM predictions p JOIN articles a ON a.id = p.article_id
        LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id
        LEFT JOIN resolutions r ON r.id = o.resolution_id
        WHERE p.id IN (SELECT value FROM json_each(@Ids));
        """;

    private const string SelectVoidDetailsPostgres = """
        SELECT p.id AS Id, a.outlet AS Outlet, p.claim AS Claim, r.note AS Note
        FROM predictions p JOIN articles a ON a.id = p.article_id
        LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id
        LEFT JOIN resolutions r ON r.id = o.resolution_id
        WHERE p.id IN (SELECT value FROM jsonb_array_elements_text(CAST(@Ids AS jsonb)) AS j (value));
        """;

    /// <summary>The full query, for the benchmark's bare-reader baseline.</summary>
    public const string SelectScoredSql = SelectScored;

    /// <summary>PARTIAL without a fraction: half came true.</summary>
    public const double DefaultPartialFraction = 0.5;

    private const int ListCacheLimit = 4096;

    /// <summary>Streams on a connection of its own, closed when the enumeration ends.</summary>
    public async IAsyncEnumerable<ScoredPrediction> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await foreach (var p in StreamAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                yield return p;
            }
        }
    }

    /// <summary>Feeds every row to <paramref name="add"/> (a scorecard or digest builder): memory stays that of the builder.</summary>
    public async Task<int> FeedAsync(Action<ScoredPrediction> add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        var count = 0;
        await foreach (var p in StreamAsync(cancellationToken).ConfigureAwait(false))
        {
            add(p);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Builds the scorecard. The whole record by outlet, author, tag, hedge or horizon comes from the running sums
    /// of migration 0008 (a few thousand rows, whatever the number of predictions). A since window or the article
    /// dimension (one group per article) reads every prediction instead: <see cref="ScanScorecardAsync"/>.
    /// </summary>
    public Task<Scorecard> BuildScorecardAsync(ScorecardBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Since is null && SumsDimension(builder.Dimension) is not null
            ? SumScorecardAsync(builder, cancellationToken)
            : ScanScorecardAsync(builder, cancellationToken);
    }

    private static string? SumsDimension(ScoreDimension dimension) => dimension switch
    {
        ScoreDimension.Outlet => "outlet",
        ScoreDimension.Author => "author",
        ScoreDimension.Tag => "tag",
        ScoreDimension.Hedge => "hedge",
        ScoreDimension.Horizon => "horizon",
        _ => null,
    };

    private async Task<Scorecard> SumScorecardAsync(ScorecardBuilder builder, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One read transaction, so the sums and the void list are the same snapshot (WAL).
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                return await SumScorecardAsync(connection, transaction, builder, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<Scorecard> SumScorecardAsync(DbConnection connection, DbTransaction transaction, ScorecardBuilder builder,
        CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<SumRow>(new CommandDefinition(
            SelectSums,
            new { Dimension = SumsDimension(builder.Dimension) },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var row in rows)
        {
            builder.AddSums(row.Dimension == "all" ? null : GroupKey(builder.Dimension, row.Key), row.ToSums());
        }

        await AddMedianApesAsync(connection, transaction, builder, cancellationToken).ConfigureAwait(false);

        // Without voids the partial index ix_prediction_outcomes_void is empty, so this costs nothing then.
        if (builder.MaxListedVoids > 0)
        {
            var listed = await connection.QueryAsync<VoidRow>(new CommandDefinition(
                SelectListedVoids,
                new { Max = builder.MaxListedVoids },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var v in listed)
            {
                builder.ListVoid(new VoidedPrediction(v.Id, v.Outlet, v.Claim, v.Note));
            }

            var max = new { Max = builder.MaxListedVoids };
            var notMet = new CommandDefinition(SelectListedConditionNotMet, max, transaction, cancellationToken: cancellationToken);
            foreach (var v in await connection.QueryAsync<VoidRow>(notMet).ConfigureAwait(false))
            {
                builder.ListConditionNotMet(new VoidedPrediction(v.Id, v.Outlet, v.Claim, v.Note));
            }

            var hindsight = new CommandDefinition(SelectListedHindsight, max, transaction, cancellationToken: cancellationToken);
            foreach (var v in await connection.QueryAsync<VoidRow>(hindsight).ConfigureAwait(false))
            {
                builder.ListHindsight(new VoidedPrediction(v.Id, v.Outlet, v.Claim, v.Note));
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// Each group's median |percentage error|. A group stored under one key gets it from SQLite's two middle keys; a
    /// group that gathers several stored keys (horizon buckets, hedges differing in case or spacing) reads its keys'
    /// error distribution instead, since medians do not add.
    /// </summary>
    private static async Task AddMedianApesAsync(
        DbConnection connection, DbTransaction transaction, ScorecardBuilder builder, CancellationToken cancellationToken)
    {
        var dimension = SumsDimension(builder.Dimension);
        var medians = (await connection.QueryAsync<MedianRow>(new CommandDefinition(
            builder.IncludeHindsight ? SelectMedianApesWithHindsight : SelectMedianApes,
            new { Dimension = dimension },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        string? GroupOf(string storedDimension, string key) => storedDimension == "all" ? null : GroupKey(builder.Dimension, key);
        var shared = medians.GroupBy(m => GroupOf(m.Dimension, m.Key), StringComparer.Ordinal)
            .Where(static g => g.Count() > 1)
            .ToDictionary(static g => g.Key!, static g => g.Select(static m => m.Key).ToList(), StringComparer.Ordinal);
        foreach (var m in medians)
        {
            if (GroupOf(m.Dimension, m.Key) is not { } group || !shared.ContainsKey(group))
            {
                builder.SetMedianApe(GroupOf(m.Dimension, m.Key), checked((int)m.Total), (m.Low + m.High) / 2);
            }
        }

        if (shared.Count == 0)
        {
            return;
        }

        var keys = JsonSerializer.Serialize(shared.Values.SelectMany(static k => k).ToArray());
        var rows = await connection.QueryAsync<ApeRow>(new CommandDefinition(
            connection.Pick(SelectApeDistribution, SelectApeDistributionPostgres),
            new { Dimension = dimension, builder.IncludeHindsight, Keys = keys },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var row in rows)
        {
            builder.AddApes(GroupKey(builder.Dimension, row.Key), row.Ape, checked((int)row.Count));
        }
    }

    /// <summary>The group a stored key stands for (see 0008_score_sums.sql for how keys are stored).</summary>
    private static string GroupKey(ScoreDimension dimension, string key) => dimension switch
    {
        ScoreDimension.Outlet => ScoreDimensions.OutletKey(key),
        ScoreDimension.Hedge => ScoreDimensions.HedgeKey(key),
        ScoreDimension.Author => key.Length == 0 ? ScoreDimensions.UnknownAuthor : key,
        ScoreDimension.Tag => key.Length == 0 ? ScoreDimensions.Untagged : key,
        ScoreDimension.Horizon => key switch
        {
            "" => HorizonBuckets.Undated,
            "?" => HorizonBuckets.UnknownStart,
            _ => HorizonBuckets.LabelForDays(int.Parse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "No running sums for this dimension."),
    };

    /// <summary>
    /// Streams the dimension's rows with their folded state from <c>prediction_outcomes</c> into
    /// <paramref name="builder"/> and builds the scorecard; the few void predictions it lists then get their
    /// outlet, claim and note from one small query. Reads every prediction: used for since windows and by article,
    /// and the reference the running sums are tested against.
    /// </summary>
    public async Task<Scorecard> ScanScorecardAsync(ScorecardBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sql = builder.Dimension switch
        {
            ScoreDimension.Author => OutcomesByAuthor,
            ScoreDimension.Article => OutcomesByArticle,
            ScoreDimension.Tag => OutcomesByTag,
            ScoreDimension.Hedge => OutcomesByHedge,
            ScoreDimension.Horizon => OutcomesByHorizon,
            _ => OutcomesByOutlet,
        };
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            await foreach (var row in connection.QueryUnbufferedAsync<OutcomeRow>(sql).WithCancellation(cancellationToken)
                .ConfigureAwait(false))
            {
                builder.Add(row.ToScored(lists));
            }

            return await WithVoidDetailsAsync(connection, builder.Build(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Scorecard> WithVoidDetailsAsync(DbConnection connection, Scorecard card, CancellationToken cancellationToken)
    {
        if (card.Voids.Count + card.ConditionNotMet.Count + card.Hindsight.Count == 0)
        {
            return card;
        }

        var ids = JsonSerializer.Serialize(
            card.Voids.Concat(card.ConditionNotMet).Concat(card.Hindsight).Select(static v => v.Id).Distinct().ToArray());
        var details = (await connection.QueryAsync<VoidRow>(new CommandDefinition(connection.Pick(SelectVoidDetails,
            SelectVoidDetailsPostgres), new { Ids = ids }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToDictionary(static r => r.Id, StringComparer.Ordinal);
        VoidedPrediction Detail(VoidedPrediction v, bool withNote) => details.TryGetValue(v.Id, out var d)
            ? v with { Outlet = d.Outlet, Claim = d.Claim, Reason = withNote ? d.Note : v.Reason }
            : v;
        return card with
        {
            Voids = [.. card.Voids.Select(v => Detail(v, withNote: true))],
            ConditionNotMet = [.. card.ConditionNotMet.Select(v => Detail(v, withNote: false))],
            Hindsight = [.. card.Hindsight.Select(v => Detail(v, withNote: false))],
        };
    }

    public static IAsyncEnumerable<ScoredPrediction> StreamAsync(DbConnection connection, CancellationToken cancellationToken) =>
        StreamAsync(connection, SelectScored, null, null, cancellationToken);

    private static async IAsyncEnumerable<ScoredPrediction> StreamAsync(DbConnection connection, string sql, object? param,
        DbTransaction? transaction, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var folder = new Folder();
        await foreach (var row in connection.QueryUnbufferedAsync<ScoreRow>(sql, param, transaction).WithCancellation(cancellationToken)
            .ConfigureAwait(false))
        {
            if (folder.Current is { } current && !string.Equals(current.Id, row.Id, StringComparison.Ordinal))
            {
                yield return folder.Finish(lists);
            }

            folder.Add(row);
        }

        if (folder.Current is not null)
        {
            yield return folder.Finish(lists);
        }
    }

    /// <summary>
    /// Folds one prediction's resolution rows like <c>ResolutionState.Fold</c>: EXTEND moves the date, the latest
    /// override wins, else the first final verdict.
    /// </summary>
    private sealed class Folder
    {
        private ScoreRow? _final;
        private ScoreRow? _condition;
        private string? _extendTo;

        public ScoreRow? Current { get; private set; }

        public void Add(ScoreRow row)
        {
            if (Current is null)
            {
                Current = row;
                _final = null;
                _condition = null;
                _extendTo = null;
            }

            if (row.ResolutionId is null)
            {
                return;
            }

            if (row.Target == "condition")
            {
                if (row.SupersedesId is not null || _condition is null)
                {
                    _condition = row;
                }
            }
            else if (row.Verdict == "extend")
            {
                _extendTo = row.ExtendTo;
            }
            else if (row.SupersedesId is not null || _final is null)
            {
                _final = row;
            }
        }

        public ScoredPrediction Finish(Dictionary<string, IReadOnlyList<string>> lists)
        {
            var p = Current!;
            var annulled = p.Conditional != 0 && _condition?.Verdict == "no" && _final?.Verdict != "void";

            // An annulled prediction was settled by the condition's NO: its time, author and evidence are that row's.
            var final = annulled ? _condition : _final;
            var resolveBy = ReadDate(_extendTo ?? p.ResolveBy);
            Current = null;

            var (state, outcome, verdict) = annulled ? (PredictionState.Annulled, null, "CONDITION NO") : final?.Verdict switch
            {
                "yes" => (PredictionState.Resolved, (double?)1.0, "YES"),
                "no" => (PredictionState.Resolved, 0.0, "NO"),
                "partial" => (PredictionState.Resolved, final.Fraction ?? DefaultPartialFraction,
                    "PARTIAL " + (final.Fraction ?? DefaultPartialFraction).ToString("0.##", CultureInfo.InvariantCulture)),
                "void" => (PredictionState.Void, null, "VOID"),
                _ => (PredictionState.Open, null, (string?)null),
            };

            string? evidence = null;
            string? voidReason = null;
            if (final is not null)
            {
                var urls = ReadList(final.EvidenceJson, lists);
                if (state == PredictionState.Void)
                {
                    voidReason = final.Note;
                    evidence = urls.Count > 0 ? string.Join(' ', urls) : null;
                }
                else
                {
                    var parts = urls.Prepend(final.Note).Where(static s => !string.IsNullOrWhiteSpace(s));
                    evidence = string.Join(' ', parts) is { Length: > 0 } joined ? joined : null;
                }
            }

            return new ScoredPrediction(
                p.Id,
                p.ArticleId,
                p.Outlet,
                ReadList(p.AuthorsJson, lists),
                ReadList(p.TagsJson, lists),
                p.Hedge,
                p.Probability,
                p.Kind,
                p.Claim,
                PartialDate.TryParse(p.Published, out var published) ? published.First : null,
                resolveBy,
                state,
                outcome,
                final?.ResolvedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
                final?.ResolvedBy)
            {
                Verdict = verdict,
                Evidence = evidence,
                VoidReason = voidReason,
                ProbabilitySource = p.ProbabilitySource,
                IsNumeric = p.Kind is "threshold" or "range",
                Error = state == PredictionState.Resolved
                    ? NumericError.Compute(p.Kind, p.Comparator, p.Threshold, p.Low, p.High, final?.Value)
                    : null,
                IsHindsight = p.Hindsight != 0,
                ObservedValue = state == PredictionState.Resolved ? final?.Value : null,
                Condition = p.Conditional != 0 ? p.Condition : null,
                ConditionStatus = p.Conditional == 0 ? null
                    : _condition?.Verdict == "yes" ? "held"
                    : _condition?.Verdict == "no" ? "not met"
                    : "open",
            };
        }
    }

    private static DateOnly? ReadDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>
    /// JSON string arrays (authors, tags, evidence). Articles share author lists and tags repeat, so parsed lists are
    /// cached by their text (bounded). A malformed list reads as empty rather than stopping the scorecard.
    /// </summary>
    private static IReadOnlyList<string> ReadList(string? json, Dictionary<string, IReadOnlyList<string>> cache)
    {
        if (string.IsNullOrEmpty(json) || json == "[]")
        {
            return [];
        }

        if (cache.TryGetValue(json, out var cached))
        {
            return cached;
        }

        IReadOnlyList<string> list;
        if (!TryReadPlainList(json, out list))
        {
            try
            {
                list = JsonSerializer.Deserialize<string[]>(json)?.Where(static s => s is not null).ToArray() ?? [];
            }
            catch (JsonException)
            {
                list = [];
            }
        }

        if (cache.Count >= ListCacheLimit)
        {
            cache.Clear();
        }

        cache[json] = list;
        return list;
    }

    /// <summary>
    /// Fast path for the common shape <c>["a","b"]</c> with no escapes (a backslash sends it to the full parser, so
    /// a quote inside a value can never split it wrongly). Author lists barely repeat across a million rows, and
    /// the general deserializer was a third of a by-author scorecard.
    /// </summary>
    private static bool TryReadPlainList(string json, out IReadOnlyList<string> list)
    {
        list = [];
        var span = json.AsSpan().Trim();
        if (span.Length < 2 || span[0] != '[' || span[^1] != ']' || span.Contains('\\'))
        {
            return false;
        }

        var items = new List<string>(4);
        var rest = span[1..^1].Trim();
        while (!rest.IsEmpty)
        {
            if (rest[0] != '"')
            {
                return false;
            }

            var end = rest[1..].IndexOf('"');
            if (end < 0)
            {
                return false;
            }

            items.Add(rest.Slice(1, end).ToString());
            rest = rest[(end + 2)..].TrimStart();
            if (!rest.IsEmpty)
            {
                if (rest[0] != ',')
                {
                    return false;
                }

                rest = rest[1..].TrimStart();
                if (rest.IsEmpty)
                {
                    return false;
                }
            }
        }

        list = items;
        return true;
    }

    private sealed record VoidRow(string Id, string Outlet, string Claim, string? Note);

    private sealed record SumRow
    {
        public string Dimension { get; init; } = "";

        public string Key { get; init; } = "";

        public string State { get; init; } = "";

        public double Probability { get; init; }

        public string Due { get; init; } = "";

        public long Count { get; init; }

        public double SumOutcome { get; init; }

        public double SumOutcomeSquared { get; init; }

        public long DelayCount { get; init; }

        public long DelayDays { get; init; }

        public string Source { get; init; } = "none";

        public long IsNumeric { get; init; }

        public long Hindsight { get; init; }

        public double Ape { get; init; }

        public long TooHigh { get; init; }

        public long TooLow { get; init; }

        public double SumPercentError { get; init; }

        public PredictionSums ToSums() => new(
            State switch
            {
                "scored" => PredictionState.Resolved,
                "void" => PredictionState.Void,
                "annulled" => PredictionState.Annulled,
                _ => PredictionState.Open,
            },
            Probability < 0 ? null : Probability,
            Due.Length == 0 ? null : ReadDate(Due),
            checked((int)Count),
            SumOutcome,
            SumOutcomeSquared,
            checked((int)DelayCount),
            DelayDays)
        {
            ProbabilitySource = Source == "none" ? null : Source,
            IsNumeric = IsNumeric != 0,
            Hindsight = Hindsight != 0,
            ApeKey = Ape < 0 ? null : Ape,
            TooHigh = checked((int)TooHigh),
            TooLow = checked((int)TooLow),
            SumPercentError = SumPercentError,
        };
    }

    private sealed record ApeRow
    {
        public string Key { get; init; } = "";

        public double Ape { get; init; }

        public long Count { get; init; }
    }

    private sealed record MedianRow
    {
        public string Dimension { get; init; } = "";

        public string Key { get; init; } = "";

        public long Total { get; init; }

        public double Low { get; init; }

        public double High { get; init; }
    }

    /// <summary>One prediction with its state from <c>prediction_outcomes</c> (NULL verdict: open).</summary>
    private sealed record OutcomeRow
    {
        public string Id { get; init; } = "";

        public string ArticleId { get; init; } = "";

        public string Outlet { get; init; } = "";

        public string? AuthorsJson { get; init; }

        public string? TagsJson { get; init; }

        public string? Hedge { get; init; }

        public double? Probability { get; init; }

        public string? Published { get; init; }

        public string? ResolveBy { get; init; }

        public string? Verdict { get; init; }

        public double? Outcome { get; init; }

        public long? ResolvedAt { get; init; }

        public string? ProbabilitySource { get; init; }

        public string Kind { get; init; } = "";

        public string? Comparator { get; init; }

        public double? Threshold { get; init; }

        public double? Low { get; init; }

        public double? High { get; init; }

        public double? Value { get; init; }

        public long Hindsight { get; init; }

        public long Annulled { get; init; }

        public ScoredPrediction ToScored(Dictionary<string, IReadOnlyList<string>> lists)
        {
            var state = Verdict switch
            {
                "void" => PredictionState.Void,
                _ when Annulled != 0 => PredictionState.Annulled,
                null => PredictionState.Open,
                _ => PredictionState.Resolved,
            };
            return new ScoredPrediction(
                Id,
                ArticleId,
                Outlet,
                ReadList(AuthorsJson, lists),
                ReadList(TagsJson, lists),
                Hedge,
                Probability,
                "",
                "",
                PartialDate.TryParse(Published, out var published) ? published.First : null,
                ReadDate(ResolveBy),
                state,
                state == PredictionState.Resolved ? Outcome : null,
                ResolvedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
                null)
            {
                ProbabilitySource = ProbabilitySource,
                IsNumeric = Kind is "threshold" or "range",
                Error = NumericError.Compute(Kind, Comparator, Threshold, Low, High, Value),
                IsHindsight = Hindsight != 0,
            };
        }
    }

    private sealed record ScoreRow
    {
        public string Id { get; init; } = "";

        public string ArticleId { get; init; } = "";

        public string Outlet { get; init; } = "";

        public string? AuthorsJson { get; init; }

        public string? TagsJson { get; init; }

        public string? Hedge { get; init; }

        public double? Probability { get; init; }

        public string Kind { get; init; } = "";

        public string Claim { get; init; } = "";

        public string? Published { get; init; }

        public string? ResolveBy { get; init; }

        public long? ResolutionId { get; init; }

        public string? Verdict { get; init; }

        public double? Fraction { get; init; }

        public string? ExtendTo { get; init; }

        public string? Note { get; init; }

        public string? EvidenceJson { get; init; }

        public string? ResolvedBy { get; init; }

        public long? ResolvedAt { get; init; }

        public long? SupersedesId { get; init; }

        public string? ProbabilitySource { get; init; }

        public string? Comparator { get; init; }

        public double? Threshold { get; init; }

        public double? Low { get; init; }

        public double? High { get; init; }

        public long Hindsight { get; init; }

        public long Conditional { get; init; }

        public string? Condition { get; init; }

        public string? Target { get; init; }

        public double? Value { get; init; }
    }
}
