using ForecastWatch.Domain.Replies;
using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Inbound;

/// <summary>Applies the reply logic of <c>Domain/Replies</c> to a parsed message.</summary>
internal static class ReplyMessageExtensions
{
    /// <summary>Trims a parsed message: its text/plain body, or its HTML body when that is all it has.</summary>
    public static ReplyTrimResult TrimReply(this MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.TextBody is { Length: > 0 } text ? ReplyTrimmer.Trim(text) : ReplyTrimmer.TrimHtml(message.HtmlBody);
    }

    /// <summary>Classifies a parsed message from its top-level header fields.</summary>
    public static AutoMailVerdict Classify(this AutoMailClassifier classifier, MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(message);
        return classifier.Classify(message.Headers.Select(static h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList());
    }
}
