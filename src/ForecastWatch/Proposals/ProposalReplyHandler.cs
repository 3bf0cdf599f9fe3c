using System.Data.Common;
using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Proposals;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;

namespace ForecastWatch.Proposals;

/// <summary>
/// Desk replies to proposal emails, decided inside the inbound pipeline's transaction after its Message-ID replay
/// check and machine-mail classification: matched by the <c>desk+q…</c> token (or the thread), authorized by From
/// against the address the email went to, trimmed, read (<see cref="ProposalReplyReader"/>), applied, confirmed.
/// </summary>
internal sealed class ProposalReplyHandler(ProposalService proposals, PromptTokenProvider tokens, IReplyAnswerSink answers,
    InboundSettings settings)
{
    /// <summary>Null when the message is not about a proposal email (the prompt path decides it then).</summary>
    public async Task<InboundOutcome?> TryDecideAsync(DbConnection connection, DbTransaction transaction, InboundRecord record,
        InboundMail mail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(mail);
        string? token = null;
        long mailId = 0;
        foreach (var recipient in mail.Recipients)
        {
            if (ReplyMatcher.TryGetToken(recipient, settings.DeskAddress, out var t) && ProposalToken.TryReadMailId(t, out mailId))
            {
                token = t;
                break;
            }
        }

        string? threadId = null;
        if (token is null)
        {
            threadId = mail.ThreadIds.FirstOrDefault(id => ProposalToken.TryReadMessageId(id, settings.MessageIdDomain, out mailId));
            if (threadId is null)
            {
                return null;
            }
        }

        var proposalMail = await ProposalStore.GetMailAsync(connection, transaction, mailId, cancellationToken).ConfigureAwait(false);
        if (proposalMail is null || (token is not null && !ProposalToken.Verify(tokens.Token, token, mailId, proposalMail.Recipient)))
        {
            return Outcome(record, InboundStatus.Rejected, nameof(ReplyRejection.UnknownToken),
                "The address this reply was sent to carries a proposal token we did not issue.");
        }

        // By thread alone, the id must be exactly the one we sent (it carries our installation id): another
        // installation's proposal email #N is not ours.
        if (threadId is not null
            && !string.Equals(proposalMail.MessageId, threadId.Trim().Trim('<', '>'), StringComparison.OrdinalIgnoreCase))
        {
            return Outcome(record, InboundStatus.Rejected, nameof(ReplyRejection.NoMatch),
                "The reply is threaded on a proposal email this installation did not send.");
        }

        var allowed = proposals.DeskRecipients.Append(proposalMail.Recipient).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var authorization = ReplyAuthorizer.Authorize(mail.From, allowed, token is null ? null : proposalMail.Recipient,
            mail.HeaderValues("Authentication-Results"), settings.Authentication);
        if (!authorization.IsAllowed)
        {
            // Never answered: an unauthorized sender learns nothing, and nobody gets backscatter.
            return Outcome(record, authorization.HeldForReview ? InboundStatus.Held : InboundStatus.Rejected,
                authorization.Rejection.ToString(), authorization.Detail);
        }

        var reply = ProposalReplyReader.Read(InboundProcessor.WhatTheEditorWrote(mail));
        if (!reply.IsReadable)
        {
            var help = $"Your reply to \"{proposalMail.Subject}\" changed nothing: {reply.Problem}\n";
            var sent = await AnswerAsync(connection, transaction, record, mail, authorization.Sender!, ReplyAnswerKind.Rejection,
                ReplyRejection.Unreadable, help, now, cancellationToken).ConfigureAwait(false);
            return Outcome(record, InboundStatus.Rejected, nameof(ReplyRejection.Unreadable), reply.Problem, sent);
        }

        var items = await ProposalStore.GetItemsAsync(connection, transaction, mailId, cancellationToken).ConfigureAwait(false);
        var report = await proposals.ApplyAsync(connection, transaction, items, reply.Commands, now, cancellationToken)
            .ConfigureAwait(false);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Done ({report.Summary}) for \"{proposalMail.Subject}\":\n\n");
        foreach (var line in report.Lines)
        {
            text.Append(line).Append('\n');
        }

        var answered = await AnswerAsync(connection, transaction, record, mail, authorization.Sender!, ReplyAnswerKind.Confirmation,
            ReplyRejection.None, text.ToString(), now, cancellationToken).ConfigureAwait(false);
        return Outcome(record, InboundStatus.Applied, null, $"proposals #{mailId}: {report.Summary} by {authorization.Sender}.", answered);
    }

    private async Task<bool> AnswerAsync(
        DbConnection connection, DbTransaction transaction, InboundRecord record, InboundMail mail, string to, ReplyAnswerKind kind,
        ReplyRejection reason, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = mail.Subject is { Length: > 0 } s ? (s.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? s : "Re: " + s)
            : "Re: proposals";
        var references = mail.ThreadIds.ToList();
        if (mail.MessageId is { Length: > 0 } mid)
        {
            references.Add(mid);
        }

        var replyTo = mail.Recipients.FirstOrDefault(r => ReplyMatcher.TryGetToken(r, settings.DeskAddress, out _));
        var outboxId = await answers.EnqueueAsync(connection, transaction, new ReplyAnswer(record.Id, kind, reason, to, replyTo, subject,
            text, mail.MessageId, references, null), now, cancellationToken).ConfigureAwait(false);
        await InboundStore.AddAnswerAsync(connection, transaction, record.Id, to,
            kind == ReplyAnswerKind.Confirmation ? "confirmation" : "rejection",
            kind == ReplyAnswerKind.Confirmation ? "Confirmation" : reason.ToString(), outboxId, null, now,
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static InboundOutcome Outcome(InboundRecord record, InboundStatus status, string? reason, string? detail,
        bool answered = false) =>
        new(record.Id, status, reason, detail, null, answered);
}
