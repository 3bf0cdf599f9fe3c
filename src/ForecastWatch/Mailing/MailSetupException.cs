namespace ForecastWatch.Mailing;

/// <summary>
/// A mail server cannot be used as configured (TLS mode that does not match the port, no AUTH offered, a folder the
/// server refuses). The message says what is probably wrong and which setting fixes it; retrying does not help.
/// </summary>
public sealed class MailSetupException : Exception
{
    public MailSetupException()
    {
    }

    public MailSetupException(string message)
        : base(message)
    {
    }

    public MailSetupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
