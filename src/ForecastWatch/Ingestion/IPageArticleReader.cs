using AngleSharp.Html.Parser;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Ingestion;

/// <summary>An article read from a page: its main text and what the page says about it.</summary>
/// <param name="Published">Publication date at the precision the page supports, or null.</param>
/// <param name="Paywalled">The page says its text is cut off (a teaser): what we have is all we store.</param>
internal sealed record PageArticle(
    string Title,
    string Text,
    IReadOnlyList<string> Authors,
    Uri? CanonicalUrl,
    string? Language,
    PartialDate? Published,
    string? DateNote,
    bool Paywalled);

/// <summary>Page to article (main text and metadata). The ingest pipeline knows only this seam.</summary>
internal interface IPageArticleReader
{
    PageArticle Read(string html, Uri url);
}

/// <summary>
/// Stand-in until the extraction branch's <c>HtmlArticleReader</c> (JSON-LD, OpenGraph, byline, readability) is
/// merged: the title, canonical link, language and the paragraphs of the page, nothing more. The feed item
/// supplies authors and dates meanwhile.
/// </summary>
internal sealed class ParagraphPageReader : IPageArticleReader
{
    public PageArticle Read(string html, Uri url)
    {
        var document = new HtmlParser().ParseDocument(html);
        var title = document.QuerySelector("meta[property='og:title']")?.GetAttribute("content")?.Trim() is { Length: > 0 } og ? og : document.Title?.Trim() ?? "";
        var canonical = document.QuerySelector("link[rel='canonical']")?.GetAttribute("href") is { Length: > 0 } href
            && Uri.TryCreate(url, href, out var c) ? c : null;
        var root = (AngleSharp.Dom.IParentNode?)document.QuerySelector("article") ?? document.Body;
        var paragraphs = root?.QuerySelectorAll("p").Select(static p => string.Join(' ', p.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(static t => t.Length > 0) ?? [];
        var language = document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang ? lang : null;
        return new PageArticle(title, string.Join("\n\n", paragraphs), [], canonical, language, null, null, Paywalled: false);
    }
}
