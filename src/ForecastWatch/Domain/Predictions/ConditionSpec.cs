using System.Globalization;
using System.Text.Json;

namespace ForecastWatch.Domain.Predictions;

/// <summary>
/// How a conditional prediction's condition is checked when it is a quantity ("more than 15% of senior researchers
/// leave within six months"): a threshold or range of its own, with its own horizon. The condition's words are
/// <see cref="Prediction.Condition"/>; without a spec the condition is an event, answered CONDITION YES or NO.
/// </summary>
public sealed record ConditionSpec
{
    public PredictionKind Kind { get; init; } = PredictionKind.Event;

    public string? Metric { get; init; }

    public Comparator? Comparator { get; init; }

    public double? Threshold { get; init; }

    public double? Low { get; init; }

    public double? High { get; init; }

    public string? Unit { get; init; }

    /// <summary>The condition's horizon in words ("within six months"), as the article gives it.</summary>
    public string? Horizon { get; init; }

    /// <summary>The last day by which the condition must have happened, when known.</summary>
    public DateOnly? ResolveBy { get; init; }

    /// <summary>
    /// The condition is the negation of the event or quantity described ("unless the strike ends", "barring a
    /// recession", "if La Niña fails to develop"): it holds when that did NOT happen. The condition's words
    /// (<see cref="Prediction.Condition"/>) then name the event itself, so nobody is asked a double negative.
    /// </summary>
    public bool Negated { get; init; }

    /// <summary>
    /// Whether an observed <paramref name="value"/> meets the condition (inverted when <see cref="Negated"/>); null for an
    /// event condition.
    /// </summary>
    public bool? Holds(double value) => MeetsQuantity(value) is { } meets ? meets != Negated : null;

    /// <summary>Whether <paramref name="value"/> meets the quantity as described, before any negation.</summary>
    public bool? MeetsQuantity(double value) => this switch
    {
        { Kind: PredictionKind.Threshold, Comparator: { } comparator, Threshold: { } threshold } => comparator.Holds(value, threshold),
        { Kind: PredictionKind.Range, Low: { } low, High: { } high } => value >= low && value <= high,
        _ => null,
    };

    /// <summary>The quantity in words, e.g. "share who leave > 15 %"; "NOT share who leave > 15 %" when negated.</summary>
    public string? Describe() => DescribeQuantity() is { } q && Negated ? "NOT " + q : DescribeQuantity();

    /// <summary>The quantity in words without the negation: what the observed value is compared with.</summary>
    public string? DescribeQuantity() => Kind switch
    {
        PredictionKind.Threshold => $"{Metric} {Comparator?.ToSymbol()} {Threshold}{UnitSuffix}",
        PredictionKind.Range => $"{Metric} in {Low}-{High}{UnitSuffix}",
        _ => null,
    };

    /// <summary>
    /// The condition as a plain statement an editor answers YES or NO to, from its <paramref name="words"/>: unchanged
    /// when positive; "this did NOT happen: the strike ends" when negated.
    /// </summary>
    public static string Statement(string words, ConditionSpec? spec) => Statement(words, spec is { Negated: true });

    /// <inheritdoc cref="Statement(string, ConditionSpec?)"/>
    public static string Statement(string words, bool negated) => negated ? $"this did NOT happen: {words.Trim()}" : words;

    /// <summary>Canonical JSON (fixed key order, manifest names), as stored and compared by import.</summary>
    public string ToJson()
    {
        var inv = CultureInfo.InvariantCulture;
        var d = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["kind"] = ManifestNames.Of(Kind),
            ["metric"] = Metric,
            ["comparator"] = Comparator?.ToSymbol(),
            ["threshold"] = Threshold?.ToString("R", inv),
            ["low"] = Low?.ToString("R", inv),
            ["high"] = High?.ToString("R", inv),
            ["unit"] = Unit,
            ["horizon"] = Horizon,
            ["resolveBy"] = ResolveBy?.ToString("yyyy-MM-dd", inv),
        };

        // Written only when set: every positive condition's stored JSON stays byte for byte what it was.
        if (Negated)
        {
            d["negated"] = "true";
        }

        return JsonSerializer.Serialize(d, DomainJsonContext.Default.IReadOnlyDictionaryStringString);
    }

    /// <summary>Reads <see cref="ToJson"/>'s output; null for null or empty text.</summary>
    public static ConditionSpec? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        var d = JsonSerializer.Deserialize(json, DomainJsonContext.Default.DictionaryStringString) ?? [];
        string? Get(string key) => d.TryGetValue(key, out var v) ? v : null;
        double? Number(string key) => Get(key) is { } t ? double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
        return new ConditionSpec
        {
            Kind = Get("kind") is { } k ? ManifestNames.Parse<PredictionKind>(k) : PredictionKind.Event,
            Metric = Get("metric"),
            Comparator = Comparators.TryParse(Get("comparator"), out var c) ? c : null,
            Threshold = Number("threshold"),
            Low = Number("low"),
            High = Number("high"),
            Unit = Get("unit"),
            Horizon = Get("horizon"),
            ResolveBy = Get("resolveBy") is { } r ? DateOnly.ParseExact(r, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Negated = Get("negated") is { } n && bool.Parse(n),
        };
    }

    private string UnitSuffix => Unit is null ? "" : " " + Unit;
}
