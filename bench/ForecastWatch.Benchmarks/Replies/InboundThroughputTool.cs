using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Hosting;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Benchmarks.Replies;

/// <summary>
/// Inbound processing rate: each message stored raw (sha256, fsync), parsed, classified, matched, authorized,
/// trimmed, read and decided in its own SQLite transaction, with an answer in the outbox. Half are replies that
/// resolve a prediction, half out-of-office notices.
/// </summary>
internal sealed class InboundThroughputTool : IBenchTool
{
    public string Name => "inbound-throughput";

    public string Description => "Inbound replies processed/s end to end on SQLite (raw store, MIME, decide, apply, answer) [--count N]";

    public async Task<int> RunAsync(string[] args)
    {
        var count = args.SkipWhile(static a => a != "--count").Skip(1).Select(static a => int.Parse(a, CultureInfo.InvariantCulture))
            .FirstOrDefault(500);
        var dir = Path.Combine(Path.GetTempPath(), "fw-inbound-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var connections = new SqliteConnectionFactory(Path.Combine(dir, "forecastwatch.db"));
            await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None).ConfigureAwait(false);
            await SeedAsync(connections, count).ConfigureAwait(false);
            var editors = new EditorsOptions { DefaultDesk = "desk@example.test" };
            editors.Editors.Add(new EditorEntry { Name = "Editor", Address = "editor@example.test", Outlets = ["Outlet"] });
            var tokens = new PromptTokenProvider(Options.Create(new MailingOptions { TokenSecret = "bench-secret-0123456789" }),
                Options.Create(new ForecastWatchOptions { DataDirectory = dir }), NullLogger<PromptTokenProvider>.Instance);
            var processor = new InboundProcessor(
                connections, new RawMailStore(Path.Combine(dir, "raw")), new MimeInboundMailReader(),
                new PromptsReplyBridge(tokens, Options.Create(editors)),
                new OutboxReplyAnswerSink(Options.Create(new MailingOptions()), new MailRenderer()),
                new InboundSettings("desk@example.test", "example.test", "X-ForecastWatch-Loop", ReplyAuthenticationSettings.Off),
                TimeProvider.System);

            var messages = Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes(i % 2 == 0
                ? $"From: Editor <editor@example.test>\r\nTo: desk@example.test\r\nSubject: Re: [FW-bench-{i}] Due\r\nMessage-ID: "
                    + $"<bench{i}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYES - see "
                    + $"https://example.org/{i}\r\n\r\nOn Mon, Jun 1, 2027 at 9:00 AM Desk <desk@example.test> wrote:\r\n> The claim\r\n> "
                    + $"Reply with YES or NO\r\n"
                : $"From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Automatic reply: [FW-bench-{i}] Due\r\nAuto-Submitted: "
                    + $"auto-replied\r\nMessage-ID: <ooo{i}@example.org>\r\n\r\nI am away.\r\n")).ToList();

            var clock = Stopwatch.StartNew();
            var applied = 0;
            foreach (var raw in messages)
            {
                var outcome = await processor.RecordAndDecideAsync("bench", null, (s, ct) => s.WriteAsync(raw, ct).AsTask(),
                    CancellationToken.None).ConfigureAwait(false);
                applied += outcome.Status == InboundStatus.Applied ? 1 : 0;
            }

            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"inbound-throughput: {count} messages ({applied} applied, {count - applied} ignored) in {clock.Elapsed.TotalSeconds:F2} "
                    + $"s: {count / clock.Elapsed.TotalSeconds:F0} messages/s ({clock.Elapsed.TotalMilliseconds / count:F2} ms each)"));
            return applied == count / 2 + count % 2 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task SeedAsync(SqliteConnectionFactory connections, int count)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await connection.ExecuteAsync("INSERT INTO articles (id, title, outlet, language, body, body_sha256, imported_at, updated_at) "
            + "VALUES ('a1', 'T', 'Outlet', 'en', 'b', 'x', 0, 0)").ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        for (var i = 0; i < count; i += 2)
        {
            var prediction = new Prediction
            {
                Id = $"bench-{i}",
                ArticleId = "a1",
                Claim = "Claim",
                Quote = "q",
                QuoteStart = 0,
                ResolveBy = new DateOnly(2026, 1, 31),
                Kind = PredictionKind.Event,
            };
            await PredictionStore.UpsertAsync(connection, transaction, prediction, DateTimeOffset.UnixEpoch, CancellationToken.None)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
