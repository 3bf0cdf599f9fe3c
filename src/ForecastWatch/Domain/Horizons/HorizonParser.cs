using System.Diagnostics.CodeAnalysis;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Horizons;

/// <summary>
/// Parses time horizons as they appear in articles, relative to the publication date.
/// CONTRACT (owned by the extraction work): <see cref="TryParse"/> reads one whole horizon phrase;
/// <see cref="FindAll"/> scans running text and returns every horizon phrase with its offsets.
/// </summary>
public static class HorizonParser
{
    public static bool TryParse(string text, PartialDate published, [NotNullWhen(true)] out Horizon? horizon)
    {
        ArgumentNullException.ThrowIfNull(text);
        _ = published;
        horizon = null;
        return false;
    }

    public static IReadOnlyList<HorizonMatch> FindAll(string text, PartialDate published)
    {
        ArgumentNullException.ThrowIfNull(text);
        _ = published;
        return [];
    }
}
