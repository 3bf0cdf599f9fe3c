using System.Data.Common;
using System.Globalization;
using Dapper;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// Migration 0008: <c>score_sums</c> kept by triggers must always equal the sums recomputed from scratch, through any
/// sequence of inserts, updates, resolutions and deletes, and a scorecard from the sums must equal one that reads
/// every prediction, on data full of the shapes C# and SQL could disagree on (white space, bad JSON, partial dates).
/// </summary>
public sealed class ScoreSumsMigrationTests : IAsyncLifetime
{
    private const string Recompute = """
        SELECT dimension AS Dimension, key AS Key, state AS State, probability AS Probability, due AS Due, count(*) AS N,
               total(outcome) AS SumOutcome, total(outcome * outcome) AS SumOutcomeSq, count(delay) AS NDelay,
               COALESCE(sum(delay), 0) AS SumDelay,
               source AS Source, numeric AS IsNumeric, hindsight AS Hindsight, ape AS Ape,
               count(CASE WHEN err > 0 THEN 1 END) AS NHigh, count(CASE WHEN err < 0 THEN 1 END) AS NLow, total(pe) AS SumPe
        FROM score_contributions
        GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape
        ORDER BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
        """;

    // total() is SQLite's sum that is 0.0, not NULL, over no values.
    private const string RecomputePostgres = """
        SELECT dimension AS Dimension, key AS Key, state AS State, probability AS Probability, due AS Due, count(*) AS N,
               COALESCE(sum(outcome), 0) AS SumOutcome, COALESCE(sum(outcome * outcome), 0) AS SumOutcomeSq, count(delay) AS NDelay,
               COALESCE(sum(delay), 0) AS SumDelay, source AS Source, numeric AS IsNumeric, hindsight AS Hindsight, ape AS Ape,
               count(CASE WHEN err > 0 THEN 1 END) AS NHigh, count(CASE WHEN err < 0 THEN 1 END) AS NLow, COALESCE(sum(pe), 0) AS SumPe
        FROM score_contributions
        GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape
        ORDER BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
        """;

    private const string Stored = """
        SELECT dimension AS Dimension, key AS Key, state AS State, probability AS Probability, due AS Due, n AS N,
               sum_outcome AS SumOutcome, sum_outcome_sq AS SumOutcomeSq, n_delay AS NDelay, sum_delay AS SumDelay,
               source AS Source, numeric AS IsNumeric, hindsight AS Hindsight, ape AS Ape, n_high AS NHigh, n_low AS NLow, sum_pe AS SumPe
        FROM score_sums
        ORDER BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
        """;

    private static readonly string[] Outlets = ["Alpha", " Alpha ", "alpha", "\u00A0Beta", "Beta\t", "", "  ", "Gamma"];

    private static readonly string[] AuthorLists =
    [
        "[\"Ann\",\"Bob\"]", "[\"Ann\",\" Ann \"]", "[\" \",\"\"]", "[]", "not json", "{\"a\":1}", "[\"Ann\",1]",
        "[\"Ann\",null]", "[\"caf\\u00e9\"]", "\"Ann\"", "[\"Bob\\u2003\"]", " [ \"Cy\" , \"Ann\" ] ", "[[\"Ann\"]]",
    ];

    private static readonly string?[] Published =
    [
        "2026", "2026-05", "2026-05-17", "2026-Q3", "2026-q1", " 2026-05 ", "2026-13", "2026-02-30", "0000", "May 2026",
        null, "2026-5", "2024-02-29", "2025-Q4", "\u20032025-11-02",
    ];

    private static readonly string[] TagLists = ["[\"ai\"]", "[\"ai\",\"eu\",\"ai\"]", "[]", "bad", "[\" eu\",\"eu \"]", "[\"\\t\"]",
        "[\"Ai\"]"];

    private static readonly string?[] Hedges = [null, "likely", " Likely ", "LIKELY", "", "\tmay", "will"];

