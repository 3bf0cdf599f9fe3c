using ForecastWatch.Hosting;

namespace ForecastWatch.Tests.Hosting;

public sealed class LoggingSetupTests
{
    [Theory]
    [InlineData("ForecastWatch:Smtp:Password")]
    [InlineData("ForecastWatch:Imap:AccessToken")]
    [InlineData("ForecastWatch:Oauth:ClientSecret")]
    [InlineData("ForecastWatch:Something:ApiKey")]
    [InlineData("ConnectionStrings:Main")]
    [InlineData("ForecastWatch:Tls:PrivateKey")]
    public void IsSecretKey_SecretNames_True(string key)
    {
        Assert.True(LoggingSetup.IsSecretKey(key));
    }

    [Theory]
    [InlineData("ForecastWatch:Smtp:Host")]
    [InlineData("ForecastWatch:Smtp:UserName")]
    [InlineData("ForecastWatch:Password:Host")]
    [InlineData("ForecastWatch:TimeZone")]
    public void IsSecretKey_OrdinarySettings_False(string key)
    {
        Assert.False(LoggingSetup.IsSecretKey(key));
    }
}
