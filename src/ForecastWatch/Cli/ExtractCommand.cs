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
    /// <summary>Files larger than this are refused before reading.</summary>
    internal const long MaxFileBytes = ExtractInput.MaxFileBytes;

    public static Command Create()
    {
        var path = new Argument<string?>("FILE|DIR")
        {
            Description = "The article: a text file (UTF-8) or an HTML page, or a directory of them; with --all, the seeds directory "
                + "(default: seeds).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var published = new Option<string?>("--published")
        {
            Description = "Publication date: YYYY, YYYY-MM or YYYY-MM-DD (overrides the .meta.json sidecar)."
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of candidates." };
        var all = new Option<bool>("--all")
        {
            Description = "Propose predictions for every seed article and merge them into predictions.json as 'proposed' entries."
        };
        var minConfidence = new Option<double?>("--min-confidence")
        {
            Description = "Drop candidates below this confidence (0-1, default 0.5)."
        };

        var command = new Command("extract",
            "Propose the dated predictions in an article: quote, offsets, claim, resolve-by date, kind, hedge and probability.")
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
                    Title = input.Title,
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
                await output.WriteLineAsync(many ? ExtractionJson.ToJson(results)
                    : ExtractionJson.ToJson(results.Single().Result.Candidates)).ConfigureAwait(false);
            }
            else
            {
                foreach (var (input, result) in results)
                {
                    if (many)
                    {
                        output.WriteLine(
                            $"== {input.Path} ({input.Title ?? "untitled"}; published {input.Published?.ToString() ?? "unknown"})");
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
        var bad = errors.Where(e => e.Item is not null && merge.AddedIds.Contains(e.Item)).Select(static e => e.Item!)
            .ToHashSet(StringComparer.Ordinal);
        if (bad.Count > 0)
        {
            foreach (var e in errors.Where(e => bad.Contains(e.Item!)))
            {
                await error.WriteLineAsync($"left out: {e}").ConfigureAwait(false);
            }

            proposals = [.. proposals.Select(p =>
                p with { Candidates = [.. p.Candidates.Where(c => !bad.Contains(ManifestProposals.StableId(p.ArticleId, c.Quote)))] })];
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
            $"{merge.AddedIds.Count} proposed, {merge.AlreadyCovered} already in the manifest ({manifestPath}). Review with 'forecastwatch "
                + $"accept ID' / 'reject ID'.")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static T Counted<T>(ProgressReporter progress, T item)
    {
        progress.Advance();
        return item;
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
            var prob = c.Probability is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:0.##} ('{c.Hedge}')") : c.Hedge is null
                ? "-" : $"- ('{c.Hedge}')";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {kind}; probability {prob}; confidence {c.Confidence:0.##}; {c.Source.ToString().ToLowerInvariant()}"));
            if (c.Condition is not null)
            {
                output.WriteLine(c.ConditionDetail is { Negated: true }
                    ? $"   condition: NOT ({c.Condition}) - holds if this does not happen"
                    : $"   condition: {c.Condition}");
            }
        }
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 3)] + "...";
}
