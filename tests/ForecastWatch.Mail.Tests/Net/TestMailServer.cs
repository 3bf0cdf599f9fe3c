using System.Globalization;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Tests.Net;

/// <summary>Facts about the loopback test servers (scripts/mail/start-mailserver.sh).</summary>
internal static class TestMailServer
{
    public const int SmtpPlainPort = 2525;
    public const int SmtpSubmissionPort = 2587;
    public const int ImapPort = 1143;
    public const int ImapsPort = 1993;
    public const string Editor = "editor@example.test";
    public const string EditorPassword = "editor-pass";
    public const string Desk = "desk@example.test";
    public const string DeskPassword = "desk-pass";

    public static string Host => Environment.GetEnvironmentVariable(MailServerFactAttribute.Variable) ?? "127.0.0.1";

    public static string Root => Environment.GetEnvironmentVariable("FW_MAIL_ROOT") is { Length: > 0 } r ? r : "/tmp/fw-mail";

    public static string CertificatePath => Path.Combine(Root, "tls", "cert.pem");

    public static MailTlsOptions Tls => MailTlsOptions.TrustCertificateFile(CertificatePath);

    public static string UniqueId(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Guid.NewGuid():N}");

    public static byte[] Message(string from, string to, string subject, string body = "Hello from the test suite.\r\n")
    {
        var id = UniqueId("msg");
        var text = $"From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{id}@forecastwatch.test>\r\n" +
                   "Date: Mon, 23 Nov 2026 05:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body;
        return System.Text.Encoding.UTF8.GetBytes(text);
    }
}
