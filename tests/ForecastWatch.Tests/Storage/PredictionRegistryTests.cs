using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Storage;

public sealed class PredictionRegistryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset June2027 = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

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

    private static ResolutionRequest Request(string verdict, string? messageId = null)
    {
        Assert.True(ResolutionCommand.TryParse(verdict, out var command, out _));
        return new ResolutionRequest(command, "editor@example.test", June2027,
            messageId is null ? ResolutionSource.Cli : ResolutionSource.Email, messageId, "n", ["https://example.test/x"]);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ListAsync_SixDaysAfterResolveBy_ComputesStatusFromResolveBy(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();

        var list = await _fixture.Registry().ListAsync(new DateTimeOffset(2027, 5, 20, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);

        var status = list.ToDictionary(static v => v.Prediction.Id, static v => v.Status);
        Assert.Equal(PredictionStatus.Overdue, status["test-departures"]);
        Assert.Equal(PredictionStatus.Due, status["test-regulation"]);
        Assert.Equal(PredictionStatus.Open, status["test-prices"]);
        Assert.Equal(PredictionStatus.Open, status["test-undated"]);
        Assert.Equal("Test Outlet", list[0].Stored.Outlet);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ResolveAsync_ThenAgain_SecondIsRefusedAndOneRowStored(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        var sut = _fixture.Registry();

        var first = await sut.ResolveAsync("test-regulation", Request("yes"), CancellationToken.None);
        var second = await sut.ResolveAsync("test-regulation", Request("no"), CancellationToken.None);

        Assert.Equal(ResolveOutcomeKind.Recorded, first!.Kind);
        Assert.True(first.Resolution!.Id > 0);
        Assert.Equal(ResolveOutcomeKind.Refused, second!.Kind);
        var details = await sut.GetAsync("test-regulation", June2027, CancellationToken.None);
        Assert.Equal(PredictionStatus.Resolved, details!.View.Status);
        var stored = Assert.Single(details.Resolutions);
        Assert.Equal((Verdict.Yes, "editor@example.test", June2027), (stored.Verdict, stored.ResolvedBy, stored.ResolvedAt));
        Assert.Equal(["https://example.test/x"], stored.Evidence);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ResolveAsync_ManyAnswersAtOnce_OneRecordedTheRestRefused(string kind)
    {
        // Every writer decides on what it read: on PostgreSQL the prediction's row is locked before its resolutions are
        // read (READ COMMITTED would otherwise let all of them read none and all record).
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        var sut = _fixture.Registry();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            sut.ResolveAsync("test-regulation", Request(i % 2 == 0 ? "yes" : "no"), CancellationToken.None))));

        Assert.Single(outcomes, static o => o!.Kind == ResolveOutcomeKind.Recorded);
        Assert.Equal(7, outcomes.Count(static o => o!.Kind == ResolveOutcomeKind.Refused));
        Assert.Single((await sut.GetAsync("test-regulation", June2027, CancellationToken.None))!.Resolutions);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ResolveAsync_Override_AppendsAndTheNewVerdictIsInForce(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        var sut = _fixture.Registry();
        await sut.ResolveAsync("test-departures", Request("condition yes"), CancellationToken.None);
        await sut.ResolveAsync("test-departures", Request("value 12%"), CancellationToken.None);

        var outcome = await sut.ResolveAsync("test-departures", Request("override value 18%"), CancellationToken.None);

        var details = await sut.GetAsync("test-departures", June2027, CancellationToken.None);
        Assert.Equal(3, details!.Resolutions.Count);
        Assert.Equal(ResolutionTarget.Condition, details.Resolutions[0].Target);
        Assert.Equal(Verdict.No, details.Resolutions[1].Verdict);
        Assert.Equal(details.Resolutions[1].Id, outcome!.Resolution!.SupersedesId);
        Assert.Equal((Verdict.Yes, 18d), (details.View.State.Final!.Verdict, details.View.State.Final.Value!.Value));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ResolveAsync_SameMessageIdTwice_StoresOneRow(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        var sut = _fixture.Registry();

        await sut.ResolveAsync("test-regulation", Request("yes", "<r1@example.test>"), CancellationToken.None);
        var again = await sut.ResolveAsync("test-regulation", Request("yes", "<r1@example.test>"), CancellationToken.None);

        Assert.Equal(ResolveOutcomeKind.AlreadyRecorded, again!.Kind);
        Assert.Single((await sut.GetAsync("test-regulation", June2027, CancellationToken.None))!.Resolutions);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ResolveAsync_UnknownId_ReturnsNull(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();

        Assert.Null(await _fixture.Registry().ResolveAsync("nope", Request("yes"), CancellationToken.None));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Resolutions_UpdateOrDelete_IsRefusedByTheDatabase(string kind)
    {
        await UseStoreAsync(kind);
        await _fixture.ImportAsync();
        await _fixture.Registry().ResolveAsync("test-regulation", Request("yes"), CancellationToken.None);
        await using var connection = await _fixture.Connections.OpenAsync(CancellationToken.None);

        var update = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("UPDATE resolutions SET verdict = 'no';"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("DELETE FROM resolutions;"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
    }
}
