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

/// <summary>An article file read for extraction, with its publication date and the lines not to read.</summary>
internal sealed record ExtractInput(string Path, string Text, PartialDate? Published, IReadOnlyList<LineRange> Boilerplate, string? Title,
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Files larger than this are refused before reading (the extractor is linear, but 50 MB of "article" is not an
    /// article).
    /// </summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

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

        if (file.Length > MaxFileBytes)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{file.FullName}: {file.Length / (1024.0 * 1024):0.#} MB is too large "
                + $"for an article (limit {MaxFileBytes / (1024 * 1024)} MB).");
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

        var html = file.Extension.Equals(".html", StringComparison.OrdinalIgnoreCase)
            || file.Extension.Equals(".htm", StringComparison.OrdinalIgnoreCase)
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
