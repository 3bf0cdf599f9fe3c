using System.Globalization;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Hosting;

/// <summary>Tests of <see cref="DatabaseHeartbeat"/>, the table health reads.</summary>
public sealed class HealthHeartbeatStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2027-02-01T08:00:00Z", CultureInfo.InvariantCulture);
    private readonly string _dir = Directory.CreateTempSubdirectory("fw-beats-").FullName;
    private TestStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The heartbeat over a fresh migrated store of the kind the case's data row names (SQLite, PostgreSQL).</summary>
    private async Task<DatabaseHeartbeat> CreateSutAsync(string store)
    {
        IDatabase connections;
        if (store == StoreKinds.Sqlite)
        {
            connections = new SqliteConnectionFactory(Path.Combine(_dir, SqliteConnectionFactory.DatabaseFileName));
            await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None);
        }
        else
        {
            _store = await TestStore.CreateAsync(store);
            connections = _store.Database;
        }

        return new DatabaseHeartbeat(connections);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReadAsync_Empty_NoWorkerNoBeats(string store)
    {
        var sut = await CreateSutAsync(store);

        var snapshot = await sut.ReadAsync(CancellationToken.None);

        Assert.Null(snapshot.WorkerStartedAt);
        Assert.Empty(snapshot.LastBeats);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BeatAsync_TwiceSameJob_KeepsLatest(string store)
    {
        var sut = await CreateSutAsync(store);

        await sut.BeatAsync("Due", T0, CancellationToken.None);
        await sut.BeatAsync("Due", T0.AddMinutes(15), CancellationToken.None);

        Assert.Equal(T0.AddMinutes(15), (await sut.ReadAsync(CancellationToken.None)).LastBeats["Due"]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BeatAsync_OlderBeatAfterNewer_DoesNotGoBack(string store)
    {
        var sut = await CreateSutAsync(store);

        await sut.BeatAsync("Due", T0.AddMinutes(15), CancellationToken.None);
        await sut.BeatAsync("Due", T0, CancellationToken.None);

        Assert.Equal(T0.AddMinutes(15), (await sut.ReadAsync(CancellationToken.None)).LastBeats["Due"]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReadAsync_WorkerRow_IsStartTimeNotJob(string store)
    {
        var sut = await CreateSutAsync(store);

        await sut.BeatAsync(HeartbeatHealth.WorkerName, T0, CancellationToken.None);
        await sut.BeatAsync("Digest", T0.AddHours(1), CancellationToken.None);

        var snapshot = await sut.ReadAsync(CancellationToken.None);
        Assert.Equal(T0, snapshot.WorkerStartedAt);
        Assert.Equal(["Digest"], snapshot.LastBeats.Keys);
    }
}
