using System.Globalization;
using ForecastWatch.Hosting;

namespace ForecastWatch.Tests.Hosting;

public sealed class HeartbeatOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:05:00")]
    [InlineData("7.00:00:00")]
    public void Validate_GraceWithinZeroToSevenDays_Succeeds(string grace)
    {
        var options = new HeartbeatOptions { StartupGrace = TimeSpan.Parse(grace, CultureInfo.InvariantCulture) };

        var result = new HeartbeatOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("7.00:00:01")]
    public void Validate_GraceOutOfRange_FailsNamingTheKey(string grace)
    {
        var options = new HeartbeatOptions { StartupGrace = TimeSpan.Parse(grace, CultureInfo.InvariantCulture) };

        var result = new HeartbeatOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ForecastWatch:Health:StartupGrace", result.FailureMessage, StringComparison.Ordinal);
    }
}
