using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Cli;

/// <summary><c>forecastwatch extract FILE [--published YYYY-MM[-DD]] [--json] [--min-confidence X]</c>.</summary>
internal static class ExtractCommand
{
    /// <summary>Files larger than this are refused before reading (the extractor is linear, but 50 MB of "article" is not an article).</summary>
    internal const long MaxFileBytes = 16L * 1024 * 1024;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The article text file (UTF-8). Under seeds/articles/ its .meta.json gives the date and boilerplate lines." };
        var published = new Option<string?>("--published") { Description = "Publication date: YYYY, YYYY-MM or YYYY-MM-DD (overrides the metadata)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of candidates." };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Drop candidates below this confidence (0-1, default 0.5)." };

        var command = new Command("extract", "Propose the dated predictions in an article: quote, offsets, claim, resolve-by date, kind, hedge and probability.")
        {
            file, published, json, minConfidence,
        };
        command.SetAction((parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var input = ExtractInput.Load(parseResult.GetValue(file)!, parseResult.GetValue(published), out var problem);
            if (input is null)
            {
                error.WriteLine(problem);
                return Task.FromResult(ExitCodes.BadInput);
            }

            var min = parseResult.GetValue(minConfidence) ?? ExtractionOptions.Default.MinConfidence;
            if (min is < 0 or > 1)
            {
                error.WriteLine("--min-confidence must be between 0 and 1.");
                return Task.FromResult(ExitCodes.Usage);
            }

            var result = PredictionExtractor.Extract(input.Text, input.Published, new ExtractionOptions
            {
                MinConfidence = min,
                ExcludedLines = input.Boilerplate,
            });
            foreach (var note in result.Notes)
            {
                error.WriteLine($"{input.Path}: {note}");
            }

            if (parseResult.GetValue(json))
            {
                output.WriteLine(ToJson(result.Candidates));
            }
            else
            {
                WriteText(output, result.Candidates);
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    internal static string ToJson(IReadOnlyList<PredictionCandidate> candidates)
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

    private static void WriteText(TextWriter output, IReadOnlyList<PredictionCandidate> candidates)
    {
        if (candidates.Count == 0)
        {
            output.WriteLine("No predictions found.");
            return;
        }

        var n = 0;
        foreach (var c in candidates)
        {
            n++;
            var when = c.ResolveBy is { } d
                ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (c.EndsBeforePublication ? " (ends before publication)" : "")
                : "undated";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n}. [{when}] {c.Claim}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   quote {c.Start}-{c.End}: \"{Shorten(c.Quote, 160)}\""));
            var kind = c.Kind switch
            {
                CandidateKind.Threshold => $"threshold {c.Metric} {c.Comparator} {c.Threshold} {c.Unit}".TrimEnd(),
                CandidateKind.Range => $"range {c.Metric} {c.Low}-{c.High} {c.Unit}".TrimEnd(),
                _ => "event",
            };
            var prob = c.Probability is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:0.##} ('{c.Hedge}')") : c.Hedge is null ? "-" : $"- ('{c.Hedge}')";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {kind}; probability {prob}; confidence {c.Confidence:0.##}; {c.Source.ToString().ToLowerInvariant()}"));
            if (c.Condition is not null)
            {
                output.WriteLine($"   condition: {c.Condition}");
            }
        }
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 3)] + "...";
}

/// <summary>An article file read for extraction, with its publication date and annotated boilerplate lines.</summary>
internal sealed record ExtractInput(string Path, string Text, PartialDate Published, IReadOnlyList<LineRange> Boilerplate)
{
    public static ExtractInput? Load(FileInfo file, string? publishedOverride, out string problem)
    {
        problem = "";
        if (!file.Exists)
        {
            problem = $"{file.FullName}: no such file.";
            return null;
        }

        if (file.Length > ExtractCommand.MaxFileBytes)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{file.FullName}: {file.Length / (1024.0 * 1024):0.#} MB is too large for an article (limit {ExtractCommand.MaxFileBytes / (1024 * 1024)} MB).");
            return null;
        }

        var bytes = File.ReadAllBytes(file.FullName);
        if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8192)) >= 0)
        {
            problem = $"{file.FullName}: binary file (contains NUL bytes), not an article.";
            return null;
        }

        var text = DecodeText(bytes);
        var meta = ReadMeta(file, out var metaProblem);
        if (metaProblem is not null)
        {
            problem = metaProblem;
            return null;
        }

        PartialDate published;
        if (publishedOverride is not null)
        {
            if (!PartialDate.TryParse(publishedOverride, out published))
            {
                problem = $"--published: '{publishedOverride}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.";
                return null;
            }
        }
        else if (meta?.Published is { } p)
        {
            published = p;
        }
        else
        {
            problem = $"{file.FullName}: no publication date: pass --published YYYY-MM[-DD] (or add a .meta.json with \"published\").";
            return null;
        }

        return new ExtractInput(file.FullName, text, published, meta?.Boilerplate ?? []);
    }

    private static string DecodeText(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, offset, bytes.Length - offset);
    }

    private sealed record Meta(PartialDate? Published, IReadOnlyList<LineRange> Boilerplate);

    /// <summary>Reads "published" and "boilerplate" from the sidecar <c>NAME.meta.json</c> (docs/seeds-format.md), if present.</summary>
    private static Meta? ReadMeta(FileInfo file, out string? problem)
    {
        problem = null;
        var name = file.Name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? file.Name[..^4] : file.Name;
        var path = System.IO.Path.Combine(file.DirectoryName ?? ".", name + ".meta.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            PartialDate? published = null;
            if (root.TryGetProperty("published", out var p) && p.ValueKind == JsonValueKind.String)
            {
                if (!PartialDate.TryParse(p.GetString(), out var d))
                {
                    problem = $"{path}: published: '{p.GetString()}' is not YYYY, YYYY-MM or YYYY-MM-DD.";
                    return null;
                }

                published = d;
            }

            var ranges = new List<LineRange>();
            if (root.TryGetProperty("boilerplate", out var b) && b.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in b.EnumerateArray())
                {
                    if (r.ValueKind == JsonValueKind.Object
                        && r.TryGetProperty("startLine", out var s) && s.TryGetInt32(out var sl)
                        && r.TryGetProperty("endLine", out var e) && e.TryGetInt32(out var el))
                    {
                        ranges.Add(new LineRange(sl, el));
                    }
                }
            }

            return new Meta(published, ranges);
        }
        catch (JsonException ex)
        {
            problem = $"{path}: not valid JSON ({ex.Message}).";
            return null;
        }
    }
}
