using System.Diagnostics;
using Dapper;
using System.Globalization;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Benchmarks.Scoring;

/// <summary>
/// Scorecard over N generated resolved predictions in SQLite.
///   scorecard generate N   writes $TMP/forecastwatch-bench-scoring/N.db once (skips when present)
///   scorecard run N [by]   times full scorecards on that file in this fresh process and prints peak memory
/// Run generate and run as separate processes so the peak working set is the scorecard's, not the generator's.
/// </summary>
internal sealed class ScorecardBenchTool : IBenchTool
{
    private const int Outlets = 20;
    private const int Authors = 500;
    private const int Tags = 30;
    private const int PredictionsPerArticle = 10;
    private static readonly string[] Hedges = ["will", "likely", "could", "may", "is expected to", "almost certainly", "might", "probably"];

    public string Name => "scorecard";

    public string Description => "Scorecard over N generated predictions in SQLite: 'generate N [plain]' once, then "
        + "'run N [outlet|author|tag|hedge|horizon|article] [repeats] [scan] [plain] [postgres (FW_PG_CONNECTION)]', 'writes N [K] [db]', "
        + "'steps N [dimension] [repeats]' (CPU per step of the whole-record scorecard), "
        + "'profile N [dimension] [K]' (steady-state CPU and allocations per step, K runs each after 300 warm-ups), "
        + "'steady N [dim,dim,...|all] [repeats] [warm-up s] [postgres]' (median and p90 wall, CPU and bytes per call, warm).";

