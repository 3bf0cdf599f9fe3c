namespace ForecastWatch.Mail;

/// <summary>Facts about the library itself.</summary>
public static class MailLibrary
{
    /// <summary>The product token used in generated headers such as <c>User-Agent</c> and <c>X-Mailer</c>.</summary>
    public const string ProductName = "ForecastWatch.Mail";
}
