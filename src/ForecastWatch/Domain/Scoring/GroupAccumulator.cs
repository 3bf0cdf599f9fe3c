namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// Running sums for one group. Memory is constant whatever the number of predictions added, so a scorecard over a
/// million rows only holds one of these per group.
/// </summary>
public sealed class GroupAccumulator
{
    private readonly int[] _bucketCount = new int[CalibrationBucket.BucketCount];
    private readonly double[] _bucketProbability = new double[CalibrationBucket.BucketCount];
    private readonly double[] _bucketOutcome = new double[CalibrationBucket.BucketCount];
    private int _scored;
    private double _credit;
    private double _brier;
    private double _log;
    private double _outcome;
    private double _outcomeSquared;
    private int _delayCount;
    private double _delayDays;
    private int _open;
    private int _overdue;
    private int _void;
    private int _annulled;
    private int _hindsight;
    private int _implied;
    private int _impliedLeftOut;
    private int _numeric;
    private double _hits;
    private int _high;
    private int _low;
    private double _sumPercentError;

    // Count per |percentage error| in tenths of a point: the median needs the distribution, and these keys repeat.
    private SortedDictionary<double, int>? _apes;

    // Or the median itself, as storage computed it from the same keys (SetMedianApe).
    private int _withErrorGiven;
    private double? _medianGiven;

    public GroupAccumulator(string key)
    {
        Key = key;
    }

    public string Key { get; }

    public int Scored => _scored;

    public void AddScored(PredictionScore score)
    {
        _scored++;
        _credit += score.Credit;
        _brier += score.Brier;
        _log += score.LogScore;
        _outcome += score.Outcome;
        _outcomeSquared += score.Outcome * score.Outcome;
        var bucket = CalibrationBucket.IndexOf(score.Probability);
        _bucketCount[bucket]++;
        _bucketProbability[bucket] += score.Probability;
        _bucketOutcome[bucket] += score.Outcome;
    }

    /// <summary>
    /// Adds <paramref name="count"/> predictions made at the same <paramref name="probability"/> at once, from their
    /// outcome sums. Every score is linear in the outcome once p is fixed, so this equals adding them one by one
    /// (up to rounding): Σ(p − o)² = n·p² − 2p·Σo + Σo², Σ log = Σo·ln p′ + (n − Σo)·ln(1 − p′), and the accuracy
    /// credit is Σo when the forecast leaned yes, else n − Σo.
    /// </summary>
    public void AddScored(double probability, int count, double sumOutcome, double sumOutcomeSquared)
    {
        if (count <= 0)
        {
            return;
        }

        if (!(probability >= 0 && probability <= 1))
        {
            throw new DomainException($"Probability must be within 0..1, was {probability}.");
        }

        var n = (double)count;
        var clamped = Math.Clamp(probability, PredictionScoring.LogEpsilon, 1 - PredictionScoring.LogEpsilon);
        _scored += count;
        _credit += probability >= 0.5 ? sumOutcome : n - sumOutcome;
        _brier += Math.Max(0, (n * probability * probability) - (2 * probability * sumOutcome) + sumOutcomeSquared);
        _log += (sumOutcome * Math.Log(clamped)) + ((n - sumOutcome) * Math.Log(1 - clamped));
        _outcome += sumOutcome;
        _outcomeSquared += sumOutcomeSquared;
        var bucket = CalibrationBucket.IndexOf(probability);
        _bucketCount[bucket] += count;
        _bucketProbability[bucket] += n * probability;
        _bucketOutcome[bucket] += sumOutcome;
    }

    /// <summary>
    /// Adds <paramref name="count"/> predictions with probabilities already added up by storage
    /// (<see cref="ProbabilityTotals"/>): the same sums as adding them probability by probability (up to rounding).
    /// </summary>
    public void AddScored(ProbabilityTotals totals, int count, double sumOutcome, double sumOutcomeSquared)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (count <= 0)
        {
            return;
        }

        if (totals.BucketCounts.Count != CalibrationBucket.BucketCount || totals.BucketProbability.Count != CalibrationBucket.BucketCount
            || totals.BucketOutcome.Count != CalibrationBucket.BucketCount)
        {
            throw new DomainException($"Probability totals need {CalibrationBucket.BucketCount} calibration buckets.");
        }

