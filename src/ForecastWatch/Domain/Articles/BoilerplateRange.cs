namespace ForecastWatch.Domain.Articles;

/// <summary>
/// Lines <paramref name="StartLine"/>..<paramref name="EndLine"/> (1-based, inclusive) are page furniture, not article
/// body.
/// </summary>
public sealed record BoilerplateRange(string Kind, int StartLine, int EndLine, string? Note)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "navigation", "title", "byline", "related-articles", "ad", "event-ad", "comment-form", "faq", "foreign-ui",
        "glossary", "footer", "other",
    };
}
