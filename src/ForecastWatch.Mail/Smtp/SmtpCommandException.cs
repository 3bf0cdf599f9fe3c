using System.Globalization;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Smtp;

/// <summary>Which phase of the SMTP dialogue the server refused.</summary>
public enum SmtpErrorCode
{
    /// <summary>The greeting (a 554 greeting means the server will not talk to us).</summary>
    Greeting,

    /// <summary>EHLO/HELO.</summary>
    Hello,

    /// <summary>STARTTLS.</summary>
    StartTls,

    /// <summary>AUTH.</summary>
    Authentication,

    /// <summary>MAIL FROM: the sender was refused.</summary>
    SenderNotAccepted,

    /// <summary>RCPT TO: every recipient was refused (see <see cref="SmtpCommandException.Recipients"/>).</summary>
    RecipientNotAccepted,

    /// <summary>DATA or the end of data: the message was refused, or it exceeds the announced SIZE.</summary>
    MessageNotAccepted,

    /// <summary>Anything else (RSET, NOOP, QUIT).</summary>
    Other,
}

/// <summary>
/// The SMTP server refused a command with a 4xx or 5xx reply; the connection is still usable, except after 421
/// (the server is closing it, RFC 5321 section 3.8), which leaves the client disconnected.
/// </summary>
public sealed class SmtpCommandException : MailCommandException
{
    /// <summary>Creates the exception from a reply.</summary>
    public SmtpCommandException(SmtpErrorCode errorCode, string command, SmtpReply reply, string? mailbox = null, IReadOnlyList<SmtpRecipientResult>? recipients = null)
        : base(command, reply.Text, Format(errorCode, command, reply, mailbox))
    {
        ErrorCode = errorCode;
        Reply = reply;
        Mailbox = mailbox;
        Recipients = recipients ?? [];
    }

    /// <summary>The phase that failed.</summary>
    public SmtpErrorCode ErrorCode { get; }

    /// <summary>The server's reply.</summary>
    public SmtpReply Reply { get; }

    /// <summary>The three-digit reply code.</summary>
    public int ReplyCode => Reply.Code;

    /// <summary>The RFC 3463 enhanced status code, when the server sent one.</summary>
    public SmtpEnhancedStatusCode? EnhancedStatus => Reply.EnhancedStatus;

    /// <summary>The sender or recipient refused, for <see cref="SmtpErrorCode.SenderNotAccepted"/>.</summary>
    public string? Mailbox { get; }

    /// <summary>Every recipient's result, for <see cref="SmtpErrorCode.RecipientNotAccepted"/>.</summary>
    public IReadOnlyList<SmtpRecipientResult> Recipients { get; }

    /// <summary>4xx: the same transaction may succeed later. For a refusal of every recipient, true only if all were 4xx.</summary>
    public override bool IsTransient => Recipients.Count > 0
        ? Recipients.All(static r => r.Reply.IsTransientFailure)
        : Reply.IsTransientFailure;

    private static string Format(SmtpErrorCode errorCode, string command, SmtpReply reply, string? mailbox)
    {
        var kind = reply.IsTransientFailure ? "transient" : "permanent";
        var status = reply.EnhancedStatus is { } s ? " " + s.ToString() : "";
        var who = mailbox is null ? "" : $" <{mailbox}>";
        return string.Create(CultureInfo.InvariantCulture, $"SMTP {command}{who} refused ({errorCode}, {kind}): {reply.Code}{status} {reply.Text}");
    }
}
