using Dapper;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Storage;

/// <summary>Migration 0011: every database gets its own random installation id, which our Message-IDs carry.</summary>
public sealed class InstallationMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fw-installation-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<SqliteConnectionFactory> FreshAsync(string name)
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_directory, name));
        await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None);
        return connections;
    }

    private static async Task<Installation> GetAsync(SqliteConnectionFactory connections)
    {
        await using var c = await connections.OpenAsync(CancellationToken.None);
        return await InstallationStore.GetAsync(c, null, CancellationToken.None);
    }

    [Fact]
    public async Task Migrate_TwoFreshDatabases_DifferentInstallationIdsWithoutLegacyIds()
    {
        var first = await GetAsync(await FreshAsync("a.db"));
        var second = await GetAsync(await FreshAsync("b.db"));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Matches("^i[0-9a-f]{16}$", first.Id);
        Assert.True(OwnMessageId.IsInstallationId(first.Id));
        Assert.False(first.HasLegacyIds);
        Assert.Empty(first.PreviousIds);
        Assert.NotEqual(PromptMessageId.Create(1, 0, first.Id, "example.test"), PromptMessageId.Create(1, 0, second.Id, "example.test"));
    }

    [Fact]
    public async Task Migrate_DatabaseThatSentMailBefore0011_AcceptsItsOldIds()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_directory, "old.db"));
        var migrations = MigrationRunner.Embedded();
        await new MigrationRunner(connections, [.. migrations.Where(static m => m.Version < 11)]).ApplyPendingAsync(CancellationToken.None);
        await using (var c = await connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("""
                INSERT INTO outbox (message_id, category, envelope_from, recipients, subject, raw, created_at, next_attempt_at)
                VALUES ('fw.prompt.1.0@example.test', 'prompt', 'fw@example.test', '["e@example.test"]', 's', x'00', 0, 0)
                """);
        }

        await new MigrationRunner(connections, migrations).ApplyPendingAsync(CancellationToken.None);

        Assert.True((await GetAsync(connections)).HasLegacyIds);
    }

    [Fact]
    public async Task Rekey_KeepsThePreviousIdAsKnown()
    {
        var connections = await FreshAsync("r.db");
        var before = await GetAsync(connections);

        await using (var c = await connections.OpenAsync(CancellationToken.None))
        {
            await InstallationStore.RekeyAsync(c, CancellationToken.None);
        }

        var after = await GetAsync(connections);
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal([after.Id, before.Id], after.KnownIds);
    }

    [Fact]
    public async Task Delete_InstallationRow_Refused()
    {
        var connections = await FreshAsync("d.db");
        await using var c = await connections.OpenAsync(CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("DELETE FROM installation"));
    }
}
