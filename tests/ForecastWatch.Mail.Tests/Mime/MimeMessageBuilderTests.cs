using System.Text;
using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.IO;

namespace ForecastWatch.Mail.Tests.Mime;

public sealed class MimeMessageBuilderTests
{
    private static readonly MimeFormatOptions Deterministic = new() { BoundaryGenerator = static n => $"=_test_{n}" };

    private static MimeMessageBuilder CreateSut() => new MimeMessageBuilder()
        .From("prompts@forecastwatch.example", "ForecastWatch")
        .To("anna.schmidt@wetter.example", "Anna Schmidt")
        .Cc("desk@wetter.example")
        .ReplyTo("replies@forecastwatch.example")
        .Subject("Prognose für München – bitte bestätigen ✓")
        .Date(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero))
        .MessageId("<p-42@forecastwatch.example>")
        .InReplyTo("q-1@forecastwatch.example")
        .References("root@forecastwatch.example", "q-1@forecastwatch.example")
        .Header("Auto-Submitted", "auto-generated")
        .Header("X-Auto-Response-Suppress", "All")
        .Header("X-ForecastWatch-Loop", "1");

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ToBytes_TextHtmlAttachment_ParsesBackIdentically(int chunk)
    {
        var pdf = new byte[10_000];
        new Random(1).NextBytes(pdf);
        var sut = CreateSut()
            .TextBody("Grüße,\nbitte prüfen.\n.\nFrom here on")
            .HtmlBody("<p>Grüße, <b>bitte prüfen</b>.</p>")
            .Attach("Bericht März.pdf", pdf)
            .Attach("scores.csv", Encoding.UTF8.GetBytes("a,b\r\n1,2\r\n"));

        var bytes = sut.ToBytes(Deterministic);
        using var parsed = await TestMessages.LoadAsync(bytes, chunk);

        Assert.Empty(parsed.Defects);
        Assert.Equal("ForecastWatch", parsed.From.Mailboxes.Single().Name);
        Assert.Equal("prompts@forecastwatch.example", parsed.From.Mailboxes.Single().Address);
        Assert.Equal("Anna Schmidt", parsed.To.Mailboxes.Single().Name);
        Assert.Equal("desk@wetter.example", parsed.Cc.Mailboxes.Single().Address);
        Assert.Equal("replies@forecastwatch.example", parsed.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("Prognose für München – bitte bestätigen ✓", parsed.Subject);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), parsed.Date);
        Assert.Equal("p-42@forecastwatch.example", parsed.MessageId);
        Assert.Equal("q-1@forecastwatch.example", parsed.InReplyTo);
        Assert.Equal(["root@forecastwatch.example", "q-1@forecastwatch.example"], parsed.References);
        Assert.Equal("auto-generated", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("All", parsed.Headers["X-Auto-Response-Suppress"]);
        Assert.Equal("1", parsed.Headers["X-ForecastWatch-Loop"]);
        Assert.Equal("Grüße,\r\nbitte prüfen.\r\n.\r\nFrom here on", parsed.TextBody);
        Assert.Equal("<p>Grüße, <b>bitte prüfen</b>.</p>", parsed.HtmlBody);
        Assert.Equal(2, parsed.Attachments.Count);
        Assert.Equal("Bericht März.pdf", parsed.Attachments[0].FileName);
        Assert.Equal("application/pdf", parsed.Attachments[0].ContentType.MimeType);
        Assert.Equal(pdf.Length, parsed.Attachments[0].Size);
        var ms = new MemoryStream();
        using (var s = parsed.Attachments[0].OpenRead())
        {
            s.CopyTo(ms);
        }

        Assert.Equal(pdf, ms.ToArray());
        Assert.Equal("scores.csv", parsed.Attachments[1].FileName);
    }

    [Fact]
    public void ToBytes_Always_CrlfAndLinesWithinLimit()
    {
        var sut = CreateSut()
            .Subject(string.Concat(Enumerable.Repeat("Ünïcödé wörds in a very long subject ", 12)))
            .TextBody(new string('x', 3000) + "\n" + string.Concat(Enumerable.Repeat("ä", 500)))
            .HtmlBody("<p>" + new string('y', 2000) + "</p>");

        var bytes = sut.ToBytes(Deterministic);

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                Assert.True(i > 0 && bytes[i - 1] == (byte)'\r', $"bare LF at {i}");
            }
        }

        var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
        Assert.All(lines, l => Assert.True(l.Length <= 998, $"line of {l.Length}"));
        Assert.All(lines.TakeWhile(l => l.Length > 0), l => Assert.True(l.Length <= 78, $"header line of {l.Length}: {l}"));
    }

    [Fact]
    public async Task ToBytes_NonAsciiHeaders_EncodedWordsNeverSplitCharacters()
    {
        var subject = string.Concat(Enumerable.Repeat("天気予報😀", 30));
        var bytes = CreateSut().Subject(subject).TextBody("x").ToBytes(Deterministic);
        var text = Encoding.ASCII.GetString(bytes);

        Assert.True(Ascii.IsValid(bytes));
        Assert.Contains("=?utf-8?b?", text, StringComparison.Ordinal);
        foreach (var word in text.Split(' ', '\r', '\n').Where(w => w.StartsWith("=?utf-8?b?", StringComparison.Ordinal)))
        {
            Assert.True(word.Length <= 75);
            var payload = Convert.FromBase64String(word[10..^2]);
            Assert.True(System.Text.Unicode.Utf8.IsValid(payload), word);
        }

        using var parsed = await TestMessages.LoadAsync(bytes);
        Assert.Equal(subject, parsed.Subject);
    }

    [Theory]
    [InlineData("plain ascii text", "7bit")]
    [InlineData("Grüße aus München, mostly ASCII text here", "quoted-printable")]
    [InlineData("天気予報の確認をお願いします", "base64")]
    public async Task TextBody_ChoosesTransferEncodingByContent(string body, string expected)
    {
        var bytes = CreateSut().TextBody(body).ToBytes(Deterministic);

        using var parsed = await TestMessages.LoadAsync(bytes);

        Assert.Equal(expected, parsed.Body.Headers["Content-Transfer-Encoding"]);
        Assert.Equal(body, parsed.TextBody);
    }

    [Fact]
    public async Task Attach_Stream_EncodedInBlocks()
    {
        var data = new byte[200_000];
        new Random(2).NextBytes(data);

        var ms = new MemoryStream();
        await CreateSut().TextBody("see attached").Attach("big.bin", new MemoryStream(data)).WriteToAsync(ms, Deterministic);
        ms.Position = 0;
        using var parsed = await MimeMessage.LoadAsync(ms);

        var output = new MemoryStream();
        await Assert.IsType<MimePart>(parsed.Attachments.Single().Entity).DecodeToAsync(output);
        Assert.Equal(data, output.ToArray());
    }

    [Fact]
    public async Task ToBytes_NonAsciiDisplayNameAndIdn_RoundTrips()
    {
        var bytes = new MimeMessageBuilder()
            .From("redaktion@bücher.example", "Zoë \"Z\" Brontë")
            .To("x@example.com", "Smith, John")
            .TextBody("hi")
            .ToBytes();
        var text = Encoding.ASCII.GetString(bytes);

        Assert.Contains("xn--bcher-kva.example", text, StringComparison.Ordinal);
        Assert.Contains("\"Smith, John\" <x@example.com>", text, StringComparison.Ordinal);
        using var parsed = await TestMessages.LoadAsync(bytes);
        var from = parsed.From.Mailboxes.Single();
        Assert.Equal("Zoë \"Z\" Brontë", from.Name);
        Assert.Equal("bücher.example", from.UnicodeDomain);
        Assert.Equal("Smith, John", parsed.To.Mailboxes.Single().Name);
    }

    [Fact]
    public void NewMessageId_UsesDomainAndIsUnique()
    {
        var a = new MimeMessageBuilder().NewMessageId("forecastwatch.example").MessageIdValue;
        var b = new MimeMessageBuilder().NewMessageId("forecastwatch.example").MessageIdValue;

        Assert.EndsWith("@forecastwatch.example", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.Matches("^[a-z2-7]{26}@", a);
    }

    [Fact]
    public void WriteToAsync_NoFrom_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new MimeMessageBuilder().To("a@b.c").ToBytes());
    }

    [Fact]
    public void Header_InvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MimeMessageBuilder().Header("Bad Name", "x"));
    }

    [Fact]
    public void GetRecipients_IncludesBccButHeaderDoesNot()
    {
        var sut = new MimeMessageBuilder().From("a@x.example").To("b@x.example").Bcc(new MailboxAddress(null, "hidden@x.example")).TextBody("t");

        Assert.Equal(["b@x.example", "hidden@x.example"], sut.GetRecipients().Select(m => m.Address));
        Assert.DoesNotContain("hidden", Encoding.ASCII.GetString(sut.ToBytes()), StringComparison.Ordinal);
    }
}

