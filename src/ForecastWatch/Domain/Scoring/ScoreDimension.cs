namespace ForecastWatch.Domain.Scoring;

/// <summary>What a scorecard groups by.</summary>
public enum ScoreDimension
{
    Outlet = 0,
    Author = 1,
    Article = 2,
    Tag = 3,
    Hedge = 4,
    Horizon = 5,
}

/// <summary>Group keys of a prediction along a dimension. Multi-valued dimensions (authors, tags) give several keys.</summary>
public static class ScoreDimensions
{
    public const string UnknownAuthor = "(unknown author)";
    public const string Untagged = "(untagged)";
    public const string NoHedge = "(no hedge)";
    public const string UnknownOutlet = "(unknown outlet)";

    public static bool TryParse(string? text, out ScoreDimension dimension)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "OUTLET":
                dimension = ScoreDimension.Outlet;
                return true;
            case "AUTHOR":
                dimension = ScoreDimension.Author;
                return true;
            case "ARTICLE":
                dimension = ScoreDimension.Article;
                return true;
            case "TAG":
                dimension = ScoreDimension.Tag;
                return true;
            case "HEDGE":
                dimension = ScoreDimension.Hedge;
                return true;
            case "HORIZON":
                dimension = ScoreDimension.Horizon;
                return true;
            default:
                dimension = default;
                return false;
        }
    }

    public static string Name(this ScoreDimension dimension) => dimension switch
    {
        ScoreDimension.Outlet => "outlet",
        ScoreDimension.Author => "author",
        ScoreDimension.Article => "article",
        ScoreDimension.Tag => "tag",
        ScoreDimension.Hedge => "hedge",
        ScoreDimension.Horizon => "horizon",
        _ => throw new DomainException($"Unknown dimension {(int)dimension}."),
    };

    /// <summary>Calls <paramref name="visit"/> once per distinct group key (a duplicated tag counts once).</summary>
    public static void ForEachKey<TState>(ScoredPrediction prediction, ScoreDimension dimension, TState state, Action<string, TState> visit)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(visit);
        switch (dimension)
        {
            case ScoreDimension.Outlet:
                visit(OutletKey(prediction.Outlet), state);
                break;
            case ScoreDimension.Article:
                visit(prediction.Article, state);
                break;
            case ScoreDimension.Hedge:
                visit(HedgeKey(prediction.Hedge), state);
                break;
            case ScoreDimension.Horizon:
                visit(HorizonBuckets.Label(prediction.MadeOn, prediction.ResolveBy), state);
                break;
            case ScoreDimension.Author:
                VisitMany(prediction.Authors, UnknownAuthor, state, visit);
                break;
            case ScoreDimension.Tag:
                VisitMany(prediction.Tags, Untagged, state, visit);
                break;
            default:
                throw new DomainException($"Unknown dimension {(int)dimension}.");
        }
    }

    /// <summary>The outlet group: trimmed, or <see cref="UnknownOutlet"/>.</summary>
    public static string OutletKey(string? outlet) => OrDefault(outlet, UnknownOutlet);

    /// <summary>The hedge group: trimmed and lower-cased, or <see cref="NoHedge"/>.</summary>
    public static string HedgeKey(string? hedge) => OrDefault(hedge?.Trim().ToLowerInvariant(), NoHedge);

    private static void VisitMany<TState>(IReadOnlyList<string> values, string fallback, TState state, Action<string, TState> visit)
    {
        var any = false;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.IsNullOrWhiteSpace(value) || IndexOf(values, value, i) < i)
            {
                continue;
            }

            any = true;
            visit(value.Trim(), state);
        }

        if (!any)
        {
            visit(fallback, state);
        }
    }

    private static int IndexOf(IReadOnlyList<string> values, string value, int limit)
    {
        for (var i = 0; i < limit; i++)
        {
            if (string.Equals(values[i]?.Trim(), value.Trim(), StringComparison.Ordinal))
            {
                return i;
            }
        }

        return limit;
    }

    private static string OrDefault(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}

/// <summary>Horizon length buckets: days from the article date to the resolve-by date.</summary>
public static class HorizonBuckets
{
    public const string Undated = "undated";

    /// <summary>Dated, but the article's publication date is unknown.</summary>
    public const string UnknownStart = "unknown length";

    /// <summary>Upper bounds in days (inclusive) and labels, shortest first; longer horizons fall in the last label.</summary>
    private static readonly (int MaxDays, string Label)[] Buckets =
    [
        (92, "0-3 months"),
        (366, "3-12 months"),
        (731, "1-2 years"),
        (1827, "2-5 years"),
    ];

    public const string Longest = "over 5 years";

    public static IReadOnlyList<string> Labels { get; } = [.. Buckets.Select(static b => b.Label), Longest, Undated, UnknownStart];

    public static string Label(DateOnly? madeOn, DateOnly? resolveBy)
    {
        if (resolveBy is not { } by)
        {
            return Undated;
        }

        if (madeOn is not { } made)
        {
            return UnknownStart;
        }

        return LabelForDays(by.DayNumber - made.DayNumber);
    }

    /// <summary>The bucket of a horizon <paramref name="days"/> long (negative: due before it was made, the shortest).</summary>
    public static string LabelForDays(int days)
    {
        foreach (var (maxDays, label) in Buckets)
        {
            if (days <= maxDays)
            {
                return label;
            }
        }

        return Longest;
    }
}
