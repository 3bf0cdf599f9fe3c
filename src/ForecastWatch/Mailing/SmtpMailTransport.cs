using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;
using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>
/// Sends through the SMTP server of <see cref="MailServerOptions"/> (section <c>Mail:Smtp</c>, secrets from the
/// environment), one connection per message: each outbox row stands alone, and a server that drops idle or long
/// sessions costs at most that one message. Reply codes become <see cref="MailDeliveryException"/>: 4xx transient,
/// 5xx permanent (RFC 5321 section 4.2.1).
/// </summary>
internal sealed class SmtpMailTransport(MailServerConnector connector) : IMailTransport
{
    public string Name => MailTransports.Smtp;

    public async Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var client = await connector.ConnectSmtpAsync(null, cancellationToken).ConfigureAwait(false);
            await using (client.ConfigureAwait(false))
            {
                var result = await client.SendAsync(entry.EnvelopeFrom, entry.Recipients, raw, cancellationToken).ConfigureAwait(false);
                if (result.Rejected.FirstOrDefault() is { } rejected)
                {
                    // One recipient per row in practice; a partial refusal is still a refusal of this row.
                    throw new MailDeliveryException(
                        $"SMTP RCPT <{rejected.Mailbox}> refused: {rejected.Reply.Code} {rejected.Reply.EnhancedStatus} {rejected.Reply.Text}",
                        rejected.Reply.Code is >= 400 and < 500,
                        rejected.Reply.Code,
                        rejected.Reply.EnhancedStatus?.ToString());
                }

                await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
                return result.Reply.Code;
            }
        }
        catch (SmtpCommandException ex)
        {
            throw new MailDeliveryException(ex.Message, ex.IsTransient, ex.ReplyCode, ex.EnhancedStatus?.ToString(), ex);
        }
        catch (MailProtocolException ex)
        {
            throw new MailDeliveryException("SMTP protocol error: " + ex.Message, isTransient: true, innerException: ex);
        }
    }
}
