using System.Data.Common;

namespace ForecastWatch.Storage;

/// <summary>The <c>heartbeats</c> table: jobs beat when they complete, <c>forecastwatch health</c> reads.</summary>
internal static class HeartbeatStore
{
    /// <summary>Name under which the worker records its own start (not a job).</summary>
    public const string WorkerName = "$worker";

    // The later of two instants: SQLite's scalar max(), PostgreSQL's greatest().
    private const string UpsertSql = """
        INSERT INTO heartbeats (name, beat_at, beat_count) VALUES (@Name, @BeatAt, 1)
        ON CONFLICT (name) DO UPDATE SET beat_at = MAX(heartbeats.beat_at, excluded.beat_at), beat_count = heartbeats.beat_count + 1;
        """;

    private const string UpsertPostgresSql = """
        INSERT INTO heartbeats (name, beat_at, beat_count) VALUES (@Name, @BeatAt, 1)
        ON CONFLICT (name) DO UPDATE SET beat_at = GREATEST(heartbeats.beat_at, excluded.beat_at), beat_count = heartbeats.beat_count + 1;
        """;

    private const string SelectAllSql = "SELECT name AS Name, beat_at AS BeatAt FROM heartbeats;";

    public static async Task BeatAsync(DbConnection connection, string jobName, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        await connection.Sql(connection.Pick(UpsertSql, UpsertPostgresSql))
            .Bind("Name", jobName).Bind("BeatAt", asOf.ToUnixTimeMilliseconds())
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<HeartbeatSnapshot> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectAllSql).QueryAsync(HeartbeatRow.Read, cancellationToken).ConfigureAwait(false);
        var beats = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        DateTimeOffset? workerStartedAt = null;
        foreach (var row in rows)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(row.BeatAt);
            if (row.Name == WorkerName)
            {
                workerStartedAt = at;
            }
            else
            {
                beats[row.Name] = at;
            }
        }

        return new HeartbeatSnapshot(workerStartedAt, beats);
    }

    private sealed record HeartbeatRow(string Name, long BeatAt)
    {
        public static HeartbeatRow Read(DbDataReader r) => new(r.Text("Name"), r.Int64("BeatAt"));
    }
}
