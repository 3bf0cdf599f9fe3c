using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class ReplyHtmlConverterTests
{
    [Fact]
    public void ToText_GmailHtmlReply_QuotesBlockquote()
    {
        const string html = """
            <div dir="ltr">YES<div>see <a href="https://example.org/law">the law</a></div></div><br>
            <div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Nov 23, 2026 at 10:15 AM Desk &lt;<a
                href="mailto:desk@example.test">desk@example.test</a>&gt; wrote:<br></div>
            <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">The claim<br>Reply with YES</blockquote></div>
            """;

        var text = ReplyHtmlConverter.ToText(html);

        Assert.Contains("> The claim", text, StringComparison.Ordinal);
        Assert.Contains("see the law <https://example.org/law>", text, StringComparison.Ordinal);
        Assert.Equal("YES\nsee the law <https://example.org/law>", ReplyTrimmer.TrimHtml(html).Text);
    }

    [Fact]
    public void TrimHtml_OutlookDesktop_CutsAtHeaderBlock()
    {
        const string html = """
            <html><head><style>p.MsoNormal{margin:0}</style></head><body>
            <div class="WordSection1"><p class="MsoNormal">No&nbsp;&#8211; see link<o:p></o:p></p>
            <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
            <div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
            <p class="MsoNormal"><b>From:</b> ForecastWatch Desk &lt;desk@example.test&gt; <br><b>Sent:</b
                > Monday, November 23, 2026 10:15 AM<br><b>To:</b> Jane Editor<br><b>Subject:</b> [FW-x] Due</p></div>
            <p class="MsoNormal">The claim</p></div></body></html>
            """;

        var result = ReplyTrimmer.TrimHtml(html);

        Assert.Equal("No – see link", result.Text);
        Assert.Equal(ReplyCutKind.HeaderBlock, result.Cut);
    }

    [Fact]
    public void TrimHtml_OutlookWeb_CutsAtRplyFwdBlock()
    {
        const string html = """
            <div>VOID: retracted</div><hr style="display:inline-block;width:98%" tabindex="-1">
            <div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Desk &lt;desk@example.test&gt;<br><b>Sent:</b
                > Monday, November 23, 2026 10:15<br><b>To:</b> Jane<br><b>Subject:</b> Due</font><div>&nbsp;</div></div>
            <div>The claim</div>
            """;

        Assert.Equal("VOID: retracted", ReplyTrimmer.TrimHtml(html).Text);
    }

    [Fact]
    public void TrimHtml_AppleMailCiteBlockquote_DropsQuote()
    {
        const string html = """
            <html><body dir="auto">Yes.<br><br><div dir="ltr">Sent from my iPhone</div><div dir="ltr"><br><blockquote type="cite"
                >On 23 Nov 2026, at 10:15, Desk &lt;desk@example.test&gt; wrote:<br><br></blockquote></div>
            <blockquote type="cite"><div dir="ltr">The claim</div></blockquote></body></html>
            """;

        Assert.Equal("Yes.", ReplyTrimmer.TrimHtml(html).Text);
    }

    [Fact]
    public void ToText_NestedBlockquotes_PrefixPerLevel()
    {
        var text = ReplyHtmlConverter.ToText("<p>a</p><blockquote>b<blockquote>c</blockquote></blockquote>");

        Assert.Equal("a\n> b\n>> c", text);
    }

    [Fact]
    public void ToText_ScriptAndStyle_AreDropped()
    {
        Assert.Equal("x", ReplyHtmlConverter.ToText("<style>.a{}</style><script>alert(1)</script><p>x</p>"));
    }

    [Fact]
    public void ToText_BrokenHtml_DoesNotThrow()
    {
        var text = ReplyHtmlConverter.ToText("<div>YES <b</div><blockquote><p>unclosed");

        Assert.StartsWith("YES", text, StringComparison.Ordinal);
    }
}
