using ForecastWatch.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Jobs;

/// <summary>The node loop's wake-up (PostgreSQL's one delivery path) and its heartbeat pace.</summary>
public sealed class DeliveryKickTests
{
    [Fact]
    public async Task WaitAsync_Signalled_ReturnsBeforeTheIdleInterval()
    {
        using var sut = new DeliveryKick(nodeLoop: true);
        var time = new FakeTimeProvider();

        var waiting = sut.WaitAsync(TimeSpan.FromMinutes(5), time, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        sut.Signal();
        sut.Signal(); // a second request before the loop woke is the same request

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var next = sut.WaitAsync(TimeSpan.FromMinutes(5), time, CancellationToken.None);
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(5));
        await next.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("* * * * * ?", 0.5)]
    [InlineData("0/10 * * * * ?", 5)]
    [InlineData("0 * * * * ?", 30)]
    [InlineData("0 0 * * * ?", 30)]
    [InlineData(null, 30)]
    public void BeatInterval_HalfTheCronsGap_AtMostThirtySeconds(string? cron, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds),
            OutboxDeliveryLoop.BeatInterval(cron, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
}
