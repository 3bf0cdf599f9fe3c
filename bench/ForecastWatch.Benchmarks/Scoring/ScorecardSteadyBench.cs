using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Storage;

namespace ForecastWatch.Benchmarks.Scoring;

/// <summary>
/// <c>scorecard steady N [dims] [repeats] [warm-up seconds] [postgres]</c>: the whole-record scorecard in steady state.
/// The database is built once (<c>scorecard generate N</c>); this process warms each dimension up (runs for the given
/// seconds, at least 50 runs, then a pause so the tiering thread finishes), then times <c>repeats</c> calls one by one,
/// each as the CLI makes it (open a pooled connection, build, format the table). Per call: wall time, the process's
/// and the calling thread's CPU (clock_gettime, nanosecond clocks; the thread's only when the call ended on the thread
/// it started on), and the bytes allocated (by the thread, and by the whole process, precise). Reported: median and
/// 90th percentile of each, and the collections that happened during the timed calls.
/// </summary>
internal static class ScorecardSteadyBench
{
    private const int ProcessClock = 2; // CLOCK_PROCESS_CPUTIME_ID
    private const int ThreadClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static readonly ScoreDimension[] AllDimensions =
        [ScoreDimension.Outlet, ScoreDimension.Author, ScoreDimension.Horizon, ScoreDimension.Tag, ScoreDimension.Hedge];

    public static async Task<int> RunAsync(IDatabase database, string store, int count, IReadOnlyList<ScoreDimension> dimensions,
        int repeats, double warmSeconds)
    {
        var asOf = new DateOnly(2026, 11, 23);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady state, {store}, {count:N0} predictions, {repeats} timed calls per dimension after {warmSeconds:F0} s warm-up; "
            + $"TieredPGO={Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "default"}, "
            + $"TieredCompilation={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "default"}, "
            + $"ReadyToRun={Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") ?? "default"}; load {LoadAverage()}"));
        Console.WriteLine("| by | wall median / p90 ms | process CPU median / p90 ms | thread CPU median / p90 ms "
            + "| allocated per call, thread / process KiB | gen0/1/2 GCs in timed calls | groups |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var dimension in dimensions)
        {
            async Task<Scorecard> Once()
            {
                var builder = new ScorecardBuilder(dimension, asOf);
                await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                var card = await ScoreStore.BuildScorecardAsync(connection, builder, CancellationToken.None).ConfigureAwait(false);
                _ = ScorecardFormatter.ToTable(card);
                return card;
            }

            var warm = Stopwatch.StartNew();
            var warmRuns = 0;
            Scorecard? card = null;
            while (warmRuns < 50 || warm.Elapsed.TotalSeconds < warmSeconds)
            {
                card = await Once().ConfigureAwait(false);
                warmRuns++;
            }

            // Let the tiering thread compile what the warm-up queued before anything is timed.
            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            var wall = new List<double>(repeats);
            var processCpu = new List<double>(repeats);
            var threadCpu = new List<double>(repeats);
            var threadBytes = new List<double>(repeats);
            var processBytes = new List<double>(repeats);
            var gcs = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            for (var i = 0; i < repeats; i++)
            {
                var thread = Environment.CurrentManagedThreadId;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var threadAllocated = GC.GetAllocatedBytesForCurrentThread();
                var cpu0 = Clock(ProcessClock);
                var threadCpu0 = Clock(ThreadClock);
                var sw = Stopwatch.StartNew();
                card = await Once().ConfigureAwait(false);
                sw.Stop();
                var threadCpu1 = Clock(ThreadClock);
                var cpu1 = Clock(ProcessClock);
                wall.Add(sw.Elapsed.TotalMilliseconds);
                processCpu.Add(cpu1 - cpu0);
                processBytes.Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0);
                if (Environment.CurrentManagedThreadId == thread)
                {
                    threadCpu.Add(threadCpu1 - threadCpu0);
                    threadBytes.Add((GC.GetAllocatedBytesForCurrentThread() - threadAllocated) / 1024.0);
                }
            }

            var collections = string.Join('/', gcs.Select(static (before, generation) => GC.CollectionCount(generation) - before));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {dimension.Name()} | {Median(wall):F2} / {P90(wall):F2} | {Median(processCpu):F2} / {P90(processCpu):F2} | "
                + $"{Stat(threadCpu, Median)} / {Stat(threadCpu, P90)} ({threadCpu.Count} on one thread) | "
                + $"{Stat(threadBytes, Median, "F0")} / {Median(processBytes):F0} | {collections} | {card!.Groups.Count} |"));
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set {self.PeakWorkingSet64 / 1048576.0:F1} MiB; load average when done: {LoadAverage()}"));
        return 0;
    }

    /// <summary>This thread's CPU time in milliseconds.</summary>
    public static double ThreadCpu() => Clock(ThreadClock);

    private static string Stat(List<double> values, Func<List<double>, double> stat, string format = "F2") =>
        values.Count == 0 ? "n/a" : stat(values).ToString(format, CultureInfo.InvariantCulture);

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double P90(List<double> values) => Percentile(values, 0.9);

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
    }

    /// <summary>A CPU clock in milliseconds (nanosecond resolution, unlike Process.TotalProcessorTime's clock ticks).</summary>
    private static double Clock(int clock) => clock_gettime(clock, out var t) == 0 ? (t.Seconds * 1e3) + (t.Nanoseconds / 1e6) : double.NaN;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}

