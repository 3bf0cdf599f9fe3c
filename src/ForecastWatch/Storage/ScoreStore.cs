using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Scoring;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Storage;

/// <summary>
/// What scoring reads. Scorecards and digests come from the running sums the database keeps (migration 0008) and
/// a few indexed rows; the export and the reference paths stream every accepted prediction with its resolution in
/// force as <see cref="ScoredPrediction"/> rows, in id order, without loading the table (one joined, unbuffered
/// query whose rows arrive grouped by prediction).
/// </summary>
internal static partial class ScoreStore
{
    // LEFT JOIN keeps unresolved predictions; ORDER BY p.id, r.id walks the predictions primary key and
    // ix_resolutions_prediction (prediction_id, id) in step, so SQLite needs no sort and no temp b-tree.
    private const string ScoredRows = """
        SELECT p.id AS Id, p.article_id AS ArticleId, a.outlet AS Outlet, a.authors_json AS AuthorsJson,
               p.tags_json AS TagsJson, p.hedge AS Hedge, p.probability AS Probability, p.kind AS Kind, p.claim AS Claim,
               a.published AS Published, p.resolve_by AS ResolveBy, p.probability_source AS ProbabilitySource,
               p.comparator AS Comparator, p.threshold AS Threshold, p.low AS Low, p.high AS High,
               p.ends_before_publication AS Hindsight, CASE WHEN p.condition IS NOT NULL THEN 1 ELSE 0 END AS Conditional,
               p.condition AS Condition, p.condition_json AS ConditionJson,
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
               CASE WHEN p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no' THEN 1 ELSE 0 END AS Annulled,
               CASE WHEN p.condition IS NOT NULL AND o.condition_verdict IS NULL THEN 1 ELSE 0 END AS ConditionOpen,
               o.condition_extend_to AS ConditionExtendTo, p.condition_json AS ConditionJson
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

    // The scorecard's constant-time path: one dimension's totals and the overall line (migration 0018: score_sums added
    // up over the probabilities, one row per group, state, source, numeric, hindsight and open due date). Open rows
    // come apart, counted per group against the overdue day (SelectOpenCounts), so a registry with many open
    // predictions due on many days still hands over one or two rows per group.
    private const string SelectTotals = """
        SELECT dimension, key, state, source, numeric, hindsight, due, n, sum_outcome, sum_outcome_sq, n_delay, sum_delay,
               n_high, n_low, sum_pe, sum_p_sq, sum_p_outcome, credit, log_score,
               n_0, n_1, n_2, n_3, n_4, n_5, n_6, n_7, n_8, n_9, p_0, p_1, p_2, p_3, p_4, p_5, p_6, p_7, p_8, p_9,
               o_0, o_1, o_2, o_3, o_4, o_5, o_6, o_7, o_8, o_9
        FROM score_totals
        WHERE dimension IN ('all', @Dimension) AND n > 0 AND state <> 'open'
        ORDER BY dimension, key, state, source, numeric, hindsight, due
        """;

    // Open predictions per group: how many, and how many are due (a valid date, as C# reads it) before @OverdueBefore.
    private const string SelectOpenCounts = """
        SELECT dimension, key, sum(n),
               sum(CASE WHEN date(due) IS due AND due >= '0001-01-01' AND due < @OverdueBefore THEN n ELSE 0 END)
        FROM score_totals
        WHERE dimension IN ('all', @Dimension) AND state = 'open' AND n > 0
        GROUP BY dimension, key
        """;

    private const string SelectOpenCountsPostgres = """
        SELECT dimension, key, sum(n)::bigint,
               sum(CASE WHEN fw_valid_date(due) AND due COLLATE "C" < @OverdueBefore THEN n ELSE 0 END)::bigint
        FROM score_totals
        WHERE dimension IN ('all', @Dimension) AND state = 'open' AND n > 0
        GROUP BY dimension, key
        """;

    // Each group's median |percentage error| in two small reads (migration 0017): the band counts (numeric = 3) of
    // the dimension's stored keys, then only the error rows (numeric = 2, one per tenth of a point) of the one or two
    // bands that hold a group's middle items, found by primary key. Hindsight rows count only when asked for.
    private const string SelectApeBands = """
        SELECT dimension AS Dimension, key AS Key, hindsight AS Hindsight, ape AS Band, n AS Count FROM score_sums
        WHERE dimension IN ('all', @Dimension) AND numeric = 3 AND n > 0 AND (hindsight = 0 OR @IncludeHindsight)
        """;

    // A whole-record scorecard's first round trip: totals, open counts, band counts and the three bounded lists.
    private const string SelectSumsBatch = SelectTotals + ";\n" + SelectOpenCounts + ";\n" + SelectApeBands + ";\n";
    private const string SelectSumsBatchPostgres = SelectTotals + ";\n" + SelectOpenCountsPostgres + ";\n" + SelectApeBands + ";\n";
    private const string SelectListsBatch = SelectListedVoids + ";\n" + SelectListedConditionNotMet + ";\n" + SelectListedHindsight + ";\n";

    // @Ranges: a JSON array of {g: group number, d: dimension, k: key, h: hindsight, lo, hi}; rows with lo <= ape < hi.
    private const string SelectBandErrors = """
        SELECT r.value ->> '$.g' AS GroupNumber, s.ape AS Ape, s.n AS Count
        FROM json_each(@Ranges) r
        CROSS JOIN score_sums s
        WHERE s.dimension = r.value ->> '$.d' AND s.key = r.value ->> '$.k' AND s.state = 'scored' AND s.probability = -1.0
          AND s.source = 'none' AND s.numeric = 2 AND s.hindsight = r.value ->> '$.h' AND s.due = ''
          AND s.ape >= r.value ->> '$.lo' AND s.ape < r.value ->> '$.hi' AND s.n > 0;
        """;

    private const string SelectBandErrorsPostgres = """
        SELECT r.g AS GroupNumber, s.ape AS Ape, s.n AS Count
        FROM jsonb_to_recordset(CAST(@Ranges AS jsonb)) AS r (g integer, d text, k text, h bigint, lo double precision, hi double precision)
        JOIN score_sums s
          ON s.dimension = r.d COLLATE "C" AND s.key = r.k COLLATE "C" AND s.state = 'scored' AND s.probability = -1.0
         AND s.source = 'none' AND s.numeric = 2 AND s.hindsight = r.h AND s.due = '' AND s.ape >= r.lo AND s.ape < r.hi
         AND s.n > 0;
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
        LIMIT @Max
        """;

    // Conditionals whose condition did not hold, through ix_prediction_outcomes_condition_no (migration 0013).
    private const string SelectListedConditionNotMet = """
        SELECT p.id AS Id, a.outlet AS Outlet, p.claim AS Claim, p.condition AS Note
        FROM prediction_outcomes o
        JOIN predictions p ON p.id = o.prediction_id
        JOIN articles a ON a.id = p.article_id
        WHERE o.condition_verdict = 'no' AND p.condition IS NOT NULL AND p.status = 'accepted' AND o.verdict IS DISTINCT FROM 'void'
        ORDER BY o.prediction_id
        LIMIT @Max
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
        LIMIT @Max
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

