using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

/// <summary>One prediction as <c>list --json</c> prints it (and the base of <c>show --json</c>).</summary>
internal sealed record PredictionJson(
    string Id,
    string Article,
    string ArticleTitle,
    string Outlet,
    string Claim,
    string Quote,
    int QuoteStart,
    int QuoteEnd,
    string? MadeOn,
    string? Horizon,
    string? Earliest,
    string? ResolveBy,
    string? ResolveByPrecision,
    bool ResolveByOverride,
    bool Undated,
    bool EndsBeforePublication,
    string Kind,
    string? Metric,
    string? Comparator,
    double? Threshold,
    double? Low,
    double? High,
    string? Unit,
    string? Condition,
    double? Probability,
    string? Hedge,
    string? ProbabilitySource,
    IReadOnlyList<string> Tags,
    string Criteria,
    IReadOnlyList<string> Editors,
    string Origin,
    string Status,
    string? Verdict)
{
    /// <summary>A conditional's condition: <c>open</c> (nobody has said), <c>held</c> or <c>not met</c>; null without one.</summary>
    public string? ConditionStatus { get; init; }

    public static PredictionJson From(PredictionView view)
    {
        var p = view.Prediction;
        return new PredictionJson(
            p.Id,
            p.ArticleId,
            view.Stored.ArticleTitle,
            view.Stored.Outlet,
            p.Claim,
            p.Quote,
            p.QuoteStart,
            p.QuoteEnd,
            view.Stored.MadeOn?.ToString(),
            p.Horizon,
            CliJson.Date(p.Earliest),
            CliJson.Date(view.State.ResolveBy),
            p.ResolveByPrecision is { } precision ? ManifestNames.Of(precision) : null,
            p.ResolveByOverride || view.State.ExtensionCount > 0,
            p.Undated,
            p.EndsBeforePublication,
            ManifestNames.Of(p.Kind),
            p.Metric,
            p.Comparator?.ToSymbol(),
            p.Threshold,
            p.Low,
            p.High,
            p.Unit,
            p.Condition,
            p.Probability,
            p.Hedge,
            p.ProbabilitySource is { } source ? ManifestNames.Of(source) : null,
            p.Tags,
            p.Criteria,
            p.Editors,
            ManifestNames.Of(p.Origin),
            ManifestNames.Of(view.Status),
            view.State is { IsAnnulled: false, Final: { } final } ? ManifestNames.Of(final.Verdict) : null)
        {
            ConditionStatus = ConditionStatusOf(p, view.State),
        };
    }

    /// <summary>The words list, show and export use for a conditional's condition; null for an unconditional prediction.</summary>
    public static string? ConditionStatusOf(Prediction prediction, ResolutionState state)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(state);
        return prediction.Condition is null ? null
            : state.Condition is { Verdict: Domain.Predictions.Verdict.Yes } ? "held"
            : state.Condition is { Verdict: Domain.Predictions.Verdict.No } ? "not met"
            : "open";
    }
}

internal sealed record ResolutionJson(
    long Id, string Verdict, double? Fraction, double? Value, string? ValueUnit, string? ExtendTo, string? Note,
    IReadOnlyList<string> Evidence, string ResolvedBy, DateTimeOffset ResolvedAt, string Source, string? SourceMessageId, long? Supersedes)
{
    /// <summary><c>claim</c>, or <c>condition</c> for a CONDITION answer.</summary>
    public string Target { get; init; } = "claim";

    public static ResolutionJson From(ResolutionRecord r) => new(
        r.Id, ManifestNames.Of(r.Verdict), r.Fraction, r.Value, r.ValueUnit, CliJson.Date(r.ExtendTo), r.Note, r.Evidence,
        r.ResolvedBy, r.ResolvedAt, ManifestNames.Of(r.Source), r.SourceMessageId, r.SupersedesId)
    {
        Target = ManifestNames.Of(r.Target),
    };
}

internal sealed record HistoryJson(DateTimeOffset ChangedAt, string Change, IReadOnlyList<string> ChangedFields, JsonNode? Before,
    JsonNode? After);

/// <summary>JSON output settings shared by every command: camelCase, indented, nulls kept so every key is present.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Quotes contain typographic apostrophes and non-Latin text: keep them readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Contracts generated at build time (CliJsonContext): no reflection, so trimmed and native AOT builds print the same.
        TypeInfoResolver = CliJsonContext.Default,
    };

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Serializes <paramref name="value"/>; its type must be listed on <see cref="CliJsonContext"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public static JsonObject Details(PredictionDetails details)
    {
        var node = JsonSerializer.SerializeToNode(PredictionJson.From(details.View), TypeInfo<PredictionJson>())!.AsObject();
        node["history"] = JsonSerializer.SerializeToNode(
            details.History.Select(static h =>
                new HistoryJson(h.ChangedAt, h.Change, h.ChangedFields, Parse(h.BeforeJson), Parse(h.AfterJson))).ToArray(),
            TypeInfo<HistoryJson[]>());
        node["resolutions"] = JsonSerializer.SerializeToNode(details.Resolutions.Select(ResolutionJson.From).ToArray(),
            TypeInfo<ResolutionJson[]>());
        return node;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}

/// <summary>Row of <c>inbox list --json</c>.</summary>
internal sealed record InboundJson(
    long Id, DateTimeOffset ReceivedAt, string Source, string? MessageId, string? Sender, string? Subject, string Status, string? Reason,
    string? Detail, string? PredictionId, long? ResolutionId, string Sha256);

/// <summary>Row of <c>inbox held --json</c>.</summary>
internal sealed record HeldJson(
    long Id, DateTimeOffset ReceivedAt, string? Sender, string? Subject, string? MessageId, string? PredictionId, string? Reason,
    string? Detail, string? VerdictLine, string? VerdictProblem, string Sha256);

/// <summary>Row of <c>inbox held --reviews --json</c>.</summary>
internal sealed record ReviewJson(
    long Id, string Action, string Reviewer, DateTimeOffset ReviewedAt, string? Note, string? HeldReason, string? HeldDetail,
    string? Sender, string? PredictionId, string Status, string? Reason, string? Detail, long? ResolutionId);

/// <summary>Output of <c>mail trim --json</c>.</summary>
internal sealed record TrimJson(string Text, string Cut, int CutLine, int QuotedLinesRemoved);

/// <summary>
/// Every shape the CLI prints as JSON, generated at build time. The property names and settings come from
/// <see cref="CliJson.Options"/> (camelCase, indented, nulls kept); a type missing here fails on first use, in every build.
/// </summary>
[JsonSerializable(typeof(PredictionJson))]
[JsonSerializable(typeof(PredictionJson[]))]
[JsonSerializable(typeof(HistoryJson[]))]
[JsonSerializable(typeof(ResolutionJson[]))]
[JsonSerializable(typeof(InboundJson[]))]
[JsonSerializable(typeof(HeldJson[]))]
[JsonSerializable(typeof(ReviewJson[]))]
[JsonSerializable(typeof(TrimJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