/// <summary>
/// <c>scorecard sqlcost N [dim] [K]</c>: the thread CPU of each statement of the scorecard's first batch on SQLite,
/// stepped below the provider without reading a column, then with every column read, K times each after a warm-up.
/// </summary>
internal static class ScorecardSqlCost
{
    public static async Task<int> RunAsync(SqliteConnectionFactory factory, ScoreDimension dimension, int repeats)
    {
        await using var connection = await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        {
            KeyValuePair<string, object?>[] parameters =
            [
                new("Dimension", dimension.Name()), new("OverdueBefore", "2026-11-16"), new("IncludeHindsight", false), new("Max", 100),
            ];
            var statements = ScoreStore.SqliteSumsBatch.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(static s => s.Length > 0).ToArray();
            foreach (var read in new[] { false, true })
            {
                var parts = new List<string>();
                foreach (var sql in statements)
                {
                    var times = new List<double>();
                    var rows = 0;
                    for (var i = 0; i < repeats + 20; i++)
                    {
                        var start = ScorecardSteadyBench.ThreadCpu();
                        using var own = read ? connection.BeginTransaction() : null;
                        using (var batch = new SqliteRawBatch(connection, sql, parameters, CancellationToken.None))
                        {
                            batch.NextStatement();
                            rows = 0;
                            while (batch.Read())
                            {
                                rows++;
                            }
                        }

                        if (i >= 20)
                        {
                            times.Add(ScorecardSteadyBench.ThreadCpu() - start);
                        }
                    }

                    times.Sort();
                    var name = sql[..Math.Min(40, sql.Length)].ReplaceLineEndings(" ");
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"  [{name}...] {rows} rows: {times[times.Count / 2]:F3} ms"));
                }

                Console.WriteLine(read ? "each in its own transaction:" : "stepped, no column read, autocommit:");
                foreach (var part in parts)
                {
                    Console.WriteLine(part);
                }
            }
        }

        return 0;
    }
}

/// <summary>
/// <c>scorecard parts N [dim] [K]</c>: the thread CPU of each part of a whole-record scorecard on SQLite in steady state
/// (open the pooled connection, begin, sums batch, middle-band errors, build, format, commit and close), medians of K calls
/// after a warm-up of 5 s.
/// </summary>
internal static class ScorecardParts
{
    public static async Task<int> RunAsync(SqliteConnectionFactory factory, ScoreDimension dimension, int repeats)
    {
        string[] names = ["open", "begin", "sums batch", "middle-band errors", "build", "format", "end+close", "total"];
        var samples = names.Select(static _ => new List<double>()).ToArray();
        var warm = Stopwatch.StartNew();
        var keep = Environment.GetEnvironmentVariable("FW_PARTS_ONE_CONNECTION") == "1"
            ? await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false)
            : null;
        if (keep is not null && Environment.GetEnvironmentVariable("FW_PARTS_PRAGMA") is { Length: > 0 } pragma)
        {
            await using var command = keep.CreateCommand();
            command.CommandText = pragma;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        for (var i = 0; ; i++)
        {
            var measured = warm.Elapsed.TotalSeconds > 5;
            var times = new double[names.Length];
            var at = ScorecardSteadyBench.ThreadCpu();
            var start = at;
            var step = 0;
            void Mark()
            {
                var now = ScorecardSteadyBench.ThreadCpu();
                times[step++] = now - at;
                at = now;
            }

            var builder = new ScorecardBuilder(dimension, new DateOnly(2026, 11, 23));
            var connection = keep ?? await factory.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            Mark();
            var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
            Mark();
            var bands = await ScoreStore.AddSumsAsync(connection, tx, builder, CancellationToken.None).ConfigureAwait(false);
            Mark();
            await ScoreStore.AddMedianApesAsync(connection, tx, builder, bands, CancellationToken.None).ConfigureAwait(false);
            Mark();
            var card = builder.Build();
            Mark();
            _ = ScorecardFormatter.ToTable(card);
            Mark();
            await tx.DisposeAsync().ConfigureAwait(false);
            if (keep is null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            Mark();
            times[step] = at - start;
            if (measured)
            {
                for (var k = 0; k < names.Length; k++)
                {
                    samples[k].Add(times[k]);
                }

                if (samples[0].Count == repeats)
                {
                    break;
                }
            }
        }

        var medians = names.Select((n, k) =>
            n + " " + samples[k].Order().ElementAt(samples[k].Count / 2).ToString("F3", CultureInfo.InvariantCulture));
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"scorecard by {dimension.Name()}, thread CPU ms, medians of {repeats}: ")
            + string.Join(", ", medians));
        return 0;
    }
}
