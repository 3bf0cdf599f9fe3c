using System.Data.Common;
using System.Globalization;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Storage;

namespace ForecastWatch.Inbound;

/// <summary>Addresses and policies inbound processing needs, gathered from the mailing and inbox options.</summary>
/// <param name="DeskAddress">The desk address replies go to (<c>desk@domain</c>, tokens as <c>desk+token@domain</c>).</param>
/// <param name="MessageIdDomain">The domain of our Message-IDs.</param>
/// <param name="LoopHeader">Our loop-detection header name.</param>
internal sealed record InboundSettings(string DeskAddress, string MessageIdDomain, string? LoopHeader,
    ReplyAuthenticationSettings Authentication)
{
    /// <summary>Which evidence of the sender counts (<c>Inbox:Authentication</c>); see InboundProcessor.Authentication.cs.</summary>
    public SenderAuthenticationMode Mode { get; init; } = SenderAuthenticationMode.AuthenticationResults;

    /// <summary>Reads the per-message return paths of our outgoing mail (VERP); null when bounces are tied by Message-ID only.</summary>
    public ReturnPath? ReturnPaths { get; init; }

    public ReplyMatchSettings Match => new(DeskAddress, MessageIdDomain);

    public AutoMailClassifier CreateClassifier()
    {
        // Our Message-IDs are fw.<kind>.<id>.<n>@domain; the domain alone may be shared with the editors.
        var options = new AutoMailClassifierOptions { LoopHeaderName = LoopHeader, OwnMessageIdPrefix = "fw." };
        options.OwnMessageIdDomains.Add(MessageIdDomain);
        return new AutoMailClassifier(options);
    }
}

/// <summary>The outcome of processing one inbound message.</summary>
/// <param name="Repeated">True when these bytes were decided before: the earlier outcome, nothing done now.</param>
internal sealed record InboundOutcome(long InboundId, InboundStatus Status, string? Reason, string? Detail, string? PredictionId,
    bool Answered, bool Repeated = false)
{
    public InboundDisposition Disposition => DispositionOf(Status);

    /// <summary>The folder a message with this decided status is filed in.</summary>
    public static InboundDisposition DispositionOf(InboundStatus status) =>
        status is InboundStatus.Applied or InboundStatus.Ignored or InboundStatus.Bounce or InboundStatus.Duplicate
            ? InboundDisposition.Processed
            : InboundDisposition.Rejected;
}

/// <summary>
/// Takes one message from a source to its outcome: raw bytes stored in the database together with the message's row
/// (hash, Message-ID) first; then, in one transaction, classified, matched, authorized, read, applied and answered; then
/// filed in the source. Every step is idempotent, so a crash anywhere only means the message is decided again.
/// </summary>
internal sealed partial class InboundProcessor
{
    /// <summary>The reason of a message refused for its size (<see cref="RawMailStore.MaxSize"/>).</summary>
    public const string TooLargeReason = "TooLarge";

    private readonly IDatabase _connections;
    private readonly RawMailStore _raw;
    private readonly IInboundMailReader _reader;
    private readonly IReplyPrompts _prompts;
    private readonly IReplyAnswerSink _answers;
    private readonly InboundSettings _settings;
    private readonly AutoMailClassifier _classifier;
    private readonly TimeProvider _time;
    private readonly DkimSenderVerifier? _dkim;
    private readonly Proposals.ProposalReplyHandler? _proposals;

    public InboundProcessor(
        IDatabase connections,
        RawMailStore raw,
        IInboundMailReader reader,
        IReplyPrompts prompts,
        IReplyAnswerSink answers,
        InboundSettings settings,
        TimeProvider time,
        DkimSenderVerifier? dkim = null,
        Proposals.ProposalReplyHandler? proposals = null)
    {
        _dkim = dkim;
        _connections = connections;
        _raw = raw;
        _reader = reader;
        _prompts = prompts;
        _answers = answers;
        _settings = settings;
        _classifier = settings.CreateClassifier();
        _time = time;
        _proposals = proposals;
    }

