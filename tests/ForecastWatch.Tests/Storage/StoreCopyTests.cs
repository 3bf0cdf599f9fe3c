using System.Text.Json;
using Dapper;
using ForecastWatch.Cli;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// <c>store copy --to postgres</c> through the CLI: a SQLite store with every kind of row, made by the commands a desk
/// runs and completed by SQL for the rows those commands reach only through mail servers and feeds, copied into an
/// empty PostgreSQL schema, compared row by row, and then asked the same questions on both stores.
/// </summary>
public sealed class StoreCopyTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    private string SqliteData => _seeds.DataDir;

    private string SqlitePath => Path.Combine(SqliteData, SqliteConnectionFactory.DatabaseFileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _seeds.Dispose();
    }

    [Fact]
    public async Task Tables_EveryTableOfTheSqliteSchema_IsCopiedAfterTheTablesItReferences()
    {
        await new MigrationRunner(new SqliteConnectionFactory(SqlitePath)).ApplyPendingAsync(CancellationToken.None);
        await using var connection = new SqliteConnection($"Data Source={SqlitePath}");
        await connection.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")).ToList();

        // A table added to the SQLite schema must be added to StoreCopy.Tables (and get its PostgreSQL twin).
        Assert.Equal(tables, StoreCopy.Tables.Order(StringComparer.Ordinal));
        foreach (var table in tables)
        {
            var parents = await connection.QueryAsync<string>($"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('{table}')");
            foreach (var parent in parents.Where(p => p != table))
            {
                Assert.True(
                    StoreCopy.Tables.ToList().IndexOf(parent) < StoreCopy.Tables.ToList().IndexOf(table),
                    $"{table} references {parent}, so {parent} must be copied first");
            }
        }
    }

    [PostgresFact]
    public async Task Copy_EveryKindOfRow_SameRowsAndSameAnswersOnBothStores()
    {
        await BuildSqliteAsync();
        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);
        var (copyConfig, postgresConfig) = await WriteConfigsAsync(store.ConnectionString!);

        var copy = await CliRunner.RunAsync("--config", copyConfig, "--data", SqliteData, "store", "copy", "--to", "postgres");
        Assert.True(copy.Code == ExitCodes.Ok, copy.Out + copy.Err);
        Assert.Contains("running sums agree with a recomputation", copy.Out, StringComparison.Ordinal);
        foreach (var table in StoreCopy.Tables)
        {
            Assert.Matches($"(?m)^{table} .* ok$", copy.Out);
        }

        Assert.DoesNotContain("MISMATCH", copy.Out, StringComparison.Ordinal);
        var password = new NpgsqlConnectionStringBuilder(store.ConnectionString!).Password!;
        Assert.DoesNotContain(password, copy.Out + copy.Err, StringComparison.Ordinal);

        // Row by row, every column the SQLite table has, in primary-key order.
        await using (var sqlite = new SqliteConnection($"Data Source={SqlitePath};Mode=ReadOnly"))
        await using (var postgres = await store.Database.OpenAsync(CancellationToken.None))
        {
            await sqlite.OpenAsync();
            var total = 0;
            foreach (var table in StoreCopy.Tables)
            {
                var columns = (await sqlite.QueryAsync<(string Name, long Pk)>(
                    $"SELECT name, pk FROM pragma_table_info('{table}') ORDER BY cid")).ToList();
                var keys = columns.Where(static c => c.Pk > 0).OrderBy(static c => c.Pk).Select(static c => c.Name).ToList();
                var sql = $"SELECT {string.Join(", ", columns.Select(static c => c.Name))} FROM {table} ORDER BY {string.Join(", ", keys)}";
                var expected = await RowsAsync(sqlite, sql);
                var actual = await RowsAsync(postgres, sql);
                Assert.True(expected.Count == actual.Count, $"{table}: {expected.Count} rows in SQLite, {actual.Count} in PostgreSQL");
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.True(
                        expected[i].SequenceEqual(actual[i], ValueComparer.Instance),
                        $"{table} row {i}: {Show(expected[i])} != {Show(actual[i])}");
                }

                total += expected.Count;
            }

            Assert.True(total > 250, $"only {total} rows: the fixture should hold every kind of row");
        }

        // The same answers from the worker's store queries on both stores (the installation id came along, so even the
        // Message-IDs agree).
        string[] onSqlite = ["--data", SqliteData];
        string[] onPostgres = ["--config", postgresConfig, "--data", Path.Combine(_seeds.Root, "pg-data")];
        string[][] questions =
        [
            ["list", "--now", "2027-08-01"],
            ["list", "--status", "all", "--now", "2027-08-01"],
            ["scorecard", "--now", "2027-08-01"],
            ["scorecard", "--by", "author", "--now", "2027-08-01"],
            ["scorecard", "--by", "tag", "--format", "json", "--now", "2027-08-01"],
            ["scorecard", "--by", "horizon", "--include-hindsight", "--now", "2027-08-01"],
            ["due", "--now", "2027-08-01", "--dry-run"],
            ["show", "copy-threshold", "--json", "--now", "2027-08-01"],
            ["outbox"],
            ["inbox", "list"],
            ["export", "--format", "csv"],
        ];
        string Paths(string output) => output
            .Replace(onPostgres[^1], "DATA", StringComparison.Ordinal)
            .Replace(SqliteData, "DATA", StringComparison.Ordinal);
        foreach (var question in questions)
        {
            var expected = await CliRunner.RunAsync([.. onSqlite, .. question]);
            var actual = await CliRunner.RunAsync([.. onPostgres, .. question]);
            Assert.True(expected.Code == actual.Code, $"{string.Join(' ', question)}: {expected.Err} / {actual.Err}");
            Assert.Equal(Paths(expected.Out), Paths(actual.Out));
        }

        // The stores go on alike: the next prompt run writes the same mail, with ids above every id copied (identity
        // columns restarted, also above ids SQLite handed out and then deleted).
        var next = new[] { "run", "--once", "--now", "2027-08-02" };
        var sqliteRun = await CliRunner.RunAsync([.. onSqlite, .. next]);
        var postgresRun = await CliRunner.RunAsync([.. onPostgres, .. next]);
        Assert.True(postgresRun.Code == ExitCodes.Ok, postgresRun.Err);
        Assert.Equal(Paths(sqliteRun.Out), Paths(postgresRun.Out));
        await using (var postgres = await store.Database.OpenAsync(CancellationToken.None))
        {
            var id = await postgres.ExecuteScalarAsync<long>(
                "INSERT INTO proposal_mails (recipient, message_id, subject, created_at) "
                + "VALUES ('x@example.test', '<new@x>', 's', 0) RETURNING id");
            Assert.Equal(DeletedProposalMailId + 1, id);
        }
    }

    [PostgresFact]
    public async Task Copy_TargetNotEmpty_RefusedAndTargetUnchanged()
    {
        await RunSqliteAsync("import", RepoSeeds.Directory);
        await using var store = await TestStore.CreateAsync(StoreKinds.Postgres);
        await using (var connection = await store.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO heartbeats (name, beat_at, beat_count) VALUES ('outbox', 1, 1)");
        }

        var (copyConfig, _) = await WriteConfigsAsync(store.ConnectionString!);
        var copy = await CliRunner.RunAsync("--config", copyConfig, "--data", SqliteData, "store", "copy", "--to", "postgres");

        Assert.Equal(ExitCodes.BadInput, copy.Code);
        Assert.Contains("is not empty: heartbeats (1 rows)", copy.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", copy.Err, StringComparison.Ordinal);
        await using var check = await store.Database.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM predictions"));
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM heartbeats"));
    }

    [PostgresFact]
    public async Task Copy_SqliteAtAnotherSchemaVersion_Refused()
    {
        var older = Path.Combine(_seeds.Root, "older.db");
        await new MigrationRunner(new SqliteConnectionFactory(older), [.. MigrationRunner.Embedded().Where(static m => m.Version <= 10)])
            .ApplyPendingAsync(CancellationToken.None);
        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);
        var (copyConfig, _) = await WriteConfigsAsync(store.ConnectionString!);

        var copy = await CliRunner.RunAsync("--config", copyConfig, "store", "copy", "--to", "postgres", "--from", older);

        Assert.Equal(ExitCodes.BadInput, copy.Code);
        Assert.Contains("the SQLite database is at schema version 10", copy.Err, StringComparison.Ordinal);
        Assert.Contains("forecastwatch migrate", copy.Err, StringComparison.Ordinal);
        await using var check = await store.Database.OpenAsync(CancellationToken.None);
        var migrated = await check.ExecuteScalarAsync<bool>("SELECT to_regclass('schema_migrations') IS NOT NULL");
        Assert.False(migrated, "the target was migrated");
    }

    [PostgresFact]
    public async Task Copy_SqliteWithATableTheCopyDoesNotKnow_Refused()
    {
        await RunSqliteAsync("import", RepoSeeds.Directory);
        await using (var connection = new SqliteConnection($"Data Source={SqlitePath}"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("CREATE TABLE local_notes (id INTEGER PRIMARY KEY, note TEXT)");
        }

        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);
        var (copyConfig, _) = await WriteConfigsAsync(store.ConnectionString!);
        var copy = await CliRunner.RunAsync("--config", copyConfig, "--data", SqliteData, "store", "copy", "--to", "postgres");

        Assert.Equal(ExitCodes.BadInput, copy.Code);
        Assert.Contains("tables this copy does not know: local_notes", copy.Err, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Copy_RunningSumsOff_NotVerifiedAndRolledBack()
    {
        await RunSqliteAsync("import", RepoSeeds.Directory);
        await using (var connection = new SqliteConnection($"Data Source={SqlitePath}"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("UPDATE score_sums SET n = n + 1 WHERE dimension = 'all'");
        }

        await using var store = await TestStore.EmptyAsync(StoreKinds.Postgres);
        var (copyConfig, _) = await WriteConfigsAsync(store.ConnectionString!);
        var copy = await CliRunner.RunAsync("--config", copyConfig, "--data", SqliteData, "store", "copy", "--to", "postgres");

        Assert.Equal(StoreCommand.Mismatch, copy.Code);
        Assert.Contains("NOT verified", copy.Err, StringComparison.Ordinal);
        Assert.Contains("differ from a recomputation", copy.Err, StringComparison.Ordinal);
        await using var check = await store.Database.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM predictions"));
    }

    [Fact]
    public async Task Copy_NoConnectionString_RefusedNamingTheKey()
    {
        await RunSqliteAsync("import", RepoSeeds.Directory);
        var copy = await CliRunner.RunAsync("--data", SqliteData, "store", "copy", "--to", "postgres");

        Assert.Equal(ExitCodes.BadInput, copy.Code);
        Assert.Contains("ForecastWatch:Postgres:ConnectionString is not set", copy.Err, StringComparison.Ordinal);
    }

    private const long DeletedProposalMailId = 3;

    /// <summary>
    /// The desk's commands first (import, prompts, reminders, a resolution, replies read from the inbox), then SQL for
    /// every row kind those commands reach only through a mail server, a feed or a bounce.
    /// </summary>
    private async Task BuildSqliteAsync()
    {
        await RunSqliteAsync("import", RepoSeeds.Directory);
        await RunSqliteAsync("run", "--once", "--now", "2027-06-01");
        await RunSqliteAsync("resolve", "ainews-regulation", "no", "--by", "editor@example.test", "--now", "2027-06-02");
        await RunSqliteAsync("run", "--once", "--now", "2027-06-04");
        var inbox = Path.Combine(SqliteData, "inbox");
        await ForecastWatch.Inbound.MaildirSource.DeliverAsync(inbox, System.Text.Encoding.UTF8.GetBytes(
            "From: editor@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-ainews-merged-product] Due\r\n"
            + "Message-ID: <reply-1@example.org>\r\n\r\nYES\r\n"), CancellationToken.None);
        await ForecastWatch.Inbound.MaildirSource.DeliverAsync(inbox, System.Text.Encoding.UTF8.GetBytes(
            "From: stranger@elsewhere.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-ainews-regulation] Due\r\n"
            + "Message-ID: <reply-2@elsewhere.test>\r\n\r\nYES\r\n"), CancellationToken.None);
        await ForecastWatch.Inbound.MaildirSource.DeliverAsync(inbox, System.Text.Encoding.UTF8.GetBytes(
            "From: news@list.test\r\nTo: desk@example.test\r\nSubject: Newsletter\r\nMessage-ID: <n-1@list.test>\r\n\r\nHello\r\n"),
            CancellationToken.None);
        await RunSqliteAsync("inbox", "process", "--once", "--now", "2027-06-04T12:00:00Z");

        await using var c = new SqliteConnection($"Data Source={SqlitePath};Foreign Keys=True");
        await c.OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO articles (id, title, outlet, authors_json, url, language, published, date_note, notes, source_file,
                                  boilerplate_json, body, body_sha256, imported_at, updated_at)
            VALUES ('copy-art', 'Tabs' || char(9) || 'and' || char(10) || 'newlines \ and "quotes"', 'Outlet Ü 🚀',
                '["Ann","  Bob  ",null]', 'https://x.example/a?b=c', 'de', '2026-Q2',
                    'note', NULL, 'a.txt', '[3,4]', 'Body with 🚀 and \\ and ''', 'sha', 1, 2),
                   ('copy-art2', 'T2', 'Beta', 'not json', NULL, 'en', NULL, NULL, NULL, NULL, '[]', 'b', 'sha2', 3, 4);
            INSERT INTO predictions (id, article_id, claim, quote, quote_start, horizon, earliest, resolve_by, resolve_by_precision,
                                     resolve_by_override, undated, ends_before_publication, kind, metric, comparator, threshold,
                                     low, high, unit, condition, probability, hedge, probability_source, tags_json, criteria,
                                     editors_json, status, origin, created_at, updated_at, condition_json)
            VALUES ('copy-threshold', 'copy-art', 'Inflation above 3%', 'q', 5, 'by 2027', '2027-01-01', '2027-06-30', 'day', 0, 0, 0,
                    'threshold', 'inflation', '>=', 3.0, NULL, NULL, '%', NULL, 0.7, 'likely', 'hedge', '["economy","prices"]', 'c',
                    '["ed@example.test"]', 'accepted', 'extracted', 10, 11, NULL),
                   ('copy-range', 'copy-art', 'Price between 3 and 4', 'q', 6, NULL, NULL, '2027-05-31', 'month', 1, 0, 0,
                    'range', 'price', NULL, NULL, 3.0, 4.0, '$', NULL, NULL, NULL, NULL, '[]', 'c', '[]', 'accepted', 'curated', 10, 11,
                        NULL),
                   ('copy-conditional-no', 'copy-art', 'Y if X', 'q', 7, NULL, NULL, '2027-04-30', 'day', 0, 0, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, 'if X happens', 0.1, NULL, 'stated', '["ai"]', 'c', '[]',
                    'accepted', 'extracted', 10, 11, '{"kind":"event"}'),
                   ('copy-conditional-yes', 'copy-art', 'Y if X', 'q', 8, NULL, NULL, '2027-04-30', 'day', 0, 0, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, 'if X happens', 0.123456789012345678, NULL, 'stated', '[]', 'c', '[]',
                    'accepted', 'extracted', 10, 11, NULL),
                   ('copy-hindsight', 'copy-art2', 'Already over', 'q', 0, NULL, NULL, '2020-01-31', 'day', 0, 0, 1,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e-300, NULL, 'stated', '["ai"]', 'c', '[]',
                    'accepted', 'curated', 10, 11, NULL),
                   ('copy-void', 'copy-art2', 'Moot', 'q', 0, NULL, NULL, '2027-03-31', 'day', 0, 0, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '[]', 'c', '[]', 'accepted', 'curated', 10, 11,
                        NULL),
                   ('copy-partial', 'copy-art2', 'Partly', 'q', 0, NULL, NULL, '2027-03-31', 'day', 0, 0, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0.5, NULL, NULL, '[]', 'c', '[]', 'accepted', 'curated', 10, 11,
                        NULL),
                   ('copy-extended', 'copy-art2', 'Later', 'q', 0, NULL, NULL, '2027-03-31', 'day', 0, 0, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '[]', 'c', '[]', 'accepted', 'curated', 10, 11,
                        NULL),
                   ('copy-undated', 'copy-art2', 'Someday', 'q', 0, 'one day', NULL, NULL, NULL, 0, 1, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '[]', 'c', '[]', 'accepted', 'curated', 10, 11,
                        NULL),
                   ('copy-proposed', 'copy-art', 'Proposed', 'q', 0, NULL, NULL, '2028-01-31', 'day', 0, 0, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '[]', 'c', '[]', 'proposed', 'extracted', 10, 11,
                        NULL),
                   ('copy-rejected', 'copy-art', 'Rejected', 'q', 0, NULL, NULL, '2028-01-31', 'day', 0, 0, 0,
                    'event', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '[]', 'c', '[]', 'rejected', 'extracted', 10, 11,
                        NULL);
            INSERT INTO prediction_history (prediction_id, changed_at, change, changed_fields, before_json, after_json)
            VALUES ('copy-threshold', 12, 'updated', '["probability"]', '{"p":0.6}', '{"p":0.7}');
            INSERT INTO resolutions (prediction_id, verdict, fraction, value, value_unit, extend_to, note, evidence_json, resolved_by,
                                     resolved_at, source, source_message_id, supersedes_id, target)
            VALUES ('copy-threshold', 'yes', NULL, 3.4, '%', NULL, 'CPI', '["https://e.example"]', 'ed@example.test', 1800000000000,
                'email', '<r1@x>', NULL, 'claim'),
                   ('copy-range', 'no', NULL, 4.75, '$', NULL, NULL, '[]', 'ed@example.test', 1800000000001, 'cli', NULL, NULL, 'claim'),
                   ('copy-conditional-no', 'no', NULL, NULL, NULL, NULL, 'X did not happen', '[]', 'ed@example.test', 1800000000002,
                       'cli', NULL, NULL, 'condition'),
                   ('copy-conditional-yes', 'yes', NULL, NULL, NULL, NULL, NULL, '[]', 'ed@example.test', 1800000000003, 'cli', NULL,
                       NULL, 'condition'),
                   ('copy-conditional-yes', 'no', NULL, NULL, NULL, NULL, NULL, '[]', 'ed@example.test', 1800000000004, 'cli', NULL, NULL,
                       'claim'),
                   ('copy-hindsight', 'yes', NULL, NULL, NULL, NULL, NULL, '[]', 'ed@example.test', 1800000000005, 'cli', NULL, NULL,
                       'claim'),
                   ('copy-void', 'void', NULL, NULL, NULL, NULL, 'moot', '[]', 'ed@example.test', 1800000000006, 'cli', NULL, NULL,
                       'claim'),
                   ('copy-partial', 'partial', 0.3, NULL, NULL, NULL, NULL, '[]', 'ed@example.test', 1800000000007, 'cli', NULL, NULL,
                       'claim'),
                   ('copy-extended', 'extend', NULL, NULL, NULL, '2027-09-30', NULL, '[]', 'ed@example.test', 1800000000008, 'cli', NULL,
                       NULL, 'claim');
            INSERT INTO resolutions (prediction_id, verdict, note, evidence_json, resolved_by, resolved_at, source, supersedes_id, target)
            SELECT 'copy-partial', 'yes', 'override', '[]', 'chief@example.test', 1800000000009, 'cli', max(id), 'claim'
            FROM resolutions WHERE prediction_id = 'copy-partial';
            INSERT INTO outbox (message_id, category, prediction_id, envelope_from, recipients, subject, raw, status, attempts, created_at,
                                next_attempt_at, last_attempt_at, sent_at, last_error, reply_code, enhanced_status, withdrawn_at)
            VALUES ('<copy-queued@x>', 'prompt', 'copy-threshold', 'b@x', 'ed@example.test', 'Due', X'000102FF0D0A', 'queued', 0, 1, 2,
                NULL, NULL, NULL, NULL, NULL, NULL),
                   ('<copy-failed@x>', 'prompt', 'copy-range', 'b@x', 'ed@example.test', 'Due', X'41', 'failed', 5, 1, 2, 3, NULL,
                       '550 no such user', 550, '5.1.1', NULL),
                   ('<copy-bounced@x>', 'digest', NULL, 'b@x', 'gone@example.test', 'Digest', X'42', 'bounced', 1, 1, 2, 3, 3,
                       'bounced: 5.1.1', NULL, '5.1.1', NULL),
                   ('<copy-withdrawn@x>', 'reminder', 'copy-void', 'b@x', 'ed@example.test', 'Reminder', X'43', 'withdrawn', 0, 1, 2,
                       NULL, NULL, 'resolved', NULL, NULL, 4);
            INSERT INTO prompts (prediction_id, cycle_resolve_by, recipient, role, created_at)
            VALUES ('copy-threshold', '2027-06-30', 'chief@example.test', 'chief', 13);
            INSERT INTO prompt_steps (prompt_id, step, kind, outbox_id, created_at)
            SELECT p.id, s.step, s.kind, o.id, 14
            FROM prompts p, outbox o,
                 (SELECT 1 AS step, 'initial' AS kind, '<copy-queued@x>' AS mid UNION ALL SELECT 2, 'reminder', '<copy-failed@x>'
                  UNION ALL SELECT 3, 'escalation', '<copy-withdrawn@x>') s
            WHERE p.recipient = 'chief@example.test' AND o.message_id = s.mid;
            INSERT INTO digests (period_key, period_at, period_start, status, outbox_id, created_at)
            SELECT '2027-W22', 10, 5, 'queued', id, 11 FROM outbox WHERE message_id = '<copy-bounced@x>';
            INSERT INTO digests (period_key, period_at, period_start, status, outbox_id, created_at) VALUES ('2027-W23', 20, 10,
                'skipped', NULL, 21);
            INSERT INTO inbound_messages (sha256, message_id, source, source_ref, size, received_at, sender, subject, status, reason,
                detail,
                                          prediction_id, resolution_id, processed_at)
            VALUES ('copy-held', '<h@x>', 'imap', 'INBOX:7', 100, 1, 'ed@example.test', 'Re: x', 'held', 'ArcNotTrusted', 'sealer x',
                'copy-threshold', NULL, 2),
                   ('copy-released', '<rl@x>', 'imap', 'INBOX:8', 100, 1, 'ed@example.test', 'Re: x', 'applied', NULL, NULL,
                       'copy-threshold', 1, 2),
                   ('copy-bounce', '<b@x>', 'maildir', NULL, 100, 1, 'mailer-daemon@x', 'Undelivered', 'bounce', NULL, NULL, NULL, NULL, 2),
                   ('copy-duplicate', '<d@x>', 'maildir', NULL, 100, 1, NULL, NULL, 'duplicate', NULL, NULL, NULL, NULL, NULL),
                   ('copy-received', NULL, 'maildir', NULL, 100, 1, NULL, NULL, 'received', NULL, NULL, NULL, NULL, NULL),
                   ('copy-ignored', '<i@x>', 'maildir', NULL, 100, 1, 'auto@x', 'Out of office', 'ignored', 'AutoReply', NULL, NULL, NULL,
                       2);
            INSERT INTO inbound_reviews (inbound_id, action, reviewer, note, held_reason, held_detail, reviewed_at)
            SELECT id, 'released', 'chief@example.test', 'ok', 'ArcNotTrusted', 'sealer x',
                3 FROM inbound_messages WHERE sha256 = 'copy-released';
            INSERT INTO inbound_answers (inbound_id, recipient, kind, reason, outbox_message_id, suppressed, created_at)
            SELECT id, 'ed@example.test', 'rejection', 'NotAuthorized', NULL, 'rate', 4 FROM inbound_messages WHERE sha256 = 'copy-held';
            INSERT INTO inbound_imap_state (folder, uid_validity, updated_at) VALUES ('INBOX', 4294967295, 5);
            INSERT INTO heartbeats (name, beat_at, beat_count) VALUES ('outbox', 1800000000000, 42), ('inbox', 1800000000001, 7);
            INSERT INTO ingested_articles (article_id, canonical_url, revision, body_sha256, source, fetched_url, text_path, published_at,
                                           paywalled, fetched_at)
            VALUES ('copy-art', 'https://x.example/a', 1, 'sha', 'feed', 'https://x.example/a?utm=1', 'ingest/a.txt', '2026-05-01', 0, 6);
            INSERT INTO ingest_items (item_url, source, canonical_url, item_updated, first_seen, last_seen)
            VALUES ('https://x.example/a?utm=1', 'feed', 'https://x.example/a', '2026-05-01T00:00:00Z', 6, 7),
                   ('https://x.example/b', 'feed', NULL, NULL, 6, 7);
            INSERT INTO ingest_sources (name, url, etag, last_modified, last_fetch_at, last_status, last_error, last_success_at, errors)
            VALUES ('feed', 'https://x.example/feed', '"e1"', 'Mon, 01 Jun 2026 00:00:00 GMT', 8, '304', NULL, 8, 0),
                   ('broken', 'https://y.example/feed', NULL, NULL, 8, 'error', 'timeout', NULL, 3);
            INSERT INTO proposal_mails (recipient, message_id, subject, created_at) VALUES ('ed@example.test', '<p1@x>', 'Proposals', 9);
            INSERT INTO proposal_mail_items (mail_id, number, prediction_id)
            SELECT id, 1, 'copy-proposed' FROM proposal_mails WHERE message_id = '<p1@x>';
            INSERT INTO proposal_mail_items (mail_id, number, prediction_id)
            SELECT id, 2, 'copy-rejected' FROM proposal_mails WHERE message_id = '<p1@x>';
            INSERT INTO proposal_mails (recipient, message_id, subject, created_at) VALUES ('ed@example.test', '<p2@x>', 'Proposals', 9);
            INSERT INTO proposal_mails (recipient, message_id, subject, created_at) VALUES ('ed@example.test', '<p3@x>', 'Gone', 9);
            DELETE FROM proposal_mails WHERE message_id = '<p3@x>';
            """);
        var counter = await c.ExecuteScalarAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = 'proposal_mails'");
        Assert.Equal(DeletedProposalMailId, counter);

        // Every status the schema allows is present, so a kind of row the copy mishandles cannot hide.
        foreach (var (table, column, values) in new[]
        {
            ("outbox", "status", new[] { "queued", "sent", "failed", "bounced", "withdrawn" }),
            ("inbound_messages", "status", ["received", "applied", "rejected", "ignored", "held", "bounce", "duplicate"]),
            ("predictions", "status", ["accepted", "proposed", "rejected"]),
            ("resolutions", "verdict", ["yes", "no", "partial", "void", "extend"]),
            ("prompts", "role", ["editor", "chief"]),
            ("prompt_steps", "kind", ["initial", "reminder", "escalation"]),
            ("score_sums", "state", ["scored", "void", "open", "annulled"]),
        })
        {
            var present = (await c.QueryAsync<string>($"SELECT DISTINCT {column} FROM {table}")).ToHashSet(StringComparer.Ordinal);
            Assert.True(
                values.All(present.Contains),
                $"{table}.{column}: has {string.Join(", ", present)}, needs {string.Join(", ", values)}");
        }

        Assert.True(await c.ExecuteScalarAsync<long>("SELECT count(*) FROM score_sums WHERE numeric = 2") > 0, "no score error rows");
    }

    private async Task RunSqliteAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(["--data", SqliteData, .. args]);
        Assert.True(result.Code == ExitCodes.Ok, string.Join(' ', args) + ": " + result.Out + result.Err);
    }

    /// <summary>A config naming the PostgreSQL database (password in a pgpass file), and one that also makes it the store.</summary>
    private async Task<(string Copy, string Store)> WriteConfigsAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var passfile = Path.Combine(_seeds.Root, "pgpass");
        await File.WriteAllTextAsync(passfile, $"{builder.Host}:{builder.Port}:{builder.Database}:{builder.Username}:{builder.Password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        builder.Password = null;
        builder.Passfile = passfile;
        var copy = Path.Combine(_seeds.Root, "copy.json");
        await File.WriteAllTextAsync(copy, JsonSerializer.Serialize(
            new { ForecastWatch = new { Postgres = new { ConnectionString = builder.ToString() } } }));
        var store = Path.Combine(_seeds.Root, "postgres.json");
        await File.WriteAllTextAsync(store, JsonSerializer.Serialize(
            new { ForecastWatch = new { Store = "postgres", Postgres = new { ConnectionString = builder.ToString() } } }));
        return (copy, store);
    }

    private static async Task<List<object?[]>> RowsAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string Show(object?[] row) => string.Join(" | ", row.Select(static v => v switch
    {
        null => "NULL",
        byte[] b => Convert.ToHexString(b),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString(),
    }));

    /// <summary>Exact equality: same CLR type and value, doubles bit for bit, blobs byte for byte.</summary>
    private sealed class ValueComparer : IEqualityComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        public new bool Equals(object? x, object? y) => (x, y) switch
        {
            (null, null) => true,
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (long a, long b) => a == b,
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            _ => false,
        };

        public int GetHashCode(object? obj) => 0;
    }
}
