using System.Globalization;

namespace ForecastWatch.Domain.Predictions;

/// <summary>
/// A prediction's defining fields as canonical text, so import can tell "unchanged" from "updated" and record
/// exactly which fields changed in the history.
/// </summary>
public static class PredictionSnapshot
{
    public static IReadOnlyDictionary<string, string?> Fields(Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var inv = CultureInfo.InvariantCulture;
        return new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["article"] = prediction.ArticleId,
            ["claim"] = prediction.Claim,
            ["quote"] = prediction.Quote,
            ["quoteStart"] = prediction.QuoteStart.ToString(inv),
            ["horizon"] = prediction.Horizon,
            ["earliest"] = prediction.Earliest?.ToString("yyyy-MM-dd", inv),
            ["resolveBy"] = prediction.ResolveBy?.ToString("yyyy-MM-dd", inv),
            ["resolveByPrecision"] = prediction.ResolveByPrecision?.ToString(),
            ["resolveByOverride"] = Bool(prediction.ResolveByOverride),
            ["undated"] = Bool(prediction.Undated),
            ["endsBeforePublication"] = Bool(prediction.EndsBeforePublication),
            ["kind"] = prediction.Kind.ToString(),
            ["metric"] = prediction.Metric,
            ["comparator"] = prediction.Comparator?.ToSymbol(),
            ["threshold"] = prediction.Threshold?.ToString("R", inv),
            ["low"] = prediction.Low?.ToString("R", inv),
            ["high"] = prediction.High?.ToString("R", inv),
            ["unit"] = prediction.Unit,
            ["condition"] = prediction.Condition,
            ["conditionSpec"] = prediction.ConditionSpec?.ToJson(),
            ["probability"] = prediction.Probability?.ToString("R", inv),
            ["hedge"] = prediction.Hedge,
            ["probabilitySource"] = prediction.ProbabilitySource?.ToString(),
            ["tags"] = string.Join(",", prediction.Tags),
            ["criteria"] = prediction.Criteria,
            ["editors"] = string.Join(",", prediction.Editors),
            ["status"] = prediction.Status.ToString(),
            ["origin"] = prediction.Origin.ToString(),
        };
    }

    /// <summary>The names of the fields whose values differ, in name order.</summary>
    public static IReadOnlyList<string> Diff(Prediction before, Prediction after)
    {
        var a = Fields(before);
        var b = Fields(after);
        return [.. a.Keys.Where(k => !string.Equals(a[k], b[k], StringComparison.Ordinal))];
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
