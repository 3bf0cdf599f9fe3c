using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Storage;

internal enum ImportChange
{
    Added,
    Updated,
    Unchanged,
}

/// <summary>Articles and their metadata. Bodies are stored whole so offsets can be checked without the seed files.</summary>
internal static class ArticleStore
{
    private const string SelectColumns = """
        SELECT id AS Id, title AS Title, outlet AS Outlet, authors_json AS AuthorsJson, url AS Url, language AS Language,
               published AS Published, date_note AS DateNote, notes AS Notes, source_file AS SourceFile,
               boilerplate_json AS BoilerplateJson, body AS Body, body_sha256 AS BodySha256
        FROM articles
        """;

    private const string SelectById = SelectColumns + " WHERE id = @Id;";

    private const string SelectAll = SelectColumns + " ORDER BY id;";

    private const string Insert = """
        INSERT INTO articles (id, title, outlet, authors_json, url, language, published, date_note, notes, source_file,
                              boilerplate_json, body, body_sha256, imported_at, updated_at)
        VALUES (@Id, @Title, @Outlet, @AuthorsJson, @Url, @Language, @Published, @DateNote, @Notes, @SourceFile,
                @BoilerplateJson, @Body, @BodySha256, @Now, @Now);
        """;

    private const string Update = """
        UPDATE articles SET title = @Title, outlet = @Outlet, authors_json = @AuthorsJson, url = @Url, language = @Language,
               published = @Published, date_note = @DateNote, notes = @Notes, source_file = @SourceFile,
               boilerplate_json = @BoilerplateJson, body = @Body, body_sha256 = @BodySha256, updated_at = @Now
        WHERE id = @Id;
        """;

    public static async Task<ImportChange> UpsertAsync(DbConnection connection, DbTransaction transaction, Article article,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = ToRow(article);
        var existing = await connection.Sql(SelectById, transaction).Bind("Id", row.Id)
            .SingleOrDefaultAsync(ArticleRow.Read, cancellationToken).ConfigureAwait(false);
        if (existing == row)
        {
            return ImportChange.Unchanged;
        }

        await row.BindTo(connection.Sql(existing is null ? Insert : Update, transaction)).Bind("Now", StorageJson.Instant(now))
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return existing is null ? ImportChange.Added : ImportChange.Updated;
    }

    public static async Task<IReadOnlyList<Article>> GetAllAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.Sql(SelectAll).QueryAsync(ArticleRow.Read, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToArticle)];
    }

    private static ArticleRow ToRow(Article article)
    {
        var m = article.Metadata;
        return new ArticleRow
        {
            Id = m.Id,
            Title = m.Title,
            Outlet = m.Outlet,
            AuthorsJson = StorageJson.List(m.Authors),
            Url = m.Url,
            Language = m.Language,
            Published = m.Published?.ToString(),
            DateNote = m.DateNote,
            Notes = m.Notes,
            SourceFile = m.SourceFile,
            BoilerplateJson = JsonSerializer.Serialize(
                m.Boilerplate.Select(static b => new BoilerplateJsonRow(b.Kind, b.StartLine, b.EndLine, b.Note)).ToArray(),
                StorageJsonContext.Default.BoilerplateJsonRowArray),
            Body = article.Text,
            BodySha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(article.Text))),
        };
    }

    private static Article ToArticle(ArticleRow row)
    {
        var boilerplate = JsonSerializer.Deserialize(row.BoilerplateJson, StorageJsonContext.Default.BoilerplateJsonRowArray) ?? [];
        var metadata = new ArticleMetadata(
            row.Id,
            row.Title,
            row.Outlet,
            StorageJson.ReadList(row.AuthorsJson),
            row.Url,
            row.Language,
            row.Published is null ? null : PartialDate.Parse(row.Published),
            row.DateNote,
            row.Notes,
            row.SourceFile,
            [.. boilerplate.Select(static b => new BoilerplateRange(b.Kind, b.StartLine, b.EndLine, b.Note))]);
        return new Article(metadata, row.Body);
    }

    internal sealed record BoilerplateJsonRow(string Kind, int StartLine, int EndLine, string? Note);

    private sealed record ArticleRow
    {
        public string Id { get; init; } = "";

        public string Title { get; init; } = "";

        public string Outlet { get; init; } = "";

        public string AuthorsJson { get; init; } = "[]";

        public string? Url { get; init; }

        public string Language { get; init; } = "";

        public string? Published { get; init; }

        public string? DateNote { get; init; }

        public string? Notes { get; init; }

        public string? SourceFile { get; init; }

        public string BoilerplateJson { get; init; } = "[]";

        public string Body { get; init; } = "";

        public string BodySha256 { get; init; } = "";

        public static ArticleRow Read(DbDataReader r) => new()
        {
            Id = r.TextOrNull("Id") ?? "",
            Title = r.TextOrNull("Title") ?? "",
            Outlet = r.TextOrNull("Outlet") ?? "",
            AuthorsJson = r.TextOrNull("AuthorsJson") ?? "[]",
            Url = r.TextOrNull("Url"),
            Language = r.TextOrNull("Language") ?? "",
            Published = r.TextOrNull("Published"),
            DateNote = r.TextOrNull("DateNote"),
            Notes = r.TextOrNull("Notes"),
            SourceFile = r.TextOrNull("SourceFile"),
            BoilerplateJson = r.TextOrNull("BoilerplateJson") ?? "[]",
            Body = r.TextOrNull("Body") ?? "",
            BodySha256 = r.TextOrNull("BodySha256") ?? "",
        };

        /// <summary>Binds every column of the row by its property's name.</summary>
        public SqlStatement BindTo(SqlStatement statement) => statement
            .Bind("Id", Id).Bind("Title", Title).Bind("Outlet", Outlet).Bind("AuthorsJson", AuthorsJson).Bind("Url", Url)
            .Bind("Language", Language).Bind("Published", Published).Bind("DateNote", DateNote).Bind("Notes", Notes)
            .Bind("SourceFile", SourceFile).Bind("BoilerplateJson", BoilerplateJson).Bind("Body", Body).Bind("BodySha256", BodySha256);
    }
}
