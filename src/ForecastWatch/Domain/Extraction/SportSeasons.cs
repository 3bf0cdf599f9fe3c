namespace ForecastWatch.Domain.Extraction;

/// <summary>A league and the month its season ends in (its last matches or final), for "this season" in an article about it.</summary>
internal sealed record SportSeason(string League, int EndMonth);

/// <summary>
/// The season calendars of the leagues an article may be about (docs/forecast-language.md, "Sport seasons", lists the
/// sources). An article that names leagues ending their seasons in one month only gets that month; names that disagree
/// (a round-up of football and basketball) give none, and "this season" stays an undated event.
/// </summary>
internal static class SportSeasons
{
    private static readonly (string Name, int EndMonth)[] Leagues =
    [
        // European football: league seasons August-May, European finals at the end of May.
        ("Premier League", 5), ("EFL Championship", 5), ("Scottish Premiership", 5), ("La Liga", 5), ("LaLiga", 5), ("Bundesliga", 5),
        ("Serie A", 5), ("Ligue 1", 5), ("Eredivisie", 5), ("Champions League", 5), ("Europa League", 5), ("FA Cup", 5),
        ("A-League", 5), ("Indian Premier League", 5), ("IPL", 5),
        // North America.
        ("NBA", 6), ("NHL", 6), ("Stanley Cup", 6), ("NFL", 2), ("Super Bowl", 2), ("MLB", 11), ("World Series", 11), ("MLS", 12),
        ("WNBA", 10),
        // Oceania and rugby.
        ("AFL", 9), ("NRL", 10), ("Super Rugby", 6), ("Six Nations", 3),
        // Cricket and motor sport.
        ("County Championship", 9), ("Formula 1", 12), ("Formula One", 12), ("F1", 12),
    ];

    /// <summary>The one season end named in <paramref name="text"/>, or null (none, or leagues that end in different months).</summary>
    public static SportSeason? Detect(string text)
    {
        if (!text.Contains("season", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        SportSeason? found = null;
        foreach (var (name, end) in Leagues)
        {
            if (!Names(text, name))
            {
                continue;
            }

            if (found is not null && found.EndMonth != end)
            {
                return null;
            }

            found ??= new SportSeason(name, end);
        }

        return found;
    }

    /// <summary>The league's name as a word of its own, in its own capitals ("NBA", not "nba" in a URL part of a word).</summary>
    private static bool Names(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + name.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }
}
