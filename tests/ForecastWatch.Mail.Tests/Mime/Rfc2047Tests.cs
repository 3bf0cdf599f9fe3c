using System.Text;
using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Mail.Tests.Mime;

public sealed class Rfc2047Tests
{
    [Theory]
    [InlineData("=?utf-8?q?caf=C3=A9?=", "café", false)]
    [InlineData("=?UTF-8?B?Y2Fmw6k=?=", "café", false)]
    [InlineData("=?utf-8?q?a?= =?utf-8?q?b?=", "ab", false)]
    [InlineData("=?utf-8?q?a?=\t =?utf-8?q?_b?=", "a b", false)]
    [InlineData("x =?utf-8?q?a?= y", "x a y", false)]
    [InlineData("=?utf-8?b?5aSp?= =?utf-8?b?5rCX?=", "天気", false)]
    [InlineData("=?utf-8?b?5a?= =?utf-8?b?Sp5rCX?=", "天気", false)]
    [InlineData("=?shift_jis?B?k1aLQw==?=", "天気", false)]
    [InlineData("=?iso-8859-1?q?caf=E9?= =?windows-1252?q?=80?=", "café€", false)]
    [InlineData("=?utf-8*en?q?hi?=", "hi", false)]
    [InlineData("=?utf-8?q?unterminated", "=?utf-8?q?unterminated", true)]
    [InlineData("=?utf-8?x?bad?=", "=?utf-8?x?bad?=", true)]
    [InlineData("=?x-martian?q?abc?=", "abc", true)]
    [InlineData("plain =? text", "plain =? text", false)]
    [InlineData("a=?utf-8?q?b?=c", "abc", false)]
    public void DecodeText_Cases(string input, string expected, bool defect)
    {
        var text = Rfc2047.DecodeText(Encoding.UTF8.GetBytes(input), out var hadDefect);

        Assert.Equal(expected, text);
        Assert.Equal(defect, hadDefect);
    }

    [Fact]
    public void DecodeText_Raw8BitUtf8AndLatin1_Decoded()
    {
        Assert.Equal("Grüße", Rfc2047.DecodeText(Encoding.UTF8.GetBytes("Grüße"), out _));
        Assert.Equal("Grüße", Rfc2047.DecodeText(Encoding.Latin1.GetBytes("Grüße"), out _));
    }

    [Theory]
    [InlineData("Grüße aus München")]
    [InlineData("天気予報😀天気予報😀天気予報😀天気予報😀天気予報😀天気予報😀")]
    [InlineData("a_b=c?d")]
    public void EncodeWords_DecodesBack(string text)
    {
        var words = Rfc2047.EncodeWords(text);

        Assert.All(words, w => Assert.True(w.Length <= 75, w));
        Assert.Equal(text, Rfc2047.DecodeText(Encoding.ASCII.GetBytes(string.Join("\r\n ", words)).AsSpan().ToArray() is var b ? MimeHeader.Unfold(b) : [], out var defect));
        Assert.False(defect);
    }
}
