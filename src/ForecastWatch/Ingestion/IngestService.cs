using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Hosting;
using ForecastWatch.Proposals;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Ingestion;

internal enum IngestChange
{
    Added,
    Revised,
    Unchanged,
    Skipped,
    Failed,
}

/// <summary>What happened to one page.</summary>
internal sealed record IngestItemResult(string Url, IngestChange Change, string? ArticleId, int Proposals, string? Note);

/// <summary>What one source (or one hand-given page) produced.</summary>
internal sealed record IngestSourceResult(string Source, string Status, IReadOnlyList<IngestItemResult> Items, string? Error);

internal sealed record IngestRunReport(IReadOnlyList<IngestSourceResult> Sources, int MailsQueued)
{
    public int Count(IngestChange change) => Sources.Sum(s => s.Items.Count(i => i.Change == change));
}

/// <summary>
/// Feeds and pages in, articles and proposals out. Each page is one transaction: the article revision, its row in
/// <c>ingested_articles</c> and its proposed predictions commit together (text and metadata files are written first,
/// named by content hash, so a rerun rewrites the same bytes); proposal emails go out after, for whatever no email
/// has listed yet. A worker killed anywhere therefore loses nothing and duplicates nothing.
/// </summary>
internal sealed partial class IngestService(
    IDatabase connections,
    PageFetcher fetcher,
    IPageArticleReader reader,
    ProposalService proposals,
    IOptions<IngestOptions> options,
    IOptions<SourcesOptions> sources,
    IOptions<ForecastWatchOptions> app,
    TimeProvider time,
    ILogger<IngestService> logger)
{
    public IReadOnlyList<SourceOptions> Sources => [.. sources.Value.Items];

    /// <summary>Polls every enabled source (or the one named), then queues the proposal emails owed.</summary>
    public Task<IngestRunReport> RunAsync(string? onlySource, CancellationToken cancellationToken) =>
        RunAsync(onlySource, null, cancellationToken);

    /// <param name="itemDone">Called after each page (for progress).</param>
    public async Task<IngestRunReport> RunAsync(string? onlySource, Action<IngestItemResult>? itemDone, CancellationToken cancellationToken)
    {
        var results = new List<IngestSourceResult>();
        foreach (var source in sources.Value.Items.Where(s =>
            s.Enabled && (onlySource is null || string.Equals(s.Name, onlySource, StringComparison.OrdinalIgnoreCase))))
        {
            results.Add(await PollAsync(source, itemDone, cancellationToken).ConfigureAwait(false));
        }

        var mails = await proposals.SendPendingAsync(cancellationToken).ConfigureAwait(false);
        return new IngestRunReport(results, mails);
    }

    /// <summary><c>forecastwatch ingest URL</c>: one page by hand.</summary>
    public async Task<IngestRunReport> IngestUrlAsync(Uri url, SourceOptions? source, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(new FetchRequest(url), cancellationToken).ConfigureAwait(false);
        IngestItemResult item = fetched.IsOk
            ? await StorePageAsync(fetched.Text(), fetched.FinalUrl, url, source, null, cancellationToken).ConfigureAwait(false)
            : new IngestItemResult(url.ToString(), IngestChange.Failed, null, 0, fetched.Error);
        var mails = await proposals.SendPendingAsync(cancellationToken).ConfigureAwait(false);
        return new IngestRunReport([new IngestSourceResult(source?.Name ?? "(by hand)", fetched.Status.ToString(), [item], fetched.Error)],
            mails);
    }

    /// <summary><c>forecastwatch ingest --file page.html --url URL</c>: one saved page.</summary>
    public async Task<IngestRunReport> IngestFileAsync(string html, Uri url, SourceOptions? source, CancellationToken cancellationToken)
    {
        var item = await StorePageAsync(html, url, url, source, null, cancellationToken).ConfigureAwait(false);
        var mails = await proposals.SendPendingAsync(cancellationToken).ConfigureAwait(false);
        return new IngestRunReport([new IngestSourceResult(source?.Name ?? "(file)", "Ok", [item], null)], mails);
    }

    private async Task<IngestSourceResult> PollAsync(SourceOptions source, Action<IngestItemResult>? itemDone,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var url = new Uri(source.Url);
        IngestSourceState? state;
        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            state = await IngestStore.GetSourceAsync(connection, source.Name, cancellationToken).ConfigureAwait(false);
        }

        // Validators only for the URL they were given for: a changed source URL is fetched whole.
        var same = state is not null && state.Url == source.Url;
        var fetched = await fetcher.FetchAsync(new FetchRequest(url, same ? state!.ETag : null, same ? state!.LastModified : null,
            PageFetcher.AcceptFeed), cancellationToken).ConfigureAwait(false);
        if (fetched.Status == FetchStatus.NotModified)
        {
            await RecordAsync(source, "not-modified", state?.ETag, state?.LastModified, null, cancellationToken).ConfigureAwait(false);
            return new IngestSourceResult(source.Name, "not-modified", [], null);
        }

        if (!fetched.IsOk)
        {
            await RecordAsync(source, fetched.Status.ToString().ToLowerInvariant(), null, null, fetched.Error, cancellationToken)
                .ConfigureAwait(false);
            Log.SourceFailed(logger, source.Name, fetched.Error ?? "");
            return new IngestSourceResult(source.Name, fetched.Status.ToString().ToLowerInvariant(), [], fetched.Error);
        }

        List<FeedItem> items;
        try
        {
            items = await ReadItemsAsync(fetched, source, cancellationToken).ConfigureAwait(false);
        }
        catch (FeedFormatException ex)
        {
            await RecordAsync(source, "unreadable", null, null, ex.Message, cancellationToken).ConfigureAwait(false);
            return new IngestSourceResult(source.Name, "unreadable", [], ex.Message);
        }

        var pattern = source.UrlPattern is { Length: > 0 } p ? new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
        var results = new List<IngestItemResult>();
        foreach (var item in items.Where(i => pattern is null || pattern.IsMatch(i.Url.AbsoluteUri))
                     .OrderByDescending(static i => i.Published ?? i.Updated ?? DateTimeOffset.MinValue)
                     .Take(options.Value.MaxItemsPerSource))
        {
            results.Add(await IngestItemAsync(source, item, now, cancellationToken).ConfigureAwait(false));
            itemDone?.Invoke(results[^1]);
        }

        // Validators last: a run killed before this point fetches the whole feed again next time.
        var failed = results.Count(static r => r.Change == IngestChange.Failed);
        await RecordAsync(source, "ok", fetched.ETag, fetched.LastModified, failed > 0 ? $"{failed} item(s) failed; first: "
            + $"{results.First(static r => r.Change == IngestChange.Failed).Note}" : null, cancellationToken).ConfigureAwait(false);
        return new IngestSourceResult(source.Name, "ok", results, null);
    }

    private async Task<List<FeedItem>> ReadItemsAsync(FetchResult fetched, SourceOptions source, CancellationToken cancellationToken)
    {
        var document = FeedReader.Read(fetched.Text(), fetched.FinalUrl, source.Kind);
        var items = document.Items.ToList();
        // A sitemap index: one level of child sitemaps, as many as the item budget needs.
        foreach (var child in document.ChildSitemaps.Take(10))
        {
            var sub = await fetcher.FetchAsync(new FetchRequest(child, Accept: PageFetcher.AcceptFeed), cancellationToken)
                .ConfigureAwait(false);
            if (sub.IsOk)
            {
                items.AddRange(FeedReader.Read(sub.Text(), sub.FinalUrl, SourceKind.Sitemap).Items);
            }
        }

        return items;
    }

    private async Task<IngestItemResult> IngestItemAsync(SourceOptions source, FeedItem item, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var key = item.Url.AbsoluteUri;
        var updated = (item.Updated ?? item.Published)?.ToString("O", CultureInfo.InvariantCulture);
        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            var (seen, stamp) = await IngestStore.GetItemAsync(connection, key, cancellationToken).ConfigureAwait(false);
            if (seen && stamp == updated)
            {
                return new IngestItemResult(key, IngestChange.Unchanged, null, 0, "seen before");
            }
        }

        var fetched = await fetcher.FetchAsync(new FetchRequest(item.Url), cancellationToken).ConfigureAwait(false);
        IngestItemResult result;
        if (fetched.IsOk)
        {
            result = await StorePageAsync(fetched.Text(), fetched.FinalUrl, item.Url, source, item, cancellationToken)
                .ConfigureAwait(false);
        }
        else if (item.ContentHtml is { Length: > 0 } content)
        {
            // The page is out of reach (robots, paywall, error) but the feed carries the text.
            result = await StorePageAsync(
                $"<html><head><title>{System.Net.WebUtility.HtmlEncode(item.Title ?? "")}</title></head>"
                + $"<body><article>{content}</article></body></html>",
                item.Url, item.Url, source, item, cancellationToken).ConfigureAwait(false);
            result = result with { Note = $"{result.Note} (text from the feed: {fetched.Error})".Trim() };
        }
        else
        {
            return new IngestItemResult(key, fetched.Status == FetchStatus.RobotsDisallowed ? IngestChange.Skipped : IngestChange.Failed,
                null, 0, fetched.Error);
        }

        if (result.Change is not IngestChange.Failed)
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await IngestStore.MarkItemAsync(connection, null, key, source.Name, null, updated, now, cancellationToken)
                .ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Page to article revision to proposals, in one transaction.</summary>
    internal async Task<IngestItemResult> StorePageAsync(string html, Uri fetchedUrl, Uri requestedUrl, SourceOptions? source,
        FeedItem? item, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var page = reader.Read(html, fetchedUrl);
        var text = page.Text;
        var mainTextFrom = page.MainTextFrom;
        if (item?.ContentHtml is { Length: > 0 } content && (page.Paywalled || text.Length < 200))
        {
            var feedPage = reader.Read($"<html><body><article>{content}</article></body></html>", fetchedUrl);
            if (feedPage.Text.Length > text.Length)
            {
                text = feedPage.Text;
                mainTextFrom = "feed item content: " + feedPage.MainTextFrom;
            }
        }

        var excluded = text == page.Text ? page.ExcludedLines : [];
        if (NormalizeText(text) != text)
        {
            // Line numbers would move: the excluded lines are only kept for text that needed no tidying.
            text = NormalizeText(text);
            excluded = [];
        }

        if (text.Length == 0)
        {
            return new IngestItemResult(requestedUrl.AbsoluteUri, IngestChange.Skipped, null, 0, "no article text on the page");
        }

        var canonical = CanonicalUrl(page.CanonicalUrl is { } c && (c.Scheme == Uri.UriSchemeHttp || c.Scheme == Uri.UriSchemeHttps) ? c
            : fetchedUrl);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var published = page.Published ?? (item?.Published is { } d ? PartialDate.OfDay(DateOnly.FromDateTime(d.UtcDateTime)) : null);
        var title = page.Title.Length > 0 ? page.Title : item?.Title ?? canonical.AbsoluteUri;
        var authors = page.Authors.Count > 0 ? page.Authors : item?.Authors.Count > 0 ? item.Authors : source?.Authors.ToList() ?? [];
        var language = page.Language ?? item?.Language ?? source?.Language ?? "en";
        var outlet = source?.Outlet is { Length: > 0 } o ? o : canonical.Host;

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var revisions = await IngestStore.GetRevisionsAsync(connection, null, canonical.AbsoluteUri, cancellationToken)
            .ConfigureAwait(false);
        if (revisions.FirstOrDefault(r => r.BodySha256 == sha) is { } same)
        {
            return new IngestItemResult(requestedUrl.AbsoluteUri, IngestChange.Unchanged, same.ArticleId, 0, "text unchanged");
        }

        var number = revisions.Count == 0 ? 1 : revisions.Max(static r => r.Revision) + 1;
        var articleId = ArticleId(canonical, number);
        var metadata = new ArticleMetadata(
            articleId, title, outlet, [.. authors], canonical.AbsoluteUri, language, published,
            page.DateNote ?? (page.Published is null && published is not null ? "feed item date" : null),
            page.Paywalled ? "paywalled: teaser text only" : null, null,
            [.. excluded.Select(static r => new BoilerplateRange("byline", r.StartLine, r.EndLine, "byline or publication line"))]);
        var article = new Article(metadata, text);
        var textPath = await WriteFilesAsync(article, sha, fetchedUrl, mainTextFrom, cancellationToken).ConfigureAwait(false);

        var result = PredictionExtractor.Extract(text, published,
            new ExtractionOptions { MinConfidence = options.Value.MinConfidence, ExcludedLines = excluded, Title = title });
        var earlierQuotes = new HashSet<string>(StringComparer.Ordinal);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Re-read inside the write transaction: another ingest of the same page may have committed meanwhile.
        revisions = await IngestStore.GetRevisionsAsync(connection, transaction, canonical.AbsoluteUri, cancellationToken)
            .ConfigureAwait(false);
        if (revisions.FirstOrDefault(r => r.BodySha256 == sha) is { } raced)
        {
            return new IngestItemResult(requestedUrl.AbsoluteUri, IngestChange.Unchanged, raced.ArticleId, 0, "text unchanged");
        }

        foreach (var earlier in revisions)
        {
            foreach (var p in (await PredictionStore.GetAllAsync(connection, cancellationToken, transaction).ConfigureAwait(false)).Where(
                s => s.Prediction.ArticleId == earlier.ArticleId))
            {
                earlierQuotes.Add(p.Prediction.Quote);
            }
        }

        await ArticleStore.UpsertAsync(connection, transaction, article, now, cancellationToken).ConfigureAwait(false);
        await IngestStore.AddRevisionAsync(connection, transaction,
            new IngestedRevision(articleId, canonical.AbsoluteUri, number, sha, source?.Name, fetchedUrl.AbsoluteUri, textPath, now),
            published?.ToString(), page.Paywalled, cancellationToken).ConfigureAwait(false);
        var predictions = ToPredictions(article, result.Candidates.Where(c => !earlierQuotes.Contains(c.Quote)), source);
        foreach (var prediction in predictions)
        {
            await PredictionStore.UpsertAsync(connection, transaction, prediction, now, cancellationToken).ConfigureAwait(false);
        }

        if (item is not null)
        {
            await IngestStore.MarkItemAsync(connection, transaction, item.Url.AbsoluteUri, source?.Name, canonical.AbsoluteUri,
                (item.Updated ?? item.Published)?.ToString("O", CultureInfo.InvariantCulture), now, cancellationToken)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.Stored(logger, articleId, number, predictions.Count);
        return new IngestItemResult(requestedUrl.AbsoluteUri, number == 1 ? IngestChange.Added : IngestChange.Revised, articleId,
            predictions.Count, null);
    }

    /// <summary>Candidates to proposed predictions, through the manifest's own validation (offsets, dates, kinds).</summary>
    private static List<Prediction> ToPredictions(Article article, IEnumerable<PredictionCandidate> candidates, SourceOptions? source)
    {
        var list = new JsonArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var entry = ManifestProposals.ToEntry(article.Id, candidate, article.Metadata.Published);
            if (!ids.Add((string)entry["id"]!))
            {
                continue;
            }

            if (source is not null)
            {
                var tags = (JsonArray)entry["tags"]!;
                foreach (var tag in source.Tags)
                {
                    tags.Add((JsonNode?)JsonValue.Create(tag));
                }

                if (source.Editors.Count > 0)
                {
                    entry["editors"] = new JsonArray([.. source.Editors.Select(static e => (JsonNode)JsonValue.Create(e)!)]);
                }
            }

            list.Add((JsonNode?)entry);
        }

        if (list.Count == 0)
        {
            return [];
        }

        var kept = new List<Prediction>();
        var articles = new Dictionary<string, Article>(StringComparer.Ordinal) { [article.Id] = article };
        // Entries one at a time: one the manifest would refuse is left out, the others are kept.
        foreach (var entry in list)
        {
            var errors = new List<Domain.Predictions.SeedError>();
            var one = new JsonObject { ["predictions"] = new JsonArray(JsonNode.Parse(entry!.ToJsonString())) }.ToJsonString();
            var parsed = ManifestParser.Parse(one, "ingest", articles, errors);
            if (errors.Count == 0)
            {
                kept.AddRange(parsed);
            }
        }

        return kept;
    }

    private async Task<string> WriteFilesAsync(
        Article article, string sha, Uri fetchedUrl, string? mainTextFrom, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(app.Value.DataDirectory, options.Value.ArticleDirectory, sha[..2]);
        Directory.CreateDirectory(directory);
        var textPath = Path.Combine(directory, sha + ".txt");
        await WriteAtomicAsync(textPath, Encoding.UTF8.GetBytes(article.Text), cancellationToken).ConfigureAwait(false);
        var m = article.Metadata;
        var meta = JsonSerializer.SerializeToUtf8Bytes(
            new ArticleMetaJson(m.Id, m.Title, m.Outlet, m.Authors, m.Url, m.Language, m.Published?.ToString(), m.DateNote, m.Notes,
                fetchedUrl.AbsoluteUri, mainTextFrom, sha),
            IngestJsonContext.Default.ArticleMetaJson);
        await WriteAtomicAsync(Path.Combine(directory, $"{sha}.{m.Id}.meta.json"), meta, cancellationToken).ConfigureAwait(false);
        return Path.GetRelativePath(app.Value.DataDirectory, textPath).Replace('\\', '/');
    }

    private static async Task WriteAtomicAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length)
        {
            return;
        }

        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private async Task RecordAsync(SourceOptions source, string status, string? etag, string? lastModified, string? error,
        CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await IngestStore.RecordFetchAsync(connection, source.Name, source.Url, status, etag, lastModified, error, time.GetUtcNow(),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Line endings unified, runs of blank lines collapsed, trailing spaces dropped: offsets index this text.</summary>
    internal static string NormalizeText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').Select(static l => l.TrimEnd());
        var sb = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(blank > 0 ? "\n\n" : "\n");
            }

            blank = 0;
            sb.Append(line);
        }

        return sb.Length == 0 ? "" : sb.Append('\n').ToString();
    }

    /// <summary>Fragment and tracking parameters dropped, host lower-cased: one article, one key.</summary>
    internal static Uri CanonicalUrl(Uri url)
    {
        var builder = new UriBuilder(url) { Fragment = "", Host = url.Host.ToLowerInvariant() };
        if (builder.Query.Length > 1)
        {
            var kept = builder.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(static q => !q.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !q.StartsWith("fbclid=",
                    StringComparison.OrdinalIgnoreCase) && !q.StartsWith("gclid=", StringComparison.OrdinalIgnoreCase));
            builder.Query = string.Join('&', kept);
        }

        if ((builder.Scheme == "http" && builder.Port == 80) || (builder.Scheme == "https" && builder.Port == 443))
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    /// <summary>
    /// <c>web-&lt;host&gt;-&lt;last path words&gt;-&lt;hash&gt;</c>, and <c>-r2</c>... for later revisions; lower-case,
    /// digits and hyphens.
    /// </summary>
    internal static string ArticleId(Uri canonical, int revision)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.AbsoluteUri)))[..8];
        var words = Slug().Replace((canonical.Host.StartsWith("www.", StringComparison.Ordinal) ? canonical.Host[4..] : canonical.Host)
            + "-" + canonical.AbsolutePath.ToLowerInvariant(), "-").Trim('-');
        if (words.Length > 48)
        {
            words = words[..48].TrimEnd('-');
        }

        var id = $"web-{words}-{hash}";
        return revision == 1 ? id : string.Create(CultureInfo.InvariantCulture, $"{id}-r{revision}");
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Source {Source} failed: {Error}")]
        public static partial void SourceFailed(ILogger logger, string source, string error);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Information,
            Message = "Stored article {ArticleId} revision {Revision} with {Proposals} proposal(s)")]
        public static partial void Stored(ILogger logger, string articleId, int revision, int proposals);
    }
}

/// <summary>The <c>.meta.json</c> written beside a fetched article's text (keys in this order).</summary>
internal sealed record ArticleMetaJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("outlet")] string Outlet,
    [property: JsonPropertyName("authors")] IReadOnlyList<string> Authors,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("published")] string? Published,
    [property: JsonPropertyName("dateNote")] string? DateNote,
    [property: JsonPropertyName("notes")] string? Notes,
    [property: JsonPropertyName("fetchedFrom")] string FetchedFrom,
    [property: JsonPropertyName("mainText")] string? MainText,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>Ingestion's JSON, generated at build time (no reflection: trimmed and native AOT builds).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ArticleMetaJson))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
