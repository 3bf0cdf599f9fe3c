using ForecastWatch.Mail.Imap;

namespace ForecastWatch.Mail.Tests.Imap;

public sealed class ImapSearchQueryTests
{
    private static string Render(ImapSearchQuery q)
    {
        var b = new ImapCommandBuilder("X");
        q.Write(b);
        return string.Concat(b.Parts.Select(p => p.Text ?? $"{{{p.LiteralLength}}}"));
    }

    [Fact]
    public void Write_Composite_RendersRfc3501Syntax()
    {
        var q = ImapSearchQuery.And(
            ImapSearchQuery.Unseen,
            ImapSearchQuery.Or(ImapSearchQuery.Header("Message-ID", "<a\"b@c>"), ImapSearchQuery.Since(new DateOnly(2026, 3, 1))),
            ImapSearchQuery.Not(ImapSearchQuery.Keyword("$Processed")));

        Assert.Equal("X(UNSEEN OR HEADER \"Message-ID\" \"<a\\\"b@c>\" SINCE 1-Mar-2026 NOT KEYWORD $Processed)", Render(q));
        Assert.False(q.NeedsUtf8);
    }

    [Fact]
    public void Write_NonAscii_UsesLiteralAndNeedsUtf8()
    {
        var q = ImapSearchQuery.SubjectContains("prévision");

        Assert.Equal("XSUBJECT {10}", Render(q));
        Assert.True(q.NeedsUtf8);
    }

    [Fact]
    public void Keyword_InvalidAtom_Throws()
    {
        Assert.Throws<ArgumentException>(() => ImapSearchQuery.Keyword("bad flag"));
    }
}
