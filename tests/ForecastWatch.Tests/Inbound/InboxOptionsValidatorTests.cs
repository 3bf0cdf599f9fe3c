using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;

namespace ForecastWatch.Tests.Inbound;

public sealed class InboxOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new InboxOptionsValidator().Validate(null, new InboxOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Source")]
    [InlineData("PollInterval")]
    [InlineData("MaxMessagesPerRun")]
    [InlineData("RequireAuthentication")]
    [InlineData("ProcessedFolder")]
    [InlineData("DkimAlignment")]
    public void Validate_BadSetting_NamesTheKey(string key)
    {
        var options = new InboxOptions();
        switch (key)
        {
            case "Source": options.Source = "pop3"; break;
            case "PollInterval": options.PollInterval = TimeSpan.Zero; break;
            case "MaxMessagesPerRun": options.MaxMessagesPerRun = 0; break;
            case "RequireAuthentication": options.RequireAuthentication = true; break;
            case "ProcessedFolder": options.ProcessedFolder = " "; break;
            case "DkimAlignment": options.DkimAlignment = "loose"; break;
        }

        var result = new InboxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ForecastWatch:Inbox:" + key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relaxed", DkimAlignment.Relaxed)]
    [InlineData("Strict", DkimAlignment.Strict)]
    [InlineData(" STRICT ", DkimAlignment.Strict)]
    public void Validate_DkimAlignmentInAnyCase_SucceedsAndParses(string value, DkimAlignment expected)
    {
        var result = new InboxOptionsValidator().Validate(null, new InboxOptions { DkimAlignment = value });

        Assert.True(result.Succeeded);
        Assert.Equal(expected, DkimAlignments.Parse(value));
    }
}
