using System.Text;
using ForecastWatch.Mailing;

namespace ForecastWatch.Tests.Mailing;

public sealed class MailRendererTests
{
    private static ComposedMail Mail(string subject = "[FW-x] Due: Prix à 3 € d’ici 2027…") => new()
    {
        From = "ForecastWatch <fw@example.test>",
        To = ["editor@example.test"],
        ReplyTo = "desk+p1.abc@example.test",
        Subject = subject,
        MessageId = "fw.prompt.1.1@example.test",
        InReplyTo = "fw.prompt.1.0@example.test",
        References = ["fw.prompt.1.0@example.test"],
        Headers = [new("Auto-Submitted", "auto-generated")],
        Date = new DateTimeOffset(2027, 6, 1, 8, 30, 0, TimeSpan.FromHours(2)),
        TextBody = "Ligne une\nLigne € deux\n",
        HtmlBody = "<p>€</p>",
    };

    [Fact]
    public void Render_NonAsciiSubject_TagReadableRestEncoded()
    {
        var raw = Encoding.ASCII.GetString(new MailRenderer().Render(Mail()));

        Assert.Contains("Subject: [FW-x] Due: Prix =?utf-8?B?", raw, StringComparison.Ordinal);
        Assert.All(raw.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.Contains("Date: Tue, 01 Jun 2027 08:30:00 +0200\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("In-Reply-To: <fw.prompt.1.0@example.test>\r\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BothBodies_MultipartAlternativeTextFirstDecodable()
    {
        var raw = Encoding.ASCII.GetString(new MailRenderer().Render(Mail()));

        var text = raw.IndexOf("text/plain", StringComparison.Ordinal);
        var html = raw.IndexOf("text/html", StringComparison.Ordinal);
        Assert.True(text > 0 && html > text);
        var b64 = raw[(raw.IndexOf("\r\n\r\n", text, StringComparison.Ordinal) + 4)..raw.IndexOf("\r\n--", text, StringComparison.Ordinal)];
        Assert.Equal("Ligne une\r\nLigne € deux\r\n", Encoding.UTF8.GetString(Convert.FromBase64String(b64.Replace("\r\n", "", StringComparison.Ordinal))));
        Assert.EndsWith("--\r\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeText_LongAsciiSubject_FoldedNotEncoded()
    {
        var subject = string.Join(' ', Enumerable.Repeat("word", 40));

        var encoded = MailRenderer.EncodeText(subject);

        Assert.DoesNotContain("=?", encoded, StringComparison.Ordinal);
        Assert.Contains("\r\n ", encoded, StringComparison.Ordinal);
        Assert.Equal(subject, encoded.Replace("\r\n", "", StringComparison.Ordinal));
    }
}
