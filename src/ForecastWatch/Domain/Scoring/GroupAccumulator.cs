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

    /// <summary>Days from the resolve-by date to the resolution (negative: resolved early).</summary>
    public void AddResolutionDelay(int days)
    {
        _delayCount++;
        _delayDays += days;
    }

    public void AddOpen(bool overdue)
    {
        _open++;
        if (overdue)
        {
            _overdue++;
        }
    }

    public void AddVoid() => _void++;

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
            return new GroupScore(Key, 0, 0, null, null, null, null, null, null, null, calibration, meanDelay, _open, _overdue, _void, true, null);
        }

        var n2 = (double)_scored;
        var meanBrier = _brier / n2;
        var baseRate = _outcome / n2;

        // Reference forecast: always say the group's own base rate. Its Brier is mean((ō − o)²) = mean(o²) − ō².
        var referenceBrier = Math.Max(0, (_outcomeSquared / n2) - (baseRate * baseRate));
        double? skillVsBase = referenceBrier < 1e-12 ? null : 1 - (meanBrier / referenceBrier);
        var credit = Math.Min(_credit, n2);
        return new GroupScore(
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
            null);
    }
}