    /// <summary>Feeds every row to <paramref name="add"/> (a scorecard or digest builder): memory stays that of the builder.</summary>
    public static async Task<int> FeedAsync(DbConnection connection, Action<ScoredPrediction> add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        var count = 0;
        await foreach (var p in StreamAsync(connection, cancellationToken).ConfigureAwait(false))
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
    public static Task<Scorecard> BuildScorecardAsync(
        DbConnection connection, ScorecardBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Since is null && SumsDimension(builder.Dimension) is not null
            ? SumScorecardAsync(connection, builder, cancellationToken)
            : ScanScorecardAsync(connection, builder, cancellationToken);
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

    private static async Task<Scorecard> SumScorecardAsync(
        DbConnection connection, ScorecardBuilder builder, CancellationToken cancellationToken)
    {
        // One read transaction, so the sums and the void list are the same snapshot (WAL).
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            return await SumScorecardAsync(connection, transaction, builder, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Scorecard> SumScorecardAsync(DbConnection connection, DbTransaction transaction, ScorecardBuilder builder,
        CancellationToken cancellationToken)
    {
        var medians = await AddSumsAsync(connection, transaction, builder, cancellationToken).ConfigureAwait(false);
        await AddMedianApesAsync(connection, transaction, builder, medians, cancellationToken).ConfigureAwait(false);
        return builder.Build();
    }

    /// <summary>
    /// The first round trip of a whole-record scorecard (internal so the benchmark can time each step), one command of
    /// up to six statements: the totals (a few thousand rows at most, read by ordinal without a row object each), the
    /// open and overdue counts per group, the error-band counts, and the void, condition-not-met and hindsight
    /// predictions listed (each bounded, found through its partial index). Returns the groups' bands, whose middle
    /// bands' error rows <see cref="AddMedianApesAsync"/> then reads.
    /// </summary>
    internal static async Task<MedianGroups> AddSumsAsync(DbConnection connection, DbTransaction transaction, ScorecardBuilder builder,
        CancellationToken cancellationToken)
    {
        // Without voids to list the list statements are left out (MaxListedVoids = 0 lists nothing).
        var lists = builder.MaxListedVoids > 0;
        if (connection is SqliteConnection sqlite)
        {
            return AddSumsSqlite(sqlite, builder, SelectSumsBatch + (lists ? SelectListsBatch : ""), lists, cancellationToken);
        }

        var sql = connection.Pick(SelectSumsBatch, SelectSumsBatchPostgres) + (lists ? SelectListsBatch : "");
        var statement = connection.Sql(sql, transaction)
            .Bind("Dimension", SumsDimension(builder.Dimension))
            .Bind("OverdueBefore", builder.OverdueBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Bind("IncludeHindsight", builder.IncludeHindsight);
        if (lists)
        {
            statement.Bind("Max", builder.MaxListedVoids);
        }

        return await statement.ReadAsync(async reader =>
        {
            var groups = new GroupKeys(builder.Dimension);

            var columns = new ReaderColumns(reader);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                builder.AddSums(groups.Of(reader.GetString(0), reader.GetString(1)), ReadTotals(columns));
            }

            await NextResultAsync(reader, cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                builder.AddOpen(groups.Of(reader.GetString(0), reader.GetString(1)), checked((int)reader.GetInt64(2)),
                    checked((int)reader.GetInt64(3)));
            }

            await NextResultAsync(reader, cancellationToken).ConfigureAwait(false);
            var medians = new MedianGroups(builder.Dimension);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                medians.Add(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4));
            }

            if (lists)
            {
                await NextResultAsync(reader, cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    builder.ListVoid(ReadListed(columns));
                }

                await NextResultAsync(reader, cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    builder.ListConditionNotMet(ReadListed(columns));
                }

                await NextResultAsync(reader, cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    builder.ListHindsight(ReadListed(columns));
                }
            }

            return medians;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task NextResultAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The scorecard's batch returned fewer result sets than it has statements.");
        }
    }

    private static VoidedPrediction ReadListed(IColumnReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.IsNull(3) ? null : r.GetString(3));

    /// <summary>One <see cref="SelectTotals"/> row as the builder's sums (columns by position).</summary>
    private static PredictionSums ReadTotals(IColumnReader r)
    {
        var state = r.GetString(2) switch
        {
            "scored" => PredictionState.Resolved,
            "void" => PredictionState.Void,
            "annulled" => PredictionState.Annulled,
            _ => PredictionState.Open,
        };
        var source = r.GetString(3);
        var due = r.GetString(6);
        ProbabilityTotals? totals = null;
        if (state == PredictionState.Resolved && source != "none")
        {
            const int Buckets = CalibrationBucket.BucketCount;
            var counts = new long[Buckets];
            var probability = new double[Buckets];
            var outcome = new double[Buckets];
            for (var i = 0; i < Buckets; i++)
            {
                // An empty bucket's sums are 0 by definition (what the trigger leaves there is rounding from new minus
                // old), and each column read costs two native calls: read them only where there are predictions.
                counts[i] = r.GetInt64(19 + i);
                if (counts[i] != 0)
                {
                    probability[i] = r.GetDouble(19 + Buckets + i);
                    outcome[i] = r.GetDouble(19 + (2 * Buckets) + i);
                }
            }

            totals = new ProbabilityTotals(
                r.GetDouble(15), r.GetDouble(16), r.GetDouble(17), r.GetDouble(18), counts, probability, outcome);
        }

        return new PredictionSums(
            state,
            null,
            due.Length == 0 ? null : ReadDate(due),
            checked((int)r.GetInt64(7)),
            r.GetDouble(8),
            r.GetDouble(9),
            checked((int)r.GetInt64(10)),
            r.GetInt64(11))
        {
            ProbabilitySource = source == "none" ? null : source,
            IsNumeric = r.GetInt64(4) != 0,
            Hindsight = r.GetInt64(5) != 0,
            TooHigh = checked((int)r.GetInt64(12)),
            TooLow = checked((int)r.GetInt64(13)),
            SumPercentError = r.GetDouble(14),
            Totals = totals,
        };
    }

    /// <summary>
    /// Each group's median |percentage error| (GroupAccumulator's rule: the mean of the keys holding items
    /// (total - 1) / 2 and total / 2 in key order), exactly as from every error row, from the band counts
    /// <see cref="AddSumsAsync"/> read and the error rows of the bands that hold the middle (one statement). Band counts
    /// add, so a group gathering several stored keys (horizon buckets, hedges differing in case or spacing) adds its
    /// keys' bands and reads the chosen bands of each key.
    /// </summary>
    internal static async Task AddMedianApesAsync(DbConnection connection, DbTransaction transaction, ScorecardBuilder builder,
        MedianGroups medians, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(medians);
        var all = medians.WithErrors();
        if (connection is SqliteConnection sqlite)
        {
            AddBandErrorsSqlite(sqlite, all, cancellationToken);
            SetMedianApes(builder, all);
            return;
        }

        var ranges = new ArrayBufferWriter<byte>();
        var count = 0;
        using (var json = new Utf8JsonWriter(ranges))
        {
            json.WriteStartArray();
            for (var i = 0; i < all.Count; i++)
            {
                foreach (var (low, high) in all[i].MiddleBands())
                {
                    foreach (var (storedDimension, key, hindsight) in all[i].Stored)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("g", i);
                        json.WriteString("d", storedDimension);
                        json.WriteString("k", key);
                        json.WriteNumber("h", hindsight);
                        json.WriteNumber("lo", low);
                        json.WriteNumber("hi", high);
                        json.WriteEndObject();
                        count++;
                    }
                }
            }

            json.WriteEndArray();
        }

        if (count == 0)
        {
            return;
        }

        await connection.Sql(connection.Pick(SelectBandErrors, SelectBandErrorsPostgres), transaction)
            .Bind("Ranges", Encoding.UTF8.GetString(ranges.WrittenSpan))
            .ReadAsync(async rows =>
            {
                while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    all[Convert.ToInt32(rows.GetValue(0), CultureInfo.InvariantCulture)].AddError(rows.GetDouble(1), rows.GetInt64(2));
                }

                return 0;
            }, cancellationToken).ConfigureAwait(false);

        SetMedianApes(builder, all);
    }

    private static void SetMedianApes(ScorecardBuilder builder, List<MedianGroup> all)
    {
        foreach (var g in all)
        {
            builder.SetMedianApe(g.Group, checked((int)g.Total), g.Median());
        }
    }

    /// <summary>The error-band counts of a scorecard's groups (and the overall line), gathered by group.</summary>
    internal sealed class MedianGroups(ScoreDimension dimension)
    {
        private readonly Dictionary<string, MedianGroup> _groups = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MedianGroup> _keys = new(StringComparer.Ordinal);
        private readonly MedianGroup _overall = new(null);

        public void Add(string storedDimension, string storedKey, long hindsight, double band, long count)
        {
            var group = _overall;
            if (storedDimension != "all" && !_keys.TryGetValue(storedKey, out group))
            {
                var key = GroupKey(dimension, storedKey);
                if (!_groups.TryGetValue(key, out group))
                {
                    group = new MedianGroup(key);
                    _groups.Add(key, group);
                }

                _keys.Add(storedKey, group);
            }

            group.Add(storedDimension, storedKey, hindsight, band, count);
        }

        /// <summary>The overall line first, then the groups, those with at least one error only.</summary>
        public List<MedianGroup> WithErrors() => [.. _groups.Values.Prepend(_overall).Where(static g => g.Total > 0)];
    }

    /// <summary>One scorecard group's error bands (numeric = 3 rows) and the error rows read from its middle bands.</summary>
    internal sealed class MedianGroup(string? group)
    {
        private readonly SortedDictionary<double, long> _bands = [];
        private readonly SortedDictionary<double, long> _errors = [];
        private long _before;

        public string? Group { get; } = group;

        public long Total { get; private set; }

        public HashSet<(string Dimension, string Key, long Hindsight)> Stored { get; } = [];

        public void Add(string dimension, string key, long hindsight, double band, long count)
        {
            _bands[band] = _bands.GetValueOrDefault(band) + count;
            Total += count;
            Stored.Add((dimension, key, hindsight));
        }

        /// <summary>The band(s) holding items (Total - 1) / 2 and Total / 2, as [low, high) ranges of error keys.</summary>
        public IEnumerable<(double Low, double High)> MiddleBands()
        {
            var lowRank = (Total - 1) / 2;
            var highRank = Total / 2;
            long upto = 0;
            var first = true;
            foreach (var (band, count) in _bands)
            {
                var from = upto;
                upto += count;
                if (upto <= lowRank)
                {
                    continue;
                }

                if (first)
                {
                    _before = from;
                    first = false;
                }

                yield return (band, BandEnd(band));
                if (upto > highRank)
                {
                    yield break;
                }
            }
        }

        public void AddError(double ape, long count) => _errors[ape] = _errors.GetValueOrDefault(ape) + count;

        public double Median()
        {
            double? low = null;
            double? high = null;
            var upto = _before;
            foreach (var (ape, count) in _errors)
            {
                upto += count;
                if (low is null && upto > (Total - 1) / 2)
                {
                    low = ape;
                }

                if (upto > Total / 2)
                {
                    high = ape;
                    break;
                }
            }

            if (low is null || high is null)
            {
                throw new InvalidOperationException(
                    $"The error rows of group '{Group}' do not add up to its bands (score_sums is inconsistent).");
            }

            return (low.Value + high.Value) / 2;
        }

        /// <summary>The next band's lower bound: 0 → 1, 1 → 2, ..., 9 → 10, 10 → 20, ..., 90 → 100, 100 → 200.</summary>
        private static double BandEnd(double band)
        {
            if (band < 1)
            {
                return 1;
            }

            var value = (long)band;
            long step = 1;
            while (step * 10 <= value)
            {
                step *= 10;
            }

            return value + step;
        }
    }

    /// <summary>The group a stored key stands for (see 0008_score_sums.sql for how keys are stored).</summary>
    /// <summary>A stored row's group as the builder names it, each stored key mapped once; the "all" row has none.</summary>
    private sealed class GroupKeys(ScoreDimension dimension)
    {
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

        public string? Of(string storedDimension, string key)
        {
            if (storedDimension == "all")
            {
                return null;
            }

            if (!_keys.TryGetValue(key, out var group))
            {
                group = GroupKey(dimension, key);
                _keys.Add(key, group);
            }

            return group;
        }
    }

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
    public static async Task<Scorecard> ScanScorecardAsync(
        DbConnection connection, ScorecardBuilder builder, CancellationToken cancellationToken)
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
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        OutcomeRow.Columns? columns = null;
        await foreach (var row in connection.Sql(sql).StreamAsync(r => (columns ??= new(r)).Read(r), cancellationToken)
            .ConfigureAwait(false))
        {
            builder.Add(row.ToScored(lists));
        }

        return await WithVoidDetailsAsync(connection, builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Scorecard> WithVoidDetailsAsync(DbConnection connection, Scorecard card, CancellationToken cancellationToken)
    {
        if (card.Voids.Count + card.ConditionNotMet.Count + card.Hindsight.Count == 0)
        {
            return card;
        }

        var ids = StorageJson.List(
            card.Voids.Concat(card.ConditionNotMet).Concat(card.Hindsight).Select(static v => v.Id).Distinct());
        var details = (await connection.Sql(connection.Pick(SelectVoidDetails, SelectVoidDetailsPostgres)).Bind("Ids", ids)
            .QueryAsync(VoidRow.Read, cancellationToken).ConfigureAwait(false))
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

    /// <summary>The scored rows of <paramref name="sql"/>, folded per prediction; <paramref name="ids"/> binds @Ids when given.</summary>
    private static async IAsyncEnumerable<ScoredPrediction> StreamAsync(DbConnection connection, string sql, string? ids,
        DbTransaction? transaction, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var folder = new Folder();
        var statement = connection.Sql(sql, transaction);
        if (ids is not null)
        {
            statement.Bind("Ids", ids);
        }

        // Column ordinals are looked up once, on the first row, not by name per row (a million rows).
        ScoreRow.Columns? columns = null;
        await foreach (var row in statement.StreamAsync(r => (columns ??= new(r)).Read(r), cancellationToken)
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
        private string? _conditionExtendTo;

        public ScoreRow? Current { get; private set; }

        public void Add(ScoreRow row)
        {
            if (Current is null)
            {
                Current = row;
                _final = null;
                _condition = null;
                _extendTo = null;
                _conditionExtendTo = null;
            }

            if (row.ResolutionId is null)
            {
                return;
            }

            if (row.Target == "condition")
            {
                if (row.Verdict == "extend")
                {
                    _conditionExtendTo = row.ExtendTo;
                }
                else if (row.SupersedesId is not null || _condition is null)
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
                ConditionDueOn = p.Conditional != 0 && _condition is null ? ConditionDue(_conditionExtendTo, p.ConditionJson) : null,
            };
        }
    }

    /// <summary>
    /// The date a conditional's unanswered condition is due: its latest CONDITION EXTEND, else the condition's own
    /// resolveBy (predictions.condition_json); null when neither is a valid date. The same as score_facts' due (0017).
    /// </summary>
    private static DateOnly? ConditionDue(string? extendTo, string? conditionJson)
    {
        if (extendTo is not null)
        {
            return ReadDate(extendTo);
        }

        if (string.IsNullOrEmpty(conditionJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(conditionJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("resolveBy", out var by) && by.ValueKind == JsonValueKind.String
                    ? ReadDate(by.GetString())
                    : null;
        }
        catch (JsonException)
        {
            return null;
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
                list = JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray)?.Where(static s => s is not null).ToArray()
                    ?? [];
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

    private sealed record VoidRow(string Id, string Outlet, string Claim, string? Note)
    {
        public static VoidRow Read(DbDataReader r) =>
            new(r.Text("Id"), r.Text("Outlet"), r.Text("Claim"), r.TextOrNull("Note"));
    }


    /// <summary>One prediction with its state from <c>prediction_outcomes</c> (NULL verdict: open).</summary>
    private sealed record OutcomeRow
    {
        /// <summary>A result set's column ordinals, looked up once; a column the query lacks reads as NULL.</summary>
        public sealed class Columns(DbDataReader reader)
        {
            private readonly int _id = SqlRead.OrdinalOf(reader, nameof(Id));
            private readonly int _articleId = SqlRead.OrdinalOf(reader, nameof(ArticleId));
            private readonly int _outlet = SqlRead.OrdinalOf(reader, nameof(Outlet));
            private readonly int _authorsJson = SqlRead.OrdinalOf(reader, nameof(AuthorsJson));
            private readonly int _tagsJson = SqlRead.OrdinalOf(reader, nameof(TagsJson));
            private readonly int _hedge = SqlRead.OrdinalOf(reader, nameof(Hedge));
            private readonly int _probability = SqlRead.OrdinalOf(reader, nameof(Probability));
            private readonly int _published = SqlRead.OrdinalOf(reader, nameof(Published));
            private readonly int _resolveBy = SqlRead.OrdinalOf(reader, nameof(ResolveBy));
            private readonly int _verdict = SqlRead.OrdinalOf(reader, nameof(Verdict));
            private readonly int _outcome = SqlRead.OrdinalOf(reader, nameof(Outcome));
            private readonly int _resolvedAt = SqlRead.OrdinalOf(reader, nameof(ResolvedAt));
            private readonly int _probabilitySource = SqlRead.OrdinalOf(reader, nameof(ProbabilitySource));
            private readonly int _kind = SqlRead.OrdinalOf(reader, nameof(Kind));
            private readonly int _comparator = SqlRead.OrdinalOf(reader, nameof(Comparator));
            private readonly int _threshold = SqlRead.OrdinalOf(reader, nameof(Threshold));
            private readonly int _low = SqlRead.OrdinalOf(reader, nameof(Low));
            private readonly int _high = SqlRead.OrdinalOf(reader, nameof(High));
            private readonly int _value = SqlRead.OrdinalOf(reader, nameof(Value));
            private readonly int _hindsight = SqlRead.OrdinalOf(reader, nameof(Hindsight));
            private readonly int _annulled = SqlRead.OrdinalOf(reader, nameof(Annulled));
            private readonly int _conditionOpen = SqlRead.OrdinalOf(reader, nameof(ConditionOpen));
            private readonly int _conditionExtendTo = SqlRead.OrdinalOf(reader, nameof(ConditionExtendTo));
            private readonly int _conditionJson = SqlRead.OrdinalOf(reader, nameof(ConditionJson));

            public OutcomeRow Read(DbDataReader r) => new()
            {
                Id = r.TextOrNull(_id) ?? "",
                ArticleId = r.TextOrNull(_articleId) ?? "",
                Outlet = r.TextOrNull(_outlet) ?? "",
                AuthorsJson = r.TextOrNull(_authorsJson),
                TagsJson = r.TextOrNull(_tagsJson),
                Hedge = r.TextOrNull(_hedge),
                Probability = r.DoubleOrNull(_probability),
                Published = r.TextOrNull(_published),
                ResolveBy = r.TextOrNull(_resolveBy),
                Verdict = r.TextOrNull(_verdict),
                Outcome = r.DoubleOrNull(_outcome),
                ResolvedAt = r.Int64OrNull(_resolvedAt),
                ProbabilitySource = r.TextOrNull(_probabilitySource),
                Kind = r.TextOrNull(_kind) ?? "",
                Comparator = r.TextOrNull(_comparator),
                Threshold = r.DoubleOrNull(_threshold),
                Low = r.DoubleOrNull(_low),
                High = r.DoubleOrNull(_high),
                Value = r.DoubleOrNull(_value),
                Hindsight = r.Int64(_hindsight),
                Annulled = r.Int64(_annulled),
                ConditionOpen = r.Int64(_conditionOpen),
                ConditionExtendTo = r.TextOrNull(_conditionExtendTo),
                ConditionJson = r.TextOrNull(_conditionJson),
            };
        }

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

        public long ConditionOpen { get; init; }

        public string? ConditionExtendTo { get; init; }

        public string? ConditionJson { get; init; }

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
                ConditionDueOn = ConditionOpen != 0 ? ConditionDue(ConditionExtendTo, ConditionJson) : null,
            };
        }
    }

    private sealed record ScoreRow
    {
        /// <summary>A result set's column ordinals, looked up once; a column the query lacks reads as NULL.</summary>
        public sealed class Columns(DbDataReader reader)
        {
            private readonly int _id = SqlRead.OrdinalOf(reader, nameof(Id));
            private readonly int _articleId = SqlRead.OrdinalOf(reader, nameof(ArticleId));
            private readonly int _outlet = SqlRead.OrdinalOf(reader, nameof(Outlet));
            private readonly int _authorsJson = SqlRead.OrdinalOf(reader, nameof(AuthorsJson));
            private readonly int _tagsJson = SqlRead.OrdinalOf(reader, nameof(TagsJson));
            private readonly int _hedge = SqlRead.OrdinalOf(reader, nameof(Hedge));
            private readonly int _probability = SqlRead.OrdinalOf(reader, nameof(Probability));
            private readonly int _kind = SqlRead.OrdinalOf(reader, nameof(Kind));
            private readonly int _claim = SqlRead.OrdinalOf(reader, nameof(Claim));
            private readonly int _published = SqlRead.OrdinalOf(reader, nameof(Published));
            private readonly int _resolveBy = SqlRead.OrdinalOf(reader, nameof(ResolveBy));
            private readonly int _resolutionId = SqlRead.OrdinalOf(reader, nameof(ResolutionId));
            private readonly int _verdict = SqlRead.OrdinalOf(reader, nameof(Verdict));
            private readonly int _fraction = SqlRead.OrdinalOf(reader, nameof(Fraction));
            private readonly int _extendTo = SqlRead.OrdinalOf(reader, nameof(ExtendTo));
            private readonly int _note = SqlRead.OrdinalOf(reader, nameof(Note));
            private readonly int _evidenceJson = SqlRead.OrdinalOf(reader, nameof(EvidenceJson));
            private readonly int _resolvedBy = SqlRead.OrdinalOf(reader, nameof(ResolvedBy));
            private readonly int _resolvedAt = SqlRead.OrdinalOf(reader, nameof(ResolvedAt));
            private readonly int _supersedesId = SqlRead.OrdinalOf(reader, nameof(SupersedesId));
            private readonly int _probabilitySource = SqlRead.OrdinalOf(reader, nameof(ProbabilitySource));
            private readonly int _comparator = SqlRead.OrdinalOf(reader, nameof(Comparator));
            private readonly int _threshold = SqlRead.OrdinalOf(reader, nameof(Threshold));
            private readonly int _low = SqlRead.OrdinalOf(reader, nameof(Low));
            private readonly int _high = SqlRead.OrdinalOf(reader, nameof(High));
            private readonly int _hindsight = SqlRead.OrdinalOf(reader, nameof(Hindsight));
            private readonly int _conditional = SqlRead.OrdinalOf(reader, nameof(Conditional));
            private readonly int _condition = SqlRead.OrdinalOf(reader, nameof(Condition));
            private readonly int _conditionJson = SqlRead.OrdinalOf(reader, nameof(ConditionJson));
            private readonly int _target = SqlRead.OrdinalOf(reader, nameof(Target));
            private readonly int _value = SqlRead.OrdinalOf(reader, nameof(Value));

            public ScoreRow Read(DbDataReader r) => new()
            {
                Id = r.TextOrNull(_id) ?? "",
                ArticleId = r.TextOrNull(_articleId) ?? "",
                Outlet = r.TextOrNull(_outlet) ?? "",
                AuthorsJson = r.TextOrNull(_authorsJson),
                TagsJson = r.TextOrNull(_tagsJson),
                Hedge = r.TextOrNull(_hedge),
                Probability = r.DoubleOrNull(_probability),
                Kind = r.TextOrNull(_kind) ?? "",
                Claim = r.TextOrNull(_claim) ?? "",
                Published = r.TextOrNull(_published),
                ResolveBy = r.TextOrNull(_resolveBy),
                ResolutionId = r.Int64OrNull(_resolutionId),
                Verdict = r.TextOrNull(_verdict),
                Fraction = r.DoubleOrNull(_fraction),
                ExtendTo = r.TextOrNull(_extendTo),
                Note = r.TextOrNull(_note),
                EvidenceJson = r.TextOrNull(_evidenceJson),
                ResolvedBy = r.TextOrNull(_resolvedBy),
                ResolvedAt = r.Int64OrNull(_resolvedAt),
                SupersedesId = r.Int64OrNull(_supersedesId),
                ProbabilitySource = r.TextOrNull(_probabilitySource),
                Comparator = r.TextOrNull(_comparator),
                Threshold = r.DoubleOrNull(_threshold),
                Low = r.DoubleOrNull(_low),
                High = r.DoubleOrNull(_high),
                Hindsight = r.Int64(_hindsight),
                Conditional = r.Int64(_conditional),
                Condition = r.TextOrNull(_condition),
                ConditionJson = r.TextOrNull(_conditionJson),
                Target = r.TextOrNull(_target),
                Value = r.DoubleOrNull(_value),
            };
        }

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

        public string? ConditionJson { get; init; }

        public string? Target { get; init; }

        public double? Value { get; init; }
    }
}
