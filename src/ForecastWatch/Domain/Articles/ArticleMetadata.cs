using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Articles;

/// <summary>What the <c>.meta.json</c> sidecar says about one article (see docs/seeds-format.md).</summary>
/// <param name="Published">Publication date at the precision the text supports; null when nothing in the text dates it.</param>
/// <param name="DateNote">Where the date (or its absence) comes from.</param>
public sealed record ArticleMetadata(
    string Id,
    string Title,
    string Outlet,
    IReadOnlyList<string> Authors,
    string? Url,
    string Language,
    PartialDate? Published,
    string? DateNote,
    string? Notes,
    string? SourceFile,
    IReadOnlyList<BoilerplateRange> Boilerplate);
