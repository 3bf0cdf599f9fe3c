namespace ForecastWatch.Tests.Support;

/// <summary>
/// A fact that needs the loopback Postfix + Dovecot from <c>scripts/mail/start-mailserver.sh</c>; skipped unless
/// the environment variable <c>FW_MAIL_SERVER</c> is set (to anything but empty or 0).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MailServerFactAttribute : FactAttribute
{
    public MailServerFactAttribute()
    {
        if (!IsAvailable)
        {
            Skip = "Needs the loopback mail servers: run scripts/mail/start-mailserver.sh and set FW_MAIL_SERVER=127.0.0.1 "
                + "(scripts/test.sh does both).";
        }
    }

    public static bool IsAvailable =>
        Environment.GetEnvironmentVariable("FW_MAIL_SERVER") is { Length: > 0 } v && v != "0";

    /// <summary>Where the server keeps its state (certificate under tls/cert.pem).</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("FW_MAIL_ROOT") is { Length: > 0 } r ? r : "/tmp/fw-mail";
}

/// <summary>A theory that needs the loopback mail servers (see <see cref="MailServerFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MailServerTheoryAttribute : TheoryAttribute
{
    public MailServerTheoryAttribute()
    {
        if (!MailServerFactAttribute.IsAvailable)
        {
            Skip = "Needs the loopback mail servers: run scripts/mail/start-mailserver.sh and set FW_MAIL_SERVER=127.0.0.1 "
                + "(scripts/test.sh does both).";
        }
    }
}