    /// <summary>The generated file; <paramref name="plain"/>: events only, the shape of the data before issue 19.</summary>
    public static string DatabasePath(int count, bool plain = false) =>
        Path.Combine(Path.GetTempPath(), "forecastwatch-bench-scoring",
            count.ToString(CultureInfo.InvariantCulture) + (plain ? "-plain" : "") + ".db");

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            await Console.Error.WriteLineAsync("usage: scorecard generate N [plain] | scorecard run N [outlet|author|tag|hedge|horizon|"
                + "article] [repeats] [scan] [plain] | scorecard writes N [K]").ConfigureAwait(false);
            return 2;
        }

        switch (args[0])
        {
            case "generate":
                await GenerateAsync(count, args.Contains("plain")).ConfigureAwait(false);
                return 0;
            case "run":
                var dimension = ScoreDimension.Outlet;
                if (args.Length > 2 && !ScoreDimensions.TryParse(args[2], out dimension))
                {
                    await Console.Error.WriteLineAsync($"unknown dimension '{args[2]}'").ConfigureAwait(false);
                    return 2;
                }

                var repeats = args.Length > 3 && int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 5;
                return await MeasureAsync(
                    count, dimension, repeats, args.Contains("scan"), args.Contains("plain"), args.Contains("postgres"))
                    .ConfigureAwait(false);
            case "sqlcost":
                var costDimension = ScoreDimension.Outlet;
                if (args.Length > 2 && !ScoreDimensions.TryParse(args[2], out costDimension))
                {
                    return 2;
                }

                return await ScorecardSqlCost.RunAsync(new SqliteConnectionFactory(DatabasePath(count)), costDimension,
                    args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200).ConfigureAwait(false);
            case "parts":
                var partsDimension = ScoreDimension.Outlet;
                if (args.Length > 2 && !ScoreDimensions.TryParse(args[2], out partsDimension))
                {
                    return 2;
                }

                return await ScorecardParts.RunAsync(new SqliteConnectionFactory(DatabasePath(count)), partsDimension,
                    args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200).ConfigureAwait(false);
            case "steady":
                return await SteadyAsync(count, args).ConfigureAwait(false);
            case "writes":
                return await WritesAsync(count, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000,
                    args.Length > 3 ? args[3] : null).ConfigureAwait(false);
            case "stages":
                return await StagesAsync(count, args.Length > 2 ? args[2] : null).ConfigureAwait(false);
            case "profile":
                var profileDimension = ScoreDimension.Outlet;
                if (args.Length > 2 && !ScoreDimensions.TryParse(args[2], out profileDimension))
                {
                    await Console.Error.WriteLineAsync($"unknown dimension '{args[2]}'").ConfigureAwait(false);
                    return 2;
                }

                return await ProfileAsync(count, profileDimension,
                    args.Length > 3 && int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : 200)
                    .ConfigureAwait(false);
            case "steps":
                var stepDimension = ScoreDimension.Outlet;
                if (args.Length > 2 && !ScoreDimensions.TryParse(args[2], out stepDimension))
                {
                    await Console.Error.WriteLineAsync($"unknown dimension '{args[2]}'").ConfigureAwait(false);
                    return 2;
                }

                return await StepsAsync(count, stepDimension,
                    args.Length > 3 && int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 25)
                    .ConfigureAwait(false);
            default:
                await Console.Error.WriteLineAsync("first argument: generate, run, steady, writes, stages, steps or profile")
                    .ConfigureAwait(false);
                return 2;
        }
    }

    /// <summary>Brings a database generated by an older build up to date, timing the migrations (0008 backfills score_sums).</summary>
    private static async Task UpgradeAsync(SqliteConnectionFactory factory)
    {
        var sw = Stopwatch.StartNew();
        var applied = await new MigrationRunner(factory).ApplyPendingAsync(CancellationToken.None).ConfigureAwait(false);
        if (applied.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"migrated {string.Join(", ", applied.Select(static m => m.Name))} in {sw.Elapsed.TotalSeconds:F1} s"));
        }
    }

    /// <summary>
    /// What the running sums cost on the write side at this size: K OVERRIDE resolutions, one transaction each as
    /// the inbox applies them, on a copy of the N database.
    /// </summary>
    private static async Task<int> WritesAsync(int count, int writes, string? from)
    {
        // A database given by path (an older schema kept aside, for a before/after) is measured as it is, not migrated.
        var path = from ?? DatabasePath(count);
        var copy = path + ".writes";
        File.Copy(path, copy, overwrite: true);
        try
        {
            var factory = new SqliteConnectionFactory(copy);
            if (from is null)
            {
                await UpgradeAsync(factory).ConfigureAwait(false);
            }

            await using var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            var random = new Random(5);
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < writes; i++)
            {
                var id = $"bench-{random.Next(count):D8}";
                var tx = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = tx;
                    command.CommandText = """
                        INSERT INTO resolutions (prediction_id, verdict, note, evidence_json, resolved_by, resolved_at, source,
                            supersedes_id)
                        VALUES ($id, $verdict, 'bench', '[]', 'desk@example.org', 1790000000000, 'cli',
                            (SELECT max(id) FROM resolutions WHERE prediction_id = $id));
                        """;
                    command.Parameters.AddWithValue("$id", id);
                    command.Parameters.AddWithValue("$verdict", random.Next(2) == 0 ? "yes" : "no");
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                    await tx.CommitAsync().ConfigureAwait(false);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{writes:N0} override resolutions on {count:N0} predictions, one transaction each: "
                + $"{sw.Elapsed.TotalMilliseconds / writes:F2} ms each ({writes / sw.Elapsed.TotalSeconds:F0}/s), "
                + $"{(self.TotalProcessorTime - cpu).TotalMilliseconds / writes:F2} ms CPU each; load {LoadAverage()}"));

            // VALUE overrides on numeric forecasts: these also move the error rows (numeric 2) and band rows (numeric 3).
            var numeric = new List<string>();
            await using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT id FROM predictions WHERE kind <> 'event' AND condition IS NULL ORDER BY id LIMIT 20000;";
                await using var ids = await select.ExecuteReaderAsync().ConfigureAwait(false);
                while (await ids.ReadAsync().ConfigureAwait(false))
                {
                    numeric.Add(ids.GetString(0));
                }
            }

            self.Refresh();
            cpu = self.TotalProcessorTime;
            sw.Restart();
            for (var i = 0; i < writes; i++)
            {
                var id = numeric[random.Next(numeric.Count)];
                var tx = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = tx;
                    command.CommandText = """
                        INSERT INTO resolutions (prediction_id, verdict, value, note, evidence_json, resolved_by, resolved_at, source,
                            supersedes_id)
                        VALUES ($id, $verdict, $value, 'bench', '[]', 'desk@example.org', 1790000000000, 'cli',
                            (SELECT max(id) FROM resolutions WHERE prediction_id = $id));
                        """;
                    command.Parameters.AddWithValue("$id", id);
                    command.Parameters.AddWithValue("$verdict", random.Next(2) == 0 ? "yes" : "no");
                    command.Parameters.AddWithValue("$value", Math.Round(random.NextDouble() * 300, 1));
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                    await tx.CommitAsync().ConfigureAwait(false);
                }
            }

            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{writes:N0} VALUE overrides of numeric forecasts, one transaction each: "
                + $"{sw.Elapsed.TotalMilliseconds / writes:F2} ms each ({writes / sw.Elapsed.TotalSeconds:F0}/s), "
                + $"{(self.TotalProcessorTime - cpu).TotalMilliseconds / writes:F2} ms CPU each; load {LoadAverage()}"));

            // New predictions (an article per 10), each in its own transaction as the registry imports them.
            self.Refresh();
            cpu = self.TotalProcessorTime;
            sw.Restart();
            for (var i = 0; i < writes; i++)
            {
                var tx = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    await using var command = connection.CreateCommand();
                    command.Transaction = tx;
                    command.CommandText = i % PredictionsPerArticle == 0
                        ? """
                          INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at,
                                                updated_at)
                          VALUES ('bench-new-' || ($i / 10), 'New', 'Outlet 07', '["Author 001","Author 002"]', 'en', '2026-05-01',
                                  'body', 'sha', 0, 0);
                          """
                        : "";
                    command.CommandText += """
                        INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, ends_before_publication, kind,
                                                 probability, hedge, probability_source, tags_json, status, origin, created_at, updated_at)
                        VALUES ('bench-new-p' || $i, 'bench-new-' || ($i / 10), 'Claim', 'quote', 0, '2027-06-30', 0, 'event', 0.7,
                                'likely', 'hedge', '["tag-01","tag-02"]', 'accepted', 'extracted', 0, 0);
                        """;
                    command.Parameters.AddWithValue("$i", i);
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                    await tx.CommitAsync().ConfigureAwait(false);
                }
            }

            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{writes:N0} new predictions ({writes / PredictionsPerArticle:N0} articles), one transaction each: "
                + $"{sw.Elapsed.TotalMilliseconds / writes:F2} ms each ({writes / sw.Elapsed.TotalSeconds:F0}/s), "
                + $"{(self.TotalProcessorTime - cpu).TotalMilliseconds / writes:F2} ms CPU each; load {LoadAverage()}"));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
            File.Delete(copy + "-wal");
            File.Delete(copy + "-shm");
        }
    }

    /// <summary>The scorecard database: the generated SQLite file (migrated), or PostgreSQL from FW_PG_CONNECTION.</summary>
    private static async Task<IDatabase?> OpenDatabaseAsync(int count, bool plain, bool postgres)
    {
        IDatabase factory;
        if (postgres)
        {
            // The 1M database copied into PostgreSQL with 'store copy'; the connection string from FW_PG_CONNECTION.
            var connectionString = Environment.GetEnvironmentVariable("FW_PG_CONNECTION");
            if (string.IsNullOrEmpty(connectionString))
            {
                await Console.Error.WriteLineAsync("postgres: set FW_PG_CONNECTION to the copied database's connection string.")
                    .ConfigureAwait(false);
                return null;
            }

            factory = new PostgresDatabase(connectionString);
            Console.WriteLine("store: postgres");
        }
        else
        {
            var path = DatabasePath(count, plain);
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"{path} does not exist: run 'scorecard generate {count}' first.").ConfigureAwait(false);
                return null;
            }

            var sqlite = new SqliteConnectionFactory(path);
            await UpgradeAsync(sqlite).ConfigureAwait(false);
            factory = sqlite;
        }

        return factory;
    }

    private static async Task<int> SteadyAsync(int count, string[] args)
    {
        var dimensions = ScorecardSteadyBench.AllDimensions.ToList();
        if (args.Length > 2 && args[2] != "all")
        {
            dimensions.Clear();
            foreach (var name in args[2].Split(','))
            {
                if (!ScoreDimensions.TryParse(name, out var d))
                {
                    await Console.Error.WriteLineAsync($"unknown dimension '{name}'").ConfigureAwait(false);
                    return 2;
                }

                dimensions.Add(d);
            }
        }

        var repeats = args.Length > 3 && int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 200;
        var warm = args.Length > 4 && double.TryParse(args[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) ? w : 5;
        var postgres = args.Contains("postgres");
        var database = await OpenDatabaseAsync(count, plain: false, postgres).ConfigureAwait(false);
        return database is null
            ? 1
            : await ScorecardSteadyBench.RunAsync(database, postgres ? "PostgreSQL" : "SQLite", count, dimensions, repeats, warm)
                .ConfigureAwait(false);
    }

    private static async Task<int> MeasureAsync(int count, ScoreDimension dimension, int repeats, bool scan, bool plain, bool postgres)
    {
        var asOf = new DateOnly(2026, 11, 23);
        if (await OpenDatabaseAsync(count, plain, postgres).ConfigureAwait(false) is not { } factory)
        {
            return 1;
        }

        await using (var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var sums = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM score_sums WHERE dimension IN ('all', @D) AND n > 0;", new { D = dimension.Name() })
                .ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"score_sums rows read: {sums:N0}"));
        }

        var times = new List<double>();
        var cpuTimes = new List<double>();
        using var self = Process.GetCurrentProcess();
        long maxHeap = 0;
        Scorecard? card = null;
        using var sampler = new Timer(_ => InterlockedMax(ref maxHeap, GC.GetTotalMemory(false)), null, 0, 5);
        for (var i = 0; i < repeats; i++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var builder = new ScorecardBuilder(dimension, asOf);
            await using var connection = await factory.OpenAsync(CancellationToken.None);
            card = scan
                ? await ScoreStore.ScanScorecardAsync(connection, builder, CancellationToken.None).ConfigureAwait(false)
                : await ScoreStore.BuildScorecardAsync(connection, builder, CancellationToken.None).ConfigureAwait(false);
            var rows = card.Overall.Scored + card.Overall.Open + card.Overall.Void + card.SkippedCount;
            _ = ScorecardFormatter.ToTable(card);
            sw.Stop();
            self.Refresh();
            var cpuMs = (self.TotalProcessorTime - cpu).TotalMilliseconds;
            times.Add(sw.Elapsed.TotalMilliseconds);
            cpuTimes.Add(cpuMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}: {rows:N0} rows, {card.Groups.Count} groups, {sw.Elapsed.TotalMilliseconds:F0} ms wall, {cpuMs:F0} ms CPU"));
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        times.Sort();
        cpuTimes.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"scorecard by {dimension.Name()}{(scan ? " (scan)" : "")} over {count:N0}: wall median {times[times.Count / 2]:F0} ms (best "
                + $"{times[0]:F0}), CPU median {cpuTimes[cpuTimes.Count / 2]:F0} ms (best {cpuTimes[0]:F0}); peak working set "
                + $"{process.PeakWorkingSet64 / 1048576.0:F1} MiB, max managed heap sampled {Interlocked.Read(ref maxHeap) / 1048576.0:F1} "
                + $"MiB, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB total"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average when done: {LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overall: n={card!.Overall.Scored:N0} "
            + $"accuracy={card.Overall.Accuracy:F4} brier={card.Overall.MeanBrier:F4} void={card.VoidCount:N0}"));
        return 0;
    }

    /// <summary>
    /// Where a whole-record scorecard's time goes, step by step (CPU ms, medians over the repeats after one warm-up):
    /// opening the pooled connection, the sums, the median APEs, the listed predictions, building and formatting.
    /// </summary>
    private static async Task<int> StepsAsync(int count, ScoreDimension dimension, int repeats)
    {
        var factory = new SqliteConnectionFactory(DatabasePath(count));
        await UpgradeAsync(factory).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        string[] names = ["open+begin", "sums+bands+lists", "middle-band errors", "build+format", "total"];
        var samples = names.Select(static _ => new List<double>()).ToArray();
        for (var i = 0; i <= repeats; i++)
        {
            var step = 0;
            var times = new double[names.Length];
            self.Refresh();
            var start = self.TotalProcessorTime;
            var last = start;
            void Mark()
            {
                self.Refresh();
                var now = self.TotalProcessorTime;
                times[step++] = (now - last).TotalMilliseconds;
                last = now;
            }

            var builder = new ScorecardBuilder(dimension, new DateOnly(2026, 11, 23));
            await using (var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    Mark();
                    var bandCounts = await ScoreStore.AddSumsAsync(connection, tx, builder, CancellationToken.None).ConfigureAwait(false);
                    Mark();
                    await ScoreStore.AddMedianApesAsync(connection, tx, builder, bandCounts, CancellationToken.None).ConfigureAwait(false);
                    Mark();
                    _ = ScorecardFormatter.ToTable(builder.Build());
                    Mark();
                }
            }

            times[step] = (last - start).TotalMilliseconds;
            if (i > 0)
            {
                for (var k = 0; k < names.Length; k++)
                {
                    samples[k].Add(times[k]);
                }
            }
        }

        foreach (var list in samples)
        {
            list.Sort();
        }

        var medians = string.Join(", ", names.Select((name, k) =>
            string.Create(CultureInfo.InvariantCulture, $"{name} {samples[k][samples[k].Count / 2]:F1}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scorecard by {dimension.Name()} over {count:N0}, CPU ms medians of {repeats} (after a warm-up): {medians}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average when done: {LoadAverage()}"));
        return 0;
    }

    /// <summary>
    /// Steady-state cost of each step of a whole-record scorecard: after warming up (so the JIT has tiered up), each
    /// step runs K times in a row on fresh builders and the process CPU and this thread's allocations over the K runs are
    /// divided by K (no per-step clock reads inside the loop).
    /// </summary>
    private static async Task<int> ProfileAsync(int count, ScoreDimension dimension, int iterations)
    {
        var factory = new SqliteConnectionFactory(DatabasePath(count));
        await UpgradeAsync(factory).ConfigureAwait(false);
        var asOf = new DateOnly(2026, 11, 23);
        await using var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            ScoreStore.MedianGroups? bands = null;
            (string Name, Func<ScorecardBuilder, Task> Step)[] steps =
            [
                ("sums+bands+lists", async b => bands = await ScoreStore.AddSumsAsync(connection, tx, b, CancellationToken.None)),
                ("middle-band errors", b => ScoreStore.AddMedianApesAsync(connection, tx, b, bands!, CancellationToken.None)),
            ];
            for (var warm = 0; warm < 300; warm++)
            {
                var builder = new ScorecardBuilder(dimension, asOf);
                foreach (var (_, step) in steps)
                {
                    await step(builder).ConfigureAwait(false);
                }

                _ = ScorecardFormatter.ToTable(builder.Build());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            using var self = Process.GetCurrentProcess();
            var parts = new List<string>();
            foreach (var (name, step) in steps)
            {
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < iterations; i++)
                {
                    await step(new ScorecardBuilder(dimension, asOf)).ConfigureAwait(false);
                }

                self.Refresh();
                var kib = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / 1024.0 / iterations;
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name} {(self.TotalProcessorTime - cpu).TotalMilliseconds / iterations:F2} ms {kib:F0} KiB"));
            }

            var full = new ScorecardBuilder(dimension, asOf);
            foreach (var (_, step) in steps)
            {
                await step(full).ConfigureAwait(false);
            }

            self.Refresh();
            var start = self.TotalProcessorTime;
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < iterations; i++)
            {
                _ = ScorecardFormatter.ToTable(full.Build());
            }

            self.Refresh();
            var formatKib = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1024.0 / iterations;
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"build+format {(self.TotalProcessorTime - start).TotalMilliseconds / iterations:F2} ms {formatKib:F0} KiB"));
            var joined = string.Join(", ", parts);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scorecard by {dimension.Name()} over {count:N0}, CPU per step, mean of {iterations} after 300 warm-ups: {joined}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average when done: {LoadAverage()}"));
        }

        return 0;
    }

    /// <summary>Where the time goes: the bare SQLite read, the folded stream, and the full scorecard (CPU ms each).</summary>
    private static async Task<int> StagesAsync(int count, string? sql)
    {
        var path = DatabasePath(count);
        var factory = new SqliteConnectionFactory(path);
        using var self = Process.GetCurrentProcess();
        for (var round = 0; round < 3; round++)
        {
            var raw = await CpuAsync(self, async () =>
            {
                await using var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = sql ?? ScoreStore.SelectScoredSql;
                await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                var n = 0L;
                while (reader.Read())
                {
                    for (var c = 0; c < reader.FieldCount; c++)
                    {
                        if (!reader.IsDBNull(c))
                        {
                            _ = reader.GetValue(c);
                        }
                    }

                    n++;
                }

                return n;
            }).ConfigureAwait(false);
            var stream = await CpuAsync(self, async () =>
            {
                var n = 0L;
                await using var connection = await factory.OpenAsync(CancellationToken.None);
                await foreach (var p in ScoreStore.StreamAsync(connection, CancellationToken.None).ConfigureAwait(false))
                {
                    n++;
                }

                return n;
            }).ConfigureAwait(false);
            var full = await CpuAsync(self, async () =>
            {
                var builder = new ScorecardBuilder(ScoreDimension.Outlet, new DateOnly(2026, 11, 23));
                await using var connection = await factory.OpenAsync(CancellationToken.None);
                var card = await ScoreStore.BuildScorecardAsync(connection, builder, CancellationToken.None).ConfigureAwait(false);
                return card.Overall.Scored;
            }).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"raw reader {raw:F0} ms CPU, ScoreStore stream {stream:F0} ms CPU, full scorecard {full:F0} ms CPU"));
        }

        return 0;
    }

    private static async Task<double> CpuAsync(Process self, Func<Task<long>> body)
    {
        self.Refresh();
        var before = self.TotalProcessorTime;
        await body().ConfigureAwait(false);
        self.Refresh();
        return (self.TotalProcessorTime - before).TotalMilliseconds;
    }

    /// <summary>The machine is shared; wall times mean little without the load they ran under.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>
    /// Builds the database fast: the rows go in under the schema before any scoring trigger (migrations up to 0006),
    /// in one transaction through prepared commands, and the later migrations then build prediction_outcomes and
    /// score_sums once each with a GROUP BY (0007, 0008, 0013). Only the condition answers, which need 0013's target
    /// column, go in afterwards through the triggers, as the inbox writes them.
    /// </summary>
    private static async Task GenerateAsync(int count, bool plain)
    {
        var path = DatabasePath(count, plain);
        if (File.Exists(path))
        {
            Console.WriteLine($"{path} exists; delete it to regenerate.");
            return;
        }

        var sw = Stopwatch.StartNew();
        var temp = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(temp);
        var factory = new SqliteConnectionFactory(temp);
        await new MigrationRunner(factory, [.. MigrationRunner.Embedded().Where(static m => m.Version <= 6)]).ApplyPendingAsync(
            CancellationToken.None).ConfigureAwait(false);
        List<(string Id, string Verdict, double? Value, long At)> conditions;
        await using (var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await Exec(connection, "PRAGMA synchronous = OFF;").ConfigureAwait(false);
            var tx = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                conditions = Generate(connection, tx, count, plain);
                await tx.CommitAsync().ConfigureAwait(false);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded in {sw.Elapsed.TotalSeconds:F1} s"));
        await UpgradeAsync(factory).ConfigureAwait(false);
        if (conditions.Count > 0)
        {
            var at = sw.Elapsed;
            await using var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            var tx = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                using var insert = Prepare(connection, tx, """
                    INSERT INTO resolutions (prediction_id, verdict, value, note, evidence_json, resolved_by, resolved_at, source, target)
                    VALUES ($id, $verdict, $value, NULL, '[]', 'desk@example.org', $at, 'cli', 'condition');
                    """, "$id", "$verdict", "$value", "$at");
                foreach (var (id, verdict, value, millis) in conditions)
                {
                    Run(insert, id, verdict, value is { } v ? v : DBNull.Value, millis);
                }

                await tx.CommitAsync().ConfigureAwait(false);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{conditions.Count:N0} condition answers through the triggers in {(sw.Elapsed - at).TotalSeconds:F1} s"));
        }

        SqliteConnection.ClearAllPools();
        File.Move(temp, path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {count:N0} predictions in {path} "
            + $"({new FileInfo(path).Length / 1048576.0:F0} MiB) in {sw.Elapsed.TotalSeconds:F1} s"));
    }

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Deterministic data (fixed seed): outcomes drawn from a slightly over-confident forecaster, 5% PARTIAL,
    /// 2% VOID, a few EXTENDs before the verdict, due dates 2020-2026, resolutions within ±60 days of due.
    /// 10% of the events have a stated probability, the rest a hedge word's. Unless <paramref name="plain"/> (every
    /// prediction an event, as before issue 19): 12% threshold and 8% range forecasts resolved by VALUE (half without
    /// a probability), 1% hindsight, and 3% conditionals whose condition (answered after the upgrade: returned)
    /// failed (40%), held (40%) or is still open.
    /// </summary>
    private static List<(string Id, string Verdict, double? Value, long At)> Generate(SqliteConnection connection, SqliteTransaction tx,
        int count, bool plain)
    {
        var random = new Random(20261123);
        using var article = Prepare(connection, tx, """
            INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at, updated_at)
            VALUES ($id, $title, $outlet, $authors, 'en', $published, 'body', 'sha', 0, 0);
            """, "$id", "$title", "$outlet", "$authors", "$published");
        using var prediction = Prepare(connection, tx, """
            INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, ends_before_publication, kind, metric,
                                     comparator, threshold, low, high, unit, condition, probability, hedge, probability_source,
                                     tags_json, status, origin, created_at, updated_at)
            VALUES ($id, $article, $claim, 'quote', 0, $resolveBy, $hindsight, $kind, $metric, $comparator, $threshold, $low, $high,
                    $unit, $condition, $p, $hedge, $source, $tags, 'accepted', 'extracted', 0, 0);
            """, "$id", "$article", "$claim", "$resolveBy", "$hindsight", "$kind", "$metric", "$comparator", "$threshold", "$low",
            "$high", "$unit", "$condition", "$p", "$hedge", "$source", "$tags");
        using var resolution = Prepare(connection, tx, """
            INSERT INTO resolutions (prediction_id, verdict, fraction, value, extend_to, note, evidence_json, resolved_by, resolved_at,
                source)
            VALUES ($id, $verdict, $fraction, $value, $extendTo, NULL, '["https://example.org/evidence"]', $by, $at, 'cli');
            """, "$id", "$verdict", "$fraction", "$value", "$extendTo", "$by", "$at");

        var articles = (count + PredictionsPerArticle - 1) / PredictionsPerArticle;
        var start = new DateOnly(2019, 1, 1);
        var articleDates = new DateOnly[articles];
        for (var a = 0; a < articles; a++)
        {
            articleDates[a] = start.AddDays(random.Next(0, 365 * 6));
            var authors = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"\"Author {random.Next(Authors):D3}\"");
            Run(article, $"art-{a:D7}", $"Article {a}", $"Outlet {a % Outlets:D2}", "[" + string.Join(',', authors) + "]",
                articleDates[a].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        var conditions = new List<(string, string, double?, long)>();
        string[] comparators = [">", ">=", "<", "<="];
        var none = DBNull.Value;
        for (var i = 0; i < count; i++)
        {
            var a = i / PredictionsPerArticle;
            var id = $"bench-{i:D8}";
            var p = random.Next(1, 20) / 20.0;
            var hindsight = !plain && random.NextDouble() < 0.01;
            var due = hindsight ? articleDates[a].AddDays(-random.Next(1, 90)) : articleDates[a].AddDays(random.Next(30, 1200));
            var tags = $"[\"tag-{random.Next(Tags):D2}\",\"tag-{random.Next(Tags):D2}\"]";
            var kindRoll = plain ? 1.0 : random.NextDouble();
            var kind = kindRoll < 0.12 ? "threshold" : kindRoll < 0.20 ? "range" : "event";
            object comparator = none, threshold = none, low = none, high = none, metric = none, unit = none;
            double? value = null;
            if (kind != "event")
            {
                var target = random.Next(2, 60) * 5.0;
                value = Math.Round(target * Math.Exp(random.NextDouble() * 0.6 - 0.3), 1);
                metric = "share";
                unit = "%";
                if (kind == "threshold")
                {
                    comparator = comparators[random.Next(comparators.Length)];
                    threshold = target;
                }
                else
                {
                    low = target;
                    high = target * 1.2;
                }
            }

            var withProbability = kind == "event" || random.Next(2) == 0;
            var source = !withProbability ? none : kind == "event" && random.NextDouble() < 0.1 ? "stated" : (object)"hedge";
            var conditional = !plain && random.NextDouble() < 0.03;
            var conditionRoll = conditional ? random.NextDouble() : 1.0;
            Run(prediction, id, $"art-{a:D7}", $"Claim {i}", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), hindsight ? 1 : 0,
                kind, metric, comparator, threshold, low, high, unit, conditional ? $"if condition {i} holds" : none,
                withProbability ? p : none, withProbability ? Hedges[random.Next(Hedges.Length)] : none, source, tags);
            if (conditional)
            {
                var answered = Millis(due.AddDays(-30));
                if (conditionRoll < 0.4)
                {
                    conditions.Add((id, "no", null, answered));
                    continue;
                }

                if (conditionRoll >= 0.8)
                {
                    continue;
                }

                conditions.Add((id, "yes", null, answered));
            }

            if (random.NextDouble() < 0.05)
            {
                due = due.AddDays(90);
                Run(resolution, id, "extend", none, none, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "desk@example.org",
                    Millis(due.AddDays(-10)));
            }

            var roll = random.NextDouble();
            var truth = 0.5 + ((p - 0.5) * 0.8);
            var at = Millis(due.AddDays(random.Next(-60, 60)));
            var by = $"editor{random.Next(10)}@example.org";
            if (value is { } observed && roll >= 0.02)
            {
                var hit = kind == "threshold"
                    ? Comparators.TryParse((string)comparator, out var c) && c.Holds(observed, (double)threshold)
                    : observed >= (double)low && observed <= (double)high;
                Run(resolution, id, hit ? "yes" : "no", none, observed, none, by, at);
                continue;
            }

            var (verdict, fraction) = roll switch
            {
                < 0.02 => ("void", (object)none),
                < 0.07 => ("partial", random.Next(1, 10) / 10.0),
                _ => (random.NextDouble() < truth ? "yes" : "no", none),
            };
            Run(resolution, id, verdict, fraction, none, none, by, at);
        }

        return conditions;
    }

    private static long Millis(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
