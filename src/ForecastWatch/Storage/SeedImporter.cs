using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Storage;

internal sealed record ImportItem(string Kind, string Id, ImportChange Change, IReadOnlyList<string> ChangedFields);

/// <param name="NotInManifest">Stored predictions the manifest no longer lists; kept (they may have resolutions).</param>
internal sealed record ImportReport(IReadOnlyList<ImportItem> Items, IReadOnlyList<string> NotInManifest)
{
    public int Count(string kind, ImportChange change) => Items.Count(i => i.Kind == kind && i.Change == change);
}

/// <summary>Writes a valid seed set into the registry in one transaction. Idempotent: ids come from the manifest.</summary>
internal sealed class SeedImporter(IDatabase connections, TimeProvider time)
{
    public Task<ImportReport> ImportAsync(SeedSet seeds, CancellationToken cancellationToken) =>
        ImportAsync(seeds, null, cancellationToken);

    /// <param name="itemDone">Called after each article and prediction is written (for progress).</param>
    public async Task<ImportReport> ImportAsync(SeedSet seeds, Action? itemDone, CancellationToken cancellationToken)
    {
        if (!seeds.IsValid)
        {
            throw new InvalidOperationException("Refusing to import seeds with errors; validate them first.");
        }

        var now = time.GetUtcNow();
        var items = new List<ImportItem>();
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var article in seeds.Articles)
        {
            var change = await ArticleStore.UpsertAsync(connection, transaction, article, now, cancellationToken).ConfigureAwait(false);
            items.Add(new ImportItem("article", article.Id, change, []));
            itemDone?.Invoke();
        }

        var stored = (await PredictionStore.GetAllAsync(connection, cancellationToken, transaction).ConfigureAwait(false))
            .ToDictionary(static s => s.Prediction.Id, StringComparer.Ordinal);
        await using (var writer = new PredictionStore.Writer(connection, transaction))
        {
            foreach (var prediction in seeds.Predictions)
            {
                var (change, fields) = await writer.UpsertAsync(prediction, stored.GetValueOrDefault(prediction.Id), now, cancellationToken)
                    .ConfigureAwait(false);
                items.Add(new ImportItem("prediction", prediction.Id, change, fields));
                itemDone?.Invoke();
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        var listed = seeds.Predictions.Select(static p => p.Id).ToHashSet(StringComparer.Ordinal);
        return new ImportReport(items, [.. stored.Keys.Where(id => !listed.Contains(id)).Order(StringComparer.Ordinal)]);
    }
}
