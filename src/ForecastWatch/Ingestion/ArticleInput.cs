using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Ingestion;

/// <summary>
/// An article made ready for the extractor: its body text, its publication date (and where it came from), and the
/// lines the extractor must not read (byline, publication line, dateline).
/// </summary>
public sealed record ArticleInput(
    string Text,
    string? Title,
    IReadOnlyList<string> Authors,
    string? Outlet,
    Uri? Canonical,
    string? Language,
    PartialDate? Published,
    string? PublishedFrom,
    IReadOnlyList<LineRange> ExcludedLines)
{
    /// <summary>For a page: which picker chose the main text (<see cref="HtmlArticle.MainTextFrom"/>); null for plain text.</summary>
    public string? MainTextFrom { get; init; }

    /// <summary>True when <paramref name="content"/> looks like an HTML page rather than plain text.</summary>
    public static bool LooksLikeHtml(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var head = content.AsSpan(0, Math.Min(content.Length, 2048)).TrimStart();
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || (head.StartsWith("<", StringComparison.Ordinal) && (head.Contains("<body", StringComparison.OrdinalIgnoreCase)
                || head.Contains("<head", StringComparison.OrdinalIgnoreCase) || head.Contains("<p>", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// A page: main text and metadata from <see cref="HtmlArticleReader"/>; the page's own header lines are already
    /// left out.
    /// </summary>
    public static ArticleInput FromHtml(string html, Uri? url = null, MainTextPicker picker = MainTextPicker.Auto)
    {
        var page = HtmlArticleReader.Read(html, url, picker);
        var header = ArticleHeaderReader.Read(page.Text);
        return new ArticleInput(page.Text, page.Title, page.Authors, page.Outlet, page.Canonical, page.Language,
            page.Published ?? header.Published, page.PublishedFrom ?? (header.Published is null ? null : "text: " + header.PublishedFrom),
            header.HeaderLines)
        {
            MainTextFrom = page.MainTextFrom,
        };
    }

    /// <summary>Plain text: the title, byline and publication line are read from its first lines.</summary>
    public static ArticleInput FromText(string text)
    {
        var header = ArticleHeaderReader.Read(text);
        return new ArticleInput(text, header.Title, header.Authors, null, null, null, header.Published,
            header.Published is null ? null : "text: " + header.PublishedFrom, header.HeaderLines);
    }

    public static ArticleInput From(string content, Uri? url = null, MainTextPicker picker = MainTextPicker.Auto) =>
        LooksLikeHtml(content) ? FromHtml(content, url, picker) : FromText(content);
}
