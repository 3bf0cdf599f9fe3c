using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace ForecastWatch.Storage;

/// <summary>The copy was refused or failed before its commit; the target was not changed.</summary>
internal sealed class StoreCopyException(string message) : Exception(message);

/// <summary>One table's rows and checksum on each side after a copy.</summary>
internal sealed record TableComparison(string Table, long SourceRows, long TargetRows, string SourceChecksum, string TargetChecksum)
{
    public bool Matches => SourceRows == TargetRows && string.Equals(SourceChecksum, TargetChecksum, StringComparison.Ordinal);
}

/// <summary>What a copy did: every table compared, and whether the target's running sums agree with a recomputation.</summary>
internal sealed record StoreCopyResult(IReadOnlyList<TableComparison> Tables, long SumGroupsOff, bool Committed)
{
    public bool Verified => Tables.All(static t => t.Matches) && SumGroupsOff == 0;
}

/// <summary>Where a copy is: a phase starts with its total, then rows are counted as they go.</summary>
internal interface IStoreCopyProgress
{
    void Start(string phase, long totalRows);

    void Advance(string table, long rows);

    void Complete();
}

/// <summary>
/// Copies a SQLite store into an empty PostgreSQL store (<c>store copy --to postgres</c>): every table of the SQLite
/// schema in foreign-key order, streamed through PostgreSQL's binary COPY, in one transaction that commits only after
/// each table's row count and checksum match on both sides and the running sums agree with a recomputation. Anything
/// else rolls back, so a refused or failed copy leaves the target as it was.
/// </summary>
/// <remarks>
/// The checksum is SHA-256 over a canonical text form of each row (columns in the SQLite table's order, rows in primary
/// key order), computed by the same code from what each side returns. The derived tables the SQLite triggers keep
/// (<c>prediction_outcomes</c>, <c>score_sums</c>, <c>score_totals</c>) are copied as they are, with the target's user triggers off during
/// the copy (they would add every prediction to the sums a second time); the sums are then checked against
/// <c>score_contributions</c> recomputed in PostgreSQL, and the totals against the sums grouped. Identity columns
/// restart above the highest id copied (and above SQLite's AUTOINCREMENT counter, so no id is ever handed out twice).
/// </remarks>
internal sealed class StoreCopy(string sqlitePath, PostgresDatabase target)
{
    /// <summary>Every table of the SQLite schema, parents before the tables whose foreign keys name them.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "installation",
        "articles",
        "predictions",
        "prediction_history",
        "resolutions",
        "prediction_outcomes",
        "score_sums",
        "score_totals",
        "heartbeats",
        "outbox",
        "prompts",
        "prompt_steps",
        "digests",
        "inbound_messages",
        "inbound_raw",
        "inbound_answers",
        "inbound_reviews",
        "inbound_imap_state",
        "ingested_articles",
        "ingest_items",
        "ingest_sources",
        "proposal_mails",
        "proposal_mail_items",
    ];

    // The fresh target's installation row (its migration makes one) is replaced by the source's: the installation id
    // is in every Message-ID the source wrote, and replies to those must still be recognized.
    private const string ReplacedTable = "installation";

    // Running sums whose recomputation differs beyond rounding (incremental sums of doubles drift in the last bits).
    private const string SumsCheckSql = """
        WITH fresh AS (
            SELECT dimension, key, state, probability, source, numeric, hindsight, due, ape,
                   count(*) AS n, COALESCE(sum(outcome), 0) AS sum_outcome, COALESCE(sum(outcome * outcome), 0) AS sum_outcome_sq,
                   count(delay) AS n_delay, COALESCE(sum(delay), 0) AS sum_delay,
                   count(CASE WHEN err > 0 THEN 1 END) AS n_high, count(CASE WHEN err < 0 THEN 1 END) AS n_low,
                   COALESCE(sum(pe), 0) AS sum_pe
            FROM score_contributions
            GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape)
        , grouped AS (
            SELECT dimension, key, state, source, numeric, hindsight, due, sum(n) AS n, sum(n_delay) AS n_delay,
                   sum(sum_delay) AS sum_delay, sum(n_high) AS n_high, sum(n_low) AS n_low, sum(sum_outcome) AS sum_outcome,
                   sum(sum_pe) AS sum_pe, sum(CASE WHEN probability >= 0 THEN probability * sum_outcome ELSE 0 END) AS sum_p_outcome
            FROM score_sums
            WHERE numeric < 2
            GROUP BY dimension, key, state, source, numeric, hindsight, due)
        SELECT (SELECT count(*)
                FROM fresh f
                FULL JOIN score_sums s USING (dimension, key, state, probability, source, numeric, hindsight, due, ape)
                WHERE s.n IS DISTINCT FROM f.n OR s.n_delay IS DISTINCT FROM f.n_delay OR s.sum_delay IS DISTINCT FROM f.sum_delay
                   OR s.n_high IS DISTINCT FROM f.n_high OR s.n_low IS DISTINCT FROM f.n_low
                   OR abs(s.sum_outcome - f.sum_outcome) > 1e-6 * greatest(1, abs(f.sum_outcome))
                   OR abs(s.sum_outcome_sq - f.sum_outcome_sq) > 1e-6 * greatest(1, abs(f.sum_outcome_sq))
                   OR abs(s.sum_pe - f.sum_pe) > 1e-6 * greatest(1, abs(f.sum_pe)))
             + (SELECT count(*)
                FROM grouped g
                FULL JOIN score_totals t USING (dimension, key, state, source, numeric, hindsight, due)
                WHERE t.n IS DISTINCT FROM g.n OR t.n_delay IS DISTINCT FROM g.n_delay OR t.sum_delay IS DISTINCT FROM g.sum_delay
                   OR t.n_high IS DISTINCT FROM g.n_high OR t.n_low IS DISTINCT FROM g.n_low
                   OR abs(t.sum_outcome - g.sum_outcome) > 1e-6 * greatest(1, abs(g.sum_outcome))
                   OR abs(t.sum_pe - g.sum_pe) > 1e-6 * greatest(1, abs(g.sum_pe))
                   OR abs(t.sum_p_outcome - g.sum_p_outcome) > 1e-6 * greatest(1, abs(g.sum_p_outcome)))
        """;

    private sealed record Column(string Name, string TargetType, bool PrimaryKey, int KeyOrder);

    private sealed record Table(string Name, IReadOnlyList<Column> Columns, IReadOnlyList<string> Identity, long Rows);

    /// <summary>
    /// Checks both sides, migrates an empty target to the code's schema, copies, verifies and commits only a verified
    /// copy. Throws <see cref="StoreCopyException"/> when refused; returns the comparison either way.
    /// </summary>
    public async Task<StoreCopyResult> CopyAsync(IStoreCopyProgress? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(sqlitePath))
        {
            throw new StoreCopyException($"no SQLite database at {sqlitePath} (check --from, or --data / ForecastWatch:DataDirectory).");
        }

        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = sqlitePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await source.Sql("PRAGMA busy_timeout = 5000;").ExecuteAsync(cancellationToken)
            .ConfigureAwait(false);

        // One read transaction: the copy and its checksums see one snapshot while a worker may still write.
        await using var snapshot = source.BeginTransaction(deferred: true);
        await CheckSourceVersionAsync(source, snapshot, cancellationToken).ConfigureAwait(false);
        var sourceTables = await SourceTablesAsync(source, snapshot, cancellationToken).ConfigureAwait(false);

        // Refuse a non-empty target before migrating it: a refusal changes nothing.
        await CheckTargetEmptyAsync(cancellationToken).ConfigureAwait(false);
        var runner = new MigrationRunner(target);
        await runner.ApplyPendingAsync(cancellationToken).ConfigureAwait(false);

        // No command timeout: a COPY of a million rows, its foreign-key checks at the end, and the checksums take minutes.
        var settings = target.Settings;
        settings.CommandTimeout = 0;
        await using var connection = new NpgsqlConnection(settings.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var tables = await DescribeAsync(source, snapshot, connection, transaction, sourceTables, cancellationToken).ConfigureAwait(false);

        // Triggers off for the copy (an ALTER TABLE that also locks each table against other writers until commit),
        // and a second look for rows that arrived since the first.
        foreach (var table in tables)
        {
            await connection.Sql($"ALTER TABLE {table.Name} DISABLE TRIGGER USER", transaction).ExecuteAsync(cancellationToken)
                .ConfigureAwait(false);
        }

        await CheckEmptyAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await connection.Sql($"DELETE FROM {ReplacedTable}", transaction).ExecuteAsync(cancellationToken).ConfigureAwait(false);

        var sourceSums = new Dictionary<string, (long Rows, string Checksum)>(StringComparer.Ordinal);
        progress?.Start("copy", tables.Sum(static t => t.Rows));
        foreach (var table in tables)
        {
            sourceSums[table.Name] = await CopyTableAsync(source, snapshot, connection, table, progress, cancellationToken)
                .ConfigureAwait(false);
        }

        progress?.Complete();

        foreach (var table in tables)
        {
            await connection.Sql($"ALTER TABLE {table.Name} ENABLE TRIGGER USER", transaction).ExecuteAsync(cancellationToken)
                .ConfigureAwait(false);
            await ResetIdentityAsync(source, snapshot, connection, transaction, table, cancellationToken).ConfigureAwait(false);
        }

        progress?.Start("verify", tables.Sum(static t => t.Rows));
        var comparisons = new List<TableComparison>();
        foreach (var table in tables)
        {
            var (rows, checksum) = await TargetChecksumAsync(connection, transaction, table, progress, cancellationToken)
                .ConfigureAwait(false);
            var (sourceRows, sourceChecksum) = sourceSums[table.Name];
            comparisons.Add(new TableComparison(table.Name, sourceRows, rows, sourceChecksum, checksum));
        }

        progress?.Complete();

        // No parallel plan: fw_names and fw_valid_date catch errors in PL/pgSQL (a subtransaction each), which
        // PostgreSQL refuses inside a parallel worker, and a recomputation over a large registry gets one.
        await connection.Sql("SET LOCAL max_parallel_workers_per_gather = 0", transaction).ExecuteAsync(cancellationToken)
            .ConfigureAwait(false);
        var sumsOff = await connection.Sql(SumsCheckSql, transaction).Timeout(0).ScalarAsync<long>(cancellationToken).ConfigureAwait(false);
        var result = new StoreCopyResult(comparisons, sumsOff, Committed: false);
        if (!result.Verified)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result with { Committed = true };
    }

    private static async Task CheckSourceVersionAsync(
        SqliteConnection source, SqliteTransaction snapshot, CancellationToken cancellationToken)
    {
        var version = await source.Sql("PRAGMA user_version;", snapshot).ScalarAsync<int>(cancellationToken).ConfigureAwait(false);
        var latest = MigrationRunner.Embedded(SqlDialect.Sqlite).Max(static m => m.Version);
        if (version < latest)
        {
            throw new StoreCopyException(
                $"the SQLite database is at schema version {version}, this forecastwatch writes {latest}: run "
                + "`forecastwatch migrate` on it first (with the SQLite store), then copy. Nothing was changed.");
        }

        if (version > latest)
        {
            throw new StoreCopyException(
                $"the SQLite database is at schema version {version}, newer than this forecastwatch ({latest}): copy it with the "
                + "release that wrote it. Nothing was changed.");
        }
    }

    private static async Task<HashSet<string>> SourceTablesAsync(
        SqliteConnection source, SqliteTransaction snapshot, CancellationToken cancellationToken)
    {
        const string TablesSql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
        var names = (await source.Sql(TablesSql, snapshot)
            .QueryAsync(SqlRead.First<string>, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var unknown = names.Except(Tables).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new StoreCopyException(
                $"the SQLite database has tables this copy does not know: {string.Join(", ", unknown)}. Nothing was changed.");
        }

        var missing = Tables.Except(names).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new StoreCopyException(
                $"the SQLite database lacks tables its schema version should have: {string.Join(", ", missing)}. Nothing was changed.");
        }

        return names;
    }

    private async Task CheckTargetEmptyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(cancellationToken).ConfigureAwait(false);
        var status = await new MigrationRunner(target).GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Current > status.Latest)
        {
            throw new StoreCopyException(
                $"the PostgreSQL database {target.Description} is at schema version {status.Current}, newer than this forecastwatch "
                + $"({status.Latest}). Nothing was changed.");
        }

        await CheckEmptyAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckEmptyAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var filled = new List<string>();
        foreach (var name in Tables)
        {
            var exists = await connection.Sql("SELECT to_regclass(@Name) IS NOT NULL", transaction)
                .Bind("Name", name).ScalarAsync<bool>(cancellationToken)
                .ConfigureAwait(false);
            if (!exists)
            {
                continue;
            }

            // The installation row a fresh database is born with is not data; more than that one row is.
            var allowed = name == ReplacedTable ? 1 : 0;
            var rows = await connection.Sql($"SELECT count(*) FROM (SELECT 1 FROM {name} LIMIT 1000) t", transaction)
                .ScalarAsync<long>(cancellationToken)
                .ConfigureAwait(false);
            if (rows > allowed)
            {
                var shown = rows >= 1000 ? "1000+" : rows.ToString(CultureInfo.InvariantCulture);
                filled.Add($"{name} ({shown} rows)");
            }
        }

        if (filled.Count > 0)
        {
            throw new StoreCopyException(
                $"the PostgreSQL database {target.Description} is not empty: {string.Join(", ", filled)}. store copy only fills an empty "
                + "database (create a new one, or drop and recreate this one). Nothing was changed.");
        }
    }

    private static async Task<IReadOnlyList<Table>> DescribeAsync(
        SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection connection, DbTransaction transaction,
        HashSet<string> sourceTables, CancellationToken cancellationToken)
    {
        var tables = new List<Table>();
        foreach (var name in Tables.Where(sourceTables.Contains))
        {
            var sourceColumns = await source.Sql("SELECT name, pk FROM pragma_table_info(@Name) ORDER BY cid", snapshot).Bind("Name", name)
                .QueryAsync(static r => (Name: r.GetString(0), Pk: SqlRead.Convert<long>(r.GetValue(1))), cancellationToken)
                .ConfigureAwait(false);
            var targetColumns = (await connection.Sql("""
                    SELECT a.attname, format_type(a.atttypid, NULL), NOT a.attnotnull, a.atthasdef, a.attidentity <> ''
                    FROM pg_attribute a
                    WHERE a.attrelid = to_regclass(@Name) AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY a.attnum
                    """, transaction).Bind("Name", name)
                .QueryAsync(static r => (Name: r.GetString(0), Type: r.GetString(1), Nullable: r.GetBoolean(2), HasDefault: r.GetBoolean(3),
                    Identity: r.GetBoolean(4)), cancellationToken).ConfigureAwait(false))
                .ToDictionary(static c => c.Name, StringComparer.Ordinal);
            if (targetColumns.Count == 0)
            {
                throw new StoreCopyException($"the PostgreSQL schema has no table {name}. Nothing was changed.");
            }

            var missing = sourceColumns.Where(c => !targetColumns.ContainsKey(c.Name)).Select(static c => c.Name).ToList();
            if (missing.Count > 0)
            {
                throw new StoreCopyException(
                    $"the PostgreSQL table {name} has no column {string.Join(", ", missing)}. Nothing was changed.");
            }

            var unfilled = targetColumns.Values
                .Where(c => !c.Nullable && !c.HasDefault && !c.Identity && sourceColumns.All(s => s.Name != c.Name))
                .Select(static c => c.Name).ToList();
            if (unfilled.Count > 0)
            {
                throw new StoreCopyException(
                    $"the PostgreSQL table {name} needs columns SQLite does not have: {string.Join(", ", unfilled)}. Nothing was changed.");
            }

            var columns = sourceColumns.Select(c => new Column(c.Name, targetColumns[c.Name].Type, c.Pk > 0, (int)c.Pk)).ToList();
            foreach (var column in columns.Where(static c => TypeOf(c.TargetType) is null))
            {
                throw new StoreCopyException(
                    $"the PostgreSQL column {name}.{column.Name} has type {column.TargetType}, which store copy cannot fill. "
                    + "Nothing was changed.");
            }

            var identity = targetColumns.Values.Where(static c => c.Identity).Select(static c => c.Name).ToList();
            var rows = await source.Sql($"SELECT count(*) FROM {name}", snapshot).ScalarAsync<long>(cancellationToken)
                .ConfigureAwait(false);
            tables.Add(new Table(name, columns, identity, rows));
        }

        return tables;
    }

    private static async Task<(long Rows, string Checksum)> CopyTableAsync(
        SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection connection, Table table, IStoreCopyProgress? progress,
        CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = SelectSql(table, postgres: false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columnList = string.Join(", ", table.Columns.Select(static c => Quote(c.Name)));
        var types = table.Columns.Select(static c => TypeOf(c.TargetType)!.Value).ToArray();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var values = new object?[types.Length];
        long rows = 0;
        long unreported = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table.Name} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < types.Length; i++)
                {
                    var value = values[i] = ToTarget(table, i, reader.IsDBNull(i) ? null : reader.GetValue(i), types[i]);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteAsync(value, types[i], cancellationToken).ConfigureAwait(false);
                    }
                }

                AppendRow(hash, values);
                rows++;
                if (++unreported == 1000)
                {
                    progress?.Advance(table.Name, unreported);
                    unreported = 0;
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Advance(table.Name, unreported);
        return (rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task<(long Rows, string Checksum)> TargetChecksumAsync(
        NpgsqlConnection connection, DbTransaction transaction, Table table, IStoreCopyProgress? progress,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = (NpgsqlTransaction)transaction;
        command.CommandText = SelectSql(table, postgres: true);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var values = new object?[table.Columns.Count];
        long rows = 0;
        long unreported = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            AppendRow(hash, values);
            rows++;
            if (++unreported == 1000)
            {
                progress?.Advance(table.Name, unreported);
                unreported = 0;
            }
        }

        progress?.Advance(table.Name, unreported);
        return (rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task ResetIdentityAsync(
        SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection connection, DbTransaction transaction, Table table,
        CancellationToken cancellationToken)
    {
        foreach (var column in table.Identity)
        {
            // AUTOINCREMENT tables remember ids handed out and deleted since; never hand those out again.
            var hasSequence = await source.Sql("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'", snapshot)
                .ScalarAsync<long>(cancellationToken)
                .ConfigureAwait(false) > 0;
            var counter = hasSequence
                ? await source.Sql("SELECT seq FROM sqlite_sequence WHERE name = @Name", snapshot)
                    .Bind("Name", table.Name).ScalarAsync<long?>(cancellationToken)
                    .ConfigureAwait(false) ?? 0
                : 0;
            var max = await connection.Sql($"SELECT max({Quote(column)}) FROM {table.Name}", transaction)
                .ScalarAsync<long?>(cancellationToken)
                .ConfigureAwait(false) ?? 0;
            var last = Math.Max(max, counter);
            await connection.Sql("SELECT setval(pg_get_serial_sequence(@Table, @Column), @Value, @Called)", transaction)
                .Bind("Table", table.Name).Bind("Column", column).Bind("Value", Math.Max(last, 1)).Bind("Called", last > 0)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string SelectSql(Table table, bool postgres)
    {
        var keys = table.Columns.Where(static c => c.PrimaryKey).OrderBy(static c => c.KeyOrder).ToList();
        if (keys.Count == 0)
        {
            keys = [.. table.Columns];
        }

        // Text sorts by code point on both sides (SQLite's BINARY collation; PostgreSQL's "C").
        var order = string.Join(", ", keys.Select(c => postgres && TypeOf(c.TargetType) == NpgsqlDbType.Text
            ? $"{Quote(c.Name)} COLLATE \"C\""
            : Quote(c.Name)));
        return $"SELECT {string.Join(", ", table.Columns.Select(static c => Quote(c.Name)))} FROM {table.Name} ORDER BY {order}";
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static NpgsqlDbType? TypeOf(string targetType) => targetType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "double precision" => NpgsqlDbType.Double,
        "real" => NpgsqlDbType.Real,
        "text" => NpgsqlDbType.Text,
        "bytea" => NpgsqlDbType.Bytea,
        "boolean" => NpgsqlDbType.Boolean,
        _ => null,
    };

    /// <summary>A SQLite value as the PostgreSQL column's type, or a refusal naming the row's table and column.</summary>
    private static object? ToTarget(Table table, int column, object? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            return null;
        }

        object? converted = (type, value) switch
        {
            (NpgsqlDbType.Bigint, long l) => l,
            (NpgsqlDbType.Bigint, double d) when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
            (NpgsqlDbType.Integer, long l) when l is >= int.MinValue and <= int.MaxValue => (int)l,
            (NpgsqlDbType.Smallint, long l) when l is >= short.MinValue and <= short.MaxValue => (short)l,
            (NpgsqlDbType.Boolean, long l) when l is 0 or 1 => l == 1,
            (NpgsqlDbType.Double, double d) => d,
            (NpgsqlDbType.Double, long l) => (double)l,
            (NpgsqlDbType.Real, double d) => (float)d,
            (NpgsqlDbType.Real, long l) => (float)l,
            (NpgsqlDbType.Text, string s) when !s.Contains('\0', StringComparison.Ordinal) => s,
            (NpgsqlDbType.Bytea, byte[] b) => b,
            (NpgsqlDbType.Bytea, string s) => Encoding.UTF8.GetBytes(s),
            _ => null,
        };
        return converted ?? throw new StoreCopyException(
            $"{table.Name}.{table.Columns[column].Name} holds a value PostgreSQL's {table.Columns[column].TargetType} cannot take "
            + $"({value.GetType().Name}{(value is string ? ", or a NUL character" : "")}). Nothing was changed.");
    }

    /// <summary>One row in the canonical form both sides hash: tab-separated, newline-terminated, NULL as \N.</summary>
    private static void AppendRow(IncrementalHash hash, object?[] values)
    {
        var text = new StringBuilder(256);
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                text.Append('\t');
            }

            switch (values[i])
            {
                case null:
                    text.Append("\\N");
                    break;
                case long l:
                    text.Append(l.ToString(CultureInfo.InvariantCulture));
                    break;
                case int n:
                    text.Append(n.ToString(CultureInfo.InvariantCulture));
                    break;
                case short s:
                    text.Append(s.ToString(CultureInfo.InvariantCulture));
                    break;
                case bool b:
                    text.Append(b ? "1" : "0");
                    break;
                case double d:
                    text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case float f:
                    text.Append(f.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case byte[] bytes:
                    text.Append("\\x").Append(Convert.ToHexStringLower(bytes));
                    break;
                case string s:
                    foreach (var c in s)
                    {
                        _ = c switch
                        {
                            '\\' => text.Append("\\\\"),
                            '\t' => text.Append("\\t"),
                            '\n' => text.Append("\\n"),
                            '\r' => text.Append("\\r"),
                            _ => text.Append(c),
                        };
                    }

                    break;
                default:
                    text.Append(Convert.ToString(values[i], CultureInfo.InvariantCulture));
                    break;
            }
        }

        text.Append('\n');
        hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
