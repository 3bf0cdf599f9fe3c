namespace ForecastWatch.Domain.Scoring;

/// <summary>The scores of one resolved prediction.</summary>
/// <param name="Probability">The probability scored (stated, implied, or the unstated default).</param>
/// <param name="Outcome">1 = YES, 0 = NO, a fraction for PARTIAL.</param>
/// <param name="Credit">Accuracy credit in 0..1: the outcome when the forecast leaned yes (p ≥ 0.5), else 1 − outcome.</param>
/// <param name="Brier">(p − o)², 0 is perfect, 1 is worst.</param>
/// <param name="LogScore">o·ln(p′) + (1 − o)·ln(1 − p′) with p′ clamped to [ε, 1 − ε]; 0 is perfect,
/// higher is better.</param>
public readonly record struct PredictionScore(double Probability, double Outcome, double Credit, double Brier, double LogScore)
{
    /// <summary>True when the forecast earned at least half the credit (a PARTIAL 0.5 counts as correct).</summary>
    public bool IsCorrect => Credit >= 0.5;
}

/// <summary>Pure per-prediction scoring rules. See docs/scoring.md for the definitions.</summary>
public static class PredictionScoring
{
    /// <summary>
    /// Probabilities are clamped to [ε, 1 − ε] before taking logarithms so a confident miss costs ln(0.001) ≈ −6.91
    /// instead of −∞, which would make any group containing one such miss meaningless.
    /// </summary>
    public const double LogEpsilon = 0.001;

    /// <summary>A 50% forecast: the "no skill" reference. Its Brier score is 0.25 whatever happens (for YES/NO outcomes).</summary>
    public const double CoinFlipBrier = 0.25;

    public static PredictionScore Score(double probability, double outcome)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new DomainException($"Probability must be within 0..1, was {probability}.");
        }

        if (!(outcome >= 0 && outcome <= 1))
        {
            throw new DomainException($"Outcome must be within 0..1, was {outcome}.");
        }

        var credit = probability >= 0.5 ? outcome : 1 - outcome;
        var diff = probability - outcome;
        var clamped = Math.Clamp(probability, LogEpsilon, 1 - LogEpsilon);
        var log = (outcome * Math.Log(clamped)) + ((1 - outcome) * Math.Log(1 - clamped));
        return new PredictionScore(probability, outcome, credit, diff * diff, log);
    }
}
