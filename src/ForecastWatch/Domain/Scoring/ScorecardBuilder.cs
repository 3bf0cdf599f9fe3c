namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// Builds a scorecard from a stream of predictions, one <see cref="Add"/> at a time. Holds one accumulator per
/// group plus bounded lists, never the predictions themselves.
/// </summary>
public sealed class ScorecardBuilder
{
    private const int MaxListedSkipped = 100;
    private const string OverallKey = "all";

    private readonly Dictionary<string, GroupAccumulator> _groups = new(StringComparer.Ordinal);
    private readonly GroupAccumulator _overall = new(OverallKey);
    private readonly List<VoidedPrediction> _voids = [];
    private readonly List<SkippedPrediction> _skipped = [];
    private readonly List<VoidedPrediction> _conditionNotMet = [];
    private readonly List<VoidedPrediction> _hindsight = [];
    private readonly ScoringSettings _settings;
    private readonly DateOnly _asOf;
    private readonly DateOnly? _since;
    private int _voidCount;
    private int _skippedCount;
    private int _conditionNotMetCount;
    private int _hindsightCount;

    public ScorecardBuilder(ScoreDimension dimension, DateOnly asOf, ScoringSettings? settings = null, DateOnly? since = null)
    {
        _settings = settings ?? ScoringSettings.Default;
        var errors = _settings.Validate();
        if (errors.Count > 0)
        {
            throw new DomainException(string.Join(" ", errors));
        }

        Dimension = dimension;
        _asOf = asOf;
        _since = since;
    }

    public ScoreDimension Dimension { get; }

    /// <summary>The window's first day; null for the whole record.</summary>
    public DateOnly? Since => _since;

    /// <summary>The probability scored: stated or implied, else the configured default for flat claims.</summary>
    public static double EffectiveProbability(ScoredPrediction prediction, ScoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(settings);
        return prediction.Probability ?? settings.UnstatedProbability;
    }

    /// <summary>
    /// Whether <paramref name="prediction"/> falls in the "since" window: due on or after it, or (undated claims)
    /// resolved on or after it.
    /// </summary>
    public static bool IsInWindow(ScoredPrediction prediction, DateOnly? since)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (since is not { } s)
        {
            return true;
        }

        if (prediction.ResolveBy is { } by)
        {
            return by >= s;
        }

