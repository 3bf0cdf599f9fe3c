using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

/// <summary>Builds predictions for tests with sensible defaults; each test overrides what it is about.</summary>
internal static class Fixtures
{
    public static readonly DateOnly MadeOn = new(2026, 1, 15);
    public static readonly DateOnly Due = new(2026, 6, 30);

    public static ScoredPrediction Resolved(string id, double probability, double outcome, string outlet = "Alpha",
        DateTimeOffset? resolvedAt = null) =>
        new(id, "art-" + outlet.ToLowerInvariant(), outlet, ["Ann Author"], ["economy"], "likely", probability, "event", "Claim " + id,
            MadeOn, Due, PredictionState.Resolved, outcome, resolvedAt ?? new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero),
            "editor@example.org")
        {
            Verdict = outcome switch
            {
                1 => "YES",
                0 => "NO",
                _ => "PARTIAL " + outcome.ToString(System.Globalization.CultureInfo.InvariantCulture)
            },
            Evidence = "https://example.org/evidence/" + id,
        };

    public static ScoredPrediction Open(string id, DateOnly? due, string outlet = "Alpha") =>
        new(id, "art-" + outlet.ToLowerInvariant(), outlet, ["Ann Author"], ["economy"], null, 0.7, "event", "Claim " + id,
            MadeOn, due, PredictionState.Open, null, null, null);

    public static ScoredPrediction Void(string id, string outlet = "Alpha", string? reason = "question became moot") =>
        new(id, "art-" + outlet.ToLowerInvariant(), outlet, ["Ann Author"], ["economy"], null, 0.7, "event", "Claim " + id,
            MadeOn, Due, PredictionState.Void, null, new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero), "editor@example.org")
        {
            VoidReason = reason,
            Verdict = "VOID",
        };

    /// <summary>
    /// The hand-computed group of docs/scoring.md ("worked example"): five scored, one void, one overdue, one open.
    /// Resolution days after due: +10, -10, +30, 0, 0.
    /// </summary>
    public static IReadOnlyList<ScoredPrediction> WorkedExample() =>
    [
        Resolved("a1", 0.8, 1, resolvedAt: At(2026, 7, 10)),
        Resolved("a2", 0.7, 0, resolvedAt: At(2026, 6, 20)),
        Resolved("a3", 0.6, 0.5, resolvedAt: At(2026, 7, 30)),
        Resolved("a4", 0.2, 0, resolvedAt: At(2026, 6, 30)),
        Resolved("a5", 0.85, 1, resolvedAt: At(2026, 6, 30)),
        Void("a6"),
        Open("a7", new DateOnly(2026, 3, 1)),
        Open("a8", new DateOnly(2027, 3, 1)),
    ];

    public static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 12, 0, 0, TimeSpan.Zero);
}
