using ForecastWatch.Domain.Prompts;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Mailing;

/// <summary>End to end against the loopback Postfix + Dovecot (skipped unless FW_MAIL_SERVER is set).</summary>
public sealed class SmtpMailTransportTests : IDisposable
{
    private readonly MailingTestDatabase _db = new();
    private readonly InMemoryPromptSource _source = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => _db.Dispose();

    private OutboxDeliveryService Delivery(IMailTransport transport) => Delivery(_db, transport);

    private static OutboxDeliveryService Delivery(MailingTestDatabase db, IMailTransport transport)
    {
        var options = new MailingOptions
        {
            RetryAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            BreakDuration = TimeSpan.FromSeconds(5)
        };
        return new OutboxDeliveryService(db, transport, ResiliencePipelines.BuildMailDelivery(options, TimeProvider.System),
            Options.Create(options), TimeProvider.System, NullLogger<OutboxDeliveryService>.Instance);
    }

    private async Task<PromptRunReport> QueuePromptAsync(string? editor = null)
    {
        var prediction = PromptTestHarness.Prediction("e2e-" + _run, "2027-05-31") with
        {
            Claim = $"Run {_run}: regulators will intervene"
        };
        _source.Add(editor is null ? prediction : prediction with { Editors = [editor] });
        return await PromptTestHarness.CreatePromptService(_db, _source)
            .RunAsync(new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero), PromptRunScope.All, false, default);
    }

    private async Task<OutboxEntry> EntryAsync()
    {
        await using var c = await _db.OpenAsync(default);
        return Assert.Single(await OutboxStore.ListAsync(c, null, default));
    }

    [Support.MailServerFact]
    public async Task SendAsync_PromptThroughSubmission_ArrivesInEditorsMailboxWithHeadersAndBothParts()
    {
        var queued = Assert.Single((await QueuePromptAsync()).Items);
        var transport = new SmtpMailTransport(LoopbackMailServer.Submission(_db.Directory), TimeProvider.System);

        var report = await Delivery(transport).DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);

        Assert.Equal(1, report.Sent);
        var message = Assert.Single(await LoopbackMailServer.FetchAsync("editor", _run, 1));
        using (message)
        {
            Assert.Equal($"[FW-e2e-{_run}] Due: Run {_run}: regulators will intervene", message.Subject);
            Assert.Equal(queued.MessageId, message.MessageId);
            Assert.Equal("forecastwatch@example.test", Assert.Single(message.From.Mailboxes).Address);
            var replyTo = Assert.Single(message.ReplyTo.Mailboxes).Address;
            Assert.True(PromptToken.TryExtract(replyTo, out var token));
            Assert.StartsWith("desk+", replyTo, StringComparison.Ordinal);
            Assert.True(PromptToken.FromSecret(PromptTestHarness.Secret).Verify(token,
                long.Parse(message.MessageId!.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture), "editor@example.test"));
            Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
            Assert.Equal("All", message.Headers["X-Auto-Response-Suppress"]);
            Assert.StartsWith("prompt; prediction=e2e-", message.Headers["X-ForecastWatch-Loop"], StringComparison.Ordinal);
            Assert.Contains("the quote of e2e-" + _run, message.TextBody, StringComparison.Ordinal);
            Assert.Contains("EXTEND 2027-06-30", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("<table", message.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("the quote of e2e-" + _run, message.HtmlBody, StringComparison.Ordinal);
        }
    }

    [Support.MailServerFact]
    public async Task DeliverDueAsync_TwoFreshInstallationsSameMailbox_NoMessageIdInCommon()
    {
        // Two new databases prompt the same prediction at the same step as outbox row 1: before installation ids,
        // both wrote fw.prompt.<id>.<step>@domain, and a server that drops duplicate Message-IDs lost the second.
        using var second = new MailingTestDatabase();
        var secondSource = new InMemoryPromptSource();
        var prediction = PromptTestHarness.Prediction("e2e-" + _run, "2027-05-31") with { Claim = $"Run {_run}: two installations" };
        _source.Add(prediction);
        secondSource.Add(prediction);
        var asOf = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var first = Assert.Single(
            (await PromptTestHarness.CreatePromptService(_db, _source).RunAsync(asOf, PromptRunScope.All, false, default)).Items);
        var other = Assert.Single(
            (await PromptTestHarness.CreatePromptService(second, secondSource).RunAsync(asOf, PromptRunScope.All, false, default)).Items);

        var sentFirst = await Delivery(new SmtpMailTransport(LoopbackMailServer.Plain(2525), TimeProvider.System))
            .DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);
        var sentOther = await Delivery(second, new SmtpMailTransport(LoopbackMailServer.Plain(2525), TimeProvider.System))
            .DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);

        Assert.Equal(1, sentFirst.Sent);
        Assert.Equal(1, sentOther.Sent);
        Assert.NotEqual(first.MessageId, other.MessageId);
        var arrived = await LoopbackMailServer.FetchAsync("editor", _run, 2);
        try
        {
            Assert.Equal(
                new[] { first.MessageId, other.MessageId }.Order(StringComparer.Ordinal),
                arrived.Select(static m => m.MessageId).Order(StringComparer.Ordinal));
        }
        finally
        {
            arrived.ForEach(static m => m.Dispose());
        }
    }

    [Support.MailServerFact]
    public async Task DeliverDueAsync_ServerUnreachableThenBack_StaysQueuedThenDeliveredOnce()
    {
        var queued = Assert.Single((await QueuePromptAsync()).Items);

        var down = await Delivery(new SmtpMailTransport(LoopbackMailServer.Plain(LoopbackMailServer.ClosedPort()), TimeProvider.System))
            .DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);
        var whileDown = await EntryAsync();
        var up = await Delivery(new SmtpMailTransport(LoopbackMailServer.Plain(2525), TimeProvider.System))
            .DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);
        var again = await Delivery(new SmtpMailTransport(LoopbackMailServer.Plain(2525), TimeProvider.System))
            .DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);

        Assert.Equal(0, down.Sent);
        Assert.Equal(OutboxStatus.Queued, whileDown.Status);
        Assert.Contains("refused", whileDown.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, up.Sent);
        Assert.Equal(0, again.Attempted);
        Assert.Equal(OutboxStatus.Sent, (await EntryAsync()).Status);
        var arrived = await LoopbackMailServer.FetchAsync("editor", _run, 1);
        Assert.Single(arrived);
        arrived.ForEach(m => m.Dispose());
    }

    [Support.MailServerFact]
    public async Task DeliverDueAsync_SignInRefused_StaysQueuedWithoutAttemptThenDeliveredWithTheRightPassword()
    {
        Assert.Single((await QueuePromptAsync()).Items);
        var work = Path.Combine(Path.GetTempPath(), "fw-smtp-auth-" + _run);
        var right = LoopbackMailServer.Submission(work);
        var passwordFile = right.Options.Smtp.PasswordFile!;
        await File.WriteAllTextAsync(passwordFile, "not-the-desk-pass\n");
        try
        {
            var due = DateTimeOffset.MaxValue.AddYears(-1);
            var refused = await Delivery(new SmtpMailTransport(right, TimeProvider.System)).DeliverDueAsync(due, default);
            var whileRefused = await EntryAsync();
            await File.WriteAllTextAsync(passwordFile, "desk-pass\n");
            var up = await Delivery(new SmtpMailTransport(right, TimeProvider.System)).DeliverDueAsync(due, default);

            Assert.Equal(new DeliveryReport(0, 0, 0, 1), refused);
            Assert.Equal((OutboxStatus.Queued, 0), (whileRefused.Status, whileRefused.Attempts));
            Assert.StartsWith("SMTP sign-in failed: ", whileRefused.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-desk-pass", whileRefused.LastError, StringComparison.Ordinal);
            Assert.Equal(1, up.Sent);
            Assert.Equal(OutboxStatus.Sent, (await EntryAsync()).Status);
            var arrived = await LoopbackMailServer.FetchAsync("editor", _run, 1);
            Assert.Single(arrived);
            arrived.ForEach(m => m.Dispose());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Support.MailServerFact]
    public async Task DeliverDueAsync_UnknownRecipient550_FailedWithReasonNoRetry()
    {
        await QueuePromptAsync(editor: $"nobody-{_run}@example.test");
        var transport = new CountingTransport(new SmtpMailTransport(LoopbackMailServer.Plain(2525), TimeProvider.System));

        var first = await Delivery(transport).DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);
        var second = await Delivery(transport).DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), default);

        Assert.Equal(1, first.Failed);
        Assert.Equal(0, second.Attempted);
        Assert.Equal(1, transport.Calls);
        var entry = await EntryAsync();
        Assert.Equal(OutboxStatus.Failed, entry.Status);
        Assert.Equal(550, entry.ReplyCode);
        Assert.Equal("5.1.1", entry.EnhancedStatus);
        Assert.Contains($"nobody-{_run}@example.test", entry.LastError, StringComparison.Ordinal);
    }

    private sealed class CountingTransport(IMailTransport inner) : IMailTransport
    {
        public int Calls { get; private set; }

        public string Name => inner.Name;

        public Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.SendAsync(entry, raw, cancellationToken);
        }
    }
}
