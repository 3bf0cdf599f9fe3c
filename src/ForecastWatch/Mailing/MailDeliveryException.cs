namespace ForecastWatch.Mailing;

/// <summary>
/// A transport could not hand a message over. <see cref="IsTransient"/> decides retrying: SMTP 4xx replies are
/// transient, 5xx permanent (RFC 5321 section 4.2.1); the server's reply is kept for <c>forecastwatch outbox</c>.
/// </summary>
public sealed class MailDeliveryException : Exception
{
    public MailDeliveryException(string message, bool isTransient, int? replyCode = null, string? enhancedStatus = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        ReplyCode = replyCode;
        EnhancedStatus = enhancedStatus;
    }

    public MailDeliveryException()
    {
    }

    public MailDeliveryException(string message)
        : base(message)
    {
    }

    public MailDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool IsTransient { get; }

    /// <summary>
    /// The server could not be used at all (sign-in refused, a setting that does not match the server): nothing
    /// about this message, so it and every message after it stay queued, without an attempt counted, until the
    /// configuration or the credential is fixed.
    /// </summary>
    public bool IsSessionFailure { get; init; }

    /// <summary>
    /// The connection was lost (or the reply timed out) after the message data was sent and before the server's reply
    /// to it arrived: the server may have accepted the message, and SMTP has no way to ask. Never retried within the
    /// attempt; the row is requeued with its attempt left open, so the run that sends it again counts it uncertain.
    /// </summary>
    public bool MayHaveBeenAccepted { get; init; }

    public int? ReplyCode { get; }

    public string? EnhancedStatus { get; }
}
