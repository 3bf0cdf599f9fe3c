using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Inbound;

/// <summary>One recipient's line of a delivery status notification (RFC 3464 section 2.3).</summary>
internal sealed record InboundDeliveryRecipient(string? Recipient, string? Action, string? Status, string? Diagnostic)
{
    // "Action: failed" is final whatever the status: a 4.x.x with it is a soft bounce after the last retry.
    /// <summary>RFC 3463: class 5 is permanent, 4 transient, 2 success; any "failed" action is final.</summary>
    public bool IsPermanentFailure => Status?.TrimStart().StartsWith('5') == true
        || string.Equals(Action?.Trim(), "failed", StringComparison.OrdinalIgnoreCase);

    public bool IsTransientFailure => !IsPermanentFailure && (Status?.TrimStart().StartsWith('4') == true
        || string.Equals(Action?.Trim(), "delayed", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The delivery report carried by a DSN and the Message-ID of the message it is about.</summary>
internal sealed record InboundDeliveryReport(string? OriginalMessageId, IReadOnlyList<InboundDeliveryRecipient> Recipients);

/// <summary>What inbound processing needs from a parsed message; built from the MIME model by <see cref="IInboundMailReader"/>.</summary>
/// <param name="Headers">Every header field in order, unfolded and decoded.</param>
/// <param name="From">From addresses (identity).</param>
/// <param name="Recipients">To, Cc, Delivered-To and X-Original-To addresses.</param>
/// <param name="ThreadIds">In-Reply-To then References, without angle brackets.</param>
internal sealed record InboundMail(
    string? MessageId,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<string> From,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> ThreadIds,
    string? Subject,
    string? TextBody,
    string? HtmlBody,
    InboundDeliveryReport? DeliveryReport)
{
    public ReplyEnvelope Envelope => new(From, Recipients, ThreadIds, Subject);

    public IReadOnlyList<string> HeaderValues(string name) =>
        [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(static h => h.Value)];
}

/// <summary>Parses raw message bytes into <see cref="InboundMail"/>. Never throws on malformed input.</summary>
internal interface IInboundMailReader
{
    Task<InboundMail> ReadAsync(Stream raw, CancellationToken cancellationToken);
}
