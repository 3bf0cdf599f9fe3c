using Dapper;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Storage;

/// <summary>The PostgreSQL migrations (Storage/Migrations/Postgres), on a real server: tracked, repeatable, guarded.</summary>
public sealed class PostgresMigrationTests
{
    [PostgresFact]
    public async Task ApplyPendingAsync_EmptySchema_CreatesTablesAndRecordsEachVersion()
    {
        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);
        var sut = new MigrationRunner(store.Database);

        var applied = await sut.ApplyPendingAsync(CancellationToken.None);

        Assert.Equal(MigrationRunner.Embedded(SqlDialect.Postgres).Count, applied.Count);
        await using var c = await store.Database.OpenAsync(CancellationToken.None);
        Assert.Equal(applied.Select(static m => (long)m.Version),
            await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version"));
        foreach (var table in new[] { "articles", "predictions", "resolutions", "outbox", "score_sums", "installation", "proposal_mails" })
        {
            Assert.True(await c.ExecuteScalarAsync<bool>("SELECT to_regclass(@T) IS NOT NULL", new { T = table }), table);
        }

        Assert.Matches("^i[0-9a-f]{16}$", await c.ExecuteScalarAsync<string>("SELECT installation_id FROM installation"));
        Assert.Empty(await sut.ApplyPendingAsync(CancellationToken.None));
        Assert.Empty((await sut.GetStatusAsync(CancellationToken.None)).Pending);
    }

    [PostgresFact]
    public async Task ApplyPendingAsync_DatabaseNewerThanCode_RefusesAndChangesNothing()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        await using (var c = await store.Database.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_from_the_future')");
        }

        var ex = await Assert.ThrowsAsync<DatabaseTooNewException>(
            () => new MigrationRunner(store.Database).ApplyPendingAsync(CancellationToken.None));

        Assert.Contains("9999", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [PostgresFact]
    public async Task ApplyPendingAsync_TwoRunnersAtOnce_EachMigrationAppliedOnce()
    {
        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);

        var results = await Task.WhenAll(
            new MigrationRunner(store.Database).ApplyPendingAsync(CancellationToken.None),
            new MigrationRunner(store.Database).ApplyPendingAsync(CancellationToken.None));

        Assert.Equal(MigrationRunner.Embedded(SqlDialect.Postgres).Count, results.Sum(static r => r.Count));
    }

    [PostgresFact]
    public async Task Functions_WithAnExceptionBlock_AreNotParallelSafe()
    {
        // A subtransaction (what an EXCEPTION block opens) cannot start in a parallel worker: such a function declared
        // PARALLEL SAFE fails any parallel plan that calls it.
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        await using var c = await store.Database.OpenAsync(CancellationToken.None);

        var functions = (await c.QueryAsync<(string Name, string Parallel)>("""
            SELECT p.proname, p.proparallel::text FROM pg_proc p
            WHERE p.pronamespace = current_schema()::regnamespace AND p.prosrc ~* '\mEXCEPTION\s+WHEN\M'
            """)).ToList();

        Assert.Contains(functions, static f => f.Name == "fw_names");
        Assert.All(functions, static f => Assert.True(f.Parallel != "s", $"{f.Name} is PARALLEL SAFE"));
    }

    [PostgresFact]
    public async Task Triggers_AppendOnlyTables_RefuseUpdateAndDelete()
    {
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        await using var c = await store.Database.OpenAsync(CancellationToken.None);

        var ex = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => c.ExecuteAsync("DELETE FROM installation"));

        Assert.Contains("kept for the life of the database", ex.MessageText, StringComparison.Ordinal);
    }
}
