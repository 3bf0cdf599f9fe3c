using System.Data.Common;
using System.Globalization;
using ForecastWatch.Domain.Scoring;
using Microsoft.Data.Sqlite;

namespace ForecastWatch.Storage;

/// <summary>The scorecard's first round trip on SQLite, read below the provider (<see cref="SqliteRawBatch"/>).</summary>
internal static partial class ScoreStore
{
    /// <summary>
    /// The same batch and the same rows as <see cref="AddSumsAsync"/>'s reader path, stepped on the connection's own
    /// handle: the totals are a few hundred to a few thousand rows of up to 49 columns, and through the provider
    /// each value cost a type check and two native calls (about half of a scorecard by outlet). Every column read
    /// here is NOT NULL in its STRICT table or an aggregate of such columns, except the listed notes (checked).
    /// </summary>
    private static MedianGroups AddSumsSqlite(SqliteConnection connection, ScorecardBuilder builder, string sql, bool lists,
        CancellationToken cancellationToken)
    {
        KeyValuePair<string, object?>[] parameters =
        [
            new("Dimension", SumsDimension(builder.Dimension)),
            new("OverdueBefore", builder.OverdueBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("IncludeHindsight", builder.IncludeHindsight),
            new("Max", builder.MaxListedVoids),
        ];
        using var batch = new SqliteRawBatch(connection, sql, parameters, cancellationToken);
        var groups = new GroupKeys(builder.Dimension);

        NextStatement(batch);
        while (batch.Read())
        {
            builder.AddSums(groups.Of(batch.GetString(0), batch.GetString(1)), ReadTotals(batch));
        }

        NextStatement(batch);
        while (batch.Read())
        {
            builder.AddOpen(groups.Of(batch.GetString(0), batch.GetString(1)), checked((int)batch.GetInt64(2)),
                checked((int)batch.GetInt64(3)));
        }

        NextStatement(batch);
        var medians = new MedianGroups(builder.Dimension);
        while (batch.Read())
        {
            medians.Add(batch.GetString(0), batch.GetString(1), batch.GetInt64(2), batch.GetDouble(3), batch.GetInt64(4));
        }

        if (lists)
        {
            NextStatement(batch);
            while (batch.Read())
            {
                builder.ListVoid(ReadListed(batch));
            }

            NextStatement(batch);
            while (batch.Read())
            {
                builder.ListConditionNotMet(ReadListed(batch));
            }

            NextStatement(batch);
            while (batch.Read())
            {
                builder.ListHindsight(ReadListed(batch));
            }
        }

        return medians;
    }

    /// <summary>The whole-record scorecard's first batch on SQLite, lists included (for the benchmark's per-statement costs).</summary>
    internal const string SqliteSumsBatch = SelectSumsBatch + SelectListsBatch;

    // One group's stored key, hindsight and band: its error rows by primary key (SelectBandErrors, one range at a time).
    private const string SelectBandErrorRange = """
        SELECT ape, n FROM score_sums
        WHERE dimension = @d AND key = @k AND state = 'scored' AND probability = -1.0 AND source = 'none' AND numeric = 2
          AND hindsight = @h AND due = '' AND ape >= @lo AND ape < @hi AND n > 0;
        """;

    /// <summary>
    /// The error rows of each group's middle bands (what <see cref="SelectBandErrors"/> reads through a JSON list of
    /// ranges), one prepared statement run again per range: no JSON to write or for SQLite to parse per row.
    /// </summary>
    private static void AddBandErrorsSqlite(SqliteConnection connection, List<MedianGroup> all, CancellationToken cancellationToken)
    {
        SqliteRawBatch? batch = null;
        try
        {
            foreach (var group in all)
            {
                foreach (var (low, high) in group.MiddleBands())
                {
                    foreach (var (storedDimension, key, hindsight) in group.Stored)
                    {
                        KeyValuePair<string, object?>[] range =
                            [new("d", storedDimension), new("k", key), new("h", hindsight), new("lo", low), new("hi", high)];
                        if (batch is null)
                        {
                            batch = new SqliteRawBatch(connection, SelectBandErrorRange, range, cancellationToken);
                            NextStatement(batch);
                        }
                        else
                        {
                            batch.Rerun(range);
                        }

                        while (batch.Read())
                        {
                            group.AddError(batch.GetDouble(0), batch.GetInt64(1));
                        }
                    }
                }
            }
        }
        finally
        {
            batch?.Dispose();
        }
    }

    private static void NextStatement(SqliteRawBatch batch)
    {
        if (!batch.NextStatement())
        {
            throw new InvalidOperationException("The scorecard's batch returned fewer result sets than it has statements.");
        }
    }

    /// <summary>The provider's reader (PostgreSQL, or a connection that is not Microsoft.Data.Sqlite's).</summary>
    private sealed class ReaderColumns(DbDataReader reader) : IColumnReader
    {
        public string GetString(int column) => reader.GetString(column);

        public long GetInt64(int column) => reader.GetInt64(column);

        public double GetDouble(int column) => reader.GetDouble(column);

        public bool IsNull(int column) => reader.IsDBNull(column);
    }
}
