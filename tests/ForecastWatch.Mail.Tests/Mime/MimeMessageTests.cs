using System.Text;
using ForecastWatch.Mail.Encodings;
using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.IO;

namespace ForecastWatch.Mail.Tests.Mime;

public sealed class MimeMessageTests
{
    private const string Alternative = """
        Return-Path: <anna@example.com>
        From: =?UTF-8?Q?J=C3=A9r=C3=B4me_Lef=C3=A8vre?= <jerome@meteo.example>
        To: "Desk, Weather" <desk@forecastwatch.example>, bob@example.org
        Cc: Team: a@example.com, b@example.com;
        Subject: =?UTF-8?B?UHLDqXZpc2lvbg==?= =?UTF-8?B?IHZhbGlkw6ll?=
         for Lyon
        Date: Thu, 01 Oct 2026 09:30:00 -0500
        Message-ID: <abc.123@meteo.example>
        In-Reply-To: <orig.1@forecastwatch.example>
        References: <root.0@forecastwatch.example>
         <orig.1@forecastwatch.example>
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="b1"

        This is the preamble.
        --b1
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        Valid=C3=A9, merci.
        Line two is soft=
        -broken.
        --b1
        Content-Type: text/html; charset=utf-8
        Content-Transfer-Encoding: base64

        PHA+VmFsaWTDqSwgbWVyY2kuPC9wPg==
        --b1--
        Epilogue here.
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task LoadAsync_Alternative_ExposesHeadersAndBodies(int chunk)
    {
        using var sut = await TestMessages.LoadAsync(Alternative, chunk);

        Assert.Equal("Jérôme Lefèvre", sut.From.Mailboxes.Single().Name);
        Assert.Equal("jerome@meteo.example", sut.From.Mailboxes.Single().Address);
        Assert.Equal(["desk@forecastwatch.example", "bob@example.org"], sut.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("Desk, Weather", sut.To.Mailboxes.First().Name);
        Assert.Equal(2, Assert.IsType<GroupAddress>(Assert.Single(sut.Cc)).Members.Count);
        Assert.Equal("Prévision validée for Lyon", sut.Subject);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 9, 30, 0, TimeSpan.FromHours(-5)), sut.Date);
        Assert.Equal("abc.123@meteo.example", sut.MessageId);
        Assert.Equal("orig.1@forecastwatch.example", sut.InReplyTo);
        Assert.Equal(["root.0@forecastwatch.example", "orig.1@forecastwatch.example"], sut.References);
        Assert.Equal("Validé, merci.\r\nLine two is soft-broken.", sut.TextBody);
        Assert.Equal("<p>Validé, merci.</p>", sut.HtmlBody);
        Assert.Empty(sut.Attachments);
        Assert.Empty(sut.Defects);
        var multipart = Assert.IsType<Multipart>(sut.Body);
        Assert.Equal("This is the preamble.", multipart.PreambleText);
        Assert.Equal("Epilogue here.", multipart.EpilogueText);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task LoadAsync_NestedMixedWithAttachmentAndForward_FindsAll(int chunk)
    {
        var pdf = new byte[3000];
        new Random(5).NextBytes(pdf);
        var b64 = Convert.ToBase64String(pdf, Base64FormattingOptions.InsertLineBreaks);
        var text = $"""
            From: a@example.com
            Subject: fwd
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain

            hello
            --inner
            Content-Type: text/html

            <b>hello</b>
            --inner--

            --outer
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf
            Content-Transfer-Encoding: base64

            {b64}
            --outer
            Content-Type: message/rfc822

            From: b@example.com
            Subject: the original
            Message-ID: <orig@example.com>

            original body
            --outer--
            """;

        using var sut = await TestMessages.LoadAsync(text, chunk);

        Assert.Equal("hello", sut.TextBody);
        Assert.Equal("<b>hello</b>", sut.HtmlBody);
        Assert.Equal(2, sut.Attachments.Count);
        var file = sut.Attachments[0];
        Assert.Equal("résumé.pdf", file.FileName);
        Assert.Equal("application/pdf", file.ContentType.MimeType);
        Assert.Equal(3000, file.Size);
        using (var s = file.OpenRead())
        {
            var ms = new MemoryStream();
            await s.CopyToAsync(ms);
            Assert.Equal(pdf, ms.ToArray());
        }

        var forwarded = Assert.IsType<MessagePart>(sut.Attachments[1].Entity);
        Assert.Equal("the original", forwarded.Message!.Subject);
        Assert.Equal("orig@example.com", forwarded.Message.MessageId);
        Assert.Equal("original body", forwarded.Message.TextBody);
        Assert.Empty(sut.Defects);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task LoadAsync_MissingFinalBoundary_KeepsPartsAndReportsDefect(int chunk)
    {
        const string text = """
            From: a@example.com
            Content-Type: multipart/mixed; boundary="x"

