using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>
/// Sends through an SMTP server with the mail library, one connection per message (submission servers limit
/// per-connection transactions and idle time, and a fresh connection makes each outbox row independent).
/// Reply codes become <see cref="MailDeliveryException"/>: 4xx transient, 5xx permanent (RFC 5321 section 4.2.1).
/// </summary>
internal sealed class SmtpMailTransport(IOptions<MailingOptions> options, TimeProvider time) : IMailTransport
{
    private readonly SmtpSettings _smtp = options.Value.Smtp;
    private readonly TimeSpan _timeout = options.Value.SendTimeout;

    public string Name => MailTransports.Smtp;

    public async Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var client = new SmtpClient(new SmtpClientOptions
        {
            LocalDomain = _smtp.LocalDomain,
            Timeout = _timeout,
            Tls = _smtp.TrustedCertificateFile is { Length: > 0 } cert ? MailTlsOptions.TrustCertificateFile(cert) : MailTlsOptions.Default,
            TimeProvider = time,
        });
        await using (client.ConfigureAwait(false))
        {
            try
            {
                await client.ConnectAsync(_smtp.Host, _smtp.Port, _smtp.TlsMode, cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(_smtp.UserName))
                {
                    await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
                }

                var result = await client.SendAsync(entry.EnvelopeFrom, entry.Recipients, raw, cancellationToken).ConfigureAwait(false);
                if (result.Rejected.FirstOrDefault() is { } rejected)
                {
                    // Each outbox row has one recipient in practice; a partial refusal is still a refusal of that row.
                    throw new MailDeliveryException(
                        $"SMTP RCPT <{rejected.Mailbox}> refused: {rejected.Reply.Code} {rejected.Reply.EnhancedStatus} {rejected.Reply.Text}".Replace("  ", " ", StringComparison.Ordinal),
                        rejected.Reply.Code is >= 400 and < 500,
                        rejected.Reply.Code,
                        rejected.Reply.EnhancedStatus?.ToString());
                }

                await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
                return result.Reply.Code;
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
}
