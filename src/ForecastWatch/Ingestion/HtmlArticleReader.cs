using System.Globalization;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Ingestion;

/// <summary>
/// An article read from a web page: its main text (one paragraph per line, list items as "- ", tables as
/// markdown pipe tables under their caption) and what the page says about itself.
/// </summary>
/// <param name="Published">The publication day (or coarser) as the page states it, in the page's own time zone.</param>
/// <param name="PublishedFrom">Where the date came from: "json-ld datePublished", "meta article:published_time", "time", "byline".</param>
/// <param name="MainTextFrom">
/// Which picker chose the main text: "readability", or "rules" with the reason Readability's was not used.
/// </param>
public sealed record HtmlArticle(
    string Text,
    string? Title,
    IReadOnlyList<string> Authors,
    string? Outlet,
    Uri? Canonical,
    string? Language,
    PartialDate? Published,
    DateTimeOffset? PublishedAt,
    string? PublishedFrom,
    string? Description,
    string MainTextFrom);

/// <summary>How <see cref="HtmlArticleReader"/> picks the main text.</summary>
public enum MainTextPicker
{
    /// <summary>Readability (SmartReader) when its text is usable and keeps every table row and list item; else the rules.</summary>
    Auto,

    /// <summary>Our own rules only (article/main/densest block, furniture dropped by tag, role and class).</summary>
    Rules,
}

