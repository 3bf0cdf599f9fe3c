using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// A temp data directory (raw mail) with a migrated store of either kind (<see cref="TestStore"/>: SQLite in the
/// directory, or a PostgreSQL schema of its own) and three predictions: two events and a threshold.
/// </summary>
internal sealed class InboundTestDatabase : IDisposable, IAsyncDisposable
{
    public static readonly DateTimeOffset Seeded = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    private readonly TestStore? _store;

    private InboundTestDatabase(TestStore? store)
    {
        _store = store;
        Connections = store?.Database ?? new SqliteConnectionFactory(Path.Combine(_dir.Path, "forecastwatch.db"));
    }

    public string DataDirectory => _dir.Path;

    public IDatabase Connections { get; }

    public string Kind => Connections.Dialect == SqlDialect.Sqlite ? StoreKinds.Sqlite : StoreKinds.Postgres;

    public static async Task<InboundTestDatabase> CreateAsync(string kind = StoreKinds.Sqlite)
    {
        var db = new InboundTestDatabase(kind == StoreKinds.Sqlite ? null : await TestStore.EmptyAsync(kind));
        await new MigrationRunner(db.Connections).ApplyPendingAsync(CancellationToken.None);
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            INSERT INTO articles (id, title, outlet, language, body, body_sha256, imported_at, updated_at)
            VALUES ('a1', 'Title', 'Outlet', 'en', 'body', 'x', 0, 0)
            """);
        await using var transaction = await connection.BeginTransactionAsync();
        await PredictionStore.UpsertAsync(connection, transaction, Event("ai-act"), Seeded, CancellationToken.None);
        await PredictionStore.UpsertAsync(connection, transaction, Event("named-editors") with { Editors = ["editor2@example.test"] },
            Seeded, CancellationToken.None);
        await PredictionStore.UpsertAsync(connection, transaction, Event("inflation") with
        {
            Kind = PredictionKind.Threshold,
            Metric = "inflation",
            Comparator = Comparator.GreaterOrEqual,
            Threshold = 3.0,
            Unit = "%",
        }, Seeded, CancellationToken.None);
        await transaction.CommitAsync();
        return db;
    }

    public static IReadOnlyList<Migration> Migrations() => MigrationRunner.Embedded();

    /// <summary>This database's installation id (migration 0011), which our Message-IDs carry.</summary>
    public async Task<string> InstallationIdAsync()
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return (await InstallationStore.GetAsync(connection, null, CancellationToken.None)).Id;
    }

    public static Prediction Event(string id) => new()
    {
        Id = id,
        ArticleId = "a1",
        Claim = $"Claim {id} will happen",
        Quote = "quote",
        QuoteStart = 0,
        ResolveBy = new DateOnly(2027, 5, 31),
        Kind = PredictionKind.Event,
        Criteria = "It happens.",
    };

    public async Task<IReadOnlyList<ResolutionRecord>> ResolutionsAsync(string predictionId)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return await PredictionStore.GetResolutionsAsync(connection, null, predictionId, CancellationToken.None);
    }

    public async Task<IReadOnlyList<InboundRecord>> InboundAsync()
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return await InboundStore.ListAsync(connection, rejectedOnly: false, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _dir.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
