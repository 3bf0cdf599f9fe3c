using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Storage;

/// <summary>Temp seeds and a migrated store of either kind: real SQLite or real PostgreSQL, nothing mocked.</summary>
internal sealed class StorageFixture : IAsyncDisposable
{
    private readonly TestStore _store;

    private StorageFixture(TestStore store)
    {
        _store = store;
        Options = Microsoft.Extensions.Options.Options.Create(new ForecastWatchOptions { DataDirectory = Seeds.DataDir });
    }

    public static async Task<StorageFixture> CreateAsync(string kind) => new(await TestStore.CreateAsync(kind));

    public TempSeeds Seeds { get; } = new();

    public IOptions<ForecastWatchOptions> Options { get; }

    public IDatabase Connections => _store.Database;

    public static readonly DateTimeOffset ImportTime = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public SeedImporter Importer(DateTimeOffset? now = null) =>
        new(Connections, new ForecastWatch.Cli.FixedTimeProvider(now ?? ImportTime));

    public PredictionRegistry Registry() => new(Connections, Options);

    public async Task<ImportReport> ImportAsync(DateTimeOffset? now = null)
    {
        var seeds = await SeedDirectory.LoadAsync(Seeds.SeedsDir, CancellationToken.None);
        Assert.Empty(seeds.Errors);
        return await Importer(now).ImportAsync(seeds, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Seeds.Dispose();
    }
}
