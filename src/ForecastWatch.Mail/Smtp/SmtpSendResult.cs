namespace ForecastWatch.Mail.Smtp;

/// <summary>What the server answered to one RCPT TO.</summary>
/// <param name="Mailbox">The recipient address.</param>
/// <param name="Reply">The RCPT reply.</param>
public sealed record SmtpRecipientResult(string Mailbox, SmtpReply Reply)
{
    /// <summary>Whether the server accepted the recipient (2xx).</summary>
    public bool Accepted => Reply.IsSuccess;
}

/// <summary>The outcome of a transaction in which at least one recipient was accepted and the message was queued.</summary>
/// <param name="Recipients">Each recipient's RCPT result, in the order given.</param>
/// <param name="Reply">The reply to the end of data (often carries a queue id).</param>
public sealed record SmtpSendResult(IReadOnlyList<SmtpRecipientResult> Recipients, SmtpReply Reply)
{
    /// <summary>The recipients the server accepted.</summary>
    public IEnumerable<SmtpRecipientResult> Accepted => Recipients.Where(static r => r.Accepted);

    /// <summary>The recipients the server refused (check <see cref="SmtpReply.IsTransientFailure"/> before retrying).</summary>
    public IEnumerable<SmtpRecipientResult> Rejected => Recipients.Where(static r => !r.Accepted);
}