    private static readonly double?[] Probabilities = [null, 0.0, 0.05, 0.3, 0.5, 0.7, 0.7, 0.9, 1.0, 0.33];

    private static readonly string?[] Dates = ["2026-03-31", "2026-12-31", "2027-06-30", "2025-01-15", null, "2026-02-30", "soon",
        "2028-02-29"];

    private static readonly string[] Verdicts =
        ["yes", "no", "partial", "void", "extend", "yes", "no", "value", "condition", "condition", "condition-extend"];

    // Kinds with their bounds: events, points, ranges and thresholds, some incomplete as manual edits leave them.
    private static readonly (string Kind, string? Comparator, double? Threshold, double? Low, double? High)[] Shapes =
    [
        ("event", null, null, null, null), ("event", null, null, null, null), ("threshold", ">", 15, null, null),
        ("threshold", "<=", 0.5, null, null), ("threshold", "=", 16, null, null), ("range", null, null, 3, 4),
        ("range", null, null, 16, 16), ("threshold", null, 15, null, null), ("range", null, null, -2, 2),
    ];

    // Spread so that a group's errors fall in several bands (0017) and its median is read from the middle ones.
    private static readonly double?[] Values = [null, 9, 15.8, 16, 40, 0, -1, 3.5, 1e-9, 0.1, 2.675, 7, 12.5, 25, 60, 100, 250, 1234, 0.02,
        33, 15.1];

    // condition_json as written (resolveBy) and as a manual edit might leave it (0017 reads its resolveBy as a due date).
    private static readonly string?[] ConditionJsons =
    [
        null, "{\"resolveBy\":\"2026-09-30\"}", "{\"kind\":\"event\",\"resolveBy\":\"2027-04-15\"}", "{\"resolveBy\":\"2027-02-30\"}",
        "not json", "{\"resolveBy\":5}", "[1]", "{\"resolveBy\":\"2025-12-01\"}",
    ];

    private static readonly string?[] Conditions = [null, null, "if x happens"];

    private static readonly string?[] Sources = [null, "stated", "hedge"];