public sealed class MimeMessageBuilderInjectionTests
{
    [Fact]
    public void MessageId_WithLineBreak_Rejected()
    {
        Assert.Throws<ArgumentException>(() => new MimeMessageBuilder().MessageId("<a@b>\r\nBcc: victim@example.com"));
        Assert.Throws<ArgumentException>(() => new MimeMessageBuilder().References("ok@x", "bad id@x"));
    }

    [Fact]
    public void Address_WithLineBreak_Rejected()
    {
        Assert.Throws<ArgumentException>(() => new MailboxAddress(null, "a@b.example\r\nBcc: c@d.example"));
    }

    [Fact]
    public async Task SubjectAndHeaderAndName_WithLineBreaks_StayOneField()
    {
        var bytes = new MimeMessageBuilder()
            .From("a@example.com", "Eve\r\nBcc: victim@example.com")
            .Subject("hi\r\nBcc: victim@example.com")
            .Header("X-Test", "v\r\nBcc: victim@example.com")
            .TextBody("x")
            .ToBytes();

        using var parsed = await ForecastWatch.Mail.Tests.IO.TestMessages.LoadAsync(bytes);

        Assert.False(parsed.Headers.Contains("Bcc"));
        Assert.Equal("hi Bcc: victim@example.com", parsed.Subject);
    }
}
