using System.Data.Common;

namespace ForecastWatch.Storage;

internal sealed record IngestedRevision(string ArticleId, string CanonicalUrl, int Revision, string BodySha256, string? Source,
    string FetchedUrl, string TextPath, DateTimeOffset FetchedAt);

internal sealed record IngestSourceState(string Name, string Url, string? ETag, string? LastModified, DateTimeOffset? LastFetchAt,
    string? LastStatus, string? LastError, DateTimeOffset? LastSuccessAt, int Errors, int Articles);

internal sealed record IngestedArticleView(string ArticleId, string CanonicalUrl, int Revision, string Title, string Outlet,
    string? Published, string? Source, int Proposed, int Accepted, DateTimeOffset FetchedAt);

/// <summary>Ingested revisions, seen feed items and per-source fetch state (migration 0014).</summary>
internal static class IngestStore
{
    private const string RevisionColumns = """
        SELECT article_id AS ArticleId, canonical_url AS CanonicalUrl, revision AS Revision, body_sha256 AS BodySha256,
               source AS Source, fetched_url AS FetchedUrl, text_path AS TextPath, fetched_at AS FetchedAt
        FROM ingested_articles
        """;

    private const string SelectRevisions = RevisionColumns + " WHERE canonical_url = @CanonicalUrl ORDER BY revision;";

    private const string InsertRevision = """
        INSERT INTO ingested_articles (article_id, canonical_url, revision, body_sha256, source, fetched_url, text_path, published_at,
                                       paywalled, fetched_at)
        VALUES (@ArticleId, @CanonicalUrl, @Revision, @BodySha256, @Source, @FetchedUrl, @TextPath, @PublishedAt, @Paywalled, @FetchedAt);
        """;

    private const string SelectItem =
        "SELECT item_updated AS ItemUpdated, canonical_url AS CanonicalUrl FROM ingest_items WHERE item_url = @ItemUrl;";

    private const string UpsertItem = """
        INSERT INTO ingest_items (item_url, source, canonical_url, item_updated, first_seen, last_seen)
        VALUES (@ItemUrl, @Source, @CanonicalUrl, @ItemUpdated, @Now, @Now)
        ON CONFLICT (item_url) DO UPDATE SET canonical_url = coalesce(excluded.canonical_url, ingest_items.canonical_url),
            item_updated = excluded.item_updated, last_seen = excluded.last_seen;
        """;

    private const string SelectSource = """
        SELECT name AS Name, url AS Url, etag AS ETag, last_modified AS LastModified, last_fetch_at AS LastFetchAt,
               last_status AS LastStatus, last_error AS LastError, last_success_at AS LastSuccessAt, errors AS Errors,
               (SELECT count(*) FROM ingested_articles i WHERE i.source = s.name) AS Articles
        FROM ingest_sources s
        """;

    private const string SelectSourceByName = SelectSource + " WHERE name = @Name;";

    private const string SelectAllSources = SelectSource + " ORDER BY name;";

    private const string RecordFetch = """
        INSERT INTO ingest_sources (name, url, etag, last_modified, last_fetch_at, last_status, last_error, last_success_at, errors)
        VALUES (@Name, @Url, @ETag, @LastModified, @Now, @Status, @Error, CASE WHEN @Error IS NULL THEN @Now END,
                CASE WHEN @Error IS NULL THEN 0 ELSE 1 END)
        ON CONFLICT (name) DO UPDATE SET url = excluded.url,
            etag = CASE WHEN @Error IS NULL THEN excluded.etag ELSE ingest_sources.etag END,
            last_modified = CASE WHEN @Error IS NULL THEN excluded.last_modified ELSE ingest_sources.last_modified END,
            last_fetch_at = excluded.last_fetch_at, last_status = excluded.last_status, last_error = excluded.last_error,
            last_success_at = coalesce(excluded.last_success_at, ingest_sources.last_success_at),
            errors = CASE WHEN @Error IS NULL THEN ingest_sources.errors ELSE ingest_sources.errors + 1 END;
        """;