        return prediction.ResolvedAt is { } at && DateOnly.FromDateTime(at.UtcDateTime) >= s;
    }

    /// <summary>Adds one prediction. Returns false when it is outside the window or unusable (then listed as skipped).</summary>
    public bool Add(ScoredPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (!IsInWindow(prediction, _since))
        {
            return false;
        }

        var defects = prediction.Validate();
        if (defects.Count > 0)
        {
            _skippedCount++;
            if (_skipped.Count < MaxListedSkipped)
            {
                _skipped.Add(new SkippedPrediction(prediction.Id, defects));
            }

            return false;
        }

        var entry = Classify(prediction);
        AddTo(_overall, entry);
        ScoreDimensions.ForEachKey(prediction, Dimension, (Builder: this, Entry: entry), static (key, state) =>
            AddTo(state.Builder.Group(key), state.Entry));

        var listed = new VoidedPrediction(prediction.Id, prediction.Outlet, prediction.Claim, prediction.VoidReason);
        switch (entry.Kind)
        {
            case EntryKind.Void:
                _voidCount++;
                Keep(_voids, listed);
                break;
            case EntryKind.Annulled:
                _conditionNotMetCount++;
                Keep(_conditionNotMet, listed with { Reason = "condition not met" });
                break;
            case EntryKind.Hindsight:
                _hindsightCount++;
                Keep(_hindsight, listed with { Reason = "hindsight: the horizon ended before publication" });
                break;
        }

        return true;
    }

    /// <summary>
    /// Adds predictions already summed by storage (see <see cref="PredictionSums"/>): to the overall line when
    /// <paramref name="groupKey"/> is null, else to that group. Sums carry no dates to filter on, so a builder with a
    /// since date refuses them; storage only keeps valid rows, so nothing is skipped.
    /// </summary>
    public void AddSums(string? groupKey, PredictionSums sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        if (_since is not null)
        {
            throw new DomainException("A scorecard with a since date must add its predictions one by one.");
        }

        if (sums.Count <= 0)
        {
            return;
        }

        var group = groupKey is null ? _overall : Group(groupKey);
        switch (sums.State)
        {
            case PredictionState.Void:
                group.AddVoid(sums.Count);
                if (groupKey is null)
                {
                    _voidCount += sums.Count;
                }

                break;
            case PredictionState.Annulled:
                group.AddAnnulled(sums.Count);
                if (groupKey is null)
                {
                    _conditionNotMetCount += sums.Count;
                }

                break;
            case PredictionState.Resolved when sums.Hindsight && !_settings.IncludeHindsight:
                group.AddHindsight(sums.Count);
                if (groupKey is null)
                {
                    _hindsightCount += sums.Count;
                }

                break;
            case PredictionState.Resolved:
                var (p, implied) = sums.Totals is null
                    ? ProbabilityFor(sums.Probability, sums.ProbabilitySource, sums.IsNumeric)
                    : TotalsFor(sums.ProbabilitySource);
                if (sums.Totals is { } totals && implied != Implied.LeftOut)
                {
                    group.AddScored(totals, sums.Count, sums.SumOutcome, sums.SumOutcomeSquared);
                }
                else if (p is { } probability)
                {
                    group.AddScored(probability, sums.Count, sums.SumOutcome, sums.SumOutcomeSquared);
                }

                if (implied != Implied.No)
                {
                    group.AddImplied(sums.Count, implied == Implied.LeftOut);
                }

                if (sums.IsNumeric)
                {
                    group.AddNumeric(sums.Count, sums.SumOutcome, sums.ApeKey, sums.TooHigh, sums.TooLow, sums.SumPercentError);
                }

                if (sums.DelayCount > 0)
                {
                    group.AddResolutionDelays(sums.DelayCount, sums.DelayDays);
                }

                break;
            default:
                var overdue = sums.Due is { } due && due.AddDays(_settings.OverdueGraceDays) < _asOf;
                group.AddOpen(sums.Count, overdue ? sums.Count : 0);
                break;
        }
    }

    /// <summary>
    /// An open prediction due before this day is overdue on the as-of day (due + OverdueGraceDays &lt; as-of), so storage
    /// can count a group's open and overdue predictions without handing over one row per due date. With a grace
    /// longer than the calendar before the as-of day, nothing is overdue (0001-01-01: no date lies before it).
    /// </summary>
    public DateOnly OverdueBefore => _asOf.DayNumber - _settings.OverdueGraceDays is var day and > 0
        ? DateOnly.FromDayNumber(day)
        : DateOnly.MinValue;

    /// <summary>
    /// Adds <paramref name="open"/> open predictions counted by storage, <paramref name="overdue"/> of them due before
    /// <see cref="OverdueBefore"/>: the same as <see cref="AddSums"/> with their open rows one due date at a time.
    /// </summary>
    public void AddOpen(string? groupKey, int open, int overdue)
    {
        if (_since is not null)
        {
            throw new DomainException("A scorecard with a since date must add its predictions one by one.");
        }

        if (open <= 0)
        {
            return;
        }

        if (overdue < 0 || overdue > open)
        {
            throw new DomainException($"Overdue ({overdue}) must lie between 0 and the open count ({open}).");
        }

        (groupKey is null ? _overall : Group(groupKey)).AddOpen(open, overdue);
    }

    /// <summary>Lists a void prediction (with <see cref="AddSums"/>, which only counts them); at most MaxListedVoids are kept.</summary>
    public void ListVoid(VoidedPrediction voided)
    {
        ArgumentNullException.ThrowIfNull(voided);
        if (_voids.Count < _settings.MaxListedVoids)
        {
            _voids.Add(voided);
        }
    }

    /// <summary>Lists a conditional whose condition did not hold (with <see cref="AddSums"/>, which only counts them).</summary>
    public void ListConditionNotMet(VoidedPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        Keep(_conditionNotMet, prediction with { Reason = "condition not met" });
    }

    /// <summary>Lists a resolved hindsight prediction left out of the scores (with <see cref="AddSums"/>).</summary>
    public void ListHindsight(VoidedPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (!_settings.IncludeHindsight)
        {
            Keep(_hindsight, prediction with { Reason = "hindsight: the horizon ended before publication" });
        }
    }

    /// <summary>How many void predictions a scorecard lists.</summary>
    public int MaxListedVoids => _settings.MaxListedVoids;

    /// <summary>Whether hindsight predictions are scored (storage leaves their errors out of the medians otherwise).</summary>
    public bool IncludeHindsight => _settings.IncludeHindsight;

    /// <summary>
    /// Gives a group (the overall line when <paramref name="groupKey"/> is null) the median |percentage error| that
    /// storage took from its error distribution (migration 0016), over <paramref name="withError"/> forecasts: what
    /// <see cref="AddSums"/> would otherwise need every distinct error key for.
    /// </summary>
    public void SetMedianApe(string? groupKey, int withError, double median)
    {
        if (_since is not null)
        {
            throw new DomainException("A scorecard with a since date must add its predictions one by one.");
        }

        (groupKey is null ? _overall : Group(groupKey)).SetMedianApe(withError, median);
    }

    /// <summary>
    /// Adds <paramref name="count"/> resolved numeric forecasts' |percentage error| key to a group's distribution
    /// (their other sums come through <see cref="AddSums"/>): for groups storage keeps under several keys.
    /// </summary>
    public void AddApes(string groupKey, double apeKey, int count)
    {
        if (_since is not null)
        {
            throw new DomainException("A scorecard with a since date must add its predictions one by one.");
        }

        Group(groupKey).AddApes(apeKey, count);
    }

    public Scorecard Build()
    {
        var scores = _groups.Values.Select(g => g.ToScore(_settings.MinSample)).ToList();
        var ranked = scores
            .Where(static s => !s.IsSmallSample)
            .OrderBy(static s => s.MeanBrier)
            .ThenByDescending(static s => s.Scored)
            .ThenBy(static s => s.Key, StringComparer.Ordinal)
            .Select(static (s, i) => s with { Rank = i + 1 });
        var unranked = scores
            .Where(static s => s.IsSmallSample)
            .OrderByDescending(static s => s.Scored)
            .ThenBy(static s => s.Key, StringComparer.Ordinal);
        return new Scorecard(
            Dimension,
            _asOf,
            _since,
            _settings,
            _overall.ToScore(_settings.MinSample),
            [.. ranked, .. unranked],
            _voidCount,
            _voids.OrderBy(static v => v.Id, StringComparer.Ordinal).ToList(),
            _skippedCount,
            _skipped)
        {
            ConditionNotMetCount = _conditionNotMetCount,
            ConditionNotMet = _conditionNotMet.OrderBy(static v => v.Id, StringComparer.Ordinal).ToList(),
            HindsightCount = _hindsightCount,
            Hindsight = _hindsight.OrderBy(static v => v.Id, StringComparer.Ordinal).ToList(),
        };
    }

    private void Keep(List<VoidedPrediction> list, VoidedPrediction item)
    {
        if (list.Count < _settings.MaxListedVoids)
        {
            list.Add(item);
        }
    }

    /// <summary>
    /// The probability a resolved prediction is scored with: a stated one; else one implied by hedge words or, for a
    /// binary event claim, the flat-"will" default; none for a numeric forecast without one (its error scores it).
    /// With StatedOnly, implied probabilities are left out.
    /// </summary>
    private (double? Probability, Implied Implied) ProbabilityFor(double? probability, string? source, bool numeric)
    {
        if (probability is { } stated && source == "stated")
        {
            return (stated, Implied.No);
        }

        var implied = probability ?? (numeric ? null : _settings.UnstatedProbability);
        return implied is null ? (null, Implied.No) : _settings.StatedOnly ? (null, Implied.LeftOut) : (implied, Implied.Counted);
    }

    /// <summary><see cref="ProbabilityFor"/> for predictions whose probabilities storage added up (all stated or all implied).</summary>
    private (double? Probability, Implied Implied) TotalsFor(string? source) => source switch
    {
        "stated" => (null, Implied.No),
        "hedge" => (null, _settings.StatedOnly ? Implied.LeftOut : Implied.Counted),
        _ => throw new DomainException($"Probability totals need a stated or implied probability, not source '{source}'."),
    };

    private GroupAccumulator Group(string key)
    {
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new GroupAccumulator(key);
            _groups.Add(key, group);
        }

        return group;
    }

    private Entry Classify(ScoredPrediction p)
    {
        switch (p.State)
        {
            case PredictionState.Void:
                return new Entry(EntryKind.Void);
            case PredictionState.Annulled:
                return new Entry(EntryKind.Annulled);
            case PredictionState.Resolved when p.IsHindsight && !_settings.IncludeHindsight:
                return new Entry(EntryKind.Hindsight);
            case PredictionState.Resolved:
                var outcome = p.Outcome!.Value;
                var (probability, implied) = ProbabilityFor(p.Probability, p.ProbabilitySource, p.IsNumeric);
                int? delay = p is { ResolveBy: { } by, ResolvedAt: { } at }
                    ? DateOnly.FromDateTime(at.UtcDateTime).DayNumber - by.DayNumber
                    : null;
                return new Entry(EntryKind.Scored)
                {
                    Score = probability is { } q ? PredictionScoring.Score(q, outcome) : null,
                    Implied = implied,
                    Delay = delay,
                    Numeric = p.IsNumeric,
                    Outcome = outcome,
                    Error = p.Error,
                };
            default:
                var overdue = p.DueOn is { } due && due.AddDays(_settings.OverdueGraceDays) < _asOf;
                return new Entry(overdue ? EntryKind.Overdue : EntryKind.Open);
        }
    }

    private static void AddTo(GroupAccumulator group, Entry entry)
    {
        switch (entry.Kind)
        {
            case EntryKind.Void:
                group.AddVoid();
                break;
            case EntryKind.Annulled:
                group.AddAnnulled();
                break;
            case EntryKind.Hindsight:
                group.AddHindsight();
                break;
            case EntryKind.Scored:
                if (entry.Score is { } score)
                {
                    group.AddScored(score);
                }

                if (entry.Implied != Implied.No)
                {
                    group.AddImplied(1, entry.Implied == Implied.LeftOut);
                }

                if (entry.Numeric)
                {
                    group.AddNumeric(entry.Outcome, entry.Error);
                }

                if (entry.Delay is { } d)
                {
                    group.AddResolutionDelay(d);
                }

                break;
            default:
                group.AddOpen(entry.Kind == EntryKind.Overdue);
                break;
        }
    }

    private enum EntryKind
    {
        Open,
        Overdue,
        Scored,
        Void,
        Annulled,
        Hindsight,
    }

    private enum Implied
    {
        No,
        Counted,
        LeftOut,
    }

    private readonly record struct Entry(EntryKind Kind)
    {
        public PredictionScore? Score { get; init; }

        public Implied Implied { get; init; }

        public int? Delay { get; init; }

        public bool Numeric { get; init; }

        public double Outcome { get; init; }

        public NumericError? Error { get; init; }
    }
}

