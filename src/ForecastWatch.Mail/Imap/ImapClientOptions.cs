using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Imap;

/// <summary>Settings for <see cref="ImapClient"/>.</summary>
public sealed class ImapClientOptions
{
    /// <summary>Time allowed for each command to complete. <value>Default: 2 minutes.</value></summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one IDLE lasts before the client sends DONE and starts a new one. RFC 2177 section 3: servers may
    /// drop a client idle for 30 minutes, so re-issue before 29. <value>Default: 25 minutes.</value>
    /// </summary>
    public TimeSpan IdleRestartInterval { get; init; } = TimeSpan.FromMinutes(25);

    /// <summary>Literals (message bodies) larger than this are spooled to a temporary file. <value>Default: 256 KiB.</value></summary>
    public int MemoryLiteralLimit { get; init; } = 256 * 1024;

    /// <summary>The largest literal accepted from the server. <value>Default: 2 GiB.</value></summary>
    public long MaxLiteralSize { get; init; } = 1L << 31;

    /// <summary>Certificate validation. <value>Default: <see cref="MailTlsOptions.Default"/> (system trust).</value></summary>
    public MailTlsOptions Tls { get; init; } = MailTlsOptions.Default;

    /// <summary>Allow LOGIN/AUTHENTICATE without TLS (loopback test servers only). <value>Default: <see langword="false"/>.</value></summary>
    public bool AllowInsecureAuthentication { get; init; }

    /// <summary>Receives the redacted transcript. <value>Default: none.</value></summary>
    public IMailProtocolLogger? Logger { get; init; }

    /// <summary>Clock for timeouts and IDLE restarts. <value>Default: <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
