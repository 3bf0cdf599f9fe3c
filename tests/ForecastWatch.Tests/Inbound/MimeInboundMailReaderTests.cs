using System.Text;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;

namespace ForecastWatch.Tests.Inbound;

/// <summary>Inbound mail as MimeKit reads it: where the token may be, which body is read, and what a DSN says.</summary>
public sealed class MimeInboundMailReaderTests
{
    private const string Token = "p12.abcdefghijklmnopqrst";
    private static readonly ReplyMatchSettings Settings = new("desk@example.test", "example.test");

    private static Task<InboundMail> ReadAsync(string raw) =>
        new MimeInboundMailReader().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n"))),
            CancellationToken.None);

    private static string Reply(string headers, string body = "YES\n") =>
        "From: Editor <editor@example.test>\nTo: desk@example.test\nSubject: Re: [FW-x] Due\nMessage-ID: <r1@example.org>\n" + headers
            + "\n" + body;

    [Theory]
    [InlineData("Delivered-To")]
    [InlineData("X-Original-To")]
    [InlineData("Envelope-To")]
    [InlineData("X-Envelope-To")]
    [InlineData("X-Delivered-To")]
    public async Task ReadAsync_TokenOnlyInEnvelopeField_Matched(string field)
    {
        var mail = await ReadAsync(Reply($"{field}: desk+{Token}@example.test\n"));

        var match = ReplyMatcher.Match(mail.Envelope, Settings);

        Assert.Equal(ReplyMatchKind.Token, match.Kind);
        Assert.Equal(Token, match.Token);
    }

    [Fact]
    public async Task ReadAsync_EnvelopeToWithAngleBrackets_Matched()
    {
        var mail = await ReadAsync(Reply($"Envelope-To: <desk+{Token}@example.test>\n"));

        Assert.Equal(Token, ReplyMatcher.Match(mail.Envelope, Settings).Token);
    }

    [Fact]
    public async Task ReadAsync_EnvelopeFields_InOrderOfTrustBeforeTo()
    {
        var mail = await ReadAsync(
            "From: editor@example.test\nTo: desk+to.aaaaaaaaaaaa@example.test\nX-Delivered-To: desk+xd.aaaaaaaaaaaa@example.test\n" +
            "Envelope-To: desk+et.aaaaaaaaaaaa@example.test\nDelivered-To: desk+dt.aaaaaaaaaaaa@example.test\n" +
            "X-Original-To: desk+xo.aaaaaaaaaaaa@example.test\nX-Envelope-To: desk+xe.aaaaaaaaaaaa@example.test\nSubject: s\n\nYES\n");

        Assert.Equal(
            ["dt", "xo", "et", "xe", "xd", "to"],
            mail.Recipients.Select(static r =>
                r[(r.IndexOf('+', StringComparison.Ordinal) + 1)..r.IndexOf('.', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task ReadAsync_TokenInTopmostReceivedFor_Matched()
    {
        var mail = await ReadAsync(Reply(
            "Received: from mx.example.test by mail.example.test (Postfix) with ESMTP id 4Xy\n" +
            $"\tfor <desk+{Token}@example.test>; Mon, 7 Dec 2026 10:00:00 +0000 (UTC)\n" +
            "Received: from laptop by smtp.example.org with ESMTPSA id 9 for <desk+p99.zzzzzzzzzzzzzzzzzzzz@example.test>; Mon, 7 Dec 2026 "
                + "09:59:59 +0000\n"));

        Assert.Equal(Token, ReplyMatcher.Match(mail.Envelope, Settings).Token);
        Assert.DoesNotContain(mail.Recipients, static r => r.Contains("p99", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_FormatFlowed_Unwrapped()
    {
        var mail = await ReadAsync(Reply(
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8; format=flowed\n",
            "VOID the premise of this prediction changed when the \nlaw was withdrawn in May.\n\n> quoted \n> text\n"));

        Assert.StartsWith("VOID the premise of this prediction changed when the law was withdrawn in May.\n",
            mail.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FormatFlowedDelSp_SpaceDeleted()
    {
        var mail = await ReadAsync(Reply(
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n",
            "PARTIAL 0.5 https://example.org/a-very-long- \npath\n"));

        Assert.StartsWith("PARTIAL 0.5 https://example.org/a-very-long-path", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HtmlOnly_NoTextBodyAndTrimmedFromHtml()
    {
        var mail = await ReadAsync(Reply(
            "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n",
            "<html><body><div>NO</div><div>Still pending.</div><blockquote>On Monday ForecastWatch "
                + "wrote:<br>Due</blockquote></body></html>\n"));

        Assert.Null(mail.TextBody);
        Assert.StartsWith("NO", InboundProcessor.WhatTheEditorWrote(mail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TextPartAttachedAsFile_NotTheBody()
    {
        var mail = await ReadAsync(Reply(
            "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n",
            "--b\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\nnot the answer\n" +
            "--b\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nYES, d=E9j=E0 "
                + "fait\n--b--\n"));

        Assert.Equal("YES, déjà fait", mail.TextBody!.TrimEnd());
    }

    [Fact]
    public async Task ReadAsync_Dsn_ReportThroughMessageDeliveryStatus()
    {
        var mail = await ReadAsync("""
            From: MAILER-DAEMON@mail.example.test
            To: forecastwatch@example.test
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.example.test

            Final-Recipient: rfc822; gone@example.test
            Original-Recipient: rfc822;gone@example.test
            Action: failed
            Status: 5.1.1 (user unknown)
            Diagnostic-Code: smtp; 550 5.1.1 <gone@example.test>: Recipient address rejected

            --r
            Content-Type: text/rfc822-headers

            From: ForecastWatch <forecastwatch@example.test>
            To: gone@example.test
            Subject: [FW-x] Due
            Message-ID: <fw.prompt.3.0.i0123456789abcdef@example.test>

            --r--

            """);

        var report = Assert.IsType<InboundDeliveryReport>(mail.DeliveryReport);
        Assert.Equal("fw.prompt.3.0.i0123456789abcdef@example.test", report.OriginalMessageId);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("gone@example.test", recipient.Recipient);
        Assert.Equal("failed", recipient.Action);
        Assert.Equal("5.1.1", recipient.Status);
        Assert.StartsWith("550 5.1.1", recipient.Diagnostic, StringComparison.Ordinal);
        Assert.True(recipient.IsPermanentFailure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001\u0002 not mail at all")]
    [InlineData("Subject: only headers")]
    public async Task ReadAsync_Garbage_DoesNotThrow(string raw)
    {
        var mail = await ReadAsync(raw);

        Assert.Equal(ReplyMatchKind.None, ReplyMatcher.Match(mail.Envelope, Settings).Kind);
    }

    [Theory]
    [InlineData("iso-8859-1")]
    [InlineData("windows-1252")]
    [InlineData("us-ascii")]
    public async Task ReadAsync_Utf8BodyLabelledAnotherCharset_ReadAsUtf8(string declared)
    {
        // The 8bit body is UTF-8 ("Sí, ocurrió" would read "SÃ­, ocurriÃ³" in the declared charset).
        var mail = await ReadAsync(Reply(
            $"MIME-Version: 1.0\nContent-Type: text/plain; charset={declared}\nContent-Transfer-Encoding: 8bit\n",
            "S\u00ed, ocurri\u00f3\n"));

        Assert.Equal("S\u00ed, ocurri\u00f3", mail.TextBody?.TrimEnd());
    }

    [Fact]
    public async Task ReadAsync_RealLatin1Body_KeepsItsLabel()
    {
        var raw = Encoding.UTF8.GetBytes(Reply("MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n" +
            "Content-Transfer-Encoding: 8bit\n", "BODY\n").ReplaceLineEndings("\r\n"));
        var body = Encoding.Latin1.GetBytes("S\u00ed, ocurri\u00f3\r\n");
        var bytes = raw.AsSpan(0, raw.Length - "BODY\r\n".Length).ToArray().Concat(body).ToArray();

        var mail = await new MimeInboundMailReader().ReadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal("S\u00ed, ocurri\u00f3", mail.TextBody?.TrimEnd());
    }
}
