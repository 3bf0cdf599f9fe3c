using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Storage;

/// <summary>The seeds as read from disk: articles, the manifest's predictions, and every defect found.</summary>
internal sealed record SeedSet(string Directory, IReadOnlyList<Article> Articles, IReadOnlyList<Prediction> Predictions,
    IReadOnlyList<SeedError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads a seeds directory (<c>articles/*.txt</c> with <c>.meta.json</c> sidecars, and <c>predictions.json</c>).
/// The reading is here; the validation is in the domain parsers.
/// </summary>
internal static class SeedDirectory
{
    public const string ManifestFileName = "predictions.json";
    public const string ArticlesFolder = "articles";
    public const string MetadataSuffix = ".meta.json";

    public static async Task<SeedSet> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        var errors = new List<SeedError>();
        var articles = new Dictionary<string, Article>(StringComparer.Ordinal);
        var manifestPath = Path.Combine(directory, ManifestFileName);
        var articlesPath = Path.Combine(directory, ArticlesFolder);
        if (!Directory.Exists(directory))
        {
            errors.Add(new SeedError(directory, null, null, "directory not found"));
            return new SeedSet(directory, [], [], errors);
        }

        if (Directory.Exists(articlesPath))
        {
            foreach (var metaPath in Directory.EnumerateFiles(articlesPath, "*" + MetadataSuffix).Order(StringComparer.Ordinal))
            {
                var article = await LoadArticleAsync(metaPath, errors, cancellationToken).ConfigureAwait(false);
                if (article is not null && !articles.TryAdd(article.Id, article))
                {
                    errors.Add(new SeedError(metaPath, article.Id, "id", "is used by another article"));
                }
            }
        }
        else
        {
            errors.Add(new SeedError(articlesPath, null, null, "directory not found"));
        }

        IReadOnlyList<Prediction> predictions = [];
        if (File.Exists(manifestPath))
        {
            var json = await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false);
            predictions = ManifestParser.Parse(json, manifestPath, articles, errors);
        }
        else
        {
            errors.Add(new SeedError(manifestPath, null, null, "file not found"));
        }

        return new SeedSet(directory, [.. articles.Values.OrderBy(static a => a.Id, StringComparer.Ordinal)], predictions, errors);
    }

    private static async Task<Article?> LoadArticleAsync(string metaPath, List<SeedError> errors, CancellationToken cancellationToken)
    {
        var json = await File.ReadAllTextAsync(metaPath, cancellationToken).ConfigureAwait(false);
        var metadata = ArticleMetadataParser.Parse(json, metaPath, errors);
        var textPath = metaPath[..^MetadataSuffix.Length] + ".txt";
        if (!File.Exists(textPath))
        {
            errors.Add(new SeedError(metaPath, metadata?.Id, null, $"the article text {Path.GetFileName(textPath)} is missing"));
            return null;
        }

        if (metadata is null)
        {
            return null;
        }

        var text = await File.ReadAllTextAsync(textPath, cancellationToken).ConfigureAwait(false);
        var article = new Article(metadata, text);
        foreach (var range in metadata.Boilerplate.Where(r => r.EndLine > article.LineCount))
        {
            errors.Add(new SeedError(metaPath, metadata.Id, "boilerplate.endLine",
                $"{range.EndLine} is past the last line ({article.LineCount}) of {Path.GetFileName(textPath)}"));
        }

        return article;
    }
}
