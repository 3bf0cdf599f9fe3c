using System.Data.Common;
using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>
/// Gives an outbox row its own return path (VERP, <c>desk+b&lt;outbox id&gt;.&lt;mac&gt;@domain</c>) as its SMTP MAIL
/// FROM, in the transaction that enqueued it. Every kind of outgoing mail (prompts, reminders, escalations, answers,
/// digests, proposal mails) gets one, so a bounce of any of them is tied to its row by the address it comes back to.
/// </summary>
internal static class OutboxReturnPaths
{
    public static Task AssignAsync(
        DbConnection connection,
        DbTransaction transaction,
        long outboxId,
        PromptTokenProvider tokens,
        MailingOptions mailing,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(mailing);
        var desk = MailAddressText.Extract(mailing.DeskAddress) ?? mailing.DeskAddress;
        var returnPath = tokens.Token.ReturnPaths().Create(desk, outboxId);
        return OutboxStore.SetEnvelopeFromAsync(connection, transaction, outboxId, returnPath, cancellationToken);
    }
}
