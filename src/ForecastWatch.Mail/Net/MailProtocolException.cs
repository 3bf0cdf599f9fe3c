namespace ForecastWatch.Mail.Net;

/// <summary>
/// The server said something the client could not understand, or broke the protocol. The client has already
/// disconnected; reconnect to continue.
/// </summary>
public sealed class MailProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MailProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public MailProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
