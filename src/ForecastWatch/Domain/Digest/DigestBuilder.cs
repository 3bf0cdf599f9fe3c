using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Domain.Digest;

/// <summary>
/// Builds a digest from a stream of predictions (one <see cref="Add"/> each), keeping only bounded lists and the
/// scorecard's accumulators. Who was asked and which prompts bounced come from hooks the mail layer fills in.
/// </summary>
public sealed class DigestBuilder
{
    private readonly DateTimeOffset _asOf;
    private readonly DateTimeOffset _periodStart;
    private readonly DateOnly _today;
    private readonly DigestSettings _settings;
    private readonly ScorecardBuilder _scorecard;
    private readonly TopList<ScoredPrediction> _resolved;
    private readonly TopList<ScoredPrediction> _overdue;
    private readonly TopList<ScoredPrediction> _dueSoon;
    private Scorecard? _scorecardGiven;
    private (int Resolved, int Overdue, int DueSoon)? _totalsGiven;

    /// <param name="asOf">The digest's logical time.</param>
    /// <param name="periodStart">When the previous digest went out (or the start of the first period).</param>
    /// <param name="settings">Content settings; defaults when null.</param>
    public DigestBuilder(DateTimeOffset asOf, DateTimeOffset periodStart, DigestSettings? settings = null)
    {
        _settings = settings ?? DigestSettings.Default;
        var errors = _settings.Validate();
        if (periodStart > asOf)
        {
            errors = [.. errors, $"The period start {periodStart:O} is after the digest time {asOf:O}."];
        }

        if (errors.Count > 0)
        {
            throw new DomainException(string.Join(" ", errors));
        }

        _asOf = asOf;
        _periodStart = periodStart;
        _today = DateOnly.FromDateTime(asOf.UtcDateTime);
        _scorecard = new ScorecardBuilder(_settings.Dimension, _today, _settings.Scoring);
        var max = _settings.MaxItemsPerSection;
        _resolved = new TopList<ScoredPrediction>(max, Comparer<ScoredPrediction>.Create(static (a, b) =>
        {
            var c = Nullable.Compare(b.ResolvedAt, a.ResolvedAt);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        }));
        var byDue = Comparer<ScoredPrediction>.Create(static (a, b) =>
        {
            var c = Nullable.Compare(a.ResolveBy, b.ResolveBy);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        _overdue = new TopList<ScoredPrediction>(max, byDue);
        _dueSoon = new TopList<ScoredPrediction>(max, byDue);
    }

    public DateTimeOffset AsOf => _asOf;

    public DateTimeOffset PeriodStart => _periodStart;

    /// <summary>The digest's day (UTC): what "overdue" and "due soon" are measured from.</summary>
    public DateOnly Today => _today;

    public DigestSettings Settings => _settings;

    /// <summary>
    /// Uses a scorecard built elsewhere (storage's running sums) instead of one from the added predictions; it must
    /// be the whole record by <see cref="DigestSettings.Dimension"/> as of <see cref="Today"/>.
    /// </summary>
    public void UseScorecard(Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        _scorecardGiven = scorecard;
    }

    /// <summary>
    /// The caller adds only the candidates for the shown items (those that can rank in each list) and counts the
    /// lists itself: resolved in the period, overdue, due soon.
    /// </summary>
    public void UseTotals(int resolved, int overdue, int dueSoon) => _totalsGiven = (resolved, overdue, dueSoon);

    /// <summary>Ids of the overdue predictions the digest will show: the ones whose prompts the caller should look up.</summary>
    public IReadOnlyList<string> ShownOverdueIds => [.. _overdue.Kept.Select(static p => p.Id).Order(StringComparer.Ordinal)];

    public void Add(ScoredPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (_scorecardGiven is null)
        {
            _scorecard.Add(prediction);
        }

        if (prediction.Validate().Count > 0)
        {
            return;
        }

        switch (prediction.State)
        {
            case PredictionState.Resolved or PredictionState.Void:
                if (prediction.ResolvedAt is { } at && at > _periodStart && at <= _asOf)
                {
                    _resolved.Add(prediction);
                }

                break;
            case PredictionState.Open when prediction.ResolveBy is { } due:
                if (due.AddDays(_settings.Scoring.OverdueGraceDays) < _today)
                {
                    _overdue.Add(prediction);
                }
                else if (due >= _today && due <= _today.AddDays(_settings.DueSoonDays))
                {
                    _dueSoon.Add(prediction);
                }

                break;
        }
    }

    /// <param name="promptsFor">Who was asked about a prediction (hook for the prompt layer; nobody when null).</param>
    /// <param name="deliveryProblems">Bounced prompts in the period (hook for the outbox; none when null).</param>
    public DigestModel Build(Func<string, IReadOnlyList<PromptSent>>? promptsFor = null,
        IEnumerable<DeliveryProblem>? deliveryProblems = null)
    {
        var resolved = _resolved.ToList();
        var overdue = _overdue.ToList();
        var dueSoon = _dueSoon.ToList();
        if (_totalsGiven is { } totals)
        {
            resolved = resolved with { Total = totals.Resolved };
            overdue = overdue with { Total = totals.Overdue };
            dueSoon = dueSoon with { Total = totals.DueSoon };
        }

        var problems = new TopList<DeliveryProblem>(_settings.MaxItemsPerSection, Comparer<DeliveryProblem>.Create(static (a, b) =>
        {
            var c = b.At.CompareTo(a.At);
            return c != 0 ? c : string.CompareOrdinal(a.PredictionId, b.PredictionId);
        }));
        foreach (var problem in deliveryProblems ?? [])
        {
            problems.Add(problem);
        }

        return new DigestModel(
            _asOf,
            _periodStart,
            resolved,
            _scorecardGiven ?? _scorecard.Build(),
            new DigestList<OverdueItem>(overdue.Total, [.. overdue.Items.Select(p => new OverdueItem(
                p,
                _today.DayNumber - p.ResolveBy!.Value.DayNumber,
                [.. (promptsFor?.Invoke(p.Id) ?? []).OrderBy(static a => a.SentAt)]))]),
            new DigestList<DueSoonItem>(dueSoon.Total,
                [.. dueSoon.Items.Select(p => new DueSoonItem(p, p.ResolveBy!.Value.DayNumber - _today.DayNumber))]),
            problems.ToList(),
            _settings.DueSoonDays);
    }
}