        _scored += count;
        _credit += totals.Credit;
        _brier += Math.Max(0, totals.SumProbabilitySquared - (2 * totals.SumProbabilityOutcome) + sumOutcomeSquared);
        _log += totals.LogScore;
        _outcome += sumOutcome;
        _outcomeSquared += sumOutcomeSquared;
        for (var i = 0; i < CalibrationBucket.BucketCount; i++)
        {
            _bucketCount[i] += checked((int)totals.BucketCounts[i]);
            _bucketProbability[i] += totals.BucketProbability[i];
            _bucketOutcome[i] += totals.BucketOutcome[i];
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> numeric forecasts alike in their |percentage error| key
    /// (<paramref name="apeKey"/>, null without an error): their hits (Σ outcome), how many were too high and too
    /// low, and the sum of their signed percentage errors.
    /// </summary>
    public void AddNumeric(int count, double hits, double? apeKey, int tooHigh, int tooLow, double sumPercentError)
    {
        if (count <= 0)
        {
            return;
        }

        _numeric += count;
        _hits += hits;
        _high += tooHigh;
        _low += tooLow;
        _sumPercentError += sumPercentError;
        if (apeKey is { } key)
        {
            _apes ??= [];
            _apes[key] = _apes.GetValueOrDefault(key) + count;
        }
    }

    public void AddNumeric(double outcome, NumericError? error) => AddNumeric(
        1,
        outcome,
        error?.AbsolutePercentErrorKey,
        error is { Error: > 0 } ? 1 : 0,
        error is { Error: < 0 } ? 1 : 0,
        error?.PercentError ?? 0);

    /// <summary>
    /// The median |percentage error| over <paramref name="withError"/> forecasts, taken by storage from the same
    /// keys (<see cref="NumericError.ApeKey"/>) by the same rule as the histogram's: the middle key, or the mean of
    /// the two middle ones. Used instead of adding every key through <see cref="AddNumeric(int, double, double?, int, int, double)"/>.
    /// </summary>
    public void SetMedianApe(int withError, double median)
    {
        if (withError <= 0)
        {
            return;
        }

        _withErrorGiven = withError;
        _medianGiven = median;
    }

    /// <summary>Adds <paramref name="count"/> forecasts' |percentage error| key to the distribution the median is taken from.</summary>
    public void AddApes(double apeKey, int count)
    {
        if (count <= 0)
        {
            return;
        }

        _apes ??= [];
        _apes[apeKey] = _apes.GetValueOrDefault(apeKey) + count;
    }

    public void AddAnnulled(int count = 1) => _annulled += count;

    public void AddHindsight(int count = 1) => _hindsight += count;

    /// <summary>Scored with an implied probability (hedge words or the default), or left out for it with StatedOnly.</summary>
    public void AddImplied(int count, bool leftOut)
    {
        if (leftOut)
        {
            _impliedLeftOut += count;
        }
        else
        {
            _implied += count;
        }
    }

    /// <summary>Days from the resolve-by date to the resolution (negative: resolved early).</summary>
    public void AddResolutionDelay(int days) => AddResolutionDelays(1, days);

    /// <summary><paramref name="count"/> resolutions whose delays add up to <paramref name="totalDays"/>.</summary>
    public void AddResolutionDelays(int count, long totalDays)
    {
        _delayCount += count;
        _delayDays += totalDays;
    }

    public void AddOpen(bool overdue) => AddOpen(1, overdue ? 1 : 0);

    /// <summary><paramref name="count"/> unresolved predictions, <paramref name="overdue"/> of them overdue.</summary>
    public void AddOpen(int count, int overdue)
    {
        _open += count;
        _overdue += overdue;
    }

    public void AddVoid() => AddVoid(1);

    public void AddVoid(int count) => _void += count;

    /// <summary>The group's scores; <see cref="GroupScore.Rank"/> is left null (ranking needs all groups).</summary>
    public GroupScore ToScore(int minSample)
    {
        var calibration = new CalibrationBucket[CalibrationBucket.BucketCount];
        for (var i = 0; i < calibration.Length; i++)
        {
            var n = _bucketCount[i];
            calibration[i] = new CalibrationBucket(
                i,
                i / 10.0,
                (i + 1) / 10.0,
                n,
                n == 0 ? null : _bucketProbability[i] / n,
                n == 0 ? null : _bucketOutcome[i] / n);
        }

        double? meanDelay = _delayCount == 0 ? null : _delayDays / _delayCount;
        if (_scored == 0)
        {
            return WithCounts(
                new GroupScore(
                    Key, 0, 0, null, null, null, null, null, null, null, calibration, meanDelay, _open, _overdue, _void, true, null));
        }

        var n2 = (double)_scored;
        var meanBrier = _brier / n2;
        var baseRate = _outcome / n2;

        // Reference forecast: always say the group's own base rate. Its Brier is mean((ō − o)²) = mean(o²) − ō².
        var referenceBrier = Math.Max(0, (_outcomeSquared / n2) - (baseRate * baseRate));
        double? skillVsBase = referenceBrier < 1e-12 ? null : 1 - (meanBrier / referenceBrier);
        var credit = Math.Clamp(_credit, 0, n2);
        return WithCounts(new GroupScore(
            Key,
            _scored,
            credit,
            credit / n2,
            WilsonInterval.Compute(credit, n2),
            meanBrier,
            1 - (meanBrier / PredictionScoring.CoinFlipBrier),
            baseRate,
            skillVsBase,
            _log / n2,
            calibration,
            meanDelay,
            _open,
            _overdue,
            _void,
            _scored < minSample,
            null));
    }

    private GroupScore WithCounts(GroupScore score) => score with
    {
        Numeric = NumericScore(),
        ConditionNotMet = _annulled,
        Hindsight = _hindsight,
        Implied = _implied,
        ImpliedLeftOut = _impliedLeftOut,
    };

    private NumericScore? NumericScore()
    {
        if (_numeric == 0)
        {
            return null;
        }

        var n = (double)_numeric;
        var hits = Math.Clamp(_hits, 0, n);
        var withError = _apes?.Values.Sum() ?? _withErrorGiven;
        return new NumericScore(
            _numeric,
            hits,
            hits / n,
            WilsonInterval.Compute(hits, n),
            withError,
            withError == 0 ? null : _apes is null ? _medianGiven : Median(_apes, withError),
            withError == 0 ? null : _sumPercentError / withError,
            _high,
            _low);
    }

    /// <summary>The median of a sorted histogram: the middle value, or the mean of the two middle ones.</summary>
    private static double Median(SortedDictionary<double, int> counts, int total)
    {
        var lower = (total - 1) / 2;
        var upper = total / 2;
        double? low = null;
        var seen = 0;
        foreach (var (value, count) in counts)
        {
            if (low is null && lower < seen + count)
            {
                low = value;
            }

            if (upper < seen + count)
            {
                return (low!.Value + value) / 2;
            }

            seen += count;
        }

        throw new InvalidOperationException("The histogram holds fewer values than counted.");
    }
}
