using System.Text;
using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Mail.Tests.Mime;

public sealed class ContentTypeTests
{
    [Fact]
    public void Parse_TypeSubtypeAndParameters_LowerCasedAndUnquoted()
    {
        var sut = ContentType.Parse("Text/HTML; Charset=\"UTF-8\"; format=flowed (comment)");

        Assert.Equal("text/html", sut.MimeType);
        Assert.Equal("UTF-8", sut.Charset);
        Assert.Equal("flowed", sut.Parameters["FORMAT"]);
    }

    [Theory]
    [InlineData("application/pdf; name*=utf-8''r%C3%A9sum%C3%A9.pdf", "résumé.pdf")]
    [InlineData("application/pdf; name*0=\"long \"; name*1=\"name.pdf\"", "long name.pdf")]
    [InlineData("application/pdf; name*1*=%E9.pdf; name*0*=iso-8859-1''caf%E9-", "café-é.pdf")]
    [InlineData("application/pdf; name=\"=?utf-8?q?caf=C3=A9?=.pdf\"", "café.pdf")]
    [InlineData("application/pdf; name=\"fallback.pdf\"; name*=utf-8''real.pdf", "real.pdf")]
    [InlineData("application/pdf; name=my file.pdf", "my file.pdf")]
    public void Parse_Rfc2231AndEncodedWordParameters_Decoded(string input, string expectedName)
    {
        var sut = ContentType.Parse(Encoding.UTF8.GetBytes(input), throwOnError: false, out _);

        Assert.Equal(expectedName, sut!.Name);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("text/")]
    [InlineData("/plain")]
    [InlineData("text/plain charset=utf-8")]
    [InlineData("text/plain; =x")]
    public void TryParse_Malformed_False(string input)
    {
        Assert.False(ContentType.TryParse(input, out _));
        Assert.Throws<MimeParseException>(() => ContentType.Parse(input));
    }

    [Fact]
    public void ParseLenient_MissingSubtype_Defaults()
    {
        var sut = ContentType.Parse("multipart; boundary=x"u8, throwOnError: false, out var malformed);

        Assert.True(malformed);
        Assert.Equal("multipart/mixed", sut!.MimeType);
        Assert.Equal("x", sut.Boundary);
    }

    [Fact]
    public void ToString_NonAsciiParameter_Rfc2231AndParsesBack()
    {
        var sut = new ContentType("application", "pdf");
        sut.Parameters.Set("name", "Bericht März – final version with a rather long file name.pdf");

        var text = sut.ToString();
        var back = ContentType.Parse(MimeHeader.Unfold(Encoding.ASCII.GetBytes(text)), throwOnError: false, out var malformed);

        Assert.True(Ascii.IsValid(text));
        Assert.Contains("name*0*=utf-8''", text, StringComparison.Ordinal);
        Assert.False(malformed);
        Assert.Equal("Bericht März – final version with a rather long file name.pdf", back!.Name);
    }
}

public sealed class ContentDispositionTests
{
    [Fact]
    public void Parse_AttachmentWithFilename()
    {
        var sut = ContentDisposition.Parse("attachment; filename=\"a b.pdf\"; size=10");

        Assert.True(sut.IsAttachment);
        Assert.Equal("a b.pdf", sut.FileName);
        Assert.Equal("10", sut.Parameters["size"]);
    }

    [Fact]
    public void TryParse_Garbage_False()
    {
        Assert.False(ContentDisposition.TryParse("; filename", out _));
    }
}

public sealed class MimeDateTests
{
    [Theory]
    [InlineData("Thu, 01 Oct 2026 09:30:00 -0500", 2026, 10, 1, 9, 30, 0, -300)]
    [InlineData("1 Oct 2026 09:30 +0200", 2026, 10, 1, 9, 30, 0, 120)]
    [InlineData("Thu, 1 Oct 26 09:30:00 GMT", 2026, 10, 1, 9, 30, 0, 0)]
    [InlineData("Thu, 01 Oct 1999 23:59:60 EST", 1999, 10, 1, 23, 59, 59, -300)]
    [InlineData("Thu,01 Oct 2026 09:30:00 PDT (Pacific)", 2026, 10, 1, 9, 30, 0, -420)]
    [InlineData("01 oct 2026 09:30:00", 2026, 10, 1, 9, 30, 0, 0)]
    public void TryParse_Variants(string input, int y, int mo, int d, int h, int mi, int s, int offsetMinutes)
    {
        Assert.True(MimeDate.TryParse(input, out var value));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes)), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("32 Oct 2026 09:30:00 +0000")]
    [InlineData("01 Foo 2026")]
    public void TryParse_Garbage_False(string input)
    {
        Assert.False(MimeDate.TryParse(input, out _));
        Assert.Throws<MimeParseException>(() => MimeDate.Parse(input));
    }

    [Fact]
    public void Format_ParsesBack()
    {
        var value = new DateTimeOffset(2026, 3, 9, 7, 5, 3, TimeSpan.FromMinutes(-150));

        Assert.Equal("Mon, 09 Mar 2026 07:05:03 -0230", MimeDate.Format(value));
        Assert.Equal(value, MimeDate.Parse(MimeDate.Format(value)));
    }
}

public sealed class MessageIdsTests
{
    [Theory]
    [InlineData("<a@b> <c@d>", new[] { "a@b", "c@d" })]
    [InlineData("<a@b>,<c@d>", new[] { "a@b", "c@d" })]
    [InlineData("a@b (comment) <c@d>", new[] { "a@b", "c@d" })]
    [InlineData("junk <a@b", new[] { "a@b" })]
    [InlineData("", new string[0])]
    public void ParseList_Lenient(string input, string[] expected)
    {
        Assert.Equal(expected, MessageIds.ParseList(input));
    }
}

public sealed class HtmlTextTests
{
    [Fact]
    public void ToText_BlocksTablesAndEntities()
    {
        var sut = HtmlText.ToText("<div>Hi &amp; welcome</div><table><tr><td>a</td><td>b</td></tr></table><p>x<br/>y</p><script>alert(1)</script>");

        Assert.Equal("Hi & welcome\na b\nx\ny", sut);
    }

    [Fact]
    public void ToText_Garbage_DoesNotThrow()
    {
        Assert.Equal("<<><>>", HtmlText.ToText("&lt;<>&lt;>>"));
    }
}
