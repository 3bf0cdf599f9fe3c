using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// Rows of <c>forecastwatch export</c>: one per prediction with its outcome and scores. Row-at-a-time so the
/// command can stream any number of predictions. JSON output is an array of these objects.
/// </summary>
public static class PredictionExport
{
    public static readonly string[] CsvHeader =
    [
        "id", "article", "outlet", "authors", "tags", "claim", "kind", "hedge", "probability", "probability_scored",
        "made_on", "resolve_by", "state", "verdict", "outcome", "resolved_at", "resolved_by", "evidence", "void_reason",
        "credit", "brier", "log_score", "days_due_to_resolution",
        "probability_source", "hindsight", "condition", "condition_status", "observed_value", "error", "abs_error",
        "pct_error", "abs_pct_error", "hit",
    ];

    public static string CsvHeaderLine() => Row(CsvHeader);

    public static string ToCsvRow(ScoredPrediction p, ScoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(p);
        var score = TryScore(p, settings);
        return Row(
        [
            p.Id,
            p.Article,
            p.Outlet,
            string.Join("; ", p.Authors),
            string.Join("; ", p.Tags),
            p.Claim,
            p.Kind,
            p.Hedge ?? "",
            Csv.Number(p.Probability),
            Csv.Number(score?.Probability),
            p.MadeOn is { } made ? Date(made) : "",
            p.ResolveBy is { } by ? Date(by) : "",
            StateName(p.State),
            p.Verdict ?? "",
            Csv.Number(p.State == PredictionState.Resolved ? p.Outcome : null),
            p.ResolvedAt is { } at ? Instant(at) : "",
            p.ResolvedBy ?? "",
            p.Evidence ?? "",
            p.VoidReason ?? "",
            Csv.Number(score?.Credit),
            Csv.Number(score?.Brier),
            Csv.Number(score?.LogScore),
            Csv.Number(DaysDueToResolution(p)),
            p.ProbabilitySource ?? "",
            p.IsHindsight ? "yes" : "no",
            p.Condition ?? "",
            p.ConditionStatus ?? "",
            Csv.Number(p.ObservedValue),
            Csv.Number(p.Error?.Error),
            Csv.Number(p.Error?.AbsoluteError),
            Csv.Number(p.Error?.PercentError),
            Csv.Number(p.Error?.PercentError is { } pe ? Math.Abs(pe) : null),
            p.Hit is { } hit ? (hit ? "yes" : "no") : "",
        ]);
    }

    /// <summary>One compact JSON object (no trailing separator).</summary>
    public static string ToJsonObject(ScoredPrediction p, ScoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(p);
        var score = TryScore(p, settings);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("id", p.Id);
            w.WriteString("article", p.Article);
            w.WriteString("outlet", p.Outlet);
            WriteArray(w, "authors", p.Authors);
            WriteArray(w, "tags", p.Tags);
            w.WriteString("claim", p.Claim);
            w.WriteString("kind", p.Kind);
            NullableJson.Write(w, "hedge", p.Hedge);
            NullableJson.Write(w, "probability", p.Probability);
            NullableJson.Write(w, "probabilityScored", score?.Probability);
            NullableJson.Write(w, "madeOn", p.MadeOn is { } made ? Date(made) : null);
            NullableJson.Write(w, "resolveBy", p.ResolveBy is { } by ? Date(by) : null);
            w.WriteString("state", StateName(p.State));
            NullableJson.Write(w, "verdict", p.Verdict);
            NullableJson.Write(w, "outcome", p.State == PredictionState.Resolved ? p.Outcome : null);
            NullableJson.Write(w, "resolvedAt", p.ResolvedAt is { } at ? Instant(at) : null);
            NullableJson.Write(w, "resolvedBy", p.ResolvedBy);
            NullableJson.Write(w, "evidence", p.Evidence);
            NullableJson.Write(w, "voidReason", p.VoidReason);
            NullableJson.Write(w, "credit", score?.Credit);
            NullableJson.Write(w, "brier", score?.Brier);
            NullableJson.Write(w, "logScore", score?.LogScore);
            NullableJson.Write(w, "daysDueToResolution", DaysDueToResolution(p));
            NullableJson.Write(w, "probabilitySource", p.ProbabilitySource);
            w.WriteBoolean("hindsight", p.IsHindsight);
            NullableJson.Write(w, "condition", p.Condition);
            NullableJson.Write(w, "conditionStatus", p.ConditionStatus);
            NullableJson.Write(w, "observedValue", p.ObservedValue);
            NullableJson.Write(w, "error", p.Error?.Error);
            NullableJson.Write(w, "absError", p.Error?.AbsoluteError);
            NullableJson.Write(w, "pctError", p.Error?.PercentError);
            NullableJson.Write(w, "absPctError", p.Error?.PercentError is { } pe ? Math.Abs(pe) : null);
            if (p.Hit is { } hit)
            {
                w.WriteBoolean("hit", hit);
            }
            else
            {
                w.WriteNull("hit");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string StateName(PredictionState state) => state switch
    {
        PredictionState.Resolved => "resolved",
        PredictionState.Void => "void",
        PredictionState.Annulled => "annulled",
        _ => "open",
    };

    /// <summary>Scores of a resolved, valid row; null for open, void or unusable rows.</summary>
    public static PredictionScore? TryScore(ScoredPrediction p, ScoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(settings);
        if (p.State != PredictionState.Resolved || p.Validate().Count > 0)
        {
            return null;
        }

        return PredictionScoring.Score(ScorecardBuilder.EffectiveProbability(p, settings), p.Outcome!.Value);
    }

    private static int? DaysDueToResolution(ScoredPrediction p) =>
        p is { State: PredictionState.Resolved, ResolveBy: { } by, ResolvedAt: { } at }
            ? DateOnly.FromDateTime(at.UtcDateTime).DayNumber - by.DayNumber
            : null;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Row(ReadOnlySpan<string> fields)
    {
        var sb = new StringBuilder(256);
        Csv.AppendRow(sb, fields);
        return sb.ToString();
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }



}
