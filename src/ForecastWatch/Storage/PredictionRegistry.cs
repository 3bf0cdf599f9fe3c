using ForecastWatch.Domain.Predictions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Storage;

/// <summary>A prediction with its resolution state and status as of one instant.</summary>
internal sealed record PredictionView(StoredPrediction Stored, ResolutionState State, PredictionStatus Status)
{
    public Prediction Prediction => Stored.Prediction;
}

internal sealed record PredictionDetails(PredictionView View, IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<ResolutionRecord> Resolutions);

/// <summary>Reads the registry and applies resolutions: the service behind list, show and resolve (and email replies later).</summary>
internal sealed class PredictionRegistry(IDatabase connections, IOptions<ForecastWatchOptions> options)
{
    public async Task<IReadOnlyList<PredictionView>> ListAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var stored = await PredictionStore.GetAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var resolutions = await PredictionStore.GetAllResolutionsAsync(connection, cancellationToken).ConfigureAwait(false);
        return [.. stored.Select(s => View(s, [.. resolutions[s.Prediction.Id]], asOf))];
    }

    public async Task<PredictionDetails?> GetAsync(string id, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var stored = await PredictionStore.GetAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var resolutions = await PredictionStore.GetResolutionsAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
        var history = await PredictionStore.GetHistoryAsync(connection, id, cancellationToken).ConfigureAwait(false);
        return new PredictionDetails(View(stored, resolutions, asOf), history, resolutions);
    }

    /// <summary>
    /// Decides and appends a resolution in one write transaction, so two replies racing for the same prediction
    /// cannot both resolve it. Returns null when no prediction has that id.
    /// </summary>
    public async Task<ResolveOutcome?> ResolveAsync(string id, ResolutionRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stored = await PredictionStore.GetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var existing = await PredictionStore.GetResolutionsToDecideAsync(connection, transaction, id, cancellationToken)
            .ConfigureAwait(false);
        var outcome = Resolver.Decide(stored.Prediction, existing, request);
        if (outcome is { Kind: ResolveOutcomeKind.Recorded, Resolution: { } record })
        {
            outcome = outcome with
            {
                Resolution = await PredictionStore.AppendResolutionAsync(connection, transaction, record,
                cancellationToken).ConfigureAwait(false)
            };
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>The calendar date of <paramref name="asOf"/> in the configured time zone.</summary>
    public DateOnly Today(DateTimeOffset asOf) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(asOf, TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone)).DateTime);

    private PredictionView View(StoredPrediction stored, IReadOnlyList<ResolutionRecord> resolutions, DateTimeOffset asOf)
    {
        var state = ResolutionState.Fold(stored.Prediction, resolutions);
        var status = PredictionStatusCalculator.Compute(stored.Prediction, state, Today(asOf), (int)options.Value.OverdueGrace.TotalDays);
        return new PredictionView(stored, state, status);
    }
}
