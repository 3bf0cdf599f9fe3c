using ForecastWatch.Domain.Replies;
using MimeKit;

namespace ForecastWatch.Inbound;

/// <summary>Applies the reply logic of <c>Domain/Replies</c> to a message MimeKit parsed.</summary>
internal static class ReplyMessageExtensions
{
    /// <summary>
    /// Trims a parsed message: its text/plain body (format=flowed un-wrapped), or its HTML body when that is all it
    /// has; the same text inbound processing reads the verdict from.
    /// </summary>
    public static ReplyTrimResult TrimReply(this MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MimeInboundMailReader.TextBody(message) is { Length: > 0 } text
            ? ReplyTrimmer.Trim(text)
            : ReplyTrimmer.TrimHtml(MimeInboundMailReader.HtmlBody(message));
    }

    /// <summary>Classifies a parsed message from its top-level header fields.</summary>
    public static AutoMailVerdict Classify(this AutoMailClassifier classifier, MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(message);
        var headers = MimeInboundMailReader.AllHeaders(message).Select(static h => new KeyValuePair<string, string>(h.Field, h.Value));
        return classifier.Classify(headers.ToList());
    }
}
