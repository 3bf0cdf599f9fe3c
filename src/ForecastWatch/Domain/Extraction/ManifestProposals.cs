using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>The candidates for one article, and the quote spans the manifest already covers there (any status).</summary>
public sealed record ArticleProposals(string ArticleId, PartialDate? Published, IReadOnlyList<PredictionCandidate> Candidates,
    IReadOnlyList<(int Start, int End)> Covered);

/// <summary>What a merge added and what it left out because the manifest already covers it.</summary>
public sealed record ProposalMerge(string Json, IReadOnlyList<string> AddedIds, int AlreadyCovered);

/// <summary>
/// Merges extracted candidates into the manifest (<c>seeds/predictions.json</c>) as <c>proposed</c> entries and
/// changes entry statuses. Pure text in, text out: the command reads and writes the file. Existing entries are
/// never rewritten; a candidate whose quote overlaps any existing entry of its article is not proposed again, so
/// re-running adds nothing and a rejected proposal stays rejected.
/// </summary>
public static class ManifestProposals
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ProposalMerge Merge(string manifestJson, IEnumerable<ArticleProposals> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var root = ParseRoot(manifestJson);
        var list = (JsonArray)root["predictions"]!;
        var ids = new HashSet<string>(list.OfType<JsonObject>().Select(static o => (string?)o["id"] ?? ""), StringComparer.Ordinal);
        var added = new List<string>();
        var covered = 0;
        foreach (var article in articles)
        {
            var spans = article.Covered.ToList();
            foreach (var c in article.Candidates)
            {
                if (spans.Any(s => s.Start < c.End && c.Start < s.End))
                {
                    covered++;
                    continue;
                }

                var entry = ToEntry(article.ArticleId, c, article.Published);
                var id = (string)entry["id"]!;
                if (!ids.Add(id))
                {
                    covered++;
                    continue;
                }

                list.Add((JsonNode)entry);
                spans.Add((c.Start, c.End));
                added.Add(id);
            }
        }

        return new ProposalMerge(root.ToJsonString(WriteOptions) + "\n", added, covered);
    }

    /// <summary>Sets an entry's status ("accepted", "rejected"); returns null and a problem when the id is unknown.</summary>
    public static string? SetStatus(string manifestJson, string id, string status, out string? problem, out string? previous)
    {
        var root = ParseRoot(manifestJson);
        previous = null;
        foreach (var o in ((JsonArray)root["predictions"]!).OfType<JsonObject>())
        {
            if ((string?)o["id"] == id)
            {
                previous = (string?)o["status"];
                o["status"] = status;
                problem = null;
                return root.ToJsonString(WriteOptions) + "\n";
            }
        }

        problem = $"no prediction with id '{id}' in the manifest";
        return null;
    }

    /// <summary>A stable id: the article id and a hash of the quote, so re-running never renames a proposal.</summary>
    public static string StableId(string articleId, string quote)
    {
        ArgumentNullException.ThrowIfNull(articleId);
        ArgumentNullException.ThrowIfNull(quote);
        var hash = 2166136261u;
        foreach (var ch in quote)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        var prefix = articleId.Length > 30 ? articleId[..30].TrimEnd('-') : articleId;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-x{hash:x8}");
    }

    internal static JsonObject ToEntry(string articleId, PredictionCandidate c, PartialDate? published)
    {
        var e = new JsonObject
        {
            ["id"] = StableId(articleId, c.Quote),
            ["article"] = articleId,
            ["claim"] = c.Claim,
            ["quote"] = c.Quote,
        };

        if (c.ResolveBy is { } resolveBy)
        {
            // The manifest re-derives the date from the horizon words; when they do not parse alone (a table
            // column's bare year), the date itself is written instead.
            if (c.Horizon is not null && published is { } p && HorizonParser.TryParse(c.Horizon, p, out var h) && h.ResolveBy == resolveBy)
            {
                e["horizon"] = c.Horizon;
            }
            else
            {
                e["resolveBy"] = resolveBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }
        else
        {
            e["undated"] = true;
        }

        var kind = c.Kind;
        if ((kind == CandidateKind.Threshold && (c.Metric is null || c.Comparator is null || c.Threshold is null))
            || (kind == CandidateKind.Range && (c.Metric is null || c.Low is null || c.High is null)))
        {
            kind = CandidateKind.Event;
        }

        e["kind"] = kind.ToString().ToLowerInvariant();
        if (kind == CandidateKind.Threshold)
        {
            e["metric"] = c.Metric;
            e["comparator"] = c.Comparator;
            e["threshold"] = c.Threshold;
        }
        else if (kind == CandidateKind.Range)
        {
            e["metric"] = c.Metric;
            e["low"] = c.Low;
            e["high"] = c.High;
        }

        if (kind != CandidateKind.Event && c.Unit is not null)
        {
            e["unit"] = c.Unit;
        }

        if (c.Condition is not null)
        {
            e["condition"] = c.Condition;
            if (c.ConditionDetail is { } d)
            {
                AddCondition(e, d, published);
            }
        }

        if (c.Probability is { } prob && c.Hedge is not null)
        {
            e["probability"] = prob;
            e["hedge"] = c.Hedge;
            e["probabilitySource"] = IsStated(c.Hedge) ? "stated" : "hedge";
        }

        e["tags"] = new JsonArray("extracted", c.Source.ToString().ToLowerInvariant());
        var claim = c.Claim.TrimEnd('.');
        e["criteria"] = c.ResolveBy is { } by
            ? string.Create(CultureInfo.InvariantCulture, $"YES if, by {by:yyyy-MM-dd}, this has happened: {claim}. NO otherwise. "
                + $"(Proposed by the extractor: check the wording before accepting.)")
            : $"YES if this happens: {claim}. NO if it clearly has not by the resolve-by date an editor sets. (Proposed by the extractor: "
                + $"give it a date before accepting.)";
        e["status"] = "proposed";
        e["origin"] = "extracted";
        return e;
    }

    /// <summary>The condition's quantity and horizon as the manifest's condition fields (read back into a ConditionSpec).</summary>
    private static void AddCondition(JsonObject e, CandidateCondition d, PartialDate? published)
    {
        var quantity = d.Kind switch
        {
            CandidateKind.Threshold => d.Metric is not null && d.Comparator is not null && d.Threshold is not null,
            CandidateKind.Range => d.Metric is not null && d.Low is not null && d.High is not null,
            _ => false,
        };
        var dated = d.ResolveBy is not null && (published is not null || !d.RelativeHorizon);
        if (d.Negated)
        {
            e["conditionNegated"] = true; // "unless the strike ends": the condition names the event; it holds if that did NOT happen
        }

        if (!quantity && !dated)
        {
            if (d.Negated)
            {
                e["conditionKind"] = "event";
            }

            return;
        }

        e["conditionKind"] = quantity ? d.Kind.ToString().ToLowerInvariant() : "event";
        if (quantity)
        {
            e["conditionMetric"] = d.Metric;
            if (d.Kind == CandidateKind.Threshold)
            {
                e["conditionComparator"] = d.Comparator;
                e["conditionThreshold"] = d.Threshold;
            }
            else
            {
                e["conditionLow"] = d.Low;
                e["conditionHigh"] = d.High;
            }

            if (d.Unit is not null)
            {
                e["conditionUnit"] = d.Unit;
            }
        }

        if (dated)
        {
            e["conditionHorizon"] = d.Horizon;
            e["conditionResolveBy"] = d.ResolveBy!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
    }

    private static bool IsStated(string hedge) => hedge.Any(char.IsDigit);

    private static JsonObject ParseRoot(string manifestJson)
    {
        var node = JsonNode.Parse(manifestJson, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        if (node is not JsonObject root || root["predictions"] is not JsonArray)
        {
            throw new DomainException("The manifest must be a JSON object with a \"predictions\" array.");
        }

        return root;
    }
}
