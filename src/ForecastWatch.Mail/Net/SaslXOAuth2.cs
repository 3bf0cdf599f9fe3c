using System.Text;

namespace ForecastWatch.Mail.Net;

/// <summary>The XOAUTH2 SASL initial response (Google/Microsoft's format, shared by SMTP and IMAP).</summary>
internal static class SaslXOAuth2
{
    public static string InitialResponse(string userName, string accessToken) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"user={userName}\u0001auth=Bearer {accessToken}\u0001\u0001"));
}
