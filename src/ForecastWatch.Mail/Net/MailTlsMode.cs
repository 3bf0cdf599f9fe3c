namespace ForecastWatch.Mail.Net;

/// <summary>How a connection is protected with TLS.</summary>
public enum MailTlsMode
{
    /// <summary>TLS from the first byte (SMTP submissions on 465, RFC 8314; IMAPS on 993).</summary>
    Implicit,

    /// <summary>Plain text until STARTTLS (RFC 3207, RFC 3501 6.2.1); fails if the server does not offer it.</summary>
    StartTls,

    /// <summary>No TLS at all. Only for loopback test servers and trusted networks.</summary>
    None,
}