            --x
            Content-Type: text/plain

            first
            --x
            Content-Type: text/plain; name=notes.txt
            Content-Disposition: attachment

            second
            """;

        using var sut = await TestMessages.LoadAsync(text, chunk);

        Assert.Equal("first", sut.TextBody);
        Assert.Single(sut.Attachments);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.MissingFinalBoundary);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task LoadAsync_OuterBoundaryClosesInner_ReportsMissingInnerBoundary(int chunk)
    {
        const string text = """
            Content-Type: multipart/mixed; boundary="o"

            --o
            Content-Type: multipart/alternative; boundary="i"

            --i
            Content-Type: text/plain

            inner text
            --o
            Content-Type: text/csv; name=a.csv

            1,2
            --o--
            """;

        using var sut = await TestMessages.LoadAsync(text, chunk);

        Assert.Equal("inner text", sut.TextBody);
        Assert.Equal("a.csv", Assert.Single(sut.Attachments).FileName);
        Assert.Single(sut.Defects, d => d.Kind == MimeDefectKind.MissingFinalBoundary);
    }

    [Fact]
    public async Task LoadAsync_BareLineFeeds_Parsed()
    {
        var bytes = Encoding.ASCII.GetBytes("Subject: lf\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nbody\n--z--\n");

        using var sut = await TestMessages.LoadAsync(bytes);

        Assert.Equal("lf", sut.Subject);
        Assert.Equal("body", sut.TextBody);
        Assert.Empty(sut.Defects);
    }

    [Theory]
    [InlineData("iso-8859-1", "Grüße aus München", 28591)]
    [InlineData("windows-1252", "“Sunny spells” €5", 1252)]
    [InlineData("shift_jis", "天気予報の確認", 932)]
    [InlineData("gb18030", "天气预报", 54936)]
    [InlineData("koi8-r", "Прогноз погоды", 20866)]
    [InlineData("ISO-8859-2", "Łukasz Wójcik", 28592)]
    public async Task TextBody_DeclaredCharset_Decoded(string charset, string expected, int codePage)
    {
        _ = MimeCharsets.Windows1252;
        var body = Encoding.GetEncoding(codePage).GetBytes(expected);
        var head = Encoding.ASCII.GetBytes($"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");

        using var sut = await TestMessages.LoadAsync([.. head, .. body]);

        Assert.Equal(expected, sut.TextBody);
        Assert.Empty(sut.Defects);
    }

    [Fact]
    public async Task TextBody_UnknownCharsetLatin1Bytes_FallsBackWithDefect()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("Content-Type: text/plain; charset=x-martian\r\n\r\n"), .. Encoding.Latin1.GetBytes("café")];

        using var sut = await TestMessages.LoadAsync(bytes);

        Assert.Equal("café", sut.TextBody);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.UnknownCharset);
    }

    [Fact]
    public async Task TextBody_Utf8DeclaredButLatin1_FallsBackWithDefect()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("Content-Type: text/plain; charset=utf-8\r\n\r\n"), .. Encoding.Latin1.GetBytes("naïve")];

        using var sut = await TestMessages.LoadAsync(bytes);

        Assert.Equal("naïve", sut.TextBody);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.InvalidCharsetData);
    }

    [Fact]
    public async Task GetBodyText_HtmlOnly_ConvertsToText()
    {
        const string text = """
            Content-Type: text/html; charset=utf-8

