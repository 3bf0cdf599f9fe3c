using Dapper;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Storage;

public sealed class SeedImporterTests : IAsyncLifetime
{
    private StorageFixture _fixture = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    private async Task UseStoreAsync(string kind) => _fixture = await StorageFixture.CreateAsync(kind);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql)
    {
        await using var connection = await _fixture.Connections.OpenAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<T>(sql)];
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ImportAsync_FirstTime_AddsEverythingWithCreatedHistory(string kind)
    {
        await UseStoreAsync(kind);
        var report = await _fixture.ImportAsync();

        Assert.Equal(1, report.Count("article", ImportChange.Added));
        Assert.Equal(4, report.Count("prediction", ImportChange.Added));
        Assert.Equal(["created", "created", "created", "created"],
            await QueryAsync<string>("SELECT change FROM prediction_history ORDER BY id;"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ImportAsync_Twice_SameRowsSameIdsNoNewHistory(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        var before = await QueryAsync<string>(
            "SELECT id || '|' || quote_start || '|' || coalesce(resolve_by, '') FROM predictions ORDER BY id;");

        var report = await _fixture.ImportAsync(StorageFixture.ImportTime.AddDays(1));

        Assert.All(report.Items, static i => Assert.Equal(ImportChange.Unchanged, i.Change));
        Assert.Equal(before,
            await QueryAsync<string>("SELECT id || '|' || quote_start || '|' || coalesce(resolve_by, '') FROM predictions ORDER BY id;"));
        Assert.Equal(4, (await QueryAsync<long>("SELECT count(*) FROM prediction_history;"))[0]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ImportAsync_RepoSeedsThroughOneReusedCommand_EveryFieldRoundTrips(string kind)
    {
        await UseStoreAsync(kind);
        // One prepared INSERT serves all 14 rows, whose fields alternate between null and set (thresholds, ranges,
        // undated claims, stated and implied probabilities): a binding that kept a previous row's value or type
        // would show up as a change on the second import.
        var seeds = await SeedDirectory.LoadAsync(RepoSeeds.Directory, CancellationToken.None);
        var first = await _fixture.Importer().ImportAsync(seeds, CancellationToken.None);

        var second = await _fixture.Importer(StorageFixture.ImportTime.AddDays(1)).ImportAsync(seeds, CancellationToken.None);

        Assert.Equal(seeds.Predictions.Count, first.Count("prediction", ImportChange.Added));
        Assert.All(second.Items, static i => Assert.Equal(ImportChange.Unchanged, i.Change));
        Assert.Equal(seeds.Predictions.Count, (await QueryAsync<long>("SELECT count(*) FROM prediction_history;"))[0]);
        Assert.Equal(seeds.Predictions.Count, (await QueryAsync<long>("SELECT sum(n) FROM score_sums WHERE dimension = 'all';"))[0]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ImportAsync_ChangedClaim_OneUpdateRecordedInHistory(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        var regulation = TempSeeds.Regulation();
        regulation["claim"] = "The regulator will fine the company heavily.";
        _fixture.Seeds.WriteManifest(TempSeeds.Manifest(regulation, TempSeeds.Departures(), TempSeeds.Prices(), TempSeeds.Undated()));

        var report = await _fixture.ImportAsync(StorageFixture.ImportTime.AddDays(1));

        var updated = Assert.Single(report.Items, static i => i.Change == ImportChange.Updated);
        Assert.Equal("test-regulation", updated.Id);
        Assert.Equal(["claim"], updated.ChangedFields);
        var history = await _fixture.Registry().GetAsync("test-regulation", StorageFixture.ImportTime, CancellationToken.None);
        Assert.Equal(["created", "updated"], history!.History.Select(static h => h.Change));
        Assert.Equal(["claim"], history.History[1].ChangedFields);
        Assert.Contains("heavily", history.History[1].AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("heavily", history.History[1].BeforeJson, StringComparison.Ordinal);
        Assert.Equal("The regulator will fine the company heavily.", history.View.Prediction.Claim);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ImportAsync_PredictionDroppedFromManifest_IsKeptAndReported(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        _fixture.Seeds.WriteManifest(TempSeeds.Manifest(TempSeeds.Regulation()));

        var report = await _fixture.ImportAsync();

        Assert.Equal(["test-departures", "test-prices", "test-undated"], report.NotInManifest);
        Assert.Equal(4, (await QueryAsync<long>("SELECT count(*) FROM predictions;"))[0]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ImportAsync_InvalidSeeds_Throws(string kind)
    {
        await UseStoreAsync(kind);
        _fixture.Seeds.WriteManifest(TempSeeds.Manifest(new System.Text.Json.Nodes.JsonObject { ["id"] = "x" }));
        var seeds = await SeedDirectory.LoadAsync(_fixture.Seeds.SeedsDir, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Importer().ImportAsync(seeds, CancellationToken.None));
    }
}
