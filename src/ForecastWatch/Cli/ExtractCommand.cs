using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Hosting;
using ForecastWatch.Ingestion;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

/// <summary><c>forecastwatch extract FILE|DIR [--published YYYY-MM[-DD]] [--json] [--min-confidence X]</c>.</summary>
internal static class ExtractCommand
{
    /// <summary>Files larger than this are refused before reading (the extractor is linear, but 50 MB of "article" is not an article).</summary>
    internal const long MaxFileBytes = 16L * 1024 * 1024;

    public static Command Create()
    {
        var path = new Argument<string?>("FILE|DIR")
        {
            Description = "The article: a text file (UTF-8) or an HTML page, or a directory of them; with --all, the seeds directory (default: seeds).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var published = new Option<string?>("--published") { Description = "Publication date: YYYY, YYYY-MM or YYYY-MM-DD (overrides the .meta.json sidecar)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of candidates." };
        var all = new Option<bool>("--all") { Description = "Propose predictions for every seed article and merge them into predictions.json as 'proposed' entries." };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Drop candidates below this confidence (0-1, default 0.5)." };

        var command = new Command("extract", "Propose the dated predictions in an article: quote, offsets, claim, resolve-by date, kind, hedge and probability.")
        {
            path, published, json, all, minConfidence,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var min = parseResult.GetValue(minConfidence) ?? ExtractionOptions.Default.MinConfidence;
            if (min is < 0 or > 1)
            {
                await error.WriteLineAsync("--min-confidence must be between 0 and 1.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (parseResult.GetValue(all))
            {
                return await ProposeAllAsync(parseResult.GetValue(path) ?? "seeds", min, output, error, ct).ConfigureAwait(false);
            }

            if (parseResult.GetValue(path) is not { } file)
            {
                await error.WriteLineAsync("extract: give an article FILE (or --all [DIR]).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var files = Directory.Exists(file)
                ? Directory.EnumerateFiles(file).Where(ExtractInput.IsArticleFile).Order(StringComparer.Ordinal).ToList()
                : [file];
            var many = Directory.Exists(file);
            var results = new List<(ExtractInput Input, ExtractionResult Result)>();
            var progress = ProgressReporter.ToWriter("extract", "files", files.Count, error, TimeProvider.System);
            foreach (var f in files)
            {
                ct.ThrowIfCancellationRequested();
                progress.Advance();
                var input = ExtractInput.Load(new FileInfo(f), parseResult.GetValue(published), out var problem);
                if (input is null)
                {
                    await error.WriteLineAsync(problem).ConfigureAwait(false);
                    if (!many)
                    {
                        return ExitCodes.BadInput;
                    }

                    continue;
                }

                var result = PredictionExtractor.Extract(input.Text, input.Published, new ExtractionOptions
                {
                    MinConfidence = min,
                    ExcludedLines = input.Boilerplate,
                });
                foreach (var note in input.Notes.Concat(result.Notes))
                {
                    await error.WriteLineAsync($"{input.Path}: {note}").ConfigureAwait(false);
                }

                results.Add((input, result));
            }

            progress.Complete();
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(many ? ToJson(results) : ToJson(results.Single().Result.Candidates)).ConfigureAwait(false);
            }
            else
            {
                foreach (var (input, result) in results)
                {
                    if (many)
                    {
                        output.WriteLine($"== {input.Path} ({input.Title ?? "untitled"}; published {input.Published?.ToString() ?? "unknown"})");
                    }

                    WriteText(output, result.Candidates);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// <c>extract --all [DIR]</c>: extracts every seed article and appends what the manifest does not yet cover as
    /// <c>proposed</c> entries. Curated entries are never touched; proposals the manifest would reject are left out.
    /// </summary>
    private static async Task<int> ProposeAllAsync(string directory, double min, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var seeds = await SeedDirectory.LoadAsync(directory, ct).ConfigureAwait(false);
        if (!await ValidateCommand.ReportErrorsAsync(seeds, error).ConfigureAwait(false))
        {
            await error.WriteLineAsync("Fix the seeds first: nothing was proposed.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var articles = seeds.Articles.ToDictionary(static a => a.Id, StringComparer.Ordinal);
        var progress = ProgressReporter.ToWriter("extract --all", "articles", seeds.Articles.Count, error, TimeProvider.System);
        var proposals = seeds.Articles.Select(a => Counted(progress, new ArticleProposals(
            a.Id,
            a.Metadata.Published,
            PredictionExtractor.Extract(a.Text, a.Metadata.Published, new ExtractionOptions
            {
                MinConfidence = min,
                ExcludedLines = [.. a.Metadata.Boilerplate.Select(static b => new LineRange(b.StartLine, b.EndLine))],
            }).Candidates,
            [.. seeds.Predictions.Where(p => p.ArticleId == a.Id).Select(static p => (p.QuoteStart, p.QuoteEnd))]))).ToList();
        progress.Complete();

        var manifestPath = Path.Combine(directory, SeedDirectory.ManifestFileName);
        var original = await File.ReadAllTextAsync(manifestPath, ct).ConfigureAwait(false);
        var merge = ManifestProposals.Merge(original, proposals);
        var errors = new List<SeedError>();
        ManifestParser.Parse(merge.Json, manifestPath, articles, errors);
        var bad = errors.Where(e => e.Item is not null && merge.AddedIds.Contains(e.Item)).Select(static e => e.Item!).ToHashSet(StringComparer.Ordinal);
        if (bad.Count > 0)
        {
            foreach (var e in errors.Where(e => bad.Contains(e.Item!)))
            {
                await error.WriteLineAsync($"left out: {e}").ConfigureAwait(false);
            }

            proposals = [.. proposals.Select(p => p with { Candidates = [.. p.Candidates.Where(c => !bad.Contains(ManifestProposals.StableId(p.ArticleId, c.Quote)))] })];
            merge = ManifestProposals.Merge(original, proposals);
            errors.Clear();
            ManifestParser.Parse(merge.Json, manifestPath, articles, errors);
        }

        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            await error.WriteLineAsync("The merged manifest would not validate: nothing was written.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        if (merge.AddedIds.Count > 0)
        {
            await File.WriteAllTextAsync(manifestPath, merge.Json, ct).ConfigureAwait(false);
        }

        foreach (var id in merge.AddedIds)
        {
            await output.WriteLineAsync($"proposed  {id}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{merge.AddedIds.Count} proposed, {merge.AlreadyCovered} already in the manifest ({manifestPath}). Review with 'forecastwatch accept ID' / 'reject ID'.")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static T Counted<T>(ProgressReporter progress, T item)
    {
        progress.Advance();
        return item;
    }

    /// <summary>For a directory: one object per article with its metadata and its candidates.</summary>
    internal static string ToJson(IReadOnlyList<(ExtractInput Input, ExtractionResult Result)> results)
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
                if (c.ConditionDetail is { } cd && (cd.Kind != CandidateKind.Event || cd.ResolveBy is not null))
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

/// <summary>An article file read for extraction, with its publication date and the lines not to read.</summary>
internal sealed record ExtractInput(string Path, string Text, PartialDate? Published, IReadOnlyList<LineRange> Boilerplate, string? Title, IReadOnlyList<string> Notes)
{
    public static bool IsArticleFile(string path) =>
        path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads FILE: an HTML page through <see cref="HtmlArticleReader"/> (main text, title and date from its metadata), a
    /// text file with its header lines (byline, publication line) left out. The date comes from --published, else
    /// the .meta.json sidecar, else the page or the text itself; with none, only absolute horizons are dated.
    /// </summary>
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

        var content = DecodeText(bytes);
        var meta = ReadMeta(file, out var metaProblem);
        if (metaProblem is not null)
        {
            problem = metaProblem;
            return null;
        }

        PartialDate? overrideDate = null;
        if (publishedOverride is not null)
        {
            if (!PartialDate.TryParse(publishedOverride, out var p))
            {
                problem = $"--published: '{publishedOverride}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.";
                return null;
            }

            overrideDate = p;
        }

        var html = file.Extension.Equals(".html", StringComparison.OrdinalIgnoreCase) || file.Extension.Equals(".htm", StringComparison.OrdinalIgnoreCase)
            || ArticleInput.LooksLikeHtml(content);
        var article = html ? ArticleInput.FromHtml(content) : ArticleInput.FromText(content);
        var notes = new List<string>();
        PartialDate? published;
        if (overrideDate is not null)
        {
            published = overrideDate;
        }
        else if (meta is not null)
        {
            // The sidecar is authoritative; a null date there means "the text gives no date" and claims stay undated.
            published = meta.Published;
        }
        else
        {
            published = article.Published;
            notes.Add(published is null
                ? "no publication date in the page, the text, --published or a .meta.json: only absolute horizons are dated."
                : $"publication date {published} read from {article.PublishedFrom}.");
        }

        var ranges = meta?.Boilerplate.Select(static b => new LineRange(b.StartLine, b.EndLine)).ToList() ?? [];
        ranges.AddRange(article.ExcludedLines);
        return new ExtractInput(file.FullName, article.Text, published, ranges, meta?.Title ?? article.Title, notes);
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

    /// <summary>The sidecar <c>NAME.meta.json</c> (docs/seeds-format.md), read by the foundation's parser, if present.</summary>
    private static ArticleMetadata? ReadMeta(FileInfo file, out string? problem)
    {
        problem = null;
        var name = System.IO.Path.GetFileNameWithoutExtension(file.Name);
        var path = System.IO.Path.Combine(file.DirectoryName ?? ".", name + SeedDirectory.MetadataSuffix);
        if (!File.Exists(path))
        {
            return null;
        }

        var errors = new List<SeedError>();
        var meta = ArticleMetadataParser.Parse(File.ReadAllText(path), path, errors);
        if (errors.Count > 0 || meta is null)
        {
            problem = string.Join("\n", errors.Select(static e => e.ToString()));
            return null;
        }

        return meta;
    }
}
