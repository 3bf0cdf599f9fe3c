using System.Text;
using ForecastWatch.Mail.Smtp;

namespace ForecastWatch.Mail.Tests.Smtp;

public sealed class SmtpDataFilterTests
{
    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        (string In, string Out)[] cases =
        [
            ("", ".\r\n"),
            ("a\r\n", "a\r\n.\r\n"),
            ("a", "a\r\n.\r\n"),
            (".\r\n", "..\r\n.\r\n"),
            ("x\r\n.\r\n..y\r\n", "x\r\n..\r\n...y\r\n.\r\n"),
            ("a\nb\n.c", "a\r\nb\r\n..c\r\n.\r\n"),
            ("a\rb\r", "a\r\nb\r\n.\r\n"),
            ("a\r\r\nb", "a\r\n\r\nb\r\n.\r\n"),
            ("no.dot.at.start\r\n", "no.dot.at.start\r\n.\r\n"),
        ];
        foreach (var (input, output) in cases)
        {
            foreach (var chunk in new[] { 1, 7, 4096 })
            {
                data.Add(input, output, chunk);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_AnyChunking_DotStuffsAndNormalizesLineEnds(string input, string expected, int chunkSize)
    {
        var sut = new SmtpDataFilter();
        var bytes = Encoding.ASCII.GetBytes(input);
        var output = new List<byte>();
        for (var i = 0; i < bytes.Length; i += chunkSize)
        {
            var chunk = bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i));
            var buffer = new byte[SmtpDataFilter.MaxOutput(chunk.Length)];
            output.AddRange(buffer.AsSpan(0, sut.Filter(chunk, buffer)).ToArray());
        }

        var tail = new byte[8];
        output.AddRange(tail.AsSpan(0, sut.Flush(tail)).ToArray());

        Assert.Equal(expected, Encoding.ASCII.GetString(output.ToArray()));
    }
}
