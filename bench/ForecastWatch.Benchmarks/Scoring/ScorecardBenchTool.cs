using System.Diagnostics;
using System.Globalization;
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

    public string Description => "Scorecard over N generated predictions in SQLite: 'generate N' once, then 'run N [outlet|author|tag|horizon]'.";

    public static string DatabasePath(int count) =>
        Path.Combine(Path.GetTempPath(), "forecastwatch-bench-scoring", count.ToString(CultureInfo.InvariantCulture) + ".db");

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            await Console.Error.WriteLineAsync("usage: scorecard generate N | scorecard run N [outlet|author|tag|hedge|horizon|article] [repeats]").ConfigureAwait(false);
            return 2;
        }

        switch (args[0])
        {
            case "generate":
                await GenerateAsync(count).ConfigureAwait(false);
                return 0;
            case "run":
                var dimension = ScoreDimension.Outlet;
                if (args.Length > 2 && !ScoreDimensions.TryParse(args[2], out dimension))
                {
                    await Console.Error.WriteLineAsync($"unknown dimension '{args[2]}'").ConfigureAwait(false);
                    return 2;
                }

                var repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
                return await MeasureAsync(count, dimension, repeats).ConfigureAwait(false);
            case "stages":
                return await StagesAsync(count, args.Length > 2 ? args[2] : null).ConfigureAwait(false);
            default:
                await Console.Error.WriteLineAsync("first argument: generate, run or stages").ConfigureAwait(false);
                return 2;
        }
    }

    private static async Task<int> MeasureAsync(int count, ScoreDimension dimension, int repeats)
    {
        var path = DatabasePath(count);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"{path} does not exist: run 'scorecard generate {count}' first.").ConfigureAwait(false);
            return 1;
        }

        var store = new ScoreStore(new SqliteConnectionFactory(path));
        var asOf = new DateOnly(2026, 11, 23);
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
            card = await store.BuildScorecardAsync(builder, CancellationToken.None).ConfigureAwait(false);
            var rows = card.Overall.Scored + card.Overall.Open + card.Overall.Void + card.SkippedCount;
            _ = ScorecardFormatter.ToTable(card);
            sw.Stop();
            self.Refresh();
            var cpuMs = (self.TotalProcessorTime - cpu).TotalMilliseconds;
            times.Add(sw.Elapsed.TotalMilliseconds);
            cpuTimes.Add(cpuMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: {rows:N0} rows, {card.Groups.Count} groups, {sw.Elapsed.TotalMilliseconds:F0} ms wall, {cpuMs:F0} ms CPU"));
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        times.Sort();
        cpuTimes.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"scorecard by {dimension.Name()} over {count:N0}: wall median {times[times.Count / 2]:F0} ms (best {times[0]:F0}), CPU median {cpuTimes[cpuTimes.Count / 2]:F0} ms (best {cpuTimes[0]:F0}); peak working set {process.PeakWorkingSet64 / 1048576.0:F1} MiB, max managed heap sampled {Interlocked.Read(ref maxHeap) / 1048576.0:F1} MiB, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB total"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average when done: {LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overall: n={card!.Overall.Scored:N0} accuracy={card.Overall.Accuracy:F4} brier={card.Overall.MeanBrier:F4} void={card.VoidCount:N0}"));
        return 0;
    }

    /// <summary>Where the time goes: the bare SQLite read, the folded stream, and the full scorecard (CPU ms each).</summary>
    private static async Task<int> StagesAsync(int count, string? sql)
    {
        var path = DatabasePath(count);
        var factory = new SqliteConnectionFactory(path);
        var store = new ScoreStore(factory);
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
                await foreach (var p in store.StreamAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    n++;
                }

                return n;
            }).ConfigureAwait(false);
            var full = await CpuAsync(self, async () =>
            {
                var builder = new ScorecardBuilder(ScoreDimension.Outlet, new DateOnly(2026, 11, 23));
                var card = await store.BuildScorecardAsync(builder, CancellationToken.None).ConfigureAwait(false);
                return card.Overall.Scored;
            }).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw reader {raw:F0} ms CPU, ScoreStore stream {stream:F0} ms CPU, full scorecard {full:F0} ms CPU"));
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

    private static async Task GenerateAsync(int count)
    {
        var path = DatabasePath(count);
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
        await new MigrationRunner(factory).ApplyPendingAsync(CancellationToken.None).ConfigureAwait(false);
        await using (var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await Exec(connection, "PRAGMA synchronous = OFF;").ConfigureAwait(false);
            var tx = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                Generate(connection, tx, count);
                await tx.CommitAsync().ConfigureAwait(false);
            }
        }

        SqliteConnection.ClearAllPools();
        File.Move(temp, path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {count:N0} predictions in {path} ({new FileInfo(path).Length / 1048576.0:F0} MiB) in {sw.Elapsed.TotalSeconds:F1} s"));
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
    /// </summary>
    private static void Generate(SqliteConnection connection, SqliteTransaction tx, int count)
    {
        var random = new Random(20261123);
        using var article = Prepare(connection, tx, """
            INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at, updated_at)
            VALUES ($id, $title, $outlet, $authors, 'en', $published, 'body', 'sha', 0, 0);
            """, "$id", "$title", "$outlet", "$authors", "$published");
        using var prediction = Prepare(connection, tx, """
            INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, kind, probability, hedge, probability_source, tags_json, status, origin, created_at, updated_at)
            VALUES ($id, $article, $claim, 'quote', 0, $resolveBy, 'event', $p, $hedge, 'hedge', $tags, 'accepted', 'extracted', 0, 0);
            """, "$id", "$article", "$claim", "$resolveBy", "$p", "$hedge", "$tags");
        using var resolution = Prepare(connection, tx, """
            INSERT INTO resolutions (prediction_id, verdict, fraction, extend_to, note, evidence_json, resolved_by, resolved_at, source)
            VALUES ($id, $verdict, $fraction, $extendTo, NULL, '["https://example.org/evidence"]', $by, $at, 'cli');
            """, "$id", "$verdict", "$fraction", "$extendTo", "$by", "$at");

        var articles = (count + PredictionsPerArticle - 1) / PredictionsPerArticle;
        var start = new DateOnly(2019, 1, 1);
        var articleDates = new DateOnly[articles];
        for (var a = 0; a < articles; a++)
        {
            articleDates[a] = start.AddDays(random.Next(0, 365 * 6));
            var authors = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"\"Author {random.Next(Authors):D3}\"");
            Run(article, $"art-{a:D7}", $"Article {a}", $"Outlet {a % Outlets:D2}", "[" + string.Join(',', authors) + "]", articleDates[a].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < count; i++)
        {
            var a = i / PredictionsPerArticle;
            var id = $"bench-{i:D8}";
            var p = random.Next(1, 20) / 20.0;
            var due = articleDates[a].AddDays(random.Next(30, 1200));
            var tags = $"[\"tag-{random.Next(Tags):D2}\",\"tag-{random.Next(Tags):D2}\"]";
            Run(prediction, id, $"art-{a:D7}", $"Claim {i}", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p, Hedges[random.Next(Hedges.Length)], tags);
            if (random.NextDouble() < 0.05)
            {
                due = due.AddDays(90);
                Run(resolution, id, "extend", DBNull.Value, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "desk@example.org", Millis(due.AddDays(-10)));
            }

            var roll = random.NextDouble();
            var truth = 0.5 + ((p - 0.5) * 0.8);
            var (verdict, fraction) = roll switch
            {
                < 0.02 => ("void", (object)DBNull.Value),
                < 0.07 => ("partial", random.Next(1, 10) / 10.0),
                _ => (random.NextDouble() < truth ? "yes" : "no", DBNull.Value),
            };
            Run(resolution, id, verdict, fraction, DBNull.Value, $"editor{random.Next(10)}@example.org", Millis(due.AddDays(random.Next(-60, 60))));
        }
    }

    private static long Millis(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds();

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