/// <summary>
/// Turns an HTML page into an <see cref="HtmlArticle"/> (AngleSharp, no scripting, no network). Metadata comes from
/// JSON-LD (<c>NewsArticle</c>, <c>Article</c>, <c>BlogPosting</c>, <c>Report</c>, also inside <c>@graph</c>), then
/// Open Graph / <c>article:*</c> / Dublin Core meta tags, then <c>&lt;time&gt;</c> and the byline. The main text is the
/// <c>&lt;article&gt;</c>, <c>&lt;main&gt;</c> or densest block, without navigation, headers, footers, asides,
/// forms, cookie banners, share and comment blocks; the byline and the publication line are left out of it.
/// With <see cref="MainTextPicker.Auto"/> the main block is chosen by SmartReader (a port of Mozilla's Readability) and
/// rendered by the same rules; the rules' own choice is kept when Readability's text is a stub (under
/// <see cref="MinReadableChars"/>) or lost a table row or list item that carries a digit (forecasts live there).
/// </summary>
public static class HtmlArticleReader
{
    private static readonly ThreadLocal<HtmlParser> Parser = new(static () =>
        new HtmlParser(new HtmlParserOptions { IsScripting = false }));

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select", "svg",
        "iframe", "object", "figure", "dialog", "menu",
    };

    private static readonly string[] FurnitureWords =
    [
        "nav", "menu", "cookie", "consent", "footer", "related", "comment", "share", "social", "newsletter", "breadcrumb",
        "ticker", "advert", "promo", "subscribe", "sidebar", "byline", "dateline", "author", "meta", "masthead", "paywall",
        "signup", "sign-up", "toolbar", "tags", "skip", "banner", "popup", "modal", "recommend", "more-stories", "read-more",
    ];

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
        "table", "tr", "dl", "dt", "dd", "hr", "address", "center", "caption", "summary", "details",
    };

    private static readonly string[] ArticleTypes = ["NewsArticle", "Article", "BlogPosting", "LiveBlogPosting", "Report",
        "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "WebPage"];

    /// <summary>Readability's text shorter than this is a teaser, a paywall stub or a wrong pick: the rules' text is kept.</summary>
    public const int MinReadableChars = 250;

    /// <summary>Reads <paramref name="html"/>; <paramref name="url"/> (where it was fetched from) is the fallback canonical URL.</summary>
    public static HtmlArticle Read(string html, Uri? url = null, MainTextPicker picker = MainTextPicker.Auto)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var document = Parser.Value!.ParseDocument(html);
        var meta = new PageMeta();
        ReadJsonLd(document, meta);
        ReadMetaTags(document, meta);

        var root = MainElement(document);
        if (meta.Published is null && root is not null)
        {
            ReadVisibleDate(root, meta);
        }

        if (meta.Authors.Count == 0 && root is not null)
        {
            foreach (var el in root.QuerySelectorAll("[rel=author], [itemprop=author], .author, .byline"))
            {
                var name = Clean(el.TextContent);
                if (name.Length is > 2 and <= 80)
                {
                    meta.Authors.Add(StripBy(name));
                }
            }
        }

        var h1 = Clean(document.QuerySelector("h1")?.TextContent);
        var title = meta.Title ?? (h1.Length > 0 ? h1 : TitleFromTitleTag(document, meta.Outlet));
        string?[] titles = [title, h1];
        var rulesText = root is null ? "\n" : Render(root, titles);
        var canonical = meta.Canonical ?? url;
        var language = meta.Language ?? (document.DocumentElement?.GetAttribute("lang") is { Length: > 0 } lang ? lang : null);

        // Readability last: it rewrites the document it is given, and everything above has been read from it.
        var (text, from) = picker == MainTextPicker.Rules
            ? (rulesText, "rules (asked)")
            : PickReadability(document, url, titles, rulesText);
        return new HtmlArticle(
            text,
            title,
            meta.Authors.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            meta.Outlet,
            canonical,
            language,
            meta.Published,
            meta.PublishedAt,
            meta.PublishedFrom,
            meta.Description,
            from);
    }

    private static string Render(IElement root, string?[] titles)
    {
        var text = new StringBuilder();
        var context = new RenderContext();
        foreach (var t in titles)
        {
            if (!string.IsNullOrEmpty(t))
            {
                context.Titles.Add(Normalize(t));
            }
        }

        AppendBlock(root, text, 0, context);
        return TidyLines(text.ToString());
    }

    /// <summary>Readability's main block, rendered by our rules, when it is usable; else the rules' text and why.</summary>
    private static (string Text, string From) PickReadability(IHtmlDocument document, Uri? url, string?[] titles, string rulesText)
    {
        SmartReader.Article article;
        try
        {
            var reader = new SmartReader.Reader((url ?? PlaceholderUrl).AbsoluteUri, document)
            {
                Debug = false,
                KeepClasses = true, // our furniture rules (class and id words) apply to its block too
                LoggerDelegate = static _ => { },
            };
            article = reader.GetArticle();
        }
#pragma warning disable CA1031 // a library failure on one odd page must not lose the page: the rules still read it
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return (rulesText, "rules (readability failed: " + ex.GetType().Name + ")");
        }

        if (!article.Completed || string.IsNullOrWhiteSpace(article.Content))
        {
            return (rulesText, "rules (readability found no article)");
        }

        using var content = Parser.Value!.ParseDocument("<!doctype html><html><body>" + article.Content + "</body></html>");
        var text = content.Body is null ? "\n" : Render(content.Body, titles);
        if (text.Length < MinReadableChars)
        {
            return (rulesText, "rules (readability text too short)");
        }

        var kept = new HashSet<string>(text.Split('\n'), StringComparer.Ordinal);
        foreach (var line in rulesText.Split('\n'))
        {
            if ((line.StartsWith('|') || line.StartsWith("- ", StringComparison.Ordinal) || NumberedItem(line))
                && line.Any(char.IsAsciiDigit) && !kept.Contains(line))
            {
                return (rulesText, "rules (readability dropped a table row or list item)");
            }
        }

        return (text, "readability");
    }

    private static readonly Uri PlaceholderUrl = new("https://article.invalid/");

    private static bool NumberedItem(string line)
    {
        var i = 0;
        while (i < line.Length && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        return i > 0 && i + 1 < line.Length && line[i] == '.' && line[i + 1] == ' ';
    }

    private sealed class PageMeta
    {
        public string? Title { get; set; }

        public List<string> Authors { get; } = [];

        public string? Outlet { get; set; }

        public Uri? Canonical { get; set; }

        public string? Language { get; set; }

        public PartialDate? Published { get; set; }

        public DateTimeOffset? PublishedAt { get; set; }

        public string? PublishedFrom { get; set; }

        public string? Description { get; set; }

        public void SetPublished(string? value, string from)
        {
            if (Published is null && value is not null && ParseDate(value, out var date, out var at))
            {
                Published = date;
                PublishedAt = at;
                PublishedFrom = from;
            }
        }
    }

    private static void ReadJsonLd(IDocument document, PageMeta meta)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent,
                    new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
                foreach (var node in ArticleNodes(json.RootElement, 0))
                {
                    meta.Title ??= Str(node, "headline") ?? Str(node, "name");
                    meta.SetPublished(Str(node, "datePublished") ?? Str(node, "dateCreated"), "json-ld datePublished");
                    meta.Description ??= Str(node, "description");
                    meta.Language ??= Str(node, "inLanguage");
                    if (meta.Authors.Count == 0 && node.TryGetProperty("author", out var author))
                    {
                        meta.Authors.AddRange(Names(author));
                    }

                    if (meta.Outlet is null && node.TryGetProperty("publisher", out var publisher))
                    {
                        meta.Outlet = Names(publisher).FirstOrDefault();
                    }

                    if (meta.Canonical is null && (Str(node, "url") ?? Str(node, "mainEntityOfPage")) is { } u
                        && Uri.TryCreate(u, UriKind.Absolute, out var uri))
                    {
                        meta.Canonical = uri;
                    }
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common: the meta tags and the page itself still count.
            }
        }
    }

    private static IEnumerable<JsonElement> ArticleNodes(JsonElement e, int depth)
    {
        if (depth > 8)
        {
            yield break;
        }

        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                foreach (var n in ArticleNodes(item, depth + 1))
                {
                    yield return n;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("@graph", out var graph))
            {
                foreach (var n in ArticleNodes(graph, depth + 1))
                {
                    yield return n;
                }
            }

            if (IsArticleType(e))
            {
                yield return e;
            }
        }
    }

    private static bool IsArticleType(JsonElement e)
    {
        if (!e.TryGetProperty("@type", out var type))
        {
            return false;
        }

        var types = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Where(static t => t.ValueKind == JsonValueKind.String).Select(static t => t.GetString()!)
            : type.ValueKind == JsonValueKind.String ? [type.GetString()!] : [];

        // A WebPage node counts only when it carries a date (many sites put datePublished there).
        return types.Any(static t => ArticleTypes.Contains(t, StringComparer.OrdinalIgnoreCase) && t != "WebPage")
            || (types.Contains("WebPage", StringComparer.OrdinalIgnoreCase) && e.TryGetProperty("datePublished", out _));
    }

    private static string? Str(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => Clean(v.GetString()) is { Length: > 0 } s ? s : null,
            JsonValueKind.Object when v.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
            JsonValueKind.Array => v.EnumerateArray().Where(static x => x.ValueKind == JsonValueKind.String)
                .Select(static x => x.GetString()).FirstOrDefault(),
            _ => null,
        };
    }

    private static IEnumerable<string> Names(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => Clean(e.GetString()) is { Length: > 0 } s ? [s] : [],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Names).ToList(),
        JsonValueKind.Object => Str(e, "name") is { } n ? [n] : [],
        _ => [],
    };

    private static void ReadMetaTags(IDocument document, PageMeta meta)
    {
        string? Meta(params string[] keys)
        {
            foreach (var key in keys)
            {
                foreach (var el in document.QuerySelectorAll("meta"))
                {
                    var k = el.GetAttribute("property") ?? el.GetAttribute("name") ?? el.GetAttribute("itemprop")
                        ?? el.GetAttribute("http-equiv");
                    if (k is not null && string.Equals(k, key, StringComparison.OrdinalIgnoreCase)
                        && Clean(el.GetAttribute("content")) is { Length: > 0 } v)
                    {
                        return v;
                    }
                }
            }

            return null;
        }

        meta.Title ??= Meta("og:title", "twitter:title", "dc.title");
        foreach (var key in (string[])["article:published_time", "og:published_time", "datePublished", "date", "dc.date", "dc.date.issued",
            "dcterms.created", "dcterms.date", "publish-date", "publication_date", "pubdate", "sailthru.date", "parsely-pub-date",
            "citation_publication_date"])
        {
            meta.SetPublished(Meta(key), "meta " + key);
        }

        if (meta.Authors.Count == 0)
        {
            var author = Meta("author", "article:author", "dc.creator", "parsely-author", "byl");
            if (author is not null && !author.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                meta.Authors.AddRange(author.Split([",", " and ", ";"],
                    StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(StripBy));
            }
        }

        meta.Outlet ??= Meta("og:site_name", "application-name", "publisher", "dc.publisher");
        meta.Description ??= Meta("og:description", "description");
        meta.Language ??= Meta("og:locale", "content-language", "dc.language")?.Replace('_', '-');
        if (meta.Canonical is null)
        {
            var href = document.QuerySelector("link[rel='canonical']")?.GetAttribute("href") ?? Meta("og:url");
            if (href is not null && Uri.TryCreate(href, UriKind.Absolute, out var uri))
            {
                meta.Canonical = uri;
            }
        }
    }

    private static bool IsPublicationTime(IElement time) =>
        time.HasAttribute("pubdate") || Marks(time, "datePublished") || Marks(time, "published") || Marks(time, "posted");

    private static bool IsUpdateTime(IElement time)
    {
        if (Marks(time, "dateModified") || Marks(time, "updat") || Marks(time, "modif"))
        {
            return true;
        }

        // "Updated 6 Oct 2026 10:14" / "Last modified:": the words just before the element in its parent.
        var before = time.PreviousSibling?.TextContent ?? "";
        before = before.Length > 40 ? before[^40..] : before;
        return before.Contains("updated", StringComparison.OrdinalIgnoreCase)
            || before.Contains("modified", StringComparison.OrdinalIgnoreCase)
            || before.Contains("edited", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The element's or its parent's itemprop, class or id names <paramref name="word"/>.</summary>
    private static bool Marks(IElement time, string word) =>
        ((IElement?[])[time, time.ParentElement]).Any(e => e is not null
            && ((string?[])[e.GetAttribute("itemprop"), e.GetAttribute("class"), e.Id])
                .Any(v => v?.Contains(word, StringComparison.OrdinalIgnoreCase) == true));

    private static void ReadVisibleDate(IElement root, PageMeta meta)
    {
        // A page's first <time> is often a live blog's or a corrected story's "Updated" stamp: a <time> marked as the
        // publication date wins, one marked or labelled as an update is never read as it.
        var times = root.QuerySelectorAll("time");
        foreach (var time in times.Where(IsPublicationTime).Concat(times.Where(t => !IsPublicationTime(t) && !IsUpdateTime(t))))
        {
            meta.SetPublished(time.GetAttribute("datetime") ?? time.TextContent, "time");
            if (meta.Published is not null)
            {
                return;
            }
        }

        // A byline or dateline paragraph near the top: "Priya Raman and Tom Beck - September 15, 2026".
        var n = 0;
        foreach (var el in root.QuerySelectorAll("p, div, span"))
        {
            if (++n > 40)
            {
                break;
            }

            var t = Clean(el.TextContent);
            if (t.Length <= 120 && ArticleHeaderReader.TryParseDate(t, out var d))
            {
                meta.Published = d;
                meta.PublishedFrom = "byline";
                return;
            }
        }
    }

    private static bool ParseDate(string value, out PartialDate date, out DateTimeOffset? at)
    {
        date = default;
        at = null;
        var v = value.Trim();
        if (v.Length >= 10 && char.IsAsciiDigit(v[0]) && v[4] == '-'
            && DateOnly.TryParseExact(v[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // The calendar day as the page wrote it (its own offset), not converted to UTC.
            date = PartialDate.OfDay(day);
            if (v.Length > 10 && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            {
                at = dto;
            }

            return true;
        }

        if (PartialDate.TryParse(v, out var partial))
        {
            date = partial;
            return true;
        }

        return ArticleHeaderReader.TryParseDate(v, out date);
    }

    /// <summary>
    /// The element that holds the article: one &lt;article&gt;, else &lt;main&gt;, else the block with the most
    /// paragraph text.
    /// </summary>
    private static IElement? MainElement(IDocument document)
    {
        var body = document.Body ?? document.DocumentElement;
        if (body is null)
        {
            return null;
        }

        IElement? best = null;
        var bestScore = 0;
        foreach (var el in body.QuerySelectorAll("article, main, [role=main], [itemprop=articleBody], .article-body, .article-content, "
            + ".entry-content, .post-content, #content, .content, .story-body"))
        {
            var score = ParagraphChars(el);
            if (score > bestScore * 1.2 || (el.LocalName == "article" && score >= bestScore * 0.8))
            {
                best = el;
                bestScore = score;
            }
        }

        // Too little text in the marked container (or none at all): the whole body, furniture dropped.
        return best is not null && bestScore >= ParagraphChars(body) * 0.4 ? best : body;
    }

    private static int ParagraphChars(IElement el)
    {
        var n = 0;
        foreach (var p in el.QuerySelectorAll("p, li, td, h2, h3"))
        {
            n += p.TextContent.Length;
        }

        return n;
    }

    private static bool IsFurniture(IElement el)
    {
        if (Dropped.Contains(el.LocalName) || el.HasAttribute("hidden")
            || string.Equals(el.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var role = el.GetAttribute("role");
        if (role is "navigation" or "banner" or "contentinfo" or "complementary" or "search")
        {
            return true;
        }

        var marks = ((el.GetAttribute("class") ?? "") + " " + (el.GetAttribute("id") ?? "")).ToLowerInvariant();
        if (marks.Length <= 1)
        {
            return false;
        }

        foreach (var w in FurnitureWords)
        {
            if (ContainsToken(marks, w))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"post-meta", "byline", "nav-bar": the word as a whole class token or a hyphen/underscore part of one.</summary>
    private static bool ContainsToken(string marks, string word)
    {
        for (var at = marks.IndexOf(word, StringComparison.Ordinal); at >= 0; at = marks.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || marks[at - 1] is ' ' or '-' or '_';
            var end = at + word.Length;
            var after = end == marks.Length || marks[end] is ' ' or '-' or '_' or 's';
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendBlock(INode node, StringBuilder sb, int depth, RenderContext context)
    {
        if (depth > 200)
        {
            return;
        }

        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    AppendCollapsed(sb, t.Data);
                    break;
                case IElement el when IsFurniture(el):
                    break;
                case IHtmlTableElement table:
                    NewLine(sb);
                    AppendTable(table, sb);
                    NewLine(sb);
                    break;
                case IElement el when el.LocalName == "dl" && IsShortDefinitionList(el):
                    NewLine(sb);
                    AppendDefinitionList(el, sb);
                    NewLine(sb);
                    break;
                case IElement el when el.LocalName == "br":
                    sb.Append('\n');
                    break;
                case IElement el when el.LocalName == "li":
                    NewLine(sb);
                    var ordered = el.ParentElement?.LocalName == "ol";
                    var own = Clean(el.TextContent);
                    if (own.Length > 0 && own[0] is not ('-' or '\u2022' or '*' or '\u2192'))
                    {
                        sb.Append(ordered ? (el.Index() + 1).ToString(CultureInfo.InvariantCulture) + ". " : "- ");
                    }

                    AppendBlock(el, sb, depth + 1, context);
                    NewLine(sb);
                    break;
                case IElement el when el.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    var heading = Clean(el.TextContent);
                    if (context.Titles.Contains(Normalize(heading)))
                    {
                        break; // the title is metadata, not a line of the body
                    }

                    NewLine(sb);
                    sb.Append(heading);
                    NewLine(sb);
                    break;
                case IElement el when el.LocalName == "p" && context.Paragraphs < 4 && IsBylineOrDateline(el):
                    break; // "By Fiona Grant", "Kofi Mensah, 14 May 2026": metadata, never a claim or a horizon
                case IElement el when Blocks.Contains(el.LocalName):
                    if (el.LocalName == "p")
                    {
                        context.Paragraphs++;
                    }

                    NewLine(sb);
                    AppendBlock(el, sb, depth + 1, context);
                    NewLine(sb);
                    break;
                case IElement el:
                    AppendBlock(el, sb, depth + 1, context);
                    break;
            }
        }
    }

    private sealed class RenderContext
    {
        public HashSet<string> Titles { get; } = new(StringComparer.Ordinal);

        public int Paragraphs { get; set; }
    }

    /// <summary>A short paragraph at the top that is a byline or a publication line, not body.</summary>
    private static bool IsBylineOrDateline(IElement p)
    {
        var t = Clean(p.TextContent);
        if (t.Length is 0 or > 120 || (t[^1] == '.' && t.Split(' ').Length > 8))
        {
            return false;
        }

        return p.QuerySelector("time") is not null || t.StartsWith("By ", StringComparison.Ordinal)
            || ArticleHeaderReader.TryParseDate(t, out _) || ArticleHeaderReader.Read(t).HeaderLines.Count > 0;
    }

    private static int Index(this IElement el)
    {
        var i = 0;
        for (var s = el.PreviousElementSibling; s is not null; s = s.PreviousElementSibling)
        {
            if (s.LocalName == "li")
            {
                i++;
            }
        }

        return i;
    }

    /// <summary>
    /// A table as markdown: the caption on its own line, then "| a | b |" rows with a separator after the header. Cells
    /// spanning columns or rows (colspan, rowspan) are repeated into every slot they cover, so each row has all its
    /// cells. Several header rows (in &lt;thead&gt;, or leading rows of &lt;th&gt; only) are merged into one per column,
    /// a units row ("%", "$bn") after them in brackets: "Forecast 2027 (%)".
    /// </summary>
    private static void AppendTable(IHtmlTableElement table, StringBuilder sb)
    {
        if (table.Caption is { } caption && Clean(caption.TextContent) is { Length: > 0 } c)
        {
            sb.Append(c).Append('\n');
        }

        var grid = TableGrid(table, out var headerRows);
        if (grid.Count == 0)
        {
            return;
        }

        var width = grid.Max(static r => r.Count);
        foreach (var r in grid)
        {
            while (r.Count < width)
            {
                r.Add("");
            }
        }

        if (headerRows >= 2 && IsUnitsRow(grid[headerRows - 1]))
        {
            headerRows--; // the last header row holds units
        }

        var units = headerRows > 0 && headerRows < grid.Count && IsUnitsRow(grid[headerRows]) ? 1 : 0;
        var body = grid.Skip(headerRows + units).ToList();
        if (headerRows > 0)
        {
            var merged = new List<string>();
            for (var col = 0; col < width; col++)
            {
                var parts = new List<string>();
                for (var r = 0; r < headerRows; r++)
                {
                    var t = grid[r][col];
                    if (t.Length > 0 && !parts.Contains(t, StringComparer.Ordinal))
                    {
                        parts.Add(t);
                    }
                }

                var head = string.Join(' ', parts);
                var unit = units > 0 ? grid[headerRows][col] : "";
                merged.Add(unit.Length > 0 && col > 0 ? (head.Length > 0 ? head + " (" + unit + ")" : unit) : head);
            }

            body.Insert(0, merged);
        }

        var first = true;
        foreach (var cells in body)
        {
            if (cells.All(static x => x.Length == 0))
            {
                continue;
            }

            sb.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
            if (first)
            {
                sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", cells.Count))).Append('\n');
                first = false;
            }
        }
    }

    /// <summary>The table's rows with spanned cells repeated; <paramref name="headerRows"/> leading rows are headers.</summary>
    private static List<List<string>> TableGrid(IHtmlTableElement table, out int headerRows)
    {
        const int MaxSpan = 50;
        var grid = new List<List<string>>();
        var pending = new Dictionary<int, (string Text, int Left)>(); // column -> a rowspan cell still covering rows
        headerRows = 0;
        var headerDone = false;
        foreach (var row in table.Rows)
        {
            var cells = row.Cells.ToList();
            if (cells.Count == 0 && pending.Count == 0)
            {
                continue;
            }

            var inHead = row.ParentElement?.LocalName == "thead";
            var allTh = cells.Count > 0 && cells.All(static x => x.LocalName == "th");
            var line = new List<string>();
            var col = 0;
            foreach (var cell in cells)
            {
                col = TakePending(line, pending, col);
                var text = Clean(cell.TextContent).Replace("|", "/", StringComparison.Ordinal);
                var colspan = Math.Clamp(cell.ColumnSpan, 1, MaxSpan);
                var rowspan = Math.Clamp(cell.RowSpan, 1, MaxSpan);
                for (var k = 0; k < colspan; k++)
                {
                    if (rowspan > 1)
                    {
                        pending[col] = (text, rowspan - 1);
                    }

                    line.Add(text);
                    col++;
                }
            }

            TakePending(line, pending, col, all: true);
            if (line.Count == 0 || line.All(static x => x.Length == 0))
            {
                continue;
            }

            if (!headerDone && (inHead || (allTh && grid.Count == headerRows)))
            {
                headerRows++;
            }
            else
            {
                headerDone = true;
            }

            grid.Add(line);
        }

        if (headerRows == 0 && grid.Count > 0)
        {
            headerRows = 1; // the first row heads the table, as in markdown
        }

        return grid;
    }

    /// <summary>Fills the slots a rowspan from above still covers, from <paramref name="col"/> on; returns the next column.</summary>
    private static int TakePending(List<string> line, Dictionary<int, (string Text, int Left)> pending, int col, bool all = false)
    {
        while (pending.TryGetValue(col, out var p) || (all && pending.Keys.Any(k => k > col)))
        {
            if (!pending.ContainsKey(col))
            {
                line.Add("");
                col++;
                continue;
            }

            line.Add(p.Text);
            if (p.Left <= 1)
            {
                pending.Remove(col);
            }
            else
            {
                pending[col] = (p.Text, p.Left - 1);
            }

            col++;
        }

        return col;
    }

    /// <summary>A row of units under the headers: every filled cell after the first is a short unit ("%", "$bn", "y/y").</summary>
    private static bool IsUnitsRow(List<string> row) =>
        row.Skip(1).Any(static x => x.Length > 0)
        && row.Skip(1).All(static x => x.Length == 0 || (x.Length <= 12 && !x.Any(char.IsAsciiDigit) && IsUnitWords(x)));

    private static readonly HashSet<string> UnitWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "%", "pp", "bps", "bp", "m", "mn", "bn", "k", "tn", "million", "billion", "thousand", "units", "index", "y/y", "yoy", "q/q",
        "$", "\u00A3", "\u20AC", "\u00A5", "$m", "$bn", "\u00A3m", "\u00A3bn", "\u20ACm", "\u20ACbn", "us$", "us$bn", "a$bn", "%yoy",
        "% y/y", "% of gdp", "per cent", "percent", "points", "pts", "kt", "mt", "t", "bbl", "$/t", "$/bbl", "mb/d", "kb/d", "gw", "twh",
        "\u00B0c", "rate", "level", "change", "ann.", "avg", "average",
    };

    private static bool IsUnitWords(string cell) =>
        UnitWords.Contains(cell.Trim().Trim('(', ')', '[', ']', ' '));

    /// <summary>A &lt;dl&gt; of short terms and values: one "term: value" line each.</summary>
    private static bool IsShortDefinitionList(IElement dl)
    {
        var dds = dl.Children.Where(static e => e.LocalName == "dd").ToList();
        return dds.Count > 0 && dds.All(static d => Clean(d.TextContent).Length <= 80)
            && dl.Children.Where(static e => e.LocalName == "dt").All(static d => Clean(d.TextContent).Length <= 80);
    }

    private static void AppendDefinitionList(IElement dl, StringBuilder sb)
    {
        string? term = null;
        foreach (var child in dl.Children)
        {
            if (child.LocalName == "dt")
            {
                if (term is not null)
                {
                    sb.Append(term).Append('\n');
                }

                term = Clean(child.TextContent);
            }
            else if (child.LocalName == "dd")
            {
                var value = Clean(child.TextContent);
                sb.Append(term is { Length: > 0 } t ? t.TrimEnd(':') + ": " + value : value).Append('\n');
                term = null;
            }
        }

        if (term is not null)
        {
            sb.Append(term).Append('\n');
        }
    }

    private static void AppendCollapsed(StringBuilder sb, string data)
    {
        foreach (var ch in data)
        {
            var c = ch == '\u00A0' ? ' ' : ch;
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] is not (' ' or '\n'))
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private static void NewLine(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }
    }

    /// <summary>Lines trimmed, at most one blank line between blocks, no blank lines inside a table.</summary>
    private static string TidyLines(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var table = line.StartsWith('|');
            if (sb.Length > 0)
            {
                sb.Append(table && PreviousLineIsTable(sb) ? "\n" : "\n\n");
            }

            sb.Append(line);
        }

        return sb.Append('\n').ToString();
    }

    private static bool PreviousLineIsTable(StringBuilder sb)
    {
        var i = sb.Length - 1;
        while (i >= 0 && sb[i] != '\n')
        {
            i--;
        }

        return i + 1 < sb.Length && sb[i + 1] == '|';
    }

    private static string? TitleFromTitleTag(IDocument document, string? outlet)
    {
        var t = Clean(document.Title);
        if (t.Length == 0)
        {
            return null;
        }

        foreach (var sep in (string[])[" | ", " - ", " \u2013 ", " \u2014 ", " :: "])
        {
            var at = t.LastIndexOf(sep, StringComparison.Ordinal);
            if (at > 10
                && (outlet is null || t[(at + sep.Length)..].Contains(outlet, StringComparison.OrdinalIgnoreCase) || t.Length - at < 40))
            {
                return t[..at];
            }
        }

        return t;
    }

    private static string StripBy(string name) =>
        name.StartsWith("by ", StringComparison.OrdinalIgnoreCase) ? name[3..].Trim() : name;

    private static string Normalize(string s) =>
        string.Join(' ', s.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return "";
        }

        return string.Join(' ', s.Replace('\u00A0', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
