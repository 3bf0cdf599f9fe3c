using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.IO;

namespace ForecastWatch.Mail.Tests.Mime;

public sealed class DeliveryStatusReportTests
{
    private const string Bounce = """
        From: Mail Delivery System <MAILER-DAEMON@mx.example>
        To: prompts@forecastwatch.example
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <bounce.1@mx.example>
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="R"

        --R
        Content-Type: text/plain; charset=us-ascii

        Your message could not be delivered.
        --R
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example
        Arrival-Date: Thu, 01 Oct 2026 09:30:00 -0500

        Final-Recipient: rfc822; priya@desk.example
        Original-Recipient: rfc822;priya@desk.example
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; desk.example
        Diagnostic-Code: smtp; 550 5.1.1 User unknown:
         no such mailbox

        Final-Recipient: rfc822; tom@desk.example
        Action: delayed
        Status: 4.4.1

        --R
        Content-Type: text/rfc822-headers

        From: ForecastWatch <prompts@forecastwatch.example>
        Subject: please confirm
        Message-ID: <8e63f1db@forecastwatch.example>

        --R--
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task DeliveryStatus_Bounce_ExposesRecipientsAndOriginalId(int chunk)
    {
        using var message = await TestMessages.LoadAsync(Bounce, chunk);

        var sut = message.DeliveryStatus;

        Assert.NotNull(sut);
        Assert.Equal("mx.example", sut.ReportingMta);
        Assert.Equal("8e63f1db@forecastwatch.example", sut.OriginalMessageId);
        Assert.Equal(2, sut.Recipients.Count);
        var failed = sut.Recipients[0];
        Assert.Equal("priya@desk.example", failed.FinalRecipient);
        Assert.Equal("priya@desk.example", failed.OriginalRecipient);
        Assert.Equal("failed", failed.Action);
        Assert.Equal("5.1.1", failed.Status);
        Assert.Equal("550 5.1.1 User unknown: no such mailbox", failed.DiagnosticCode);
        Assert.Equal("desk.example", failed.RemoteMta);
        Assert.True(failed.IsPermanentFailure);
        Assert.False(sut.Recipients[1].IsFailed);
        Assert.Equal("4.4.1", sut.Recipients[1].Status);
        Assert.Equal("Your message could not be delivered.", message.TextBody);
        Assert.Empty(message.Defects);
    }

    [Fact]
    public async Task DeliveryStatus_AttachedOriginalMessage_UsesItsMessageId()
    {
        var text = Bounce.Replace("Content-Type: text/rfc822-headers", "Content-Type: message/rfc822", StringComparison.Ordinal);
        using var message = await TestMessages.LoadAsync(text);

        var sut = message.DeliveryStatus!;

        Assert.Equal("8e63f1db@forecastwatch.example", sut.OriginalMessageId);
        Assert.Equal("please confirm", sut.OriginalMessage!.Subject);
    }

    [Fact]
    public async Task DeliveryStatus_OrdinaryMessage_Null()
    {
        using var message = await TestMessages.LoadAsync("Subject: hi\n\nbody");

        Assert.Null(message.DeliveryStatus);
    }

    [Fact]
    public async Task DeliveryStatus_GarbageStatusPart_ReportsDefect()
    {
        const string text = """
            Content-Type: multipart/report; report-type=delivery-status; boundary=R

            --R
            Content-Type: message/delivery-status

            this is not a field list
            --R--
            """;
        using var message = await TestMessages.LoadAsync(text);

        var sut = message.DeliveryStatus!;

        Assert.Empty(sut.Recipients);
        Assert.Contains(message.Defects, d => d.Kind == MimeDefectKind.MalformedDeliveryStatus);
    }
}
