using System.Text;
using Dapper;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>Faults and attacks through the production adapters (MIME parser, prompts bridge, outbox) on real SQLite.</summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class InboundProcessorIntegrationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private InboundTestDatabase _db = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each case runs on a fresh store of the kind its data row names (SQLite, PostgreSQL).</summary>
    private async Task UseStoreAsync(string store) => _db = await InboundTestDatabase.CreateAsync(store);

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private Task<InboundOutcome> ProcessAsync(InboundProcessor sut, byte[] raw) =>
        sut.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(raw, ct).AsTask(), CancellationToken.None);

    private Task<InboundOutcome> ProcessAsync(InboundProcessor sut, string raw) =>
        ProcessAsync(sut, Encoding.UTF8.GetBytes(raw.Replace("\n", "\r\n", StringComparison.Ordinal)));

    private async Task<IReadOnlyDictionary<OutboxStatus, int>> OutboxAsync()
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await OutboxStore.CountByStatusAsync(connection, CancellationToken.None);
    }

    private async Task<string> AddPromptAsync(long promptId, string predictionId, string recipient, string messageId)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxStore.EnqueueAsync(connection, transaction, new OutboxMessage(messageId, "prompt", predictionId,
            "forecastwatch@example.test", [recipient], "[FW-x] Due", "raw"u8.ToArray()), Now, CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO prompts (id, prediction_id, cycle_resolve_by, recipient, role, created_at) VALUES (@Id, @P, '2027-05-31', @R, "
                + "'editor', 0)",
            new { Id = promptId, P = predictionId, R = recipient }, transaction);
        await transaction.CommitAsync();
        return RealPipeline.Tokens(_db.DataDirectory).Token.Create(promptId, recipient);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task Dsn_PermanentFailure_MarksOriginalPromptBounced(string store)
    {
        await UseStoreAsync(store);

        await AddPromptAsync(1, "ai-act", "nobody@example.test", "fw.prompt.1.0@example.test");
        var sut = RealPipeline.Create(_db, new FakeTimeProvider(Now));

        var outcome = await ProcessAsync(sut, """
            Return-Path: <>
            From: MAILER-DAEMON@example.test (Mail Delivery System)
            To: forecastwatch@example.test
            Subject: Undelivered Mail Returned to Sender
            Auto-Submitted: auto-replied
            Message-ID: <20270601100000.DSN1@mx.example.test>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --B
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.test

            Final-Recipient: rfc822; nobody@example.test
            Original-Recipient: rfc822;nobody@example.test
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.test>: Recipient address rejected

            --B
            Content-Type: text/rfc822-headers

            From: ForecastWatch <forecastwatch@example.test>
            To: nobody@example.test
            Subject: [FW-ai-act] Due
            Message-ID: <fw.prompt.1.0@example.test>

            --B--
            """);

        Assert.Equal(InboundStatus.Bounce, outcome.Status);
        Assert.Equal("Permanent", outcome.Reason);
        var outbox = await OutboxAsync();
        Assert.Equal(1, outbox.GetValueOrDefault(OutboxStatus.Bounced));
        Assert.Equal(0, outbox.GetValueOrDefault(OutboxStatus.Queued));
    }

    [Theory]
    [InlineData("Envelope-To: desk+{0}@example.test")]
    [InlineData("X-Envelope-To: <desk+{0}@example.test>")]
    [InlineData("Received: from mx.example.test by mail.example.test (Postfix) with ESMTP id 4Q\n\tfor <desk+{0}@example.test>; Tue, 1 Jun "
        + "2027 10:00:00 +0000")]
    public async Task Reply_TokenOnlyInServerField_AppliedAndAnsweredFromTheDesk(string field)
    {
        await UseStoreAsync(StoreKinds.Sqlite);

        // A server without Delivered-To: the token survives only in the field the MTA wrote; To is the bare desk.
        var token = await AddPromptAsync(7, "ai-act", "editor@example.test", "fw.prompt.7.0@example.test");
        var sut = RealPipeline.Create(_db, new FakeTimeProvider(Now));

        var outcome = await ProcessAsync(sut, string.Format(System.Globalization.CultureInfo.InvariantCulture, field, token)
            + "\nFrom: editor@example.test\nTo: desk@example.test\nSubject: Re: Due\nMessage-ID: <env@example.org>\n\nYES\n");

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.Equal("ai-act", outcome.PredictionId);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task OutOfOfficeStorm_HundredAutoReplies_NoAnswerQueued(string store)
    {
        await UseStoreAsync(store);

        var token = await AddPromptAsync(2, "ai-act", "editor@example.test", "fw.prompt.2.0@example.test");
        var sut = RealPipeline.Create(_db, new FakeTimeProvider(Now));
        string[] markers =
        [
            "Auto-Submitted: auto-replied",
            "X-Autoreply: yes",
            "Precedence: junk",
            "X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: editor@example.test",
            "X-Autorespond: vacation",
        ];

        for (var i = 0; i < 100; i++)
        {
            var subject = (i % 3) switch
            {
                0 => "Automatic reply: [FW-ai-act] Due",
                1 => "Abwesenheitsnotiz: [FW-ai-act] Due",
                _ => "Re: [FW-ai-act] Due"
            };
            var outcome = await ProcessAsync(sut, $"From: editor@example.test\nTo: desk+{token}@example.test\nSubject: "
                + $"{subject}\n{markers[i % markers.Length]}\nMessage-ID: <ooo{i}@example.org>\n\nI am away until Monday. YES\n");
            Assert.Equal(InboundStatus.Ignored, outcome.Status);
        }

        Assert.Equal(1, (await OutboxAsync()).Values.Sum());
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ThirtyMegabyteAttachment_AppliedWithBoundedMemory(string store)
    {
        await UseStoreAsync(store);

        var token = await AddPromptAsync(3, "ai-act", "editor@example.test", "fw.prompt.3.0@example.test");
        var sut = RealPipeline.Create(_db, new FakeTimeProvider(Now));
        var raw = BigReply(token, 30 * 1024 * 1024);
        await ProcessAsync(RealPipeline.Create(_db, new FakeTimeProvider(Now)), Encoding.ASCII.GetBytes("Subject: warm-up\r\n\r\nx\r\n"));

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var outcome = await sut.RecordAndDecideAsync("test", null, (s, ct) => raw.CopyToAsync(s, ct), CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        Assert.True(allocated < 8L * 1024 * 1024,
            $"allocated {allocated / 1024 / 1024} MB while processing a {raw.Length / 1024 / 1024} MB message");
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task ReplyWithValidToken_ConfirmationQueuedInThread(string store)
    {
        await UseStoreAsync(store);

        var token = await AddPromptAsync(4, "ai-act", "editor@example.test", "fw.prompt.4.0@example.test");
        var sut = RealPipeline.Create(_db, new FakeTimeProvider(Now));

        var outcome = await ProcessAsync(sut, $"From: Editor <editor@example.test>\nTo: desk+{token}@example.test\nSubject: Re: "
            + $"[FW-ai-act] Due\nMessage-ID: <r1@example.org>\nIn-Reply-To: <fw.prompt.4.0@example.test>\n\nYES\n");

        Assert.Equal(InboundStatus.Applied, outcome.Status);
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var answer = Assert.Single(await OutboxStore.ListAsync(connection, OutboxStatus.Queued, CancellationToken.None), e =>
            e.Category == OutboxReplyAnswerSink.ConfirmationCategory);
        Assert.Equal(["editor@example.test"], answer.Recipients);
        using var rendered = await MimeKit.MimeMessage.LoadAsync(
            new MemoryStream(await OutboxStore.GetRawAsync(connection, answer.Id, CancellationToken.None)));
        Assert.Equal("r1@example.org", rendered.InReplyTo?.Trim('<', '>'));
        Assert.Equal("auto-replied", rendered.Headers["Auto-Submitted"]);
        Assert.Equal($"fw.answer.{outcome.InboundId}.{await _db.InstallationIdAsync()}@example.test", rendered.MessageId);
        Assert.Equal($"desk+{token}@example.test", Assert.Single(rendered.ReplyTo.Mailboxes).Address);
        Assert.Contains("Recorded: YES", rendered.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task TokenForgedForAnotherPrompt_IsUnknown(string store)
    {
        await UseStoreAsync(store);

        var token = await AddPromptAsync(5, "ai-act", "editor@example.test", "fw.prompt.5.0@example.test");
        var forged = "p6" + token[token.IndexOf('.', StringComparison.Ordinal)..];
        await AddPromptAsync(6, "inflation", "editor@example.test", "fw.prompt.6.0@example.test");
        var sut = RealPipeline.Create(_db, new FakeTimeProvider(Now));

        var outcome = await ProcessAsync(sut,
            $"From: editor@example.test\nTo: desk+{forged}@example.test\nSubject: Re: Due\nMessage-ID: <r2@example.org>\n\nYES\n");

        Assert.Equal("UnknownToken", outcome.Reason);
    }

    private static MemoryStream BigReply(string token, int attachmentBytes)
    {
        var stream = new MemoryStream();
        var head = $"From: editor@example.test\r\nTo: desk+{token}@example.test\r\nSubject: Re: [FW-ai-act] Due\r\nMessage-ID: "
            + $"<big@example.org>\r\n" +
                   "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"M\"\r\n\r\n--M\r\nContent-Type: text/plain; "
                       + "charset=utf-8\r\n\r\nYES, the scan is attached.\r\n" +
                   "--M\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\nContent-Disposition: attachment; "
                       + "filename=\"scan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        stream.Write(Encoding.ASCII.GetBytes(head));
        var line = Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[57]) + "\r\n");
        for (var written = 0; written < attachmentBytes; written += 57)
        {
            stream.Write(line);
        }

        stream.Write("--M--\r\n"u8);
        stream.Position = 0;
        return stream;
    }

}
