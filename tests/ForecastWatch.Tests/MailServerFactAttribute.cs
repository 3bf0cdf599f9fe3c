namespace ForecastWatch.Tests;

/// <summary>
/// A test that needs the loopback Postfix + Dovecot from scripts/mail/start-mailserver.sh. Skipped unless the
/// environment variable FW_MAIL_SERVER names the host (scripts/test.sh sets it after starting the servers).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MailServerFactAttribute : FactAttribute
{
    public const string Variable = "FW_MAIL_SERVER";

    public MailServerFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Needs the loopback mail servers: run scripts/mail/start-mailserver.sh and set {Variable}=127.0.0.1 (scripts/test.sh does both).";
        }
    }
}
