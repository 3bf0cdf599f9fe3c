using Dapper;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// Migration 0015: a withdrawn outbox row (0006: status 'queued' plus a row in outbox_withdrawals) becomes status
/// 'withdrawn' with its reason and time; every other row, and the rows that point at the outbox, are kept.
/// </summary>
public sealed class OutboxWithdrawnMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fw-withdrawn-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Migrate_WithdrawalRows_BecomeTheStatusAndReferencesSurvive()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_directory, "old.db"));
        var migrations = MigrationRunner.Embedded();
        await new MigrationRunner(connections, [.. migrations.Where(static m => m.Version < 15)]).ApplyPendingAsync(CancellationToken.None);
        await using (var c = await connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("""
                INSERT INTO outbox (id, message_id, category, prediction_id, envelope_from, recipients, subject, raw, status,
                                    created_at, next_attempt_at, last_error)
                VALUES (1, 'queued@x', 'prompt', 'p1', 'fw@x', 'e@x', 's', x'01', 'queued', 10, 10, NULL),
                       (2, 'withdrawn@x', 'reminder', 'p1', 'fw@x', 'e@x', 's', x'02', 'queued', 10, 10, 'timeout'),
                       (3, 'bounced@x', 'reminder', 'p1', 'fw@x', 'e@x', 's', x'03', 'bounced', 10, 10, '550 unknown user'),
                       (4, 'sent@x', 'prompt', 'p1', 'fw@x', 'e@x', 's', x'04', 'sent', 10, 10, NULL);
                INSERT INTO outbox_withdrawals (outbox_id, reason, withdrawn_at)
                VALUES (2, 'prediction resolved YES', 20), (3, 'prediction extended', 30);
                INSERT INTO prompts (id, prediction_id, cycle_resolve_by, recipient, role, created_at)
                VALUES (7, 'p1', '2027-01-31', 'e@x', 'editor', 10);
                INSERT INTO prompt_steps (prompt_id, step, kind, outbox_id, created_at)
                VALUES (7, 0, 'initial', 4, 10), (7, 1, 'reminder', 2, 10);
                """);
        }

        await new MigrationRunner(connections, migrations).ApplyPendingAsync(CancellationToken.None);

        await using var db = await connections.OpenAsync(CancellationToken.None);
        var entries = (await OutboxStore.ListAsync(db, null, CancellationToken.None)).ToDictionary(static e => e.Id);
        Assert.Equal(OutboxStatus.Queued, entries[1].Status);
        Assert.Null(entries[1].LastError);
        Assert.Equal(OutboxStatus.Withdrawn, entries[2].Status);
        Assert.Equal("withdrawn: prediction resolved YES", entries[2].LastError);
        Assert.Equal(OutboxStatus.Bounced, entries[3].Status);
        Assert.Equal("550 unknown user", entries[3].LastError);
        Assert.Equal(OutboxStatus.Sent, entries[4].Status);
        Assert.Equal(20, await db.ExecuteScalarAsync<long>("SELECT withdrawn_at FROM outbox WHERE id = 2"));
        var pending = await OutboxStore.GetPendingAsync(db, DateTimeOffset.FromUnixTimeMilliseconds(100), 10, CancellationToken.None);
        Assert.Equal([1L], pending.Select(static e => e.Id));

        // The table is gone, the prompt thread still points at the rebuilt outbox, foreign keys are on and hold.
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_withdrawals'"));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Empty(await db.QueryAsync("PRAGMA foreign_key_check"));
        await Assert.ThrowsAsync<SqliteException>(() => db.ExecuteAsync(
            "INSERT INTO prompt_steps (prompt_id, step, kind, outbox_id, created_at) VALUES (7, 2, 'escalation', 99, 10)"));
        Assert.Equal(2, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM prompt_steps s JOIN outbox o ON o.id = s.outbox_id"));
    }

    [Fact]
    public async Task Migrate_DanglingReferenceLeftByAnEarlierBug_RolledBackNamingTheMigration()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_directory, "dangling.db"));
        var migrations = MigrationRunner.Embedded();
        await new MigrationRunner(connections, [.. migrations.Where(static m => m.Version < 15)]).ApplyPendingAsync(CancellationToken.None);
        await using (var c = await connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync("PRAGMA foreign_keys = OFF");
            await c.ExecuteAsync("INSERT INTO outbox_withdrawals (outbox_id, reason, withdrawn_at) VALUES (42, 'gone', 1)");
            await c.ExecuteAsync("""
                INSERT INTO prompts (id, prediction_id, cycle_resolve_by, recipient, role, created_at)
                VALUES (1, 'p', '2027-01-31', 'e@x', 'editor', 1);
                INSERT INTO prompt_steps (prompt_id, step, kind, outbox_id, created_at) VALUES (1, 0, 'initial', 42, 1);
                """);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new MigrationRunner(connections, migrations).ApplyPendingAsync(CancellationToken.None));

        Assert.Contains("0015_outbox_withdrawn_status", error.Message, StringComparison.Ordinal);
        Assert.Equal(14, (await new MigrationRunner(connections, migrations).GetStatusAsync(CancellationToken.None)).Current);
        await using var db = await connections.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'outbox_withdrawals'"));
    }
}
