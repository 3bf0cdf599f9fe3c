using System.Text;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Tests.Net;

public sealed class MailProtocolLoggerTests
{
    [Fact]
    public void LogClientAndServer_SplitLines_PrefixesEachLineOnce()
    {
        var writer = new StringWriter();
        var sut = new MailProtocolLogger(writer);

        sut.LogServer(Encoding.ASCII.GetBytes("220 hi\r\n250-a"));
        sut.LogServer(Encoding.ASCII.GetBytes("bc\r\n"));
        sut.LogClient(Encoding.ASCII.GetBytes("QUIT\r\n"));

        Assert.Equal("S: 220 hi\nS: 250-abc\nC: QUIT\n", writer.ToString());
    }

    [Fact]
    public void LogServer_LongChunk_Truncates()
    {
        var writer = new StringWriter();
        var sut = new MailProtocolLogger(writer, maxBytesPerChunk: 4);

        sut.LogServer(Encoding.ASCII.GetBytes("0123456789"));

        Assert.Equal("S: 0123... (6 more bytes)\n", writer.ToString());
    }
}
