using System.Globalization;
using System.Text;
using System.Text.Json;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;

namespace ForecastWatch.Ingestion;

/// <summary>
/// The JSON that <c>extract --json</c> prints: per candidate its quote, offsets, claim, dates, kind, bounds, hedge,
/// probability, condition and confidence; for a directory, one object per article around them.
/// </summary>
internal static class ExtractionJson
{
    /// <summary>For a directory: one object per article with its metadata and its candidates.</summary>
    public static string ToJson(IReadOnlyList<(ExtractInput Input, ExtractionResult Result)> results)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var (input, result) in results)
            {
                w.WriteStartObject();
                w.WriteString("file", input.Path);
                WriteNullable(w, "title", input.Title);
                WriteNullable(w, "published", input.Published?.ToString());
                w.WritePropertyName("candidates");
                using var doc = JsonDocument.Parse(ToJson(result.Candidates));
                doc.RootElement.WriteTo(w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ToJson(IReadOnlyList<PredictionCandidate> candidates)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var c in candidates)
            {
                w.WriteStartObject();
                w.WriteString("quote", c.Quote);
                w.WriteNumber("start", c.Start);
                w.WriteNumber("end", c.End);
                w.WriteString("claim", c.Claim);
                WriteNullable(w, "horizon", c.Horizon);
                WriteNullable(w, "earliest", c.Earliest?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                WriteNullable(w, "resolveBy", c.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteBoolean("undated", c.Undated);
                WriteNullable(w, "undatedReason", c.UndatedReason);
                w.WriteBoolean("endsBeforePublication", c.EndsBeforePublication);
                w.WriteString("kind", c.Kind.ToString().ToLowerInvariant());
                WriteNullable(w, "metric", c.Metric);
                WriteNullable(w, "comparator", c.Comparator);
                WriteNullable(w, "threshold", c.Threshold);
                WriteNullable(w, "low", c.Low);
                WriteNullable(w, "high", c.High);
                WriteNullable(w, "unit", c.Unit);
                WriteNullable(w, "hedge", c.Hedge);
                if (c.Probability is { } p)
                {
                    w.WriteNumber("probability", p);
                }
                else
                {
                    w.WriteNull("probability");
                }

                WriteNullable(w, "condition", c.Condition);
                if (c.ConditionDetail is { } cd && (cd.Kind != CandidateKind.Event || cd.ResolveBy is not null || cd.Negated))
                {
                    w.WriteStartObject("conditionSpec");
                    w.WriteString("kind", cd.Kind.ToString().ToLowerInvariant());
                    WriteNullable(w, "metric", cd.Metric);
                    WriteNullable(w, "comparator", cd.Comparator);
                    WriteNullable(w, "threshold", cd.Threshold);
                    WriteNullable(w, "low", cd.Low);
                    WriteNullable(w, "high", cd.High);
                    WriteNullable(w, "unit", cd.Unit);
                    WriteNullable(w, "horizon", cd.Horizon);
                    WriteNullable(w, "resolveBy", cd.ResolveBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    if (cd.Negated)
                    {
                        w.WriteBoolean("negated", true); // holds when the condition's event did NOT happen
                    }

                    w.WriteEndObject();
                }

                w.WriteNumber("confidence", c.Confidence);
                w.WriteString("source", c.Source.ToString().ToLowerInvariant());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
