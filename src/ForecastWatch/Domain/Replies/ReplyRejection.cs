namespace ForecastWatch.Domain.Replies;

/// <summary>Why an incoming message did not change anything. Also the key of the answer rate limit.</summary>
public enum ReplyRejection
{
    None,

    /// <summary>Machine mail (auto-reply, list, bulk, loop): recorded and ignored, never answered.</summary>
    Automatic,

    /// <summary>Nothing ties the message to a prompt or prediction.</summary>
    NoMatch,

    /// <summary>The token in the recipient address is not one we issued.</summary>
    UnknownToken,

    /// <summary>The token belongs to a prompt whose prediction is resolved or no longer open.</summary>
    ExpiredToken,

    /// <summary>The prediction named by the thread or subject tag does not exist.</summary>
    UnknownPrediction,

    /// <summary>No From address, or more than one.</summary>
    NoSingleSender,

    /// <summary>The From address is not an editor who may resolve this prediction.</summary>
    NotAnEditor,

    /// <summary>The token was issued to a different recipient than the From address.</summary>
    TokenForOtherRecipient,

    /// <summary>Authentication was required and our server's Authentication-Results show neither dmarc=pass nor any dkim=pass.</summary>
    AuthenticationMissing,

    /// <summary>Our server's Authentication-Results show dmarc=fail: held for review, not applied.</summary>
    DmarcFailed,

    /// <summary>
    /// Authentication was required, and the only pass is a DKIM signature by a domain not aligned with the From
    /// domain (RFC 7489 section 3.1.1): held for review, not applied.
    /// </summary>
    DkimNotAligned,

    /// <summary>The reply has no readable verdict on its first meaningful line.</summary>
    Unreadable,

    /// <summary>The prediction is already resolved and the reply is not an OVERRIDE.</summary>
    AlreadyResolved,

    /// <summary>The verdict does not fit the prediction (e.g. VALUE for an event, or an extension into the past).</summary>
    NotApplicable,

    /// <summary>A DKIM key could not be looked up (DNS failure or timeout): held for review, never applied or refused.</summary>
    AuthenticationUnavailable,

    /// <summary>
    /// The reply came through a forwarder or mailing list whose ARC chain is broken, or valid but sealed by a system
    /// not in <c>Inbox:TrustedArcSealers</c>, and no aligned DKIM signature passes on its own: held for review.
    /// </summary>
    ArcNotTrusted,

    /// <summary>Our mail server flagged the message as spam (X-Spam-Flag: YES, X-Spam-Status: Yes): held, never answered.</summary>
    Spam,
}
