namespace ForecastWatch.Tests.Support;

public sealed class FakeTimeProviderTests
{
    [Fact]
    public async Task Advance_PastDelay_CompletesDelay()
    {
        var sut = new FakeTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), sut, CancellationToken.None);

        sut.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        sut.Advance(TimeSpan.FromSeconds(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriod()
    {
        var sut = new FakeTimeProvider();
        var fired = 0;
        using var timer = sut.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        sut.Advance(TimeSpan.FromMinutes(3.5));

        Assert.Equal(3, fired);
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var sut = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
