using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Storage;

/// <summary>Temp seeds and a migrated database in a temp data directory: real SQLite, nothing mocked.</summary>
internal sealed class StorageFixture : IDisposable
{
    public StorageFixture()
    {
        Options = Microsoft.Extensions.Options.Options.Create(new ForecastWatchOptions { DataDirectory = Seeds.DataDir });
        Connections = new SqliteConnectionFactory(Options);
        new MigrationRunner(Connections).ApplyPendingAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public TempSeeds Seeds { get; } = new();

    public IOptions<ForecastWatchOptions> Options { get; }

    public SqliteConnectionFactory Connections { get; }

    public static readonly DateTimeOffset ImportTime = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public SeedImporter Importer(DateTimeOffset? now = null) => new(Connections, new ForecastWatch.Cli.FixedTimeProvider(now ?? ImportTime));

    public PredictionRegistry Registry() => new(Connections, Options);

    public async Task<ImportReport> ImportAsync(DateTimeOffset? now = null)
    {
        var seeds = await SeedDirectory.LoadAsync(Seeds.SeedsDir, CancellationToken.None);
        Assert.Empty(seeds.Errors);
        return await Importer(now).ImportAsync(seeds, CancellationToken.None);
    }

    public void Dispose() => Seeds.Dispose();
}
