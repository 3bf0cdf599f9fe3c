using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// The explicit data layer (<see cref="SqlStatement"/>, <see cref="SqlRead"/>) on both stores, and the guard that keeps
/// the application off Dapper's IL emission, which a native AOT build does not have.
/// </summary>
public sealed class SqlLayerTests
{
    /// <summary>
    /// Files of src/ still on Dapper, to be converted. The list only shrinks: a file that leaves it may not come back,
    /// and no other file may start using Dapper. When it is empty, Dapper leaves the application's references.
    /// </summary>
    private static readonly string[] StillOnDapper = [];

    [Fact]
    public void No_file_of_the_application_uses_Dapper_beyond_the_shrinking_list()
    {
        var src = Path.Combine(Path.GetDirectoryName(RepoSeeds.Directory)!, "src", "ForecastWatch");
        var users = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(static f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(static f => File.ReadLines(f)
                .Any(static l => l.Trim() is "using Dapper;" || l.Contains("Dapper.", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(src, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Empty(users.Except(StillOnDapper));
        Assert.Empty(StillOnDapper.Except(users));
        var project = File.ReadAllText(Path.Combine(src, "ForecastWatch.csproj"));
        Assert.Equal(StillOnDapper.Length > 0, project.Contains("\"Dapper\"", StringComparison.Ordinal));
    }

    private enum Colour
    {
        Red = 1,
        Blue = 7,
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Binds_and_reads_every_kind_of_value_the_stores_use_on_both_providers(string kind)
    {
        await using var store = await TestStore.EmptyAsync(kind);
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        var pg = store.Kind == StoreKinds.Postgres;
        await connection.Sql(pg
                ? "CREATE TABLE t (id bigint PRIMARY KEY, n integer, b boolean, flag integer, s text, blob bytea, colour integer)"
                : "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, b INTEGER, flag INTEGER, s TEXT, blob BLOB, colour INTEGER)")
            .ExecuteAsync(CancellationToken.None);
        var inserted = await connection.Sql("INSERT INTO t VALUES (@Id, @N, @B, @Flag, @S, @Blob, @Colour)")
            .Bind("Id", 5_000_000_000L).Bind("N", 42).Bind("B", true).Bind("Flag", 1).Bind("S", "é")
            .Bind("Blob", new byte[] { 1, 2 }).Bind("Colour", Colour.Blue)
            .ExecuteAsync(CancellationToken.None);
        Assert.Equal(1, inserted);
        await connection.Sql("INSERT INTO t (id) VALUES (@Id)").Bind("Id", 1L).ExecuteAsync(CancellationToken.None);

        const string Select = "SELECT id AS Id, n AS N, b AS B, flag AS Flag, s AS S, blob AS Blob, colour AS Colour FROM t ORDER BY id";
        var rows = await connection.Sql(Select)
            .QueryAsync(static r => (Id: r.Int64("Id"), N: r.Int32OrNull("N"), Long: r.Int64OrNull("N"), B: r.BoolOrNull("B"),
                Flag: r.Bool("Flag"), S: r.TextOrNull("S"), Blob: r.BytesOrNull("Blob"), Colour: r.Int64OrNull("Colour")),
                CancellationToken.None);
        Assert.Equal([1L, 5_000_000_000L], rows.Select(static r => r.Id));
        Assert.Equal((1L, null, null, null, false, null, null, null), rows[0] with { Blob = null });
        Assert.Equal((42, 42L, (bool?)true, true, "é", 7L), (rows[1].N, rows[1].Long, rows[1].B, rows[1].Flag, rows[1].S, rows[1].Colour));
        Assert.Equal([1, 2], rows[1].Blob!);

        Assert.Equal(1L, await connection.Sql("SELECT count(*) FROM t WHERE (@S IS NULL AND s IS NULL) OR s = @S")
            .Bind("S", (string?)null).ScalarAsync<long>(CancellationToken.None));
        Assert.Equal(2L, await connection.Sql("SELECT count(*) FROM t").ScalarAsync<long>(CancellationToken.None));
        Assert.Equal(2, await connection.Sql("SELECT count(*) FROM t").ScalarAsync<int>(CancellationToken.None));
        Assert.True(await connection.Sql("SELECT b FROM t WHERE id = @Id").Bind("Id", 5_000_000_000L)
            .ScalarAsync<bool>(CancellationToken.None));
        Assert.Null(await connection.Sql("SELECT n FROM t WHERE id = 1").ScalarAsync<long?>(CancellationToken.None));
        Assert.Null(await connection.Sql("SELECT n FROM t WHERE id = -1").ScalarAsync<long?>(CancellationToken.None));
        Assert.Equal(
            [null, "é"],
            await connection.Sql("SELECT s FROM t ORDER BY id").QueryAsync(SqlRead.First<string?>, CancellationToken.None));

        Assert.Equal(1L, await connection.Sql("SELECT id FROM t WHERE id = 1")
            .SingleOrDefaultAsync(static r => r.GetInt64(0), CancellationToken.None));
        Assert.Null(await connection.Sql("SELECT s FROM t WHERE id = -1")
            .SingleOrDefaultAsync(static r => r.GetString(0), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => connection.Sql("SELECT id FROM t").SingleOrDefaultAsync(static r => r.GetInt64(0), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => connection.Sql("SELECT id FROM t WHERE id = -1").SingleAsync(static r => r.GetInt64(0), CancellationToken.None));
        Assert.Equal(1L, await connection.Sql("SELECT id FROM t ORDER BY id")
            .FirstOrDefaultAsync(static r => r.GetInt64(0), CancellationToken.None));

        // A statement given no transaction runs in the connection's open one, as with Dapper (SQLite enlists it itself).
        if (!pg)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.Sql("DELETE FROM t WHERE id = 1").ExecuteAsync(CancellationToken.None);
            Assert.Equal(1L, await connection.Sql("SELECT count(*) FROM t").ScalarAsync<long>(CancellationToken.None));
            await transaction.RollbackAsync();
        }

        var streamed = new List<long>();
        var stream = connection.Sql("SELECT id FROM t ORDER BY id").StreamAsync(static r => r.GetInt64(0), CancellationToken.None);
        await foreach (var id in stream)
        {
            streamed.Add(id);
        }

        Assert.Equal([1L, 5_000_000_000L], streamed);
    }
}
