using ForecastWatch.Mail.Smtp;

namespace ForecastWatch.Mail.Tests.Smtp;

public sealed class SmtpCapabilitiesTests
{
    [Fact]
    public void Parse_EhloReply_ReadsFlagsSizeAndMechanisms()
    {
        var reply = new SmtpReply(250, ["mx.example.test", "PIPELINING", "SIZE 0", "auth plain LOGIN", "AUTH=XOAUTH2", "STARTTLS", "X-UNKNOWN 1"]);

        var sut = SmtpCapabilities.Parse(reply);

        Assert.Equal(SmtpExtensions.Pipelining | SmtpExtensions.Size | SmtpExtensions.Auth | SmtpExtensions.StartTls, sut.Extensions);
        Assert.Null(sut.MaxSize);
        Assert.Equal(["LOGIN", "PLAIN", "XOAUTH2"], sut.AuthMechanisms.Order(StringComparer.Ordinal));
        Assert.Equal(6, sut.Raw.Count);
    }
}
