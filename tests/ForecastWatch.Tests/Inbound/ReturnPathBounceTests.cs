using System.Text;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Inbound;

/// <summary>Bounces tied to the outbox row by the return path (VERP) they came back to, read by the MIME reader.</summary>
public sealed class ReturnPathBounceTests : IAsyncLifetime
{
    private const string Desk = "desk@example.test";
    private static readonly ReturnPath Paths = new("0123456789abcdef0123456789abcdef"u8);
    private InboundTestDatabase _db = null!;
    private readonly FakeAnswerSink _sink = new();

    public async Task InitializeAsync() => _db = await InboundTestDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DsnWithoutReportingMta_MarksTheRowItCameBackFor()
    {
        var (first, second) = await TwoRowsAsync();
        var bounce = $"""
            From: MAILER-DAEMON@mx.example.org
            To: {Paths.Create(Desk, second)}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <dsn1@mx.example.org>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Your message could not be delivered.
            --b1
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; gone@example.org
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 user unknown

            --b1--
            """;

        var outcome = await ProcessAsync(bounce);

        Assert.Equal(InboundStatus.Bounce, outcome.Status);
        Assert.Equal("Permanent", outcome.Reason);
        Assert.Equal(OutboxStatus.Queued, await StatusAsync(first));
        Assert.Equal(OutboxStatus.Bounced, await StatusAsync(second));
        Assert.Empty(_sink.Answers);
    }

    [Fact]
    public async Task PlainTextBounce_MarksTheRowItCameBackFor()
    {
        var (first, _) = await TwoRowsAsync();
        var bounce = $"""
            From: postmaster@old-mta.example.org
            To: {Paths.Create(Desk, first)}
            Subject: failure notice
            Message-ID: <plain1@old-mta.example.org>

            Hi. This is the qmail-send program at old-mta.example.org.
            I'm afraid I wasn't able to deliver your message to the following addresses.
            This is a permanent error; I've given up. Sorry it didn't work out.

            <gone@example.org>:
            Sorry, no mailbox here by that name. (#5.1.1)
            """;

        var outcome = await ProcessAsync(bounce);

        Assert.Equal(InboundStatus.Bounce, outcome.Status);
        Assert.Equal(OutboxStatus.Bounced, await StatusAsync(first));
    }

    [Fact]
    public async Task SoftBounceAfterTheFinalRetry_CountsAsBounced()
    {
        var (first, _) = await TwoRowsAsync();
        var bounce = $"""
            From: MAILER-DAEMON@mx.example.org
            To: {Paths.Create(Desk, first)}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <dsn2@mx.example.org>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Delivery gave up after 5 days.
            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; full@example.org
            Action: failed
            Status: 4.2.2
            Diagnostic-Code: smtp; 452 4.2.2 mailbox full

            --b1--
            """;

        await ProcessAsync(bounce);

        Assert.Equal(OutboxStatus.Bounced, await StatusAsync(first));
    }

    [Fact]
    public async Task PlainTextDelayWarning_DoesNotMarkBounced()
    {
        var (first, _) = await TwoRowsAsync();
        var warning = $"""
            From: MAILER-DAEMON@mx.example.org
            To: {Paths.Create(Desk, first)}
            Subject: Delayed Mail (still being retried)
            Message-ID: <warn1@mx.example.org>

            This is the mail system at host mx.example.org.
            ####################################################################
            # THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
            ####################################################################
            Your message could not be delivered for 4.0 hours. It will be retried until it is 5.0 days old.
            Status: 4.4.1
            """;

        var outcome = await ProcessAsync(warning);

        Assert.Equal("Transient", outcome.Reason);
        Assert.Equal(OutboxStatus.Queued, await StatusAsync(first));
    }

    [Fact]
    public async Task ForgedReturnPath_IsNotABounce()
    {
        var (first, _) = await TwoRowsAsync();
        var forged = $"From: someone@example.org\nTo: desk+b{first}.0000000000000000@example.test\nSubject: x\nMessage-ID: <f@x>\n\nfailed";

        await ProcessAsync(forged);

        Assert.Equal(OutboxStatus.Queued, await StatusAsync(first));
    }

    private async Task<(long First, long Second)> TwoRowsAsync()
    {
        using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        using var tx = connection.BeginTransaction();
        var now = new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var a = await OutboxStore.EnqueueAsync(connection, tx, new OutboxMessage("m1@fw.example.test", "prompt", null, Desk,
            ["gone@example.org"], "s", "x"u8.ToArray()), now, CancellationToken.None);
        var b = await OutboxStore.EnqueueAsync(connection, tx, new OutboxMessage("m2@fw.example.test", "prompt", null, Desk,
            ["gone@example.org"], "s", "x"u8.ToArray()), now, CancellationToken.None);
        await tx.CommitAsync();
        return (a, b);
    }

    private async Task<OutboxStatus> StatusAsync(long id)
    {
        using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return (await OutboxStore.ListAsync(connection, null, CancellationToken.None)).Single(e => e.Id == id).Status;
    }

    private Task<InboundOutcome> ProcessAsync(string mail)
    {
        var sut = new InboundProcessor(
            _db.Connections,
            new RawMailStore(Path.Combine(_db.DataDirectory, "raw")),
            new MimeInboundMailReader(),
            new FakePrompts(),
            _sink,
            new InboundSettings(Desk, "fw.example.test", "X-ForecastWatch-Loop", ReplyAuthenticationSettings.Off) { ReturnPaths = Paths },
            TimeProvider.System);
        var bytes = Encoding.UTF8.GetBytes(mail.Replace("\n", "\r\n", StringComparison.Ordinal));
        return sut.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), CancellationToken.None);
    }
}
