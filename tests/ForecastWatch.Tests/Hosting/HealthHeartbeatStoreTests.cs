using System.Globalization;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Hosting;

/// <summary>Tests of <see cref="DatabaseHeartbeat"/>, the table health reads.</summary>
public sealed class HealthHeartbeatStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2027-02-01T08:00:00Z", CultureInfo.InvariantCulture);
    private readonly string _dir = Directory.CreateTempSubdirectory("fw-beats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<DatabaseHeartbeat> CreateSutAsync()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_dir, SqliteConnectionFactory.DatabaseFileName));
        await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None);
        return new DatabaseHeartbeat(connections);
    }

    [Fact]
    public async Task ReadAsync_Empty_NoWorkerNoBeats()
    {
        var sut = await CreateSutAsync();

        var snapshot = await sut.ReadAsync(CancellationToken.None);

        Assert.Null(snapshot.WorkerStartedAt);
        Assert.Empty(snapshot.LastBeats);
    }

    [Fact]
    public async Task BeatAsync_TwiceSameJob_KeepsLatest()
    {
        var sut = await CreateSutAsync();

        await sut.BeatAsync("Due", T0, CancellationToken.None);
        await sut.BeatAsync("Due", T0.AddMinutes(15), CancellationToken.None);

        Assert.Equal(T0.AddMinutes(15), (await sut.ReadAsync(CancellationToken.None)).LastBeats["Due"]);
    }

    [Fact]
    public async Task BeatAsync_OlderBeatAfterNewer_DoesNotGoBack()
    {
        var sut = await CreateSutAsync();

        await sut.BeatAsync("Due", T0.AddMinutes(15), CancellationToken.None);
        await sut.BeatAsync("Due", T0, CancellationToken.None);

        Assert.Equal(T0.AddMinutes(15), (await sut.ReadAsync(CancellationToken.None)).LastBeats["Due"]);
    }

    [Fact]
    public async Task ReadAsync_WorkerRow_IsStartTimeNotJob()
    {
        var sut = await CreateSutAsync();

        await sut.BeatAsync(HeartbeatHealth.WorkerName, T0, CancellationToken.None);
        await sut.BeatAsync("Digest", T0.AddHours(1), CancellationToken.None);

        var snapshot = await sut.ReadAsync(CancellationToken.None);
        Assert.Equal(T0, snapshot.WorkerStartedAt);
        Assert.Equal(["Digest"], snapshot.LastBeats.Keys);
    }
}
