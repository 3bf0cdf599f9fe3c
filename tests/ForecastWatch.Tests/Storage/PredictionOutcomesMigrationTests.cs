using System.Globalization;
using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// Migration 0007: the <c>prediction_outcomes</c> rows kept by the resolutions trigger (and its backfill) must say
/// exactly what <see cref="ResolutionState.Fold"/> says, for any sequence of verdicts, overrides and extensions.
/// </summary>
public sealed class PredictionOutcomesMigrationTests : IAsyncLifetime
{
    private const string InsertArticle = """
        INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at, updated_at)
        VALUES ('art1', 'Title', 'Alpha', '["Ann"]', 'en', '2026-05', 'body', 'sha', 0, 0);
        """;

    private const string InsertPrediction = """
        INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, kind, probability, tags_json, status, origin,
            created_at, updated_at)
        VALUES (@Id, 'art1', 'Claim', 'q', 0, @ResolveBy, 'event', 0.7, '[]', 'accepted', 'curated', 0, 0);
        """;

    private const string InsertResolution = """
        INSERT INTO resolutions (prediction_id, verdict, fraction, extend_to, resolved_by, resolved_at, source, supersedes_id)
        VALUES (@Prediction, @Verdict, @Fraction, @ExtendTo, @By, @At, 'cli', @Supersedes)
        RETURNING id;
        """;

