using System.Data.Common;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>
/// Reads the prediction registry (0001) for prompting: open means accepted and not finally resolved; EXTENDs move the
/// date.
/// </summary>
internal sealed class RegistryPromptSource : IPromptPredictionSource
{
    private const string ArticleUrlsSql = "SELECT id AS Id, url AS Url, published AS Published FROM articles";

    public async Task<IReadOnlyList<PromptPrediction>> LoadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var stored = await PredictionStore.GetAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var resolutions = await PredictionStore.GetAllResolutionsAsync(connection, cancellationToken).ConfigureAwait(false);
        var articles = (await connection.Sql(ArticleUrlsSql).QueryAsync(ArticleRow.Read, cancellationToken).ConfigureAwait(false))
            .ToDictionary(static a => a.Id, StringComparer.Ordinal);
        return stored.Select(s => Map(s, resolutions[s.Prediction.Id], articles.GetValueOrDefault(s.Prediction.ArticleId))).ToList();
    }

    internal static PromptPrediction Map(StoredPrediction stored, IEnumerable<ResolutionRecord> resolutions, ArticleRow? article)
    {
        var p = stored.Prediction;
        var state = ResolutionState.Fold(p, resolutions);
        return new PromptPrediction
        {
            Id = p.Id,
            Claim = p.Claim,
            Quote = p.Quote,
            Outlet = stored.Outlet,
            ArticleTitle = stored.ArticleTitle,
            ArticlePublished = article?.Published ?? stored.MadeOn?.ToString(),
            ArticleUrl = article?.Url,
            ResolveBy = p.Undated ? null : state.ResolveBy,
            Criteria = p.Criteria,
            Condition = p.Condition,
            ConditionNegated = p.ConditionSpec is { Negated: true },
            ConditionQuantity = p.ConditionSpec?.DescribeQuantity(),
            ConditionBy = p.Condition is not null && state.Condition is null ? state.ConditionResolveBy : null,
            ConditionHeld = state.Condition is { Verdict: Verdict.Yes },
            EndsBeforePublication = p.EndsBeforePublication,
            Kind = p.Kind switch
            {
                PredictionKind.Threshold => "threshold",
                PredictionKind.Range => "range",
                _ => "event",
            },
            Metric = p.Metric,
            Comparator = p.Comparator?.ToSymbol(),
            Threshold = (decimal?)p.Threshold,
            Low = (decimal?)p.Low,
            High = (decimal?)p.High,
            Unit = p.Unit,
            Tags = p.Tags,
            Editors = p.Editors,
            IsOpen = p.Status == EntryStatus.Accepted && state.Final is null,
        };
    }

    internal sealed record ArticleRow(string Id, string? Url, string? Published)
    {
        public static ArticleRow Read(DbDataReader r) => new(r.Text("Id"), r.TextOrNull("Url"), r.TextOrNull("Published"));
    }
}
