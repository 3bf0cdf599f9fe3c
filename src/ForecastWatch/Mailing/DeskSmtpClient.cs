using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace ForecastWatch.Mailing;

/// <summary>
/// MailKit's SMTP client with per-recipient outcomes: a refused RCPT TO is noted instead of failing the message, so
/// the other recipients still get it; only when every recipient is refused does the message fail, with the reply
/// that decides whether to retry (any 4xx: transient; all 5xx: permanent).
/// </summary>
internal sealed class DeskSmtpClient(IProtocolLogger logger) : SmtpClient(logger)
{
    private readonly List<(MailboxAddress Mailbox, SmtpResponse Response)> _refused = [];

    /// <summary>The recipients refused in the last transaction.</summary>
    public IReadOnlyList<(MailboxAddress Mailbox, SmtpResponse Response)> Refused => _refused;

    public void BeginTransaction() => _refused.Clear();

    /// <summary>RSET (RFC 5321 section 4.1.1.5), which MailKit has no method for.</summary>
    public Task<SmtpResponse> ResetAsync(CancellationToken ct) => SendCommandAsync("RSET", ct);

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _refused.Add((mailbox, response));

    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        var (mailbox, response) = _refused.FirstOrDefault(static r => (int)r.Response.StatusCode < 500) is { Mailbox: not null } transient
            ? transient
            : _refused[0];
        throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, response.StatusCode, mailbox, response.Response);
    }
}
