using System.Xml.Linq;
using ForecastWatch.Domain.Digest;

namespace ForecastWatch.Tests.Domain.Digest;

public sealed class XhtmlTests
{
    [Theory]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("<i>", "&lt;i&gt;")]
    [InlineData("\"q\" 'a'", "&quot;q&quot; &#39;a&#39;")]
    [InlineData("bell\u0007", "bell\uFFFD")]
    [InlineData("emoji \uD83D\uDE00", "emoji \uD83D\uDE00")]
    [InlineData("caf\u00e9", "caf\u00e9")]
    [InlineData(null, "")]
    public void Encode_Inputs_EscapedOrReplaced(string? input, string expected)
    {
        Assert.Equal(expected, Xhtml.Encode(input));
    }

    [Fact]
    public void Encode_LoneSurrogate_Replaced()
    {
        var input = "lone " + (char)0xD800 + " and " + (char)0xDC00;

        Assert.Equal("lone \uFFFD and \uFFFD", Xhtml.Encode(input));
    }

    [Fact]
    public void Encode_EveryChar_ParsesAsXmlAttributeAndText()
    {
        var all = new string(Enumerable.Range(0, 0x10000).Select(static i => (char)i).ToArray());
        var encoded = Xhtml.Encode(all);

        var element = XElement.Parse($"<p title=\"{encoded}\">{encoded}</p>");

        Assert.Equal('<', element.Value['<']);
    }

    [Theory]
    [InlineData("https://example.org/x", true)]
    [InlineData("http://example.org", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    [InlineData("mailto:a@example.org", false)]
    [InlineData("/relative", false)]
    public void IsSafeLink_Schemes_OnlyHttp(string token, bool expected)
    {
        Assert.Equal(expected, Xhtml.IsSafeLink(token, out _));
    }
}