/// <summary>
/// Predictions of one group that score alike, added together: the same state and probability (and, while open,
/// the same due date). Storage keeps these sums current so a scorecard never reads every prediction.
/// </summary>
/// <param name="State">Resolved (YES/NO/PARTIAL), void or open.</param>
/// <param name="Probability">Resolved: the stated or implied probability; null when none (the unstated default applies).</param>
/// <param name="Due">Open: the resolve-by date in force (null when undated); decides "overdue" on the as-of day.</param>
/// <param name="Count">How many predictions.</param>
/// <param name="SumOutcome">Resolved: Σ outcome (YES 1, NO 0, PARTIAL its fraction).</param>
/// <param name="SumOutcomeSquared">Resolved: Σ outcome².</param>
/// <param name="DelayCount">Resolved with a due date: how many.</param>
/// <param name="DelayDays">Their Σ days from due date to resolution.</param>
public sealed record PredictionSums(
    PredictionState State,
    double? Probability,
    DateOnly? Due,
    int Count,
    double SumOutcome,
    double SumOutcomeSquared,
    int DelayCount,
    long DelayDays)
{
    /// <summary>Resolved: <c>stated</c>, <c>hedge</c>, or null when there is no probability.</summary>
    public string? ProbabilitySource { get; init; }

    /// <summary>Resolved threshold and range forecasts.</summary>
    public bool IsNumeric { get; init; }

    /// <summary>Resolved with the horizon ending before publication.</summary>
    public bool Hindsight { get; init; }

    /// <summary>
    /// Resolved with a stated or implied probability: their probabilities added up (then <see cref="Probability"/> is
    /// null and <see cref="ProbabilitySource"/> says which kind they all are).
    /// </summary>
    public ProbabilityTotals? Totals { get; init; }

    /// <summary>Numeric: the |percentage error| key they share (tenths of a point), null without an error.</summary>
    public double? ApeKey { get; init; }

    public int TooHigh { get; init; }

    public int TooLow { get; init; }

    public double SumPercentError { get; init; }
}
