using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Ingestion;

/// <summary>An article read from a page: its main text and what the page says about it.</summary>
/// <param name="Published">Publication date at the precision the page supports, or null.</param>
/// <param name="Paywalled">The page says its text is cut off (a teaser): what we have is all we store.</param>
/// <param name="ExcludedLines">Lines of <paramref name="Text"/> that are not body (byline, publication line).</param>
/// <param name="MainTextFrom">Which picker chose the main text: "readability" or "rules (why)".</param>
internal sealed record PageArticle(
    string Title,
    string Text,
    IReadOnlyList<string> Authors,
    Uri? CanonicalUrl,
    string? Language,
    PartialDate? Published,
    string? DateNote,
    bool Paywalled,
    IReadOnlyList<LineRange> ExcludedLines,
    string? MainTextFrom = null);

/// <summary>Page to article (main text and metadata). The ingest pipeline knows only this seam.</summary>
internal interface IPageArticleReader
{
    PageArticle Read(string html, Uri url);
}

/// <summary>The extraction side's reader (<see cref="HtmlArticleReader"/> through <see cref="ArticleInput"/>) behind the seam.</summary>
internal sealed class HtmlPageArticleReader : IPageArticleReader
{
    public PageArticle Read(string html, Uri url)
    {
        ArgumentNullException.ThrowIfNull(html);
        var input = ArticleInput.FromHtml(html, url);
        return new PageArticle(
            input.Title ?? "",
            input.Text,
            input.Authors,
            input.Canonical,
            input.Language,
            input.Published,
            input.PublishedFrom,
            IsTeaser(html),
            input.ExcludedLines,
            input.MainTextFrom);
    }

    // schema.org marks paywalled content with isAccessibleForFree false (Google's paywall structured data).
    private static bool IsTeaser(string html) =>
        System.Text.RegularExpressions.Regex.IsMatch(html, "\"isAccessibleForFree\"\\s*:\\s*\"?false",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
}