    private const string SelectArticles = """
        SELECT i.article_id AS ArticleId, i.canonical_url AS CanonicalUrl, i.revision AS Revision, a.title AS Title, a.outlet AS Outlet,
               a.published AS Published, i.source AS Source, i.fetched_at AS FetchedAt,
               (SELECT count(*) FROM predictions p WHERE p.article_id = i.article_id AND p.status = 'proposed') AS Proposed,
               (SELECT count(*) FROM predictions p WHERE p.article_id = i.article_id AND p.status = 'accepted') AS Accepted
        FROM ingested_articles i JOIN articles a ON a.id = i.article_id
        WHERE i.fetched_at >= @Since
        ORDER BY i.fetched_at, i.article_id;
        """;

    public static async Task<IReadOnlyList<IngestedRevision>> GetRevisionsAsync(DbConnection connection, DbTransaction? transaction,
        string canonicalUrl, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectRevisions, transaction).Bind("CanonicalUrl", canonicalUrl)
            .QueryAsync(RevisionRow.Read, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(static r => new IngestedRevision(r.ArticleId, r.CanonicalUrl, (int)r.Revision, r.BodySha256, r.Source,
            r.FetchedUrl, r.TextPath, StorageJson.ReadInstant(r.FetchedAt)))];
    }

    public static Task AddRevisionAsync(DbConnection connection, DbTransaction transaction, IngestedRevision revision, string? publishedAt,
        bool paywalled, CancellationToken cancellationToken) =>
        connection.Sql(InsertRevision, transaction).Bind("ArticleId", revision.ArticleId).Bind("CanonicalUrl", revision.CanonicalUrl)
            .Bind("Revision", revision.Revision).Bind("BodySha256", revision.BodySha256).Bind("Source", revision.Source)
            .Bind("FetchedUrl", revision.FetchedUrl).Bind("TextPath", revision.TextPath).Bind("PublishedAt", publishedAt)
            .Bind("Paywalled", paywalled ? 1 : 0).Bind("FetchedAt", StorageJson.Instant(revision.FetchedAt))
            .ExecuteAsync(cancellationToken);

    /// <summary>The feed's "updated" stamp stored for this item, and whether the item was seen at all.</summary>
    public static async Task<(bool Seen, string? Updated)> GetItemAsync(DbConnection connection, string itemUrl,
        CancellationToken cancellationToken)
    {
        var row = await connection.Sql(SelectItem).Bind("ItemUrl", itemUrl).SingleOrDefaultAsync(ItemRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? (false, null) : (true, row.ItemUpdated);
    }

    public static Task MarkItemAsync(DbConnection connection, DbTransaction? transaction, string itemUrl, string? source,
        string? canonicalUrl, string? updated, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Sql(UpsertItem, transaction).Bind("ItemUrl", itemUrl).Bind("Source", source).Bind("CanonicalUrl", canonicalUrl)
            .Bind("ItemUpdated", updated).Bind("Now", StorageJson.Instant(now)).ExecuteAsync(cancellationToken);

    public static async Task<IngestSourceState?> GetSourceAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        var row = await connection.Sql(SelectSourceByName).Bind("Name", name).SingleOrDefaultAsync(SourceRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : ToState(row);
    }

    public static async Task<IReadOnlyList<IngestSourceState>> GetSourcesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectAllSources).QueryAsync(SourceRow.Read, cancellationToken)
            .ConfigureAwait(false);
        return [.. rows.Select(ToState)];
    }

    /// <summary>Records a fetch of a source; validators are kept only from a successful one.</summary>
    public static Task RecordFetchAsync(DbConnection connection, string name, string url, string status, string? etag, string? lastModified,
        string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Sql(RecordFetch).Bind("Name", name).Bind("Url", url).Bind("ETag", etag).Bind("LastModified", lastModified)
            .Bind("Status", status).Bind("Error", error).Bind("Now", StorageJson.Instant(now)).ExecuteAsync(cancellationToken);

    public static async Task<IReadOnlyList<IngestedArticleView>> GetArticlesAsync(DbConnection connection, DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectArticles).Bind("Since", StorageJson.Instant(since))
            .QueryAsync(ArticleViewRow.Read, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(static r => new IngestedArticleView(r.ArticleId, r.CanonicalUrl, (int)r.Revision, r.Title, r.Outlet,
            r.Published, r.Source, (int)r.Proposed, (int)r.Accepted, StorageJson.ReadInstant(r.FetchedAt)))];
    }

    private static IngestSourceState ToState(SourceRow r) => new(
        r.Name, r.Url, r.ETag, r.LastModified,
        r.LastFetchAt is { } f ? StorageJson.ReadInstant(f) : null, r.LastStatus, r.LastError,
        r.LastSuccessAt is { } s ? StorageJson.ReadInstant(s) : null, (int)r.Errors, (int)r.Articles);

    private sealed record RevisionRow(string ArticleId, string CanonicalUrl, long Revision, string BodySha256, string? Source,
        string FetchedUrl, string TextPath, long FetchedAt)
    {
        public static RevisionRow Read(DbDataReader r) => new(r.Text("ArticleId"), r.Text("CanonicalUrl"), r.Int64("Revision"),
            r.Text("BodySha256"), r.TextOrNull("Source"), r.Text("FetchedUrl"), r.Text("TextPath"), r.Int64("FetchedAt"));
    }

    private sealed record ItemRow(string? ItemUpdated, string? CanonicalUrl)
    {
        public static ItemRow Read(DbDataReader r) => new(r.TextOrNull("ItemUpdated"), r.TextOrNull("CanonicalUrl"));
    }

    private sealed class SourceRow
    {
        public static SourceRow Read(DbDataReader r) => new()
        {
            Name = r.TextOrNull("Name") ?? "",
            Url = r.TextOrNull("Url") ?? "",
            ETag = r.TextOrNull("ETag"),
            LastModified = r.TextOrNull("LastModified"),
            LastFetchAt = r.Int64OrNull("LastFetchAt"),
            LastStatus = r.TextOrNull("LastStatus"),
            LastError = r.TextOrNull("LastError"),
            LastSuccessAt = r.Int64OrNull("LastSuccessAt"),
            Errors = r.Int64("Errors"),
            Articles = r.Int64("Articles"),
        };

        public string Name { get; set; } = "";

        public string Url { get; set; } = "";

        public string? ETag { get; set; }

        public string? LastModified { get; set; }

        public long? LastFetchAt { get; set; }

        public string? LastStatus { get; set; }

        public string? LastError { get; set; }

        public long? LastSuccessAt { get; set; }

        public long Errors { get; set; }

        public long Articles { get; set; }
    }

    private sealed class ArticleViewRow
    {
        public static ArticleViewRow Read(DbDataReader r) => new()
        {
            ArticleId = r.TextOrNull("ArticleId") ?? "",
            CanonicalUrl = r.TextOrNull("CanonicalUrl") ?? "",
            Revision = r.Int64("Revision"),
            Title = r.TextOrNull("Title") ?? "",
            Outlet = r.TextOrNull("Outlet") ?? "",
            Published = r.TextOrNull("Published"),
            Source = r.TextOrNull("Source"),
            FetchedAt = r.Int64("FetchedAt"),
            Proposed = r.Int64("Proposed"),
            Accepted = r.Int64("Accepted"),
        };

        public string ArticleId { get; set; } = "";

        public string CanonicalUrl { get; set; } = "";

        public long Revision { get; set; }

        public string Title { get; set; } = "";

        public string Outlet { get; set; } = "";

        public string? Published { get; set; }

        public string? Source { get; set; }

        public long FetchedAt { get; set; }

        public long Proposed { get; set; }

        public long Accepted { get; set; }
    }
}
