using System.Data.Common;
using System.Globalization;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Inbound;

/// <summary>Writes answers through the durable outbox (same transaction as the decision) and marks bounces there.</summary>
internal sealed class OutboxReplyAnswerSink(IOptions<MailingOptions> mailing, IMailRenderer renderer, PromptTokenProvider? tokens = null)
    : IReplyAnswerSink
{
    public const string ConfirmationCategory = "reply-confirmation";
    public const string RejectionCategory = "reply-rejection";

    public async Task<string> EnqueueAsync(DbConnection connection, DbTransaction transaction, ReplyAnswer answer, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var options = mailing.Value;
        // Deterministic per inbound message: re-deciding after a crash enqueues the same Message-ID, which the
        // outbox keeps once.
        var installation = await InstallationStore.GetAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var key = answer.InboundId.ToString(CultureInfo.InvariantCulture);
        var messageId = OwnMessageId.Create("answer", key, installation.Id, options.MessageIdDomain);
        var mail = new ComposedMail
        {
            From = options.From,
            To = [answer.To],
            ReplyTo = answer.ReplyTo ?? options.DeskAddress,
            Subject = answer.Subject,
            MessageId = messageId,
            InReplyTo = answer.InReplyTo,
            References = answer.References,
            Date = now,
            TextBody = answer.Text,
            Headers =
            [
                // RFC 3834 section 5.2: a response to a message is auto-replied; it must not trigger responses.
                new("Auto-Submitted", "auto-replied"),
                new("X-Auto-Response-Suppress", "All"),
                new(options.LoopHeader, options.DeskAddress),
            ],
        };
        var raw = renderer.Render(mail);
        var envelopeFrom = MailAddressText.Extract(options.From) ?? options.From;
        var outboxId = await OutboxStore.EnqueueAsync(
            connection, transaction,
            new OutboxMessage(messageId, answer.Kind == ReplyAnswerKind.Confirmation ? ConfirmationCategory : RejectionCategory,
                answer.PredictionId, envelopeFrom, [answer.To], answer.Subject, raw),
            now, cancellationToken).ConfigureAwait(false);
        if (tokens is not null)
        {
            // Our own return path (VERP): a bounce of this answer comes back tied to its row.
            await OutboxReturnPaths.AssignAsync(connection, transaction, outboxId, tokens, options, cancellationToken)
                .ConfigureAwait(false);
        }
        return messageId;
    }

    public Task<bool> MarkBouncedAsync(DbConnection connection, DbTransaction transaction, string messageId, bool permanent, string detail,
        string? enhancedStatus, CancellationToken cancellationToken) =>
        OutboxStore.MarkBouncedAsync(connection, transaction, messageId, permanent, enhancedStatus, detail, cancellationToken);
}
