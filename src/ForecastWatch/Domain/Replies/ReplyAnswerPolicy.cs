namespace ForecastWatch.Domain.Replies;

/// <summary>What we would say to the sender of a reply.</summary>
public enum ReplyAnswerKind
{
    /// <summary>The verdict was recorded.</summary>
    Confirmation,

    /// <summary>Anything that did not record a verdict: already resolved, unreadable, not allowed...</summary>
    Rejection,
}

/// <summary>Decides whether an answer may be sent; the caller looks up when the same rejection was last sent.</summary>
public static class ReplyAnswerPolicy
{
    /// <summary>At most one rejection per sender and reason in this window.</summary>
    public static readonly TimeSpan RejectionWindow = TimeSpan.FromDays(1);

    /// <returns>Null when the answer may be sent, else why it is suppressed.</returns>
    public static string? SuppressionReason(
        ReplyAnswerKind kind,
        bool isAutomatic,
        bool authenticationFailed,
        ReplyRejection rejection,
        DateTimeOffset? lastSameRejectionSentAt,
        DateTimeOffset asOf)
    {
        // RFC 3834 section 2: never respond to automatic mail; answering a sender that failed authentication
        // would mail whoever was forged.
        if (isAutomatic || rejection == ReplyRejection.Automatic)
        {
            return "automatic mail is never answered";
        }

        if (authenticationFailed)
        {
            return "the sender failed authentication";
        }

        if (rejection is ReplyRejection.NoSingleSender)
        {
            return "no single sender to answer";
        }

        if (kind == ReplyAnswerKind.Rejection && lastSameRejectionSentAt is { } last && asOf - last < RejectionWindow)
        {
            return $"a {rejection} answer was already sent to this sender in the last 24 hours";
        }

        return null;
    }
}
