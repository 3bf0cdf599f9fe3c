using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Tests.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Digest;

internal static class DigestFixtures
{
    public static readonly DateTimeOffset AsOf = new(2026, 8, 3, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset PeriodStart = AsOf.AddDays(-7);
    public static readonly DateOnly Today = new(2026, 8, 3);

    /// <summary>Two resolved this week (one void), one resolved before, two overdue, one due soon, one later.</summary>
    public static IReadOnlyList<ScoredPrediction> Week() =>
    [
        Fixtures.Resolved("new-yes", 0.8, 1, resolvedAt: AsOf.AddDays(-2)) with { Evidence = "https://stats.example.org/q2 and a note" },
        Fixtures.Void("new-void", reason: "the vote was cancelled") with { ResolvedAt = AsOf.AddDays(-1) },
        Fixtures.Resolved("old-no", 0.7, 0, resolvedAt: PeriodStart.AddDays(-1)),
        Fixtures.Open("late-a", Today.AddDays(-60)),
        Fixtures.Open("late-b", Today.AddDays(-20)),
        Fixtures.Open("soon", Today.AddDays(10), outlet: "Beta"),
        Fixtures.Open("later", Today.AddDays(90)),
    ];

    public static DigestModel Build(IEnumerable<ScoredPrediction>? predictions = null, DigestSettings? settings = null,
        Func<string, IReadOnlyList<PromptSent>>? prompts = null, IEnumerable<DeliveryProblem>? problems = null)
    {
        var builder = new DigestBuilder(AsOf, PeriodStart, settings);
        foreach (var p in predictions ?? Week())
        {
            builder.Add(p);
        }

        return builder.Build(prompts, problems);
    }
}
