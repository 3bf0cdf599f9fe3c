using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Mailing;

public sealed partial class DigestServiceTests : IAsyncLifetime
{
    // 2026-06-01 is a Monday: the default cron's period starts at 08:00 that day.
    private static readonly DateTimeOffset Monday0800 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fw-digest-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Monday0800.AddHours(1));
    private IDatabase _connections = null!;
    private TestStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each case runs on a fresh migrated store of the kind its data row names (SQLite, PostgreSQL).</summary>
    private async Task UseStoreAsync(string store)
    {
        _store = await TestStore.CreateAsync(store);
        _connections = _store.Database;
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private DigestService CreateSut(bool skipWhenQuiet = false, string timeZone = "UTC", string[]? recipients = null) => new(
        _connections,
        new MailRenderer(),
        Options.Create(new DigestOptions
        {
            Recipients = [.. recipients ?? ["Boss <boss@example.test>", "desk@example.test"]],
            SkipWhenQuiet = skipWhenQuiet
        }),
        Options.Create(Mailing),
        Options.Create(new ForecastWatchOptions { TimeZone = timeZone }),
        new ConfigurationBuilder().Build(),
        _time,
        NullLogger<DigestService>.Instance,
        new PromptTokenProvider(Options.Create(Mailing), Options.Create(new ForecastWatchOptions { DataDirectory = _directory }),
            NullLogger<PromptTokenProvider>.Instance));

    private static readonly MailingOptions Mailing = new() { TokenSecret = "digest-test-secret-0123456789abcdef" };

    private async Task SeedAsync()
    {
        await using var c = await _connections.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync("""
            INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at, updated_at)
            VALUES ('art1', 'Title', 'Alpha', '["Ann"]', 'en', '2026-01', 'body', 'sha', 0, 0);
            INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, kind, probability, hedge, tags_json, status,
                origin, created_at, updated_at)
            VALUES ('p1', 'art1', 'Rain & <wind> tomorrow', 'q', 0, '2026-05-20', 'event', 0.8, 'likely', '["ai"]',
                    'accepted', 'curated', 0, 0),
                   ('p2', 'art1', 'Prices fall', 'q', 0, '2026-06-15', 'event', 0.3, 'unlikely', '["economy"]',
                    'accepted', 'curated', 0, 0);
            """);
        await c.ExecuteAsync(
            """
            INSERT INTO resolutions (prediction_id, verdict, fraction, extend_to, note, evidence_json, resolved_by, resolved_at, source,
                supersedes_id)
            VALUES ('p1', 'yes', NULL, NULL, 'it rained', '["https://example.org/rain"]', 'ed@example.org', @At, 'cli', NULL)
            """,
            new { At = Monday0800.AddDays(-2).ToUnixTimeMilliseconds() });
    }

    private async Task<(long Outbox, IReadOnlyList<DigestEntry> Digests)> StateAsync()
    {
        await using var c = await _connections.OpenAsync(CancellationToken.None);
        var outbox = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE category = 'digest'");
        return (outbox, await DigestStore.ListAsync(c, CancellationToken.None));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_TwiceInOnePeriod_EnqueuesOnce(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        var sut = CreateSut();

        var first = await sut.RunAsync(_time.GetUtcNow(), CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(2));
        var second = await sut.RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Enqueued, first.Outcome);
        Assert.Equal("2026-06-01T08:00:00Z", first.PeriodKey);
        Assert.Equal(DigestOutcome.AlreadyDone, second.Outcome);
        Assert.Equal(first.PeriodKey, second.PeriodKey);
        var (outbox, digests) = await StateAsync();
        Assert.Equal(1, outbox);
        var digest = Assert.Single(digests);
        Assert.Equal(DigestStatus.Queued, digest.Status);
        Assert.NotNull(digest.OutboxId);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_AfterRestartAndDelivery_NeverSendsCommittedPeriodAgain(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        var first = await CreateSut().RunAsync(_time.GetUtcNow(), CancellationToken.None);
        await using (var c = await _connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("UPDATE outbox SET status = 'sent', sent_at = 1");
        }

        _time.Advance(TimeSpan.FromHours(5));
        var afterRestart = await CreateSut().RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Enqueued, first.Outcome);
        Assert.Equal(DigestOutcome.AlreadyDone, afterRestart.Outcome);
        Assert.Equal(1, (await StateAsync()).Outbox);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_EnqueueTransactionRolledBack_SentOnNextRun(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        await using (var c = await _connections.OpenAsync(CancellationToken.None))
        {
            // A failure after the period was claimed, inside the same transaction: the claim must not survive it.
            await c.ExecuteAsync(c.Pick(
                "CREATE TRIGGER crash_digest BEFORE INSERT ON outbox WHEN NEW.category = 'digest' BEGIN SELECT "
                + "RAISE(ABORT, 'simulated crash'); END;",
                "CREATE FUNCTION crash_digest() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$; "
                + "CREATE TRIGGER crash_digest BEFORE INSERT ON outbox FOR EACH ROW WHEN (NEW.category = 'digest') "
                + "EXECUTE FUNCTION crash_digest();"));
        }

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(
            () => CreateSut().RunAsync(_time.GetUtcNow(), CancellationToken.None));
        var afterCrash = await StateAsync();
        await using (var c = await _connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync(c.Pick(
                "DROP TRIGGER crash_digest;",
                "DROP TRIGGER crash_digest ON outbox; DROP FUNCTION crash_digest();"));
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        var retry = await CreateSut().RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(0, afterCrash.Outbox);
        Assert.Empty(afterCrash.Digests);
        Assert.Equal(DigestOutcome.Enqueued, retry.Outcome);
        Assert.Equal("2026-06-01T08:00:00Z", retry.PeriodKey);
        Assert.Equal(1, (await StateAsync()).Outbox);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_NextWeek_NewPeriodStartsWherePreviousEnded(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        var sut = CreateSut();
        await sut.RunAsync(_time.GetUtcNow(), CancellationToken.None);

        _time.Advance(TimeSpan.FromDays(7));
        var next = await sut.RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Enqueued, next.Outcome);
        Assert.Equal(Monday0800.AddDays(7), next.PeriodAt);
        Assert.Equal(Monday0800, next.PeriodStart);
        Assert.Equal(2, (await StateAsync()).Outbox);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_FirstPeriod_StartsSevenDaysBefore(string store)
    {
        await UseStoreAsync(store);

        var report = await CreateSut().RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(Monday0800.AddDays(-7), report.PeriodStart);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_QuietWithSkip_RecordsPeriodWithoutMail(string store)
    {
        await UseStoreAsync(store);

        var sut = CreateSut(skipWhenQuiet: true);

        var first = await sut.RunAsync(_time.GetUtcNow(), CancellationToken.None);
        var second = await sut.RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.SkippedQuiet, first.Outcome);
        Assert.Equal(DigestOutcome.AlreadyDone, second.Outcome);
        var (outbox, digests) = await StateAsync();
        Assert.Equal(0, outbox);
        Assert.Equal(DigestStatus.Skipped, Assert.Single(digests).Status);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_QuietWithoutSkip_StillSends(string store)
    {
        await UseStoreAsync(store);

        var report = await CreateSut(skipWhenQuiet: false).RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Enqueued, report.Outcome);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_NotQuietWithSkip_Sends(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();

        var report = await CreateSut(skipWhenQuiet: true).RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Enqueued, report.Outcome);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_NoRecipients_Disabled(string store)
    {
        await UseStoreAsync(store);

        var report = await CreateSut(recipients: []).RunAsync(_time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(DigestOutcome.Disabled, report.Outcome);
        Assert.Empty((await StateAsync()).Digests);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_Enqueued_OutboxRowHasBothPartsAndAllRecipients(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();

        var report = await CreateSut().RunAsync(_time.GetUtcNow(), CancellationToken.None);

        await using var c = await _connections.OpenAsync(CancellationToken.None);
        var entry = Assert.Single(await OutboxStore.ListAsync(c, null, CancellationToken.None));
        Assert.Equal(["boss@example.test", "desk@example.test"], entry.Recipients);
        Assert.Equal(report.MessageId, entry.MessageId);
        var raw = Encoding.UTF8.GetString(await OutboxStore.GetRawAsync(c, entry.Id, CancellationToken.None));
        Assert.Contains("multipart/alternative", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/plain", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/html", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Auto-Submitted: auto-generated", raw, StringComparison.Ordinal);

        // Its own return path (VERP): a bounce of the digest comes back tied to this row.
        var paths = ForecastWatch.Domain.Prompts.PromptToken.FromSecret(Mailing.TokenSecret!).ReturnPaths();
        Assert.Equal(paths.Create("desk@example.test", entry.Id), entry.EnvelopeFrom);
        Assert.True(paths.TryRead(entry.EnvelopeFrom, "desk@example.test", out var id) && id == entry.Id);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Compose_SeededDigest_TextPartSaysWhatHtmlSays(string store)
    {
        await UseStoreAsync(store);

        await SeedAsync();
        var sut = CreateSut();
        await using var connection = await _connections.OpenAsync(CancellationToken.None);
        var model = await ScoreStore.BuildDigestAsync(connection,
            new ForecastWatch.Domain.Digest.DigestBuilder(Monday0800, Monday0800.AddDays(-7), sut.Settings()), CancellationToken.None);

        var mail = sut.Compose(model, DigestService.KeyOf(Monday0800), _time.GetUtcNow(), "i0123456789abcdef");

        var htmlWords = Words(WebUtility.HtmlDecode(TagRegex().Replace(mail.HtmlBody!, " ")));
        var textWords = Words(mail.TextBody);
        Assert.Contains("p1", htmlWords);
        Assert.Contains("Rain", htmlWords);
        Assert.Empty(htmlWords.Except(textWords));
    }

    [Theory]
    [InlineData("2026-06-01T07:59:00Z", "2026-05-25T08:00:00Z")]
    [InlineData("2026-06-01T08:00:00Z", "2026-06-01T08:00:00Z")]
    [InlineData("2026-06-07T23:00:00Z", "2026-06-01T08:00:00Z")]
    public void PeriodOf_Utc_LatestMondayEightAtOrBefore(string asOf, string expected)
    {
        var period = CreateSut().PeriodOf(DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), period);
    }

    [Fact]
    public void PeriodOf_BerlinSummerTime_EightLocalIsSixUtc()
    {
        var period = CreateSut(timeZone: "Europe/Berlin").PeriodOf(Monday0800);

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero), period);
    }

    private static HashSet<string> Words(string text) =>
        [.. WordRegex().Matches(text).Select(static m => m.Value)];

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}.%-]*[\p{L}\p{N}%]|[\p{L}\p{N}]")]
    private static partial Regex WordRegex();
}
