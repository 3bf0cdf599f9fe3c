namespace ForecastWatch.Mailing;

/// <summary>How a mail connection is secured (<c>Mail:Smtp:TlsMode</c>, <c>Mail:Imap:TlsMode</c>).</summary>
public enum MailTlsMode
{
    /// <summary>TLS from the first byte (SMTP 465, IMAP 993).</summary>
    Implicit,

    /// <summary>Plain greeting, then STARTTLS before anything else; a server without STARTTLS is refused (587, 143).</summary>
    StartTls,

    /// <summary>No TLS at all: loopback test servers only.</summary>
    None,
}
