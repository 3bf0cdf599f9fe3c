using System.Text;
using ForecastWatch.Mailing;
using MimeKit;

namespace ForecastWatch.Tests.Mailing;

public sealed class MailRendererTests
{
    private static ComposedMail Mail() => new()
    {
        From = "ForecastWatch <fw@example.test>",
        To = ["editor@example.test"],
        ReplyTo = "desk+p1.abc@example.test",
        Subject = "[FW-x] Due: Prix à 3 € d’ici 2027…",
        MessageId = "fw.prompt.1.1@example.test",
        InReplyTo = "fw.prompt.1.0@example.test",
        References = ["fw.prompt.1.0@example.test"],
        Headers = [new("Auto-Submitted", "auto-generated"), new("X-ForecastWatch-Loop", "prompt")],
        Date = new DateTimeOffset(2027, 6, 1, 8, 30, 0, TimeSpan.FromHours(2)),
        TextBody = "Ligne une\nLigne € deux\n",
        HtmlBody = "<p>€</p>",
    };

    private static async Task<MimeMessage> RoundTripAsync(ComposedMail mail)
    {
        using var stream = new MemoryStream(new MailRenderer().Render(mail));
        return await MimeMessage.LoadAsync(stream);
    }

    [Fact]
    public async Task Render_PromptMail_ParsesBackWithEveryHeader()
    {
        using var message = await RoundTripAsync(Mail());

        Assert.Equal("[FW-x] Due: Prix à 3 € d’ici 2027…", message.Subject);
        Assert.Equal("fw.prompt.1.1@example.test", message.MessageId);
        Assert.Equal("fw.prompt.1.0@example.test", message.InReplyTo);
        Assert.Equal(["fw.prompt.1.0@example.test"], message.References);
        Assert.Equal("desk+p1.abc@example.test", Assert.Single(message.ReplyTo.Mailboxes).Address);
        Assert.Equal("fw@example.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(new DateTimeOffset(2027, 6, 1, 6, 30, 0, TimeSpan.Zero), message.Date);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("prompt", message.Headers["X-ForecastWatch-Loop"]);
    }

    [Fact]
    public async Task Render_BothBodies_TextAndHtmlDecodable()
    {
        using var message = await RoundTripAsync(Mail());

        Assert.Equal("Ligne une\r\nLigne € deux\r\n", message.TextBody!.ReplaceLineEndings("\r\n"));
        Assert.Contains("<p>€</p>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameMail_SameHeadersAndCrlfOnly()
    {
        var raw = new MailRenderer().Render(Mail());
        var text = Encoding.ASCII.GetString(raw);

        Assert.DoesNotContain("\r\r", text, StringComparison.Ordinal);
        Assert.Equal(text.Split("\r\n").Length, text.Split('\n').Length);
        Assert.StartsWith("From: ForecastWatch <fw@example.test>\r\nTo: editor@example.test\r\nReply-To: desk+p1.abc@example.test\r\n",
            text, StringComparison.Ordinal);
        Assert.Contains("\r\nMessage-Id: <fw.prompt.1.1@example.test>\r\n", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nMIME-Version: 1.0\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TextOnly_SinglePartUtf8()
    {
        using var stream = new MemoryStream(new MailRenderer().Render(Mail() with { HtmlBody = null, TextBody = "YES\n" }));
        using var message = await MimeMessage.LoadAsync(stream);

        var part = Assert.IsType<TextPart>(message.Body);
        Assert.True(part.IsPlain);
        Assert.Equal("utf-8", part.ContentType.Charset);
        Assert.Equal(ContentEncoding.SevenBit, part.ContentTransferEncoding);
        Assert.Equal("YES\r\n", message.TextBody!.ReplaceLineEndings("\r\n"));
    }
}
