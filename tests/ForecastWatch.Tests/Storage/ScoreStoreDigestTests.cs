using Dapper;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// The digest built from what it shows (running sums, indexed candidates, counted totals) must say exactly what the
/// digest built from every prediction says.
/// </summary>
public sealed class ScoreStoreDigestTests : IAsyncLifetime
{
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
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildDigestAsync_RandomRegistry_SameDigestAsReadingEveryPrediction(string store)
    {
        await UseStoreAsync(store);

        var random = new Random(12);
        await using (var c = await _connections.OpenAsync(CancellationToken.None))
        {
            var world = new ScoreSumsMigrationTests.World();
            for (var step = 0; step < 700; step++)
            {
                await ScoreSumsMigrationTests.RandomWriteAsync(c, world, random);
            }
        }

        var checkedLists = 0;
        foreach (var asOf in new[] { new DateTimeOffset(2026, 12, 10, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 7, 5, 8, 0, 0, TimeSpan.Zero) })
        {
            foreach (var (dimension, max, days) in new[] { (ScoreDimension.Outlet, 3, 30), (ScoreDimension.Author, 25, 400),
                (ScoreDimension.Horizon, 1, 200) })
            {
                var settings = new DigestSettings { Dimension = dimension, MaxItemsPerSection = max, DueSoonDays = days };
                var periodStart = asOf.AddDays(-120);
                await using var connection = await _connections.OpenAsync(CancellationToken.None);
                var scan = await ScoreStore.ScanDigestAsync(connection, new DigestBuilder(asOf, periodStart, settings),
                    CancellationToken.None);
                var fast = await ScoreStore.BuildDigestAsync(connection, new DigestBuilder(asOf, periodStart, settings),
                    CancellationToken.None);

                ScorecardAssert.Equivalent(scan.Scorecard, fast.Scorecard);
                Assert.Equal(
                    (scan.Resolved.Total, scan.Overdue.Total, scan.DueSoon.Total),
                    (fast.Resolved.Total, fast.Overdue.Total, fast.DueSoon.Total));
                var same = fast with { Scorecard = scan.Scorecard };
                Assert.Equal(DigestTextRenderer.Render(scan), DigestTextRenderer.Render(same));
                Assert.Equal(DigestHtmlRenderer.Render(scan), DigestHtmlRenderer.Render(same));
                checkedLists += scan.Resolved.Items.Count + scan.Overdue.Items.Count + scan.DueSoon.Items.Count;
            }
        }

        Assert.True(checkedLists > 20, $"the random registry should fill the lists, shown {checkedLists}");
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildDigestAsync_TiesAtTheCut_ShowsTheSameItemsAsTheScan(string store)
    {
        await UseStoreAsync(store);

        await using (var c = await _connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("""
                INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at, updated_at)
                VALUES ('a1', 'T', 'Alpha', '["Ann"]', 'en', '2026-01', 'b', 's', 0, 0);
                """);
            foreach (var id in new[] { "p-c", "p-a", "p-b", "p-d" })
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, kind, probability, tags_json, status,
                        origin, created_at, updated_at)
                    VALUES (@Id, 'a1', 'Claim', 'q', 0, '2026-03-31', 'event', 0.7, '[]', 'accepted', 'curated', 0, 0);
                    """,
                    new { Id = id });
            }

            // p-d is resolved; the other three tie on the same overdue date and only two are shown.
            await c.ExecuteAsync("""
                INSERT INTO resolutions (prediction_id, verdict, resolved_by, resolved_at, source)
                VALUES ('p-d', 'yes', 'ed@example.org', 1780000000000, 'cli');
                """);
        }

        var settings = new DigestSettings { MaxItemsPerSection = 2 };
        var asOf = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

        await using var connection = await _connections.OpenAsync(CancellationToken.None);
        var scan = await ScoreStore.ScanDigestAsync(connection, new DigestBuilder(asOf, asOf.AddDays(-7), settings),
            CancellationToken.None);
        var fast = await ScoreStore.BuildDigestAsync(connection, new DigestBuilder(asOf, asOf.AddDays(-7), settings),
            CancellationToken.None);

        Assert.Equal(["p-a", "p-b"], fast.Overdue.Items.Select(static i => i.Prediction.Id));
        Assert.Equal(3, fast.Overdue.Total);
        Assert.Equal(scan.Overdue.Items.Select(static i => i.Prediction.Id), fast.Overdue.Items.Select(static i => i.Prediction.Id));
        Assert.Equal(DigestTextRenderer.Render(scan), DigestTextRenderer.Render(fast with { Scorecard = scan.Scorecard }));
    }
}
