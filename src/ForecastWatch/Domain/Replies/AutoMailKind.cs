namespace ForecastWatch.Domain.Replies;

/// <summary>Why a message was judged to be written by a machine rather than a person.</summary>
public enum AutoMailKind
{
    /// <summary>No sign of automation: a person wrote it.</summary>
    Personal,

    /// <summary>An automatic response (RFC 3834 <c>Auto-Submitted</c>, <c>X-Autoreply</c>, <c>Precedence: auto_reply</c>).</summary>
    AutoReply,

    /// <summary>An out-of-office or vacation notice (subject, or Exchange's header pair).</summary>
    OutOfOffice,

    /// <summary>Bulk or junk mail (<c>Precedence: bulk|junk</c>).</summary>
    Bulk,

    /// <summary>Mailing-list traffic (<c>List-Id</c>, <c>List-Unsubscribe</c>, <c>Precedence: list</c>).</summary>
    MailingList,

    /// <summary>A delivery status notification (RFC 3464 <c>multipart/report; report-type=delivery-status</c>).</summary>
    DeliveryStatus,

    /// <summary>Another machine report, such as a read receipt (RFC 8098 <c>report-type=disposition-notification</c>).</summary>
    Report,

    /// <summary>A null reverse-path (<c>Return-Path: &lt;&gt;</c>) or a mailer-daemon/postmaster sender.</summary>
    MailerDaemon,

    /// <summary>Our own mail coming back: our loop header, or a Message-ID on our own domain.</summary>
    Loop,
}
