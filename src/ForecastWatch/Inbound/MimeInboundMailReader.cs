using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Inbound;

/// <summary>Builds <see cref="InboundMail"/> from the mail library's MIME model (bodies spooled, never held whole).</summary>
internal sealed class MimeInboundMailReader : IInboundMailReader
{
    public async Task<InboundMail> ReadAsync(Stream raw, CancellationToken cancellationToken)
    {
        using var message = await MimeMessage.LoadAsync(raw, null, cancellationToken).ConfigureAwait(false);
        return FromMessage(message);
    }

    public static InboundMail FromMessage(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Headers.Select(static h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        var recipients = new List<string>();
        recipients.AddRange(message.To.Mailboxes.Select(static m => m.Address));
        recipients.AddRange(message.Cc.Mailboxes.Select(static m => m.Address));

        // RFC 9228 Delivered-To and Postfix's X-Original-To keep the envelope recipient, including +detail.
        foreach (var name in (string[])["Delivered-To", "X-Original-To"])
        {
            foreach (var header in message.Headers.GetAll(name))
            {
                recipients.AddRange(InternetAddressList.ParseLenient(header.Value).Mailboxes.Select(static m => m.Address));
            }
        }

        var threadIds = new List<string>();
        if (message.InReplyTo is { Length: > 0 } inReplyTo)
        {
            threadIds.Add(inReplyTo.Trim('<', '>'));
        }

        threadIds.AddRange(message.References.Select(static r => r.Trim('<', '>')));
        InboundDeliveryReport? report = null;
        if (message.DeliveryStatus is { } dsn)
        {
            report = new InboundDeliveryReport(
                dsn.OriginalMessageId?.Trim('<', '>'),
                [.. dsn.Recipients.Select(static r => new InboundDeliveryRecipient(r.FinalRecipient ?? r.OriginalRecipient, r.Action, r.Status, r.DiagnosticCode))]);
        }

        return new InboundMail(
            message.MessageId?.Trim('<', '>'),
            headers,
            [.. message.From.Mailboxes.Select(static m => m.Address)],
            recipients,
            threadIds,
            message.Subject,
            message.TextBody,
            message.HtmlBody,
            report);
    }
}