    public async Task<InboundOutcome> ProcessAsync(IInboundSource source, InboundItem item, CancellationToken cancellationToken)
    {
        var outcome = await RecordAndDecideAsync(source.Name, item.Reference, (s, ct) => source.CopyToAsync(item, s, ct), cancellationToken)
            .ConfigureAwait(false);
        await source.CompleteAsync(item, outcome.Disposition, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Stores, records and decides one message whose bytes <paramref name="copy"/> writes.</summary>
    public async Task<InboundOutcome> RecordAndDecideAsync(string sourceName, string? reference, Func<Stream, CancellationToken, Task> copy,
        CancellationToken cancellationToken)
    {
        var staged = await _raw.StageAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (staged.ConfigureAwait(false))
        {
            return await RecordAndDecideAsync(sourceName, reference, staged, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<InboundOutcome> RecordAndDecideAsync(string sourceName, string? reference, StagedRawMail staged,
        CancellationToken cancellationToken)
    {
        InboundMail mail;
        var stream = staged.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            mail = await _reader.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var now = _time.GetUtcNow();
            var sender = mail.From.Count > 0 ? string.Join(", ", mail.From) : null;

            // The row and the raw bytes in one transaction, before anything is decided: every worker of a cluster can
            // read the message from here on. A message over the size limit is recorded and refused in that transaction.
            InboundRecord record;
            var stored = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (stored.ConfigureAwait(false))
            {
                record = await InboundStore.RecordAsync(connection, stored, staged.Sha256, mail.MessageId, sourceName, reference,
                    staged.Size, sender, mail.Subject, now, cancellationToken).ConfigureAwait(false);
                if (staged.TooLarge)
                {
                    if (record.Status == InboundStatus.Received)
                    {
                        var refused = new InboundDecision(InboundStatus.Rejected, TooLargeReason, _raw.TooLargeMessage(staged.Size) + ".");
                        await InboundStore.DecideAsync(connection, stored, record.Id, refused, now, cancellationToken)
                            .ConfigureAwait(false);
                        await stored.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return new InboundOutcome(record.Id, refused.Status, refused.Reason, refused.Detail, null, Answered: false);
                    }
                }
                else
                {
                    await _raw.SaveAsync(connection, stored, record.Id, staged, cancellationToken).ConfigureAwait(false);
                }

                await stored.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (record.Status != InboundStatus.Received)
            {
                // The same bytes were decided before (a re-read after a crash, or a replay): nothing changes.
                return new InboundOutcome(record.Id, record.Status, record.Reason, record.Detail, record.PredictionId, Answered: false,
                    Repeated: true);
            }

            // The sender's DKIM/ARC keys are looked up in DNS before the write transaction opens, so a slow or
            // silent DNS server (up to Inbox:DnsTimeout per query) never holds SQLite's write lock. The raw bytes
            // and the 'received' row are already stored: a crash here only means the message is verified again.
            var verified = await VerifySenderAsync(staged.OpenRead, mail, cancellationToken).ConfigureAwait(false);

            // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock is taken before anything is read,
            // so two replies about one prediction are decided one after the other, never on the same snapshot.
            // PostgreSQL (READ COMMITTED) locks rows instead: this message's row here, the prediction's row before
            // its resolutions are read (PredictionStore.GetResolutionsToDecideAsync).
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Another worker may have decided the same bytes while the keys were looked up: its decision stands.
                // On PostgreSQL its row is locked for this transaction, so two nodes never decide the same message at once.
                var again = await InboundStore.GetToDecideAsync(connection, transaction, record.Id, cancellationToken)
                    .ConfigureAwait(false);
                if (again is not null && again.Status != InboundStatus.Received)
                {
                    return new InboundOutcome(
                        again.Id, again.Status, again.Reason, again.Detail, again.PredictionId, Answered: false, Repeated: true);
                }

                var context = new Decision(connection, transaction, record, mail, now) { Verified = verified };
                var outcome = await DecideAsync(context, cancellationToken).ConfigureAwait(false);
                await InboundStore.DecideAsync(
                    connection, transaction, record.Id,
                    new InboundDecision(outcome.Status, outcome.Reason, outcome.Detail, outcome.PredictionId, context.ResolutionId),
                    now, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return outcome;
            }
        }
    }

    private async Task<InboundOutcome> DecideAsync(Decision d, CancellationToken cancellationToken)
    {
        var mail = d.Mail;
        if (mail.MessageId is { Length: > 0 } messageId
            && await (d.Vouched
                ? InboundStore.FindAppliedCopyByMessageIdAsync(d.Connection, d.Transaction, d.Record.Id, messageId, cancellationToken)
                : InboundStore.FindDecidedByMessageIdAsync(d.Connection, d.Transaction, d.Record.Id, messageId,
                    cancellationToken)).ConfigureAwait(false) is { } earlier)
        {
            return d.Outcome(InboundStatus.Duplicate, "Replay", $"Message-ID {messageId} was already handled as inbound #{earlier.Id} "
                + $"({InboundStore.Name(earlier.Status)}).", earlier.PredictionId);
        }

        if (ReturnPathBounce(mail) is { } bouncedId)
        {
            return await BounceToReturnPathAsync(d, bouncedId, cancellationToken).ConfigureAwait(false);
        }

        var auto = _classifier.Classify(mail.Headers);
        if (auto.Kind == AutoMailKind.DeliveryStatus)
        {
            return await BounceAsync(d, cancellationToken).ConfigureAwait(false);
        }

        if (auto.IsAutomatic)
        {
            return d.Outcome(InboundStatus.Ignored, auto.Kind.ToString(), auto.Evidence, null);
        }

        if (!d.Vouched && SpamFlag(mail) is { } spam)
        {
            return d.Outcome(InboundStatus.Held, nameof(ReplyRejection.Spam), spam, null);
        }

        await GatherSenderEvidenceAsync(d, cancellationToken).ConfigureAwait(false);

        // A desk reply to a proposal email (ACCEPT 1 3 ...) is decided by its own handler.
        if (_proposals is not null
            && await _proposals.TryDecideAsync(d.Connection, d.Transaction, d.Record, mail, d.Now, cancellationToken)
                .ConfigureAwait(false) is { } proposal)
        {
            return proposal;
        }

        // Thread ids count only when they carry one of this database's installation ids (migration 0011).
        var installation = await InstallationStore.GetAsync(d.Connection, d.Transaction, cancellationToken).ConfigureAwait(false);
        var matchSettings = _settings.Match with { Installations = installation.KnownIds, AcceptLegacyIds = installation.HasLegacyIds };
        var match = ReplyMatcher.Match(mail.Envelope, matchSettings);
        string? predictionId = match.PredictionId;
        string? tokenRecipient = null;
        switch (match.Kind)
        {
            case ReplyMatchKind.None:
                // Mail to the desk that is about nothing we sent: recorded, not answered (no backscatter).
                return d.Outcome(InboundStatus.Rejected, nameof(ReplyRejection.NoMatch),
                    "No prompt token, thread or [FW-<id>] subject tag.", null);
            case ReplyMatchKind.Token:
                var thread = _prompts.TryReadPromptId(match.Token!, out var promptId)
                    ? await _prompts.FindThreadAsync(d.Connection, d.Transaction, promptId, cancellationToken).ConfigureAwait(false)
                    : null;
                if (thread is null || !_prompts.VerifyToken(match.Token!, thread.PromptId, thread.Recipient))
                {
                    return await RejectAsync(d, ReplyRejection.UnknownToken, "The address this reply was sent to carries a token we did "
                        + "not issue.", null, authenticationFailed: false, cancellationToken).ConfigureAwait(false);
                }

                predictionId = thread.PredictionId;
                tokenRecipient = thread.Recipient;
                break;
            case ReplyMatchKind.Thread:
                if (long.TryParse(match.PromptId, NumberStyles.None, CultureInfo.InvariantCulture, out var threadPromptId)
                    && await _prompts.FindThreadAsync(d.Connection, d.Transaction, threadPromptId, cancellationToken)
                        .ConfigureAwait(false) is { } byThread)
                {
                    predictionId = byThread.PredictionId;
                }

                break;
        }

        var stored = predictionId is null ? null
            : await PredictionStore.GetAsync(d.Connection, d.Transaction, predictionId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return await RejectAsync(d, ReplyRejection.UnknownPrediction, $"No prediction {predictionId ?? "(none)"} matches this reply.",
                predictionId, authenticationFailed: false, cancellationToken).ConfigureAwait(false);
        }

        d.Stored = stored;
        // A released message was vouched for by an operator: our server's Authentication-Results no longer decide,
        // but the editor and token checks still do.
        var authorization = ReplyAuthorizer.Authorize(mail.From, _prompts.MayResolve(stored), tokenRecipient, d.AuthenticationResults,
            d.Authentication);
        if (!authorization.IsAllowed)
        {
            if (authorization.HeldForReview)
            {
                return d.Outcome(InboundStatus.Held, authorization.Rejection.ToString(), authorization.Detail, stored.Prediction.Id);
            }

            return await RejectAsync(d, authorization.Rejection, authorization.Detail, stored.Prediction.Id,
                authorization.AuthenticationFailed, cancellationToken).ConfigureAwait(false);
        }

        var reading = VerdictReader.Read(WhatTheEditorWrote(mail));
        if (!reading.IsReadable)
        {
            return await RejectAsync(d, ReplyRejection.Unreadable, reading.Problem!, stored.Prediction.Id, authenticationFailed: false,
                cancellationToken).ConfigureAwait(false);
        }

        return await ApplyAsync(d, authorization.Sender!, reading, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reply trimmed of quotes and signatures; HTML-only replies are converted first.</summary>
    internal static string WhatTheEditorWrote(InboundMail mail) =>
        (mail.TextBody is { Length: > 0 } text ? ReplyTrimmer.Trim(text) : ReplyTrimmer.TrimHtml(mail.HtmlBody)).Text;

    private async Task<InboundOutcome> ApplyAsync(Decision d, string sender, VerdictReading reading, CancellationToken cancellationToken)
    {
        var prediction = d.Stored!.Prediction;
        var existing = await PredictionStore.GetResolutionsToDecideAsync(d.Connection, d.Transaction, prediction.Id, cancellationToken)
            .ConfigureAwait(false);
        var state = ResolutionState.Fold(prediction, existing);
        if (!ReplyResolution.TryCreateCommand(reading.Verdict!, state.ResolveBy, DateOnly.FromDateTime(d.Now.UtcDateTime), out var command,
            out var problem, state.ConditionResolveBy))
        {
            return await RejectAsync(d, ReplyRejection.NotApplicable, problem, prediction.Id, authenticationFailed: false,
                cancellationToken).ConfigureAwait(false);
        }

        // Messages without a Message-ID are still idempotent: their content hash stands in for it.
        var sourceId = d.Mail.MessageId is { Length: > 0 } id ? id : "sha256:" + d.Record.Sha256;
        var request = new ResolutionRequest(
            command,
            sender,
            d.Now,
            ResolutionSource.Email,
            sourceId,
            reading.Note.Length == 0 ? null : reading.Note,
            [.. reading.Evidence.Select(static u => u.AbsoluteUri)]);
        var outcome = Resolver.Decide(prediction, existing, request);
        switch (outcome.Kind)
        {
            case ResolveOutcomeKind.AlreadyRecorded:
                return d.Outcome(InboundStatus.Duplicate, "Replay", $"Already recorded as resolution #{outcome.Resolution!.Id}.",
                    prediction.Id);
            case ResolveOutcomeKind.Refused:
                var rejection = state.Final is not null && !command.IsOverride ? ReplyRejection.AlreadyResolved
                    : ReplyRejection.NotApplicable;
                return await RejectAsync(d, rejection, outcome.Reason!, prediction.Id, authenticationFailed: false, cancellationToken)
                    .ConfigureAwait(false);
        }

        var stored = await PredictionStore.AppendResolutionAsync(d.Connection, d.Transaction, outcome.Resolution!, cancellationToken)
            .ConfigureAwait(false);
        d.ResolutionId = stored.Id;
        var text = ReplyAnswerText.Confirmation(d.Stored, stored, reading);
        var answered = await AnswerAsync(d, ReplyAnswerKind.Confirmation, ReplyRejection.None, text, authenticationFailed: false,
            cancellationToken).ConfigureAwait(false);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{ReplyAnswerText.Describe(stored)} by {sender} (resolution #{stored.Id}).");
        return d.Outcome(InboundStatus.Applied, null, detail, prediction.Id, answered);
    }

    private async Task<InboundOutcome> BounceAsync(Decision d, CancellationToken cancellationToken)
    {
        var report = d.Mail.DeliveryReport;
        if (report?.OriginalMessageId is not { Length: > 0 } original)
        {
            return d.Outcome(InboundStatus.Bounce, "DeliveryStatus", "A delivery status notification without the original Message-ID.",
                null);
        }

        var failed = report.Recipients.Where(static r => r.IsPermanentFailure).ToList();
        var permanent = failed.Count > 0;
        var relevant = permanent ? failed : [.. report.Recipients.Where(static r => r.IsTransientFailure)];
        if (relevant.Count == 0)
        {
            return d.Outcome(InboundStatus.Bounce, "DeliveryStatus", $"Report for {original} without failures.", null);
        }

        var first = relevant[0];
        var recipients = string.Join(", ", relevant.Select(static r => r.Recipient ?? "?"));
        var detail = $"{(permanent ? "permanent" : "transient")} failure for {recipients}: {first.Status} {first.Diagnostic}".TrimEnd();
        var marked = await _answers.MarkBouncedAsync(d.Connection, d.Transaction, original, permanent, detail, first.Status,
            cancellationToken).ConfigureAwait(false);
        return d.Outcome(InboundStatus.Bounce, permanent ? "Permanent" : "Transient",
            marked ? $"{original}: {detail}" : $"{original} is not in the outbox: {detail}", null);
    }

    private async Task<InboundOutcome> RejectAsync(Decision d, ReplyRejection rejection, string detail, string? predictionId,
        bool authenticationFailed, CancellationToken cancellationToken)
    {
        var text = ReplyAnswerText.Rejection(rejection, detail, d.Stored);
        var answered = await AnswerAsync(d, ReplyAnswerKind.Rejection, rejection, text, authenticationFailed, cancellationToken)
            .ConfigureAwait(false);
        return d.Outcome(InboundStatus.Rejected, rejection.ToString(), detail, predictionId, answered);
    }

    private async Task<bool> AnswerAsync(Decision d, ReplyAnswerKind kind, ReplyRejection reason, string text, bool authenticationFailed,
        CancellationToken cancellationToken)
    {
        var mail = d.Mail;
        var to = mail.From.Count == 1 ? mail.From[0] : null;
        var reasonName = kind == ReplyAnswerKind.Confirmation ? "Confirmation" : reason.ToString();
        var last = to is null || kind == ReplyAnswerKind.Confirmation
            ? null
            : await InboundStore.LastRejectionSentAsync(d.Connection, d.Transaction, to, reasonName, cancellationToken)
                .ConfigureAwait(false);
        var suppressed = to is null
            ? "no single sender to answer"
            : ReplyAnswerPolicy.SuppressionReason(kind, isAutomatic: false, authenticationFailed, reason, last, d.Now)
                ?? (kind == ReplyAnswerKind.Rejection ? BackscatterReason(d) : null);
        string? outboxId = null;
        if (suppressed is null)
        {
            var subject = mail.Subject is { Length: > 0 } s
                ? s.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? s : "Re: " + s
                : d.Stored is { } st ? $"Re: [FW-{st.Prediction.Id}]" : "Re: your message";
            var references = mail.ThreadIds.Skip(mail.ThreadIds.Count > 0 && mail.HeaderValues("In-Reply-To").Count > 0 ? 1 : 0).ToList();
            if (mail.MessageId is { Length: > 0 } mid)
            {
                references.Add(mid);
            }

            var replyTo = mail.Recipients.FirstOrDefault(r => ReplyMatcher.TryGetToken(r, _settings.DeskAddress, out _));
            var answer = new ReplyAnswer(d.Record.Id, kind, reason, to!, replyTo, subject, text, mail.MessageId, references,
                d.Stored?.Prediction.Id);
            outboxId = await _answers.EnqueueAsync(d.Connection, d.Transaction, answer, d.Now, cancellationToken).ConfigureAwait(false);
        }

        await InboundStore.AddAnswerAsync(
            d.Connection, d.Transaction, d.Record.Id, to ?? "(none)", kind == ReplyAnswerKind.Confirmation ? "confirmation" : "rejection",
            reasonName, outboxId, suppressed, d.Now, cancellationToken).ConfigureAwait(false);
        return suppressed is null;
    }

    private sealed class Decision(DbConnection connection, DbTransaction transaction, InboundRecord record, InboundMail mail,
        DateTimeOffset now, bool vouched = false)
    {
        /// <summary>An operator released the message after it was held: decide it as an authenticated reply.</summary>
        public bool Vouched { get; } = vouched;

        public DbConnection Connection { get; } = connection;

        public DbTransaction Transaction { get; } = transaction;

        public InboundRecord Record { get; } = record;

        public InboundMail Mail { get; } = mail;

        public DateTimeOffset Now { get; } = now;

        public StoredPrediction? Stored { get; set; }

        /// <summary>The Authentication-Results the sender is judged by (ours, or the DKIM verifier's).</summary>
        public IReadOnlyList<string> AuthenticationResults { get; set; } = [];

        public ReplyAuthenticationSettings Authentication { get; set; } = ReplyAuthenticationSettings.Off;

        /// <summary>The DKIM/ARC verifier's Authentication-Results, computed before the transaction; null when not verified.</summary>
        public string? Verified { get; init; }

        public long? ResolutionId { get; set; }

        public InboundOutcome Outcome(InboundStatus status, string? reason, string? detail, string? predictionId, bool answered = false) =>
            new(Record.Id, status, reason, detail, predictionId, answered);
    }
}