    // score_totals' sums (migration 0018), in the order AssertTotalsMatchSumsAsync computes them.
    private static readonly string[] TotalColumns =
    [
        "n", "sum_outcome", "sum_outcome_sq", "n_delay", "sum_delay", "n_high", "n_low", "sum_pe", "sum_p_sq", "sum_p_outcome", "credit",
        "log_score", .. Enumerable.Range(0, 10).Select(static i => "n_" + i.ToString(CultureInfo.InvariantCulture)),
        .. Enumerable.Range(0, 10).Select(static i => "p_" + i.ToString(CultureInfo.InvariantCulture)),
        .. Enumerable.Range(0, 10).Select(static i => "o_" + i.ToString(CultureInfo.InvariantCulture)),
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fw-sums-" + Guid.NewGuid().ToString("N"));
    private SqliteConnectionFactory _connections = null!;

    public Task InitializeAsync()
    {
        _connections = new SqliteConnectionFactory(Path.Combine(_directory, "test.db"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Triggers_RandomWritesUpdatesAndDeletes_SumsAlwaysEqualRecomputation(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        var random = new Random(8);
        await using var c = await store.Database.OpenAsync(CancellationToken.None);
        var world = new World();
        for (var round = 0; round < 12; round++)
        {
            for (var step = 0; step < 40; step++)
            {
                await RandomWriteAsync(c, world, random);
            }

            await AssertSumsMatchRecomputationAsync(c);
        }

        Assert.True(world.Resolutions > 100, "the random walk should have resolved plenty");
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildScorecardAsync_EdgeCaseData_SumsEquivalentToScanOnEveryDimension(string kind)
    {
        await using var testStore = await TestStore.CreateAsync(kind);
        var random = new Random(9);
        await using (var c = await testStore.Database.OpenAsync(CancellationToken.None))
        {
            var world = new World();
            for (var step = 0; step < 800; step++)
            {
                await RandomWriteAsync(c, world, random);
            }
        }

        var plain = new ScoringSettings { MinSample = 2, UnstatedProbability = 0.8, MaxListedVoids = 5 };
        foreach (var (dimension, settings) in new[] { ScoreDimension.Outlet, ScoreDimension.Author, ScoreDimension.Tag,
            ScoreDimension.Hedge, ScoreDimension.Horizon }
            .SelectMany(d => new[] { (d, plain), (d, plain with { StatedOnly = true }), (d, plain with { IncludeHindsight = true }) }))
        {
            foreach (var asOf in new[] { new DateOnly(2026, 6, 1), new DateOnly(2027, 3, 1) })
            {
                await using var connection = await testStore.Database.OpenAsync(CancellationToken.None);
                var scan = await ScoreStore.ScanScorecardAsync(connection, new ScorecardBuilder(dimension, asOf, settings),
                    CancellationToken.None);
                var sums = await ScoreStore.BuildScorecardAsync(connection, new ScorecardBuilder(dimension, asOf, settings),
                    CancellationToken.None);

                Assert.True(scan.Overall.Scored > (settings.StatedOnly ? 5 : 25), $"scored {scan.Overall.Scored}");
                Assert.True(scan.Overall.Open > 5);
                Assert.True(scan.VoidCount > 5);
                Assert.True(scan.ConditionNotMetCount > 3, $"condition not met {scan.ConditionNotMetCount}");
                Assert.True(scan.Overall.Numeric is { Count: > 10, WithError: > 5, TooHigh: > 0, TooLow: > 0 },
                    $"numeric {scan.Overall.Numeric}");
                Assert.True(settings.IncludeHindsight ? scan.HindsightCount == 0 : scan.HindsightCount > 3,
                    $"hindsight {scan.HindsightCount}");
                ScorecardAssert.Equivalent(scan, sums);
            }
        }
    }

    /// <summary>
    /// Migration 0017's error bands: with hundreds of numeric forecasts whose errors span 0.01% to 10⁵% (so every
    /// group has many bands, and its middle items fall in various ones), each group's median APE read from the bands
    /// and the middle band's error rows equals the median over every forecast, on every dimension, with and without
    /// hindsight, and after the writes that move a forecast between bands.
    /// </summary>
    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildScorecardAsync_ManyNumericErrors_MedianFromBandsEqualsMedianOverEveryForecast(string kind)
    {
        await using var testStore = await TestStore.CreateAsync(kind);
        var random = new Random(17);
        await using (var c = await testStore.Database.OpenAsync(CancellationToken.None))
        {
            for (var a = 0; a < 12; a++)
            {
                await InsertArticleAsync(c, "a" + a, Pick(["Alpha", "Beta", " beta", "Gamma"], random), Pick(AuthorLists, random),
                    Pick(["2026-01", "2025-06-01", "2023"], random));
            }

            for (var i = 0; i < 400; i++)
            {
                var id = "n" + i.ToString(CultureInfo.InvariantCulture);
                await InsertPredictionAsync(c, id, "a" + random.Next(12),
                    Pick(["2026-03-31", "2026-12-31", "2028-06-30", "2031-01-01"], random),
                    Pick(Probabilities, random), Pick(Hedges, random), Pick(TagLists, random), "accepted", random);
                await c.ExecuteAsync("UPDATE predictions SET kind = 'threshold', comparator = '>=', threshold = 100, condition = NULL "
                    + "WHERE id = @Id;", new { Id = id });
                if (random.Next(10) > 0)
                {
                    // Observed values from 1e-3 to 1e5 around the threshold of 100: errors from 0 to ~10⁵ %.
                    var value = Math.Round(Math.Pow(10, (random.NextDouble() * 8) - 3), 3);
                    await ResolveAsync(c, id, value >= 100 ? "yes" : "no", null, null, 1_760_000_000_000, null, value);
                }
            }

            // Writes that move forecasts between bands and groups: new thresholds, overrides, articles moved.
            for (var i = 0; i < 60; i++)
            {
                var id = "n" + random.Next(400).ToString(CultureInfo.InvariantCulture);
                await c.ExecuteAsync("UPDATE predictions SET threshold = @T, article_id = @A WHERE id = @Id;",
                    new { T = Math.Round(random.NextDouble() * 300, 1), A = "a" + random.Next(12), Id = id });
            }

            await AssertSumsMatchRecomputationAsync(c);
        }

        await using var connection = await testStore.Database.OpenAsync(CancellationToken.None);
        var settings = new ScoringSettings { MinSample = 2 };
        foreach (var (dimension, s) in new[] { ScoreDimension.Outlet, ScoreDimension.Author, ScoreDimension.Tag, ScoreDimension.Hedge,
            ScoreDimension.Horizon }
            .SelectMany(d => new[] { (d, settings), (d, settings with { IncludeHindsight = true }) }))
        {
            var asOf = new DateOnly(2027, 3, 1);
            var scan = await ScoreStore.ScanScorecardAsync(connection, new ScorecardBuilder(dimension, asOf, s), CancellationToken.None);
            var sums = await ScoreStore.BuildScorecardAsync(connection, new ScorecardBuilder(dimension, asOf, s), CancellationToken.None);
            Assert.True(scan.Overall.Numeric is { WithError: > 250 }, $"numeric {scan.Overall.Numeric}");
            Assert.True(scan.Groups.Count(g => g.Numeric is { WithError: > 20 }) >= 2, $"{dimension}: groups with errors");
            ScorecardAssert.Equivalent(scan, sums);
        }
    }

    [Fact]
    public async Task Migration_ExistingDatabase_BackfillEqualsRecomputationAndTriggersContinue()
    {
        await new MigrationRunner(_connections,
            [.. MigrationRunner.Embedded().Where(static m => m.Version <= 7)]).ApplyPendingAsync(CancellationToken.None);
        var random = new Random(10);
        var world = new World { Legacy = true };
        await using (var c = await _connections.OpenAsync(CancellationToken.None))
        {
            for (var step = 0; step < 300; step++)
            {
                await RandomWriteAsync(c, world, random);
            }
        }

        var applied = await new MigrationRunner(_connections).ApplyPendingAsync(CancellationToken.None);
        world.Legacy = false;

        Assert.Contains(applied, static m => m.Version == 8);
        Assert.Contains(applied, static m => m.Version == 13);
        await using var check = await _connections.OpenAsync(CancellationToken.None);
        Assert.True(await check.ExecuteScalarAsync<long>("SELECT count(*) FROM score_sums;") > 20);
        await AssertSumsMatchRecomputationAsync(check);
        for (var step = 0; step < 100; step++)
        {
            await RandomWriteAsync(check, world, random);
        }

        await AssertSumsMatchRecomputationAsync(check);
    }

    /// <summary>
    /// Open predictions are counted per group in SQL against the overdue day (as-of minus the grace), not handed over one
    /// row per due date: the day before it is overdue, the day itself is not, and dates C# does not read as a date
    /// (30 February, year 0, words, none) are never overdue; a grace longer than the calendar leaves nothing overdue.
    /// </summary>
    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildScorecardAsync_OpenPredictionsManyDueDates_OverdueCountedAtTheGraceBoundary(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await using var c = await store.Database.OpenAsync(CancellationToken.None);
        await InsertArticleAsync(c, "a1", "Alpha", "[\"Ann\"]", "2026-05");
        await InsertArticleAsync(c, "a2", "Beta", "[\"Bo\", \"Ann\"]", "2026-06-01");
        string?[] dues = ["2027-02-14", "2027-02-15", "2025-01-15", "2026-02-30", "soon", null, "0000-12-31", "2027-03-01"];
        for (var i = 0; i < dues.Length; i++)
        {
            await InsertPredictionAsync(c, "o" + i.ToString(CultureInfo.InvariantCulture), i % 2 == 0 ? "a1" : "a2", dues[i], 0.7,
                "likely", "[\"ai\"]", "accepted");
        }

        await InsertPredictionAsync(c, "r1", "a1", "2020-01-01", 0.7, "likely", "[\"ai\"]", "accepted");
        await ResolveAsync(c, "r1", "yes", null, null, 1_790_000_000_000, null);

        var asOf = new DateOnly(2027, 3, 1);
        foreach (var (grace, overdue) in new[] { (14, 2), (0, 3), (800_000, 0) })
        {
            var settings = new ScoringSettings { MinSample = 1, OverdueGraceDays = grace };
            foreach (var dimension in new[] { ScoreDimension.Outlet, ScoreDimension.Author, ScoreDimension.Horizon })
            {
                var scan = await ScoreStore.ScanScorecardAsync(c, new ScorecardBuilder(dimension, asOf, settings), CancellationToken.None);
                var sums = await ScoreStore.BuildScorecardAsync(c, new ScorecardBuilder(dimension, asOf, settings), CancellationToken.None);
                Assert.Equal(dues.Length, sums.Overall.Open);
                Assert.Equal(overdue, sums.Overall.OverdueUnresolved);
                ScorecardAssert.Equivalent(scan, sums);
            }
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Triggers_AllPredictionsOfAKeyResolved_NoEmptyRowsLeft(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await using var c = await store.Database.OpenAsync(CancellationToken.None);
        await InsertArticleAsync(c, "a1", "Alpha", "[\"Ann\"]", "2026-05");
        await InsertPredictionAsync(c, "p1", "a1", "2026-12-31", 0.7, "likely", "[\"ai\"]", "accepted");
        await InsertPredictionAsync(c, "p2", "a1", "2026-12-31", 0.7, "likely", "[\"ai\"]", "accepted");
        Assert.Equal(2, await c.ExecuteScalarAsync<long>("SELECT n FROM score_sums WHERE dimension = 'all' AND state = 'open';"));

        await ResolveAsync(c, "p1", "yes", null, null, 1_790_000_000_000, null);
        await ResolveAsync(c, "p2", "void", null, null, 1_790_000_000_000, null);
        await c.ExecuteAsync("UPDATE articles SET outlet = 'Renamed' WHERE id = 'a1';");

        Assert.Equal(0,
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM score_sums WHERE n = 0 OR state = 'open' OR key = 'Alpha';"));
        Assert.Equal(1, await c.ExecuteScalarAsync<long>(
            "SELECT n FROM score_sums WHERE dimension = 'outlet' AND key = 'Renamed' AND state = 'scored';"));
        await AssertSumsMatchRecomputationAsync(c);
    }

    private static async Task AssertSumsMatchRecomputationAsync(DbConnection c)
    {
        var expected = (await c.QueryAsync<SumRow>(c.Pick(Recompute, RecomputePostgres))).ToList();
        var actual = (await c.QueryAsync<SumRow>(Stored)).ToList();
        Assert.Equal(expected.Select(static r => r.Identity), actual.Select(static r => r.Identity));
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.True(e.N == a.N && e.NDelay == a.NDelay && e.SumDelay == a.SumDelay, $"{e.Identity}: {e} vs {a}");
            Assert.True(Math.Abs(e.SumOutcome - a.SumOutcome) < 1e-9 && Math.Abs(e.SumOutcomeSq - a.SumOutcomeSq) < 1e-9,
                $"{e.Identity}: {e} vs {a}");
            Assert.True(e.NHigh == a.NHigh && e.NLow == a.NLow, $"{e.Identity}: {e} vs {a}");
            Assert.True(Math.Abs(e.SumPe - a.SumPe) <= 1e-9 * Math.Max(1, Math.Abs(e.SumPe)), $"{e.Identity}: {e} vs {a}");
        }

        await AssertTotalsMatchSumsAsync(c, actual);
    }

    /// <summary>
    /// Migration 0018: score_totals equals the probability rows of score_sums (checked above against the full
    /// recomputation) added up per total's key, with the probability sums computed here by the domain's own rules
    /// (CalibrationBucket.IndexOf, the log score's clamp).
    /// </summary>
    private static async Task AssertTotalsMatchSumsAsync(DbConnection c, IReadOnlyList<SumRow> sums)
    {
        var expected = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var s in sums.Where(static s => s.IsNumeric < 2))
        {
            var key = string.Join('|', s.Dimension, s.Key, s.State, s.Source, s.IsNumeric, s.Hindsight, s.Due);
            if (!expected.TryGetValue(key, out var t))
            {
                expected[key] = t = new double[TotalColumns.Length];
            }

            double[] plain = [s.N, s.SumOutcome, s.SumOutcomeSq, s.NDelay, s.SumDelay, s.NHigh, s.NLow, s.SumPe];
            for (var i = 0; i < plain.Length; i++)
            {
                t[i] += plain[i];
            }

            if (s.Probability >= 0)
            {
                var (p, n, o) = (s.Probability, (double)s.N, s.SumOutcome);
                var clamped = Math.Clamp(p, PredictionScoring.LogEpsilon, 1 - PredictionScoring.LogEpsilon);
                t[8] += n * p * p;
                t[9] += p * o;
                t[10] += p >= 0.5 ? o : n - o;
                t[11] += (o * Math.Log(clamped)) + ((n - o) * Math.Log(1 - clamped));
                var bucket = CalibrationBucket.IndexOf(p);
                t[12 + bucket] += n;
                t[22 + bucket] += n * p;
                t[32 + bucket] += o;
            }
        }

        var columns = string.Join(", ", TotalColumns.Select(static name => $"CAST({name} AS DOUBLE PRECISION)"));
        var actual = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        await using (var reader = await c.ExecuteReaderAsync(
            $"SELECT dimension, key, state, source, numeric, hindsight, due, {columns.Replace("DOUBLE PRECISION", c.Pick("REAL",
                "DOUBLE PRECISION"), StringComparison.Ordinal)} FROM score_totals"))
        {
            while (await reader.ReadAsync())
            {
                var key = string.Join('|', reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetString(6));
                actual[key] = [.. Enumerable.Range(7, TotalColumns.Length).Select(reader.GetDouble)];
            }
        }

        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, e) in expected)
        {
            var a = actual[key];
            for (var i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - a[i]) <= 1e-9 * Math.Max(1, Math.Abs(e[i])),
                    $"{key} {TotalColumns[i]}: expected {e[i]}, stored {a[i]}");
            }
        }
    }

    /// <summary>One random write of the kinds the application makes, plus the odd manual edit.</summary>
    internal static async Task RandomWriteAsync(DbConnection c, World world, Random random)
    {
        var roll = random.Next(100);
        if (world.Articles.Count == 0 || roll < 6)
        {
            var id = "a" + world.Articles.Count.ToString(CultureInfo.InvariantCulture);
            await InsertArticleAsync(c, id, Pick(Outlets, random), Pick(AuthorLists, random), Pick(Published, random));
            world.Articles.Add(id);
        }
        else if (world.Predictions.Count < 3 || roll < 35)
        {
            var id = "p" + world.Next++.ToString(CultureInfo.InvariantCulture);
            await InsertPredictionAsync(
                c,
                id,
                Pick(world.Articles, random),
                Pick(Dates, random),
                Pick(Probabilities, random),
                Pick(Hedges, random),
                Pick(TagLists, random),
                random.Next(8) == 0 ? "proposed" : "accepted",
                world.Legacy ? null : random);
            world.Predictions.Add(id);
        }
        else if (roll < 75)
        {
            var id = Pick(world.Predictions, random);
            var verdict = Pick(Verdicts, random);
            if (world.Legacy && verdict is "value" or "condition" or "condition-extend")
            {
                verdict = "yes";
            }

            var target = verdict is "condition" or "condition-extend" ? "condition" : "claim";
            if (verdict == "condition-extend")
            {
                var extendTo = Pick(Dates, random) ?? "2027-12-31";
                var rows = world.ResolutionIds.TryGetValue(id, out var existing) ? existing : world.ResolutionIds[id] = [];
                rows.Add(await ResolveAsync(c, id, "extend", null, extendTo, 1_760_000_000_000 + (random.Next(60_000) * 1_000_000L), null,
                    null, "condition"));
                world.Resolutions++;
                return;
            }

            double? value = !world.Legacy && (verdict is "value" or "condition" || random.Next(4) == 0) ? Pick(Values, random) : null;
            verdict = verdict switch
            {
                "value" or "condition" => random.Next(2) == 0 ? "yes" : "no",
                _ => verdict,
            };
            var earlier = world.ResolutionIds.TryGetValue(id, out var ids) ? ids : world.ResolutionIds[id] = [];
            earlier.Add(await ResolveAsync(
                c,
                id,
                verdict,
                verdict == "partial" && random.Next(2) == 0 ? 0.1 + (random.Next(80) / 100.0) : null,
                verdict == "extend" ? Pick(Dates, random) ?? "2027-12-31" : null,
                1_760_000_000_000 + (random.Next(60_000) * 1_000_000L),
                earlier.Count > 0 && random.Next(3) == 0 ? earlier[random.Next(earlier.Count)] : null,
                verdict == "extend" ? null : value,
                verdict == "extend" ? "claim" : target));
            world.Resolutions++;
        }
        else if (roll < 85)
        {
            var id = Pick(world.Predictions, random);
            var (column, value) = random.Next(world.Legacy ? 7 : 12) switch
            {
                11 => ("condition_json", (object?)Pick(ConditionJsons, random)),
                7 => ("condition", (object?)Pick(Conditions, random)),
                8 => ("ends_before_publication", random.Next(2)),
                9 => ("probability_source", Pick(Sources, random)),
                10 => ("threshold", Pick(Values, random)),
                0 => ("status", (object?)Pick(["accepted", "proposed", "rejected"], random)),
                1 => ("probability", Pick(Probabilities, random)),
                2 => ("hedge", Pick(Hedges, random)),
                3 => ("tags_json", Pick(TagLists, random)),
                4 => ("resolve_by", Pick(Dates, random)),
                5 => ("article_id", Pick(world.Articles, random)),
                _ => ("updated_at", (object?)random.Next()),
            };
            await c.ExecuteAsync($"UPDATE predictions SET {column} = @Value WHERE id = @Id;", new { Value = value, Id = id });
        }
        else if (roll < 95)
        {
            var id = Pick(world.Articles, random);
            var (column, value) = random.Next(4) switch
            {
                0 => ("outlet", (object?)Pick(Outlets, random)),
                1 => ("authors_json", Pick(AuthorLists, random)),
                2 => ("published", Pick(Published, random)),
                _ => ("title", (object?)"Retitled"),
            };
            await c.ExecuteAsync($"UPDATE articles SET {column} = @Value WHERE id = @Id;", new { Value = value, Id = id });
        }
        else
        {
            // Only a prediction nobody resolved can go (resolutions are append-only and reference it).
            var unresolved = world.Predictions.Where(p => !world.ResolutionIds.ContainsKey(p)).ToList();
            if (unresolved.Count > 0)
            {
                var id = Pick(unresolved, random);
                await c.ExecuteAsync("DELETE FROM predictions WHERE id = @Id;", new { Id = id });
                world.Predictions.Remove(id);
            }
        }
    }

    private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    private static Task InsertArticleAsync(DbConnection c, string id, string outlet, string authors, string? published) =>
        c.ExecuteAsync(
            """
            INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at, updated_at)
            VALUES (@Id, 'Title', @Outlet, @Authors, 'en', @Published, 'body', 'sha', 0, 0);
            """,
            new { Id = id, Outlet = outlet, Authors = authors, Published = published });

    private static Task InsertPredictionAsync(
        DbConnection c, string id, string article, string? resolveBy, double? probability, string? hedge, string tags, string status,
        Random? random = null)
    {
        var shape = random is null ? Shapes[0] : Pick(Shapes, random);
        return c.ExecuteAsync(
            """
            INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, kind, comparator, threshold, low, high,
                probability, hedge,
                probability_source, ends_before_publication, condition, tags_json, status, origin, created_at, updated_at)
            VALUES (@Id, @Article, 'Claim ' || @Id, 'q', 0, @ResolveBy, @Kind, @Comparator, @Threshold, @Low, @High, @Probability, @Hedge,
                @Source, @Hindsight, @Condition, @Tags, @Status, 'curated', 0, 0);
            """,
            new
            {
                Id = id,
                Article = article,
                ResolveBy = resolveBy,
                shape.Kind,
                shape.Comparator,
                shape.Threshold,
                shape.Low,
                shape.High,
                Probability = probability,
                Hedge = hedge,
                Source = probability is null || random is null ? null : Pick(Sources, random),
                Hindsight = random is not null && random.Next(5) == 0 ? 1 : 0,
                Condition = random is null ? null : Pick(Conditions, random),
                Tags = tags,
                Status = status,
            });
    }

    // A claim without a value is written as before 0013, so the same call works on the older schema.
    private static Task<long> ResolveAsync(
        DbConnection c, string id, string verdict, double? fraction, string? extendTo, long at, long? supersedes, double? value = null,
        string target = "claim") =>
        c.ExecuteScalarAsync<long>(
            target == "claim" && value is null
                ? """
                  INSERT INTO resolutions (prediction_id, verdict, fraction, extend_to, note, evidence_json, resolved_by, resolved_at,
                      source, supersedes_id)
                  VALUES (@Id, @Verdict, @Fraction, @ExtendTo, 'note', '[]', 'ed@example.org', @At, 'cli', @Supersedes)
                  RETURNING id;
                  """
                : """
                  INSERT INTO resolutions (prediction_id, verdict, fraction, value, extend_to, note, evidence_json, resolved_by,
                      resolved_at, source,
                      supersedes_id, target)
                  VALUES (@Id, @Verdict, @Fraction, @Value, @ExtendTo, 'note', '[]', 'ed@example.org', @At, 'cli', @Supersedes, @Target)
                  RETURNING id;
                  """,
            new
            {
                Id = id,
                Verdict = verdict,
                Fraction = fraction,
                Value = value,
                ExtendTo = extendTo,
                At = at,
                Supersedes = supersedes,
                Target = target
            });

    internal sealed class World
    {
        public List<string> Articles { get; } = [];

        public List<string> Predictions { get; } = [];

        public Dictionary<string, List<long>> ResolutionIds { get; } = [];

        public int Next { get; set; }

        public int Resolutions { get; set; }

        /// <summary>Writes only what the schema before 0013 has (no conditions, targets or values).</summary>
        public bool Legacy { get; set; }
    }

    private sealed record SumRow
    {
        public string Dimension { get; init; } = "";

        public string Key { get; init; } = "";

        public string State { get; init; } = "";

        public double Probability { get; init; }

        public string Due { get; init; } = "";

        public long N { get; init; }

        public double SumOutcome { get; init; }

        public double SumOutcomeSq { get; init; }

        public long NDelay { get; init; }

        public long SumDelay { get; init; }

        public string Source { get; init; } = "";

        public long IsNumeric { get; init; }

        public long Hindsight { get; init; }

        public double Ape { get; init; }

        public long NHigh { get; init; }

        public long NLow { get; init; }

        public double SumPe { get; init; }

        public string Identity => string.Create(
            CultureInfo.InvariantCulture, $"{Dimension}|{Key}|{State}|{Probability:R}|{Source}|{IsNumeric}|{Hindsight}|{Due}|{Ape:R}");
    }
}
