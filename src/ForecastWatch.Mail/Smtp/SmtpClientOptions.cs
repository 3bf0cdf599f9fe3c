using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Smtp;

/// <summary>Settings for <see cref="SmtpClient"/>.</summary>
public sealed class SmtpClientOptions
{
    /// <summary>The name sent in EHLO/HELO. <value>Default: <c>localhost</c>.</value></summary>
    public string LocalDomain { get; init; } = "localhost";

    /// <summary>Time allowed for each command and reply (RFC 5321 section 4.5.3.2 suggests minutes). <value>Default: 2 minutes.</value></summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Time allowed for the reply to the end of data (RFC 5321 section 4.5.3.2.6). <value>Default: 10 minutes.</value></summary>
    public TimeSpan DataTerminationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Certificate validation. <value>Default: <see cref="MailTlsOptions.Default"/> (system trust).</value></summary>
    public MailTlsOptions Tls { get; init; } = MailTlsOptions.Default;

    /// <summary>
    /// Allow AUTH over a connection without TLS (loopback test servers only).
    /// <value>Default: <see langword="false"/>.</value>
    /// </summary>
    public bool AllowInsecureAuthentication { get; init; }

    /// <summary>Receives the redacted transcript. <value>Default: none.</value></summary>
    public IMailProtocolLogger? Logger { get; init; }

    /// <summary>Clock for timeouts. <value>Default: <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
