using ForecastWatch.Mailing;

namespace ForecastWatch.Tests.Mailing;

public sealed class DigestOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new DigestOptionsValidator().Validate(null, new DigestOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadRecipientDimensionAndDueSoon_NamesEachKey()
    {
        var result = new DigestOptionsValidator().Validate(null, new DigestOptions
        {
            Recipients = ["ok@example.test", "not an address"],
            Dimension = "colour",
            DueSoonDays = 0,
        });

        Assert.True(result.Failed);
        Assert.Contains("ForecastWatch:Digest:Recipients:1", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Recipients:0", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ForecastWatch:Digest:Dimension", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ForecastWatch:Digest:DueSoonDays", result.FailureMessage, StringComparison.Ordinal);
    }
}
