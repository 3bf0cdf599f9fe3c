using ForecastWatch.Mail.Smtp;

namespace ForecastWatch.Mail.Tests.Smtp;

public sealed class SmtpReplyTests
{
    [Theory]
    [InlineData(550, "5.1.1 User unknown", "5.1.1", "User unknown")]
    [InlineData(451, "4.7.1 Try again later", "4.7.1", "Try again later")]
    [InlineData(250, "2.0.0", "2.0.0", "")]
    public void EnhancedStatus_ValidPrefix_IsParsedAndStrippedFromText(int code, string line, string status, string text)
    {
        var sut = new SmtpReply(code, [line]);

        Assert.Equal(status, sut.EnhancedStatus?.ToString());
        Assert.Equal(text, sut.Text);
    }

    [Theory]
    [InlineData(550, "User unknown")]
    [InlineData(550, "4.1.1 class differs from the reply code")]
    [InlineData(550, "5.1.1000 detail too long")]
    [InlineData(550, "5.a.1 junk")]
    public void EnhancedStatus_AbsentOrInvalid_IsNull(int code, string line)
    {
        Assert.Null(new SmtpReply(code, [line]).EnhancedStatus);
    }

    [Theory]
    [InlineData(421, true, false)]
    [InlineData(554, false, true)]
    [InlineData(250, false, false)]
    public void Classification_ByFirstDigit(int code, bool transient, bool permanent)
    {
        var sut = new SmtpReply(code, ["x"]);

        Assert.Equal(transient, sut.IsTransientFailure);
        Assert.Equal(permanent, sut.IsPermanentFailure);
    }
}
