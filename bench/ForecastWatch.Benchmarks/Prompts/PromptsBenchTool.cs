using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Cli;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Benchmarks.Prompts;

/// <summary>
/// Prompt scheduling and the outbox: PromptScheduler.Decide over N predictions with history (pure), then on a temp
/// SQLite file: render + enqueue N prompt mails (one transaction each) and deliver them with the directory transport.
/// </summary>
internal sealed class PromptsBenchTool : IBenchTool
{
    public string Name => "prompts";

    public string Description => "scheduler decisions, prompt enqueue and directory delivery throughput [--predictions N] [--mails N]";

    public async Task<int> RunAsync(string[] args)
    {
        var predictions = int.Parse(Option(args, "--predictions") ?? "100000", CultureInfo.InvariantCulture);
        var mails = int.Parse(Option(args, "--mails") ?? "2000", CultureInfo.InvariantCulture);
        var asOf = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var routing = new PromptRouting([new PromptContact("E", "editor@example.test", ["A"], [])],
            [new PromptContact("C", "chief@example.test", ["A"], [])], "desk@example.test");
        var subjects = Enumerable.Range(0, predictions)
            .Select(i => new PromptSubject($"p{i}", new DateOnly(2026, 1, 1).AddDays(i % 900), true, "A", [], []))
            .ToList();
        var history = subjects.Where((_, i) => i % 2 == 0)
            .Select(s => new PromptHistoryEntry(s.PredictionId, s.ResolveBy!.Value, 0,
                PromptScheduler.FirstDueInstant(s.ResolveBy.Value, TimeZoneInfo.Utc)))
            .ToList();
        PromptScheduler.Decide(subjects.Take(100), history, asOf, PromptTiming.Default, routing);
        var sw = Stopwatch.StartNew();
        const int Rounds = 5;
        var decided = 0;
        for (var i = 0; i < Rounds; i++)
        {
            decided = PromptScheduler.Decide(subjects, history, asOf, PromptTiming.Default, routing).Count;
        }

        Report($"decide {predictions} predictions, {history.Count} history rows ({decided} due)", sw.Elapsed / Rounds, predictions);

        var root = Path.Combine(Path.GetTempPath(), "fw-bench-prompts-" + Guid.NewGuid().ToString("N"));
        try
        {
            var app = Options.Create(new ForecastWatchOptions { DataDirectory = root });
            var connections = new SqliteConnectionFactory(app);
            await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None).ConfigureAwait(false);
            var db = connections;
            var mailing = Options.Create(new MailingOptions { TokenSecret = "bench-secret-0123456789", DeliveryBatchSize = mails });
            var schedule = Options.Create(new PromptScheduleOptions());
            var source = new SyntheticSource(mails);
            var service = new PromptService(
                db, source, new PromptComposer(mailing, schedule), new MailRenderer(),
                new PromptTokenProvider(mailing, app, NullLogger<PromptTokenProvider>.Instance),
                Options.Create(new EditorsOptions { DefaultDesk = "desk@example.test" }), schedule, mailing,
                NullLogger<PromptService>.Instance);

            sw.Restart();
            var report = await service.RunAsync(asOf, PromptRunScope.All, dryRun: false, CancellationToken.None).ConfigureAwait(false);
            Report($"compose + render + enqueue {report.Enqueued} prompts (one transaction each)", sw.Elapsed, report.Enqueued);

            var time = new FixedTimeProvider(asOf);
            var delivery = new OutboxDeliveryService(
                db, new DirectoryMailTransport(mailing, app), ResiliencePipelines.BuildMailDelivery(mailing.Value, time), mailing, time,
                NullLogger<OutboxDeliveryService>.Instance);
            sw.Restart();
            var sent = await delivery.DeliverDueAsync(asOf, CancellationToken.None).ConfigureAwait(false);
            Report($"deliver {sent.Sent} to the directory transport (fsync + rename each)", sw.Elapsed, sent.Sent);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void Report(string what, TimeSpan elapsed, int items) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {elapsed.TotalMilliseconds:F1} ms ({items / Math.Max(elapsed.TotalSeconds, 1e-9):F0}/s)"));

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed class SyntheticSource(int count) : IPromptPredictionSource
    {
        public Task<IReadOnlyList<PromptPrediction>> LoadAsync(System.Data.Common.DbConnection connection,
            CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PromptPrediction>>(Enumerable.Range(0, count).Select(i => new PromptPrediction
            {
                Id = $"bench-{i}",
                Claim = $"Claim number {i} will come true within a year.",
                Quote = "A verbatim quote from the article body that says so.",
                Outlet = "Bench",
                ArticleTitle = "A title",
                ArticlePublished = "2026-05",
                ArticleUrl = "https://example.test/a",
                ResolveBy = new DateOnly(2027, 5, 31),
                Criteria = "YES if it happened.",
            }).ToList());
    }
}
