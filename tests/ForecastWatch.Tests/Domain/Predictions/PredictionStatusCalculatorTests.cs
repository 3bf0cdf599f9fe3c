using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Tests.Domain.Predictions;

public sealed class PredictionStatusCalculatorTests
{
    private static readonly DateOnly ResolveBy = new(2027, 5, 31);

    private static PredictionStatus Compute(Prediction prediction, DateOnly today, params ResolutionRecord[] rows) =>
        PredictionStatusCalculator.Compute(prediction, ResolutionState.Fold(prediction, rows), today, 14);

    private static ResolutionRecord Row(long id, Verdict verdict, DateOnly? extendTo = null) =>
        new(id, "p-event", verdict, null, null, null, extendTo, null, [], "e@example.test", DateTimeOffset.UnixEpoch, ResolutionSource.Cli,
            null, null);

    [Theory]
    [InlineData(2027, 5, 31, PredictionStatus.Open)]
    [InlineData(2027, 6, 1, PredictionStatus.Due)]
    [InlineData(2027, 6, 14, PredictionStatus.Due)]
    [InlineData(2027, 6, 15, PredictionStatus.Overdue)]
    public void Compute_AroundResolveBy_OpenThenDueThenOverdue(int y, int m, int d, PredictionStatus expected)
    {
        Assert.Equal(expected, Compute(ResolverTests.Event(), new DateOnly(y, m, d)));
    }

    [Fact]
    public void Compute_Undated_StaysOpen()
    {
        Assert.Equal(PredictionStatus.Open,
            Compute(ResolverTests.Event() with { ResolveBy = null, Undated = true }, new DateOnly(2099, 1, 1)));
    }

    [Fact]
    public void Compute_Resolved_IsResolvedEvenWhenPastDue()
    {
        Assert.Equal(PredictionStatus.Resolved, Compute(ResolverTests.Event(), new DateOnly(2030, 1, 1), Row(1, Verdict.No)));
    }

    [Fact]
    public void Compute_Void_IsVoid()
    {
        Assert.Equal(PredictionStatus.Void, Compute(ResolverTests.Event(), new DateOnly(2030, 1, 1), Row(1, Verdict.Void)));
    }

    [Fact]
    public void Compute_Extended_IsOpenUntilTheNewDate()
    {
        var prediction = ResolverTests.Event();
        var extension = Row(1, Verdict.Extend, new DateOnly(2027, 12, 31));

        Assert.Equal(PredictionStatus.Open, Compute(prediction, new DateOnly(2027, 7, 1), extension));
        Assert.Equal(PredictionStatus.Due, Compute(prediction, new DateOnly(2028, 1, 1), extension));
    }

    [Theory]
    [InlineData(EntryStatus.Proposed, PredictionStatus.Proposed)]
    [InlineData(EntryStatus.Rejected, PredictionStatus.Rejected)]
    public void Compute_NotAccepted_ReportsEntryStatus(EntryStatus entry, PredictionStatus expected)
    {
        Assert.Equal(expected, Compute(ResolverTests.Event() with { Status = entry }, new DateOnly(2030, 1, 1)));
    }
}