            <html><head><style>p{}</style></head><body><p>Approved&nbsp;as written.</p><ul><li>one</li><li>two</li></ul>Thanks<br>Anna</body></html>
            """;

        using var sut = await TestMessages.LoadAsync(text);

        Assert.Null(sut.TextBody);
        Assert.Equal("Approved as written.\n- one\n- two\nThanks\nAnna", sut.GetBodyText());
    }

    [Fact]
    public async Task LoadAsync_MalformedHeaderLine_TreatedAsBodyWithDefect()
    {
        const string text = "Subject: ok\nthis is not a header\nmore body\n";

        using var sut = await TestMessages.LoadAsync(text);

        Assert.Equal("ok", sut.Subject);
        Assert.Equal("this is not a header\r\nmore body\r\n", sut.TextBody);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.MalformedHeader && d.Line == 2);
    }

    [Fact]
    public async Task LoadAsync_MboxFromLine_SkippedWithDefect()
    {
        using var sut = await TestMessages.LoadAsync("From MAILER-DAEMON Thu Oct  1 09:30:00 2026\nSubject: x\n\nbody");

        Assert.Equal("x", sut.Subject);
        Assert.Equal(MimeDefectKind.MboxFromLine, Assert.Single(sut.Defects).Kind);
    }

    [Fact]
    public async Task LoadAsync_EmptyInput_ReturnsEmptyMessage()
    {
        using var sut = await TestMessages.LoadAsync([]);

        Assert.Empty(sut.Headers);
        Assert.Equal(string.Empty, sut.GetBodyText());
    }

    [Fact]
    public async Task LoadAsync_TruncatedHeaders_ReportsDefect()
    {
        using var sut = await TestMessages.LoadAsync(Encoding.ASCII.GetBytes("Subject: cut\r\nFrom: a@b.c"));

        Assert.Equal("a@b.c", sut.From.Mailboxes.Single().Address);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.TruncatedHeaders);
    }

    [Fact]
    public async Task LoadAsync_InvalidBase64_DecodesWhatItCanWithDefect()
    {
        const string text = """
            Content-Type: text/plain
            Content-Transfer-Encoding: base64

            aGVs!!bG8=
            """;

        using var sut = await TestMessages.LoadAsync(text);

        Assert.Equal("hello", sut.TextBody);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.InvalidBase64);
    }

    [Fact]
    public async Task LoadAsync_MultipartWithoutBoundary_OpaqueWithDefect()
    {
        using var sut = await TestMessages.LoadAsync("Content-Type: multipart/mixed\n\n--x\n\nhi\n");

        Assert.IsType<MimePart>(sut.Body);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.MissingBoundaryParameter);
    }

    [Fact]
    public async Task Headers_RawAndDecodedAndOrdered()
    {
        using var sut = await TestMessages.LoadAsync("X-A: 1\nSubject: =?iso-8859-1?q?caf=E9?=\nX-A: 2\n\n");

        Assert.Equal(["X-A", "Subject", "X-A"], sut.Headers.Select(h => h.Name));
        Assert.Equal(["1", "2"], sut.Headers.GetAll("x-a").Select(h => h.Value));
        Assert.Equal("café", sut.Headers["subject"]);
        Assert.Equal(" =?iso-8859-1?q?caf=E9?=", Encoding.ASCII.GetString(sut.Headers[1].RawValue.Span));
        Assert.Equal(2, sut.Headers[1].Line);
    }

    [Fact]
    public async Task WriteToAsync_ParsedMessage_RewritesEquivalent()
    {
        using var original = await TestMessages.LoadAsync(Alternative);
        var ms = new MemoryStream();

        await original.WriteToAsync(ms);
        ms.Position = 0;
        using var sut = await MimeMessage.LoadAsync(ms);

        Assert.Equal(original.Subject, sut.Subject);
        Assert.Equal(original.TextBody, sut.TextBody);
        Assert.Equal(original.HtmlBody, sut.HtmlBody);
        Assert.Equal(original.Headers.Select(h => h.Value), sut.Headers.Select(h => h.Value));
        Assert.Empty(sut.Defects);
        Assert.Equal(TestMessages.Bytes(Alternative)[..200], ms.ToArray()[..200]);
    }

    [Fact]
    public async Task LoadAsync_DigestChildrenDefaultToMessage()
    {
        const string text = """
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: one

            first
            --d--
            """;

        using var sut = await TestMessages.LoadAsync(text);

        var part = Assert.IsType<MessagePart>(Assert.IsType<Multipart>(sut.Body).Children.Single());
        Assert.Equal("one", part.Message!.Subject);
    }

    [Fact]
    public async Task LoadAsync_Canceled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MimeMessage.LoadAsync(new MemoryStream(TestMessages.Bytes(Alternative)), null, cts.Token));
    }

    [Fact]
    public async Task Dispose_SpooledMessage_ReleasesContent()
    {
        var sut = await TestMessages.LoadAsync(Alternative);
        var part = sut.TextPart!;

        sut.Dispose();

        Assert.Throws<ObjectDisposedException>(() => part.GetText());
    }
}
