using Dapper;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Storage;

public sealed class MigrationRunnerTests : IDisposable
{
    private readonly TempSeeds _temp = new();

    private SqliteConnectionFactory Connections => new(Path.Combine(_temp.DataDir, SqliteConnectionFactory.DatabaseFileName));

    public void Dispose() => _temp.Dispose();

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task ApplyPendingAsync_EmptyDatabase_CreatesRegistryTablesAndSetsVersion()
    {
        var sut = new MigrationRunner(Connections);

        var applied = await sut.ApplyPendingAsync(CancellationToken.None);

        Assert.Equal(sut.LatestVersion, applied[^1].Version);
        Assert.Equal(sut.LatestVersion, await ScalarAsync("PRAGMA user_version;"));
        foreach (var table in new[] { "articles", "predictions", "prediction_history", "resolutions" })
        {
            Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"));
        }

        Assert.Equal("wal", (await ScalarAsyncText("PRAGMA journal_mode;")).ToLowerInvariant());
    }

    [Fact]
    public async Task ApplyPendingAsync_SecondRun_AppliesNothing()
    {
        var sut = new MigrationRunner(Connections);
        await sut.ApplyPendingAsync(CancellationToken.None);

        Assert.Empty(await sut.ApplyPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ApplyPendingAsync_PreviousVersionWithData_UpgradesInPlaceKeepingRows()
    {
        // "v0": a database written by the release that only had 0001, holding data.
        var v1 = MigrationRunner.Embedded();
        await new MigrationRunner(Connections, v1).ApplyPendingAsync(CancellationToken.None);
        await using (var connection = await Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("""
                INSERT INTO articles (id, title, outlet, language, body, body_sha256, imported_at, updated_at)
                VALUES ('a', 't', 'o', 'en', 'body', 'x', 0, 0);
                """);
        }

        var next = v1.Max(static m => m.Version) + 1;
        var v2 = new MigrationRunner(Connections,
            [.. v1, new Migration(next, $"{next:D4}_article_section", "ALTER TABLE articles ADD COLUMN section TEXT NULL;")]);
        var applied = await v2.ApplyPendingAsync(CancellationToken.None);

        Assert.Equal(next, Assert.Single(applied).Version);
        Assert.Equal(next, await ScalarAsync("PRAGMA user_version;"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM articles WHERE id = 'a' AND section IS NULL;"));
    }

    [Fact]
    public async Task ApplyPendingAsync_FailingScript_RollsBackAndKeepsVersion()
    {
        var v1 = MigrationRunner.Embedded();
        await new MigrationRunner(Connections, v1).ApplyPendingAsync(CancellationToken.None);
        var last = v1.Max(static m => m.Version);
        var broken = new MigrationRunner(Connections,
            [.. v1, new Migration(last + 1, "broken", "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;")]);

        await Assert.ThrowsAsync<SqliteException>(() => broken.ApplyPendingAsync(CancellationToken.None));

        Assert.Equal(last, await ScalarAsync("PRAGMA user_version;"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'half';"));
    }

    [Fact]
    public async Task ApplyPendingAsync_NewerDatabase_RefusesWithVersionsAndLeavesItAlone()
    {
        await using (var connection = await Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("PRAGMA user_version = 99;");
        }

        var sut = new MigrationRunner(Connections);

        var ex = await Assert.ThrowsAsync<DatabaseTooNewException>(() => sut.ApplyPendingAsync(CancellationToken.None));

        Assert.Contains("version 99", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {sut.LatestVersion}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(99, await ScalarAsync("PRAGMA user_version;"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM sqlite_master WHERE type = 'table';"));
    }

    [Fact]
    public void Constructor_DuplicateNumbers_Throws()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new MigrationRunner(Connections, [new Migration(1, "a", ""), new Migration(1, "b", "")]));
    }

    [Fact]
    public async Task ApplyPendingAsync_GapInNumbers_AppliesInOrderAndRecordsTheLast()
    {
        var sut = new MigrationRunner(Connections,
            [new Migration(1, "a", "CREATE TABLE a (x);"), new Migration(3, "c", "CREATE TABLE c (x);")]);

        var applied = await sut.ApplyPendingAsync(CancellationToken.None);

        Assert.Equal([1, 3], applied.Select(static m => m.Version));
        Assert.Equal(3, sut.LatestVersion);
        Assert.Equal(3, await ScalarAsync("PRAGMA user_version;"));
    }

    [Fact]
    public void Embedded_FirstMigration_IsTheRegistry()
    {
        var first = MigrationRunner.Embedded().OrderBy(static m => m.Version).First();

        Assert.Equal((1, "0001_registry"), (first.Version, first.Name));
        Assert.Contains("CREATE TABLE resolutions", first.Sql, StringComparison.Ordinal);
    }

    private async Task<string> ScalarAsyncText(string sql)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<string>(sql))!;
    }
}
