using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace ForecastWatch.Ingestion;

/// <summary>One entry of a feed or sitemap.</summary>
/// <param name="ContentHtml">The full text when the feed carries it (<c>content:encoded</c>, Atom content, JSON Feed
/// content_html/content_text).</param>
internal sealed record FeedItem(Uri Url, string? Title, DateTimeOffset? Published, DateTimeOffset? Updated, IReadOnlyList<string> Authors,
    string? ContentHtml, string? Language);

/// <param name="ChildSitemaps">For a sitemap index: the sitemaps it lists.</param>
internal sealed record FeedDocument(SourceKind Kind, string? Title, string? Language, IReadOnlyList<FeedItem> Items,
    IReadOnlyList<Uri> ChildSitemaps);

/// <summary>The document is not a feed or sitemap we can read.</summary>
internal sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads RSS 2.0, Atom 1.0 (RFC 4287), JSON Feed 1.0/1.1 and sitemaps (with the Google <c>news:</c> extension and
/// sitemap indexes). XML is read without DTDs or external entities. Items without a usable http(s) link are skipped.
/// </summary>
internal static class FeedReader
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

    public static FeedDocument Read(string text, Uri baseUrl, SourceKind expected = SourceKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().TrimStart();
        if (expected == SourceKind.JsonFeed || (expected == SourceKind.Auto && trimmed.Length > 0 && trimmed[0] == '{'))
        {
            return ReadJsonFeed(text, baseUrl);
        }

        var doc = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Ignore,
                XmlResolver = null,
                MaxCharactersFromEntities = 1024,
                IgnoreComments = true,
            });
            doc.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new FeedFormatException($"not well-formed XML: {ex.Message}", ex);
        }

        var root = doc.DocumentElement ?? throw new FeedFormatException("empty XML document.");
        return root.LocalName switch
        {
            "rss" => ReadRss(root, baseUrl),
            "feed" when root.NamespaceURI == AtomNs => ReadAtom(root, baseUrl),
            "urlset" => ReadUrlSet(root, baseUrl),
            "sitemapindex" => new FeedDocument(SourceKind.Sitemap, null, null, [],
                [.. Children(root, "sitemap").Select(s => Link(Child(s, "loc")?.InnerText, baseUrl)).OfType<Uri>()]),
            "RDF" => ReadRss(root, baseUrl),
            _ => throw new FeedFormatException($"unknown document type <{root.Name}>: expected RSS, Atom, JSON Feed or a sitemap."),
        };
    }

    private static FeedDocument ReadRss(XmlElement root, Uri baseUrl)
    {
        var channel = Child(root, "channel") ?? root;
        var items = new List<FeedItem>();
        var language = Child(channel, "language")?.InnerText.Trim();
        // RSS 1.0 (RDF) puts items beside the channel.
        foreach (var item in Children(channel, "item").Concat(channel == root ? [] : Children(root, "item")))
        {
            var link = Link(Child(item, "link")?.InnerText, baseUrl);
            var guid = Child(item, "guid");
            if (link is null && guid is not null
                && !string.Equals(guid.GetAttribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase))
            {
                link = Link(guid.InnerText, baseUrl);
            }

            if (link is null)
            {
                continue;
            }

            var authors = Children(item, "creator", DcNs).Select(static e => e.InnerText.Trim())
                .Concat(Children(item, "author").Select(static e => RssAuthor(e.InnerText)))
                .Where(static a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            var content = Child(item, "encoded", ContentNs)?.InnerText;
            var date = Date(Child(item, "pubDate")?.InnerText) ?? Date(Child(item, "date", DcNs)?.InnerText);
            items.Add(new FeedItem(link, Text(Child(item, "title")), date, null, authors,
                string.IsNullOrWhiteSpace(content) ? null : content, language));
        }

        return new FeedDocument(SourceKind.Rss, Text(Child(channel, "title")), language, items, []);
    }

    private static FeedDocument ReadAtom(XmlElement root, Uri baseUrl)
    {
        var items = new List<FeedItem>();
        var language = root.GetAttribute("xml:lang") is { Length: > 0 } l ? l : null;
        var feedAuthors = Children(root, "author", AtomNs).Select(static a => Child(a, "name", AtomNs)?.InnerText.Trim() ?? "")
            .Where(static a => a.Length > 0).ToList();
        foreach (var entry in Children(root, "entry", AtomNs))
        {
            var links = Children(entry, "link", AtomNs).ToList();
            var alternate = links.FirstOrDefault(static k =>
                k.GetAttribute("rel") is "" or "alternate" && k.GetAttribute("type") is "" or "text/html" or "application/xhtml+xml")
                ?? links.FirstOrDefault(static k => k.GetAttribute("rel") is "" or "alternate");
            var link = Link(alternate?.GetAttribute("href"), baseUrl);
            if (link is null)
            {
                continue;
            }

            var authors = Children(entry, "author", AtomNs).Select(static a => Child(a, "name", AtomNs)?.InnerText.Trim() ?? "")
                .Where(static a => a.Length > 0).ToList();
            var contentElement = Child(entry, "content", AtomNs);
            string? content = null;
            if (contentElement is not null && !contentElement.HasAttribute("src"))
            {
                var type = contentElement.GetAttribute("type");
                content = type switch
                {
                    "xhtml" => contentElement.InnerXml,
                    "html" => contentElement.InnerText,
                    "" or "text" => System.Net.WebUtility.HtmlEncode(contentElement.InnerText),
                    _ => null,
                };
            }

            var entryLanguage = entry.GetAttribute("xml:lang") is { Length: > 0 } el ? el : language;
            items.Add(new FeedItem(
                link, Text(Child(entry, "title", AtomNs)),
                Date(Child(entry, "published", AtomNs)?.InnerText), Date(Child(entry, "updated", AtomNs)?.InnerText),
                authors.Count > 0 ? authors : feedAuthors, string.IsNullOrWhiteSpace(content) ? null : content, entryLanguage));
        }

        return new FeedDocument(SourceKind.Atom, Text(Child(root, "title", AtomNs)), language, items, []);
    }

    private static FeedDocument ReadUrlSet(XmlElement root, Uri baseUrl)
    {
        var items = new List<FeedItem>();
        foreach (var url in Children(root, "url"))
        {
            var link = Link(Child(url, "loc")?.InnerText, baseUrl);
            if (link is null)
            {
                continue;
            }

            var news = Child(url, "news", NewsNs);
            var title = news is null ? null : Text(Child(news, "title", NewsNs));
            var published = news is null ? null : Date(Child(news, "publication_date", NewsNs)?.InnerText);
            var publication = news is null ? null : Child(news, "publication", NewsNs);
            var language = publication is null ? null : Child(publication, "language", NewsNs)?.InnerText.Trim();
            items.Add(new FeedItem(link, title, published, Date(Child(url, "lastmod")?.InnerText), [], null, language));
        }

        return new FeedDocument(SourceKind.Sitemap, null, null, items, []);
    }

    private static FeedDocument ReadJsonFeed(string text, Uri baseUrl)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new FeedFormatException($"not valid JSON: {ex.Message}", ex);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !Str(root, "version").StartsWith("https://jsonfeed.org/version/", StringComparison.Ordinal))
            {
                throw new FeedFormatException("JSON without a JSON Feed \"version\" (https://jsonfeed.org/version/1.1).");
            }

            var language = Str(root, "language") is { Length: > 0 } l ? l : null;
            var feedAuthors = JsonAuthors(root);
            var items = new List<FeedItem>();
            if (root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    var link = Link(Str(item, "url"), baseUrl) ?? Link(Str(item, "external_url"), baseUrl);
                    if (link is null)
                    {
                        continue;
                    }

                    var html = Str(item, "content_html");
                    var plain = Str(item, "content_text");
                    var content = html.Length > 0 ? html : plain.Length > 0 ? "<pre>" + System.Net.WebUtility.HtmlEncode(plain) + "</pre>"
                        : null;
                    var authors = JsonAuthors(item);
                    items.Add(new FeedItem(
                        link, Str(item, "title") is { Length: > 0 } t ? t : null,
                        Date(Str(item, "date_published")), Date(Str(item, "date_modified")),
                        authors.Count > 0 ? authors : feedAuthors, content, Str(item, "language") is { Length: > 0 } il ? il : language));
                }
            }

            return new FeedDocument(SourceKind.JsonFeed, Str(root, "title"), language, items, []);
        }
    }

    private static List<string> JsonAuthors(JsonElement e)
    {
        var names = new List<string>();
        if (e.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            names.AddRange(authors.EnumerateArray().Select(static a => Str(a, "name")).Where(static n => n.Length > 0));
        }
        else if (e.TryGetProperty("author", out var author) && Str(author, "name") is { Length: > 0 } name)
        {
            names.Add(name);
        }

        return names;
    }

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!.Trim() : "";

    /// <summary>"jane@example.com (Jane Doe)" is the RSS 2.0 form; keep the name.</summary>
    private static string RssAuthor(string text)
    {
        var t = text.Trim();
        var open = t.IndexOf('(', StringComparison.Ordinal);
        return open > 0 && t.EndsWith(')') ? t[(open + 1)..^1].Trim() : t;
    }

    internal static Uri? Link(string? text, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(baseUrl, text.Trim(), out var uri))
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri : null;
    }

    internal static DateTimeOffset? Date(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        // RFC 822 dates in RSS often carry zone names .NET does not parse; the common ones are mapped.
        foreach (var (zone, offset) in Zones)
        {
            if (t.EndsWith(" " + zone, StringComparison.Ordinal))
            {
                t = t[..^zone.Length] + offset;
                break;
            }
        }

        string[] formats = ["ddd, d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm zzz",
            "ddd, dd MMM yyyy HH:mm:ss zzz"];
        var rfc822 = System.Text.RegularExpressions.Regex.Replace(t, @"([+-]\d\d)(\d\d)$", "$1:$2");
        if (DateTimeOffset.TryParseExact(rfc822, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d))
        {
            return d;
        }

        return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
            out d) ? d : null;
    }

    private static readonly (string Zone, string Offset)[] Zones =
    [
        ("GMT", "+00:00"), ("UT", "+00:00"), ("UTC", "+00:00"), ("Z", "+00:00"), ("EST", "-05:00"), ("EDT", "-04:00"),
        ("CST", "-06:00"), ("CDT", "-05:00"), ("MST", "-07:00"), ("MDT", "-06:00"), ("PST", "-08:00"), ("PDT", "-07:00"),
    ];

    private static string? Text(XmlElement? e) =>
        e is null ? null : System.Net.WebUtility.HtmlDecode(e.InnerText).Trim() is { Length: > 0 } t ? t : null;

    private static XmlElement? Child(XmlElement parent, string localName, string? ns = null) =>
        Children(parent, localName, ns).FirstOrDefault();

    private static IEnumerable<XmlElement> Children(XmlElement parent, string localName, string? ns = null) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e =>
            e.LocalName == localName && (ns is null ? e.NamespaceURI is "" || !IsExtension(e.NamespaceURI) : e.NamespaceURI == ns));

    private static bool IsExtension(string ns) => ns is AtomNs or ContentNs or DcNs or NewsNs;
}
