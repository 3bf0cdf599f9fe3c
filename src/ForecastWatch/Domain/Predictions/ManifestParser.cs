using System.Text.Json;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Predictions;

/// <summary>
/// Parses and validates the prediction manifest (<c>seeds/predictions.json</c>, format in docs/seeds-format.md)
/// against the articles it cites. Every defect is reported with file, prediction id and field; nothing is thrown.
/// </summary>
public static partial class ManifestParser
{
    public const int MaxIdLength = 48;

    private static readonly string[] RootFields = ["predictions"];

    private static readonly string[] Fields =
    [
        "id", "article", "claim", "quote", "horizon", "resolveBy", "undated", "kind", "metric", "comparator", "threshold",
        "low", "high", "unit", "condition", "probability", "hedge", "probabilitySource", "tags", "criteria", "editors",
        "status", "origin", "conditionKind", "conditionMetric", "conditionComparator", "conditionThreshold", "conditionLow",
        "conditionHigh", "conditionUnit", "conditionHorizon", "conditionResolveBy",
        "conditionNegated",
    ];

    public static IReadOnlyList<Prediction> Parse(string json, string file, IReadOnlyDictionary<string, Article> articles,
        List<SeedError> errors)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            errors.Add(new SeedError(file, null, null, $"not valid JSON: {ex.Message}"));
            return [];
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SeedError(file, null, null, "must be a JSON object with a \"predictions\" array"));
                return [];
            }

            var root = new StrictJsonObject(document.RootElement, file, null, errors, RootFields);
            if (!root.Has("predictions"))
            {
                root.Error("predictions", "is required");
            }

            var result = new List<Prediction>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in root.Objects("predictions"))
            {
                index++;
                var prediction = ParseEntry(element, file, index, articles, errors);
                if (prediction is null)
                {
                    continue;
                }

                if (!seen.Add(prediction.Id))
                {
                    errors.Add(new SeedError(file, prediction.Id, "id", "is used by more than one prediction"));
                    continue;
                }

                result.Add(prediction);
            }

            return result;
        }
    }

    private static Prediction? ParseEntry(JsonElement element, string file, int index, IReadOnlyDictionary<string, Article> articles,
        List<SeedError> errors)
    {
        var before = errors.Count;
        var rawId = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()
            : null;
        var o = new StrictJsonObject(element, file, string.IsNullOrWhiteSpace(rawId) ? $"predictions[{index}]" : rawId, errors, Fields);

        var id = o.String("id", required: true);
        if (id is not null && (id.Length > MaxIdLength || !IdPattern().IsMatch(id)))
        {
            o.Error("id",
                $"'{id}' must be 1-{MaxIdLength} lowercase letters, digits and single hyphens (it appears in mail subjects as [FW-<id>])");
        }

        var status = ParseEnum<EntryStatus>(o, "status", required: true);
        var origin = ParseEnum<PredictionOrigin>(o, "origin", required: true);
        var claim = o.String("claim", required: true);
        var criteria = o.String("criteria", required: status == EntryStatus.Accepted);

        var articleId = o.String("article", required: true);
        Article? article = null;
        if (articleId is not null && !articles.TryGetValue(articleId, out article))
        {
            o.Error("article",
                $"no article with id '{articleId}' (known: {string.Join(", ", articles.Keys.Order(StringComparer.Ordinal))})");
        }

        var quote = o.String("quote", required: true);
        var quoteStart = -1;
        if (quote is not null && article is not null)
        {
            quoteStart = article.FindInBody(quote);
            if (quoteStart < 0)
            {
                var anywhere = article.Text.IndexOf(quote, StringComparison.Ordinal);
                o.Error("quote", anywhere < 0
                    ? $"does not occur verbatim in article '{article.Id}'"
                    : $"occurs in article '{article.Id}' only in boilerplate (line {article.LineOf(anywhere)}), not in the body");
            }
        }

        var (horizon, resolveBy, undated) = ParseDates(o, article);

        var kind = ParseEnum<PredictionKind>(o, "kind", required: true);
        var metric = o.String("metric");
        var comparatorText = o.String("comparator");
        Comparator? comparator = null;
        if (comparatorText is not null)
        {
            if (Comparators.TryParse(comparatorText, out var c))
            {
                comparator = c;
            }
            else
            {
                o.Error("comparator", $"'{comparatorText}' is not one of >, >=, <, <=, =");
            }
        }

        var threshold = o.Number("threshold");
        var low = o.Number("low");
        var high = o.Number("high");
        var unit = o.String("unit");
        CheckKindFields(o, kind, metric, comparatorText, threshold, low, high, unit);

        var probability = o.Number("probability");
        var hedge = o.String("hedge");
        var probabilitySource = ParseEnum<ProbabilitySource>(o, "probabilitySource", required: false);
        if (probability is not null)
        {
            if (probability is < 0 or > 1)
            {
                o.Error("probability", $"{probability} is not between 0 and 1");
            }

            if (string.IsNullOrWhiteSpace(hedge))
            {
                o.Error("hedge", "is required with a probability: the words the probability came from");
            }

            if (probabilitySource is null)
            {
                o.Error("probabilitySource", "is required with a probability: stated or hedge");
            }
        }
        else if (hedge is not null || probabilitySource is not null)
        {
            o.Error("probability", "is required when hedge or probabilitySource is given");
        }

        var tags = o.Strings("tags");
        var condition = o.String("condition");
        var conditionSpec = ParseConditionSpec(o, condition, article);
        var editors = o.Strings("editors");
        foreach (var editor in editors.Where(static e => !EmailPattern().IsMatch(e)))
        {
            o.Error("editors", $"'{editor}' is not an email address");
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new Prediction
        {
            Id = id!,
            ArticleId = article!.Id,
            Claim = claim!,
            Quote = quote!,
            QuoteStart = quoteStart,
            Horizon = horizon?.Text,
            Earliest = horizon?.Earliest,
            ResolveBy = resolveBy?.Last ?? horizon?.ResolveBy,
            ResolveByPrecision = resolveBy?.Precision ?? horizon?.Precision,
            ResolveByOverride = resolveBy is not null,
            Undated = undated,
            EndsBeforePublication = resolveBy is null && horizon is { EndsBeforePublication: true },
            Kind = kind!.Value,
            Metric = metric,
            Comparator = comparator,
            Threshold = threshold,
            Low = low,
            High = high,
            Unit = unit,
            Condition = condition,
            ConditionSpec = conditionSpec,
            Probability = probability,
            Hedge = hedge,
            ProbabilitySource = probabilitySource,
            Tags = tags,
            Criteria = criteria ?? "",
            Editors = editors,
            Status = status!.Value,
            Origin = origin!.Value,
        };
    }

    /// <summary>
    /// Horizon rules: an undated claim has no horizon; a dated one needs a horizon the parser reads against the
    /// article's publication date, unless an explicit resolveBy overrides it (then the horizon is kept as words only).
    /// </summary>
    private static (Horizon? Horizon, PartialDate? ResolveBy, bool Undated) ParseDates(StrictJsonObject o, Article? article)
    {
        var horizonText = o.String("horizon");
        var undated = o.Bool("undated");
        PartialDate? resolveBy = null;
        var resolveByText = o.String("resolveBy");
        if (resolveByText is not null)
        {
            if (PartialDate.TryParse(resolveByText, out var date))
            {
                resolveBy = date;
            }
            else
            {
                o.Error("resolveBy", $"'{resolveByText}' is not a date of the form YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD");
            }
        }

        if (undated && horizonText is not null)
        {
            o.Error("horizon", "an undated prediction has no horizon (remove one of horizon and undated)");
            return (null, resolveBy, undated);
        }

        if (!undated && horizonText is null && resolveByText is null)
        {
            o.Error("horizon", "is required unless the prediction is undated or has an explicit resolveBy");
            return (null, null, undated);
        }

        if (horizonText is null || article is null)
        {
            return (null, resolveBy, undated);
        }

        if (article.Metadata.Published is not { } published)
        {
            if (resolveByText is null)
            {
                o.Error("horizon", $"article '{article.Id}' has no publication date, so '{horizonText}' cannot be dated; give resolveBy");
            }

            return (null, resolveBy, undated);
        }

        if (HorizonParser.TryParse(horizonText, published, out var horizon))
        {
            return (horizon, resolveBy, undated);
        }

        if (resolveByText is null)
        {
            o.Error("horizon",
                $"'{horizonText}' is not a horizon the parser understands (relative to {published}); rephrase it or give resolveBy");
        }

        return (null, resolveBy, undated);
    }

    /// <summary>
    /// A conditional's condition, when it is a quantity or has its own horizon: <c>conditionKind</c> (event, threshold,
    /// range) with the same fields as the claim's, prefixed. Null when the condition is a plain event.
    /// </summary>
    private static ConditionSpec? ParseConditionSpec(StrictJsonObject o, string? condition, Article? article)
    {
        var kind = ParseEnum<PredictionKind>(o, "conditionKind", required: false);
        var metric = o.String("conditionMetric");
        var comparatorText = o.String("conditionComparator");
        Comparator? comparator = null;
        if (comparatorText is not null)
        {
            if (Comparators.TryParse(comparatorText, out var c))
            {
                comparator = c;
            }
            else
            {
                o.Error("conditionComparator", $"'{comparatorText}' is not one of >, >=, <, <=, =");
            }
        }

        var threshold = o.Number("conditionThreshold");
        var low = o.Number("conditionLow");
        var high = o.Number("conditionHigh");
        var unit = o.String("conditionUnit");
        var horizon = o.String("conditionHorizon");
        var resolveByText = o.String("conditionResolveBy");
        var negated = o.Bool("conditionNegated");
        var any = negated || kind is not null || metric is not null || comparatorText is not null || threshold is not null
            || low is not null
            || high is not null || unit is not null || horizon is not null || resolveByText is not null;
        if (!any)
        {
            return null;
        }

        if (condition is null)
        {
            o.Error("condition", "is required with conditionKind and the other condition fields: the condition in words");
            return null;
        }

        CheckKindFields(o, kind ?? PredictionKind.Event, metric, comparatorText, threshold, low, high, unit, "condition");
        DateOnly? resolveBy = null;
        if (resolveByText is not null)
        {
            if (PartialDate.TryParse(resolveByText, out var date))
            {
                resolveBy = date.Last;
            }
            else
            {
                o.Error("conditionResolveBy", $"'{resolveByText}' is not a date of the form YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD");
            }
        }
        else if (horizon is not null && article?.Metadata.Published is { } published)
        {
            if (HorizonParser.TryParse(horizon, published, out var parsed))
            {
                resolveBy = parsed.ResolveBy;
            }
            else
            {
                o.Error(
                    "conditionHorizon",
                    $"'{horizon}' is not a horizon the parser understands (relative to {published}); give conditionResolveBy");
            }
        }

        return new ConditionSpec
        {
            Kind = kind ?? PredictionKind.Event,
            Metric = metric,
            Comparator = comparator,
            Threshold = threshold,
            Low = low,
            High = high,
            Unit = unit,
            Horizon = horizon,
            ResolveBy = resolveBy,
            Negated = negated,
        };
    }

    private static void CheckKindFields(
        StrictJsonObject o,
        PredictionKind? kind,
        string? metric,
        string? comparator,
        double? threshold,
        double? low,
        double? high,
        string? unit,
        string prefix = "")
    {
        string F(string field) => prefix.Length == 0 ? field : prefix + char.ToUpperInvariant(field[0]) + field[1..];
        switch (kind)
        {
            case PredictionKind.Event:
                foreach (var (name, present) in new[]
                {
                    (F("metric"), metric is not null), (F("comparator"), comparator is not null), (F("threshold"), threshold is not null),
                    (F("low"), low is not null), (F("high"), high is not null), (F("unit"), unit is not null),
                })
                {
                    if (present)
                    {
                        o.Error(name, "is not allowed for an event prediction (use kind threshold or range)");
                    }
                }

                break;
            case PredictionKind.Threshold:
                Require(o, F("metric"), metric is not null, "a threshold prediction");
                Require(o, F("comparator"), comparator is not null, "a threshold prediction");
                Require(o, F("threshold"), threshold is not null, "a threshold prediction");
                Forbid(o, F("low"), low is not null, "a threshold prediction");
                Forbid(o, F("high"), high is not null, "a threshold prediction");
                break;
            case PredictionKind.Range:
                Require(o, F("metric"), metric is not null, "a range prediction");
                Require(o, F("low"), low is not null, "a range prediction");
                Require(o, F("high"), high is not null, "a range prediction");
                Forbid(o, F("comparator"), comparator is not null, "a range prediction");
                Forbid(o, F("threshold"), threshold is not null, "a range prediction");
                if (low > high)
                {
                    o.Error(F("low"), $"{low} is greater than high ({high})");
                }

                break;
        }
    }

    private static void Require(StrictJsonObject o, string field, bool present, string what)
    {
        if (!present)
        {
            o.Error(field, $"is required for {what}");
        }
    }

    private static void Forbid(StrictJsonObject o, string field, bool present, string what)
    {
        if (present)
        {
            o.Error(field, $"is not allowed for {what}");
        }
    }

    private static T? ParseEnum<T>(StrictJsonObject o, string field, bool required)
        where T : struct, Enum
    {
        var text = o.String(field, required);
        if (text is null)
        {
            return null;
        }

        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(ManifestNames.Of(value), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        o.Error(field, $"'{text}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(static v => ManifestNames.Of(v)))}");
        return null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[^@\s<>]+@[^@\s<>]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