    private static readonly string[] Verdicts = ["yes", "no", "partial", "void", "extend"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fw-outcomes-" + Guid.NewGuid().ToString("N"));
    private SqliteConnectionFactory _connections = null!;

    public Task InitializeAsync()
    {
        _connections = new SqliteConnectionFactory(Path.Combine(_directory, "test.db"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Trigger_RandomResolutionSequences_MatchesFoldAfterEveryInsert()
    {
        await new MigrationRunner(_connections).ApplyPendingAsync(CancellationToken.None);
        await using var c = await _connections.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync(InsertArticle);
        var random = new Random(7);
        var checkedStates = 0;
        for (var p = 0; p < 60; p++)
        {
            var id = "p" + p.ToString(CultureInfo.InvariantCulture);
            await c.ExecuteAsync(InsertPrediction, new { Id = id, ResolveBy = p % 5 == 0 ? null : "2026-12-31" });
            var ids = new List<long>();
            var steps = random.Next(1, 9);
            for (var s = 0; s < steps; s++)
            {
                ids.Add(await InsertRandomAsync(c, id, ids, random));
                await AssertMatchesFoldAsync(c, id);
                checkedStates++;
            }
        }

        Assert.True(checkedStates > 100);
    }

    [Fact]
    public async Task Migration_ExistingResolutions_BackfillMatchesFold()
    {
        var embedded = MigrationRunner.Embedded();
        await new MigrationRunner(_connections, [.. embedded.Where(static m => m.Version <= 6)]).ApplyPendingAsync(CancellationToken.None);
        var random = new Random(11);
        var predictions = new List<string>();
        await using (var c = await _connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync(InsertArticle);
            for (var p = 0; p < 40; p++)
            {
                var id = "b" + p.ToString(CultureInfo.InvariantCulture);
                predictions.Add(id);
                await c.ExecuteAsync(InsertPrediction, new { Id = id, ResolveBy = "2026-12-31" });
                var ids = new List<long>();
                for (var s = random.Next(0, 8); s > 0; s--)
                {
                    ids.Add(await InsertRandomAsync(c, id, ids, random));
                }
            }
        }

        var applied = await new MigrationRunner(_connections).ApplyPendingAsync(CancellationToken.None);

        Assert.Contains(applied, static m => m.Version == 7);
        await using var check = await _connections.OpenAsync(CancellationToken.None);
        foreach (var id in predictions)
        {
            await AssertMatchesFoldAsync(check, id);
        }
    }

    [Fact]
    public async Task Trigger_ExtendOnly_NoVerdictButExtendedDate()
    {
        await new MigrationRunner(_connections).ApplyPendingAsync(CancellationToken.None);
        await using var c = await _connections.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync(InsertArticle);
        await c.ExecuteAsync(InsertPrediction, new { Id = "x", ResolveBy = "2026-12-31" });
        await c.ExecuteScalarAsync<long>(InsertResolution, new
        {
            Prediction = "x",
            Verdict = "extend",
            Fraction = (double?)null,
            ExtendTo = "2027-03-31",
            By = "ed",
            At = 1L,
            Supersedes = (long?)null
        });

        var row = await c.QuerySingleAsync<OutcomeRow>("SELECT * FROM prediction_outcomes WHERE prediction_id = 'x';");

        Assert.Null(row.resolution_id);
        Assert.Null(row.outcome);
        Assert.Equal("2027-03-31", row.extend_to);
        Assert.Equal(1, row.extensions);
    }

    [Fact]
    public async Task Trigger_PartialWithoutFraction_OutcomeIsHalf()
    {
        await new MigrationRunner(_connections).ApplyPendingAsync(CancellationToken.None);
        await using var c = await _connections.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync(InsertArticle);
        await c.ExecuteAsync(InsertPrediction, new { Id = "x", ResolveBy = "2026-12-31" });
        var first = await c.ExecuteScalarAsync<long>(InsertResolution, new
        {
            Prediction = "x",
            Verdict = "partial",
            Fraction = (double?)null,
            ExtendTo = (string?)null,
            By = "ed",
            At = 1L,
            Supersedes = (long?)null
        });
        await c.ExecuteScalarAsync<long>(InsertResolution, new
        {
            Prediction = "x",
            Verdict = "yes",
            Fraction = (double?)null,
            ExtendTo = (string?)null,
            By = "ed",
            At = 2L,
            Supersedes = (long?)null
        });

        var row = await c.QuerySingleAsync<OutcomeRow>("SELECT * FROM prediction_outcomes WHERE prediction_id = 'x';");

        Assert.Equal(first, row.resolution_id);
        Assert.Equal("partial", row.verdict);
        Assert.Equal(0.5, row.outcome);
    }

    private static async Task<long> InsertRandomAsync(System.Data.Common.DbConnection c, string id, List<long> ids, Random random)
    {
        var verdict = Verdicts[random.Next(Verdicts.Length)];
        long? supersedes = ids.Count > 0 && random.Next(3) == 0 ? ids[random.Next(ids.Count)] : null;
        return await c.ExecuteScalarAsync<long>(InsertResolution, new
        {
            Prediction = id,
            Verdict = verdict,
            Fraction = verdict == "partial" && random.Next(2) == 0 ? Math.Round(random.NextDouble() * 0.9 + 0.05, 2) : (double?)null,
            ExtendTo = verdict == "extend"
                ? new DateOnly(2027, 1, 1).AddDays(random.Next(400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            By = "ed" + random.Next(3).ToString(CultureInfo.InvariantCulture) + "@example.org",
            At = 1_780_000_000_000L + random.Next(1_000_000),
            Supersedes = supersedes,
        });
    }

    private static async Task AssertMatchesFoldAsync(System.Data.Common.DbConnection c, string id)
    {
        var stored = await PredictionStore.GetAsync(c, null, id, CancellationToken.None);
        Assert.NotNull(stored);
        var resolutions = await PredictionStore.GetResolutionsAsync(c, null, id, CancellationToken.None);
        var expected = ResolutionState.Fold(stored.Prediction, resolutions);
        var row = await c.QuerySingleOrDefaultAsync<OutcomeRow>("SELECT * FROM prediction_outcomes WHERE prediction_id = @id;", new { id });

        if (resolutions.Count == 0)
        {
            Assert.Null(row);
            return;
        }

        Assert.NotNull(row);
        Assert.Equal(expected.Final?.Id, row.resolution_id);
        Assert.Equal(expected.Final?.Verdict.ToString().ToLowerInvariant(), row.verdict);
        Assert.Equal(expected.Final?.Fraction, row.fraction);
        Assert.Equal(expected.Final?.ResolvedAt.ToUnixTimeMilliseconds(), row.resolved_at);
        Assert.Equal(expected.Final?.ResolvedBy, row.resolved_by);
        double? outcome = expected.Final?.Verdict switch
        {
            Verdict.Yes => 1.0,
            Verdict.No => 0.0,
            Verdict.Partial => expected.Final.Fraction ?? 0.5,
            _ => null,
        };
        Assert.Equal(outcome, row.outcome);
        var effective = row.extend_to is null ? stored.Prediction.ResolveBy
            : DateOnly.ParseExact(row.extend_to, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(expected.ResolveBy, effective);
        Assert.Equal(expected.ExtensionCount, row.extensions);
    }

#pragma warning disable IDE1006, SA1300 // column names as SQLite returns them
    private sealed record OutcomeRow
    {
        public string prediction_id { get; init; } = "";

        public long? resolution_id { get; init; }

        public string? verdict { get; init; }

        public double? fraction { get; init; }

        public double? outcome { get; init; }

        public long? resolved_at { get; init; }

        public string? resolved_by { get; init; }

        public string? extend_to { get; init; }

        public long extensions { get; init; }
    }
#pragma warning restore IDE1006, SA1300
}
