using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace ForecastWatch.Inbound;

/// <summary>One problem MimeKit's model shows in a parsed message; the parser recovered and carried on.</summary>
/// <param name="Kind">What was wrong (see <see cref="MimeDefects"/>).</param>
/// <param name="Offset">Byte offset of the header field or part concerned, or -1 when MimeKit does not say.</param>
/// <param name="Detail">The header name, the charset, ...</param>
internal sealed record MimeDefect(string Kind, long Offset, string? Detail);

/// <summary>
/// What can be found wrong in a message MimeKit parsed. MimeKit parses leniently and keeps no list of what it
/// repaired, so these come from the model: a multipart without its closing boundary, a multipart without a boundary
/// parameter, header fields that MimeKit's strict parsers refuse (addresses, Date, Content-Type, Message-ID),
/// transfer encodings and charsets it does not know, and a delivery-status part without status fields.
/// </summary>
internal static class MimeDefects
{
    private static readonly HashSet<HeaderId> AddressFields =
    [
        HeaderId.From, HeaderId.Sender, HeaderId.ReplyTo, HeaderId.To, HeaderId.Cc, HeaderId.Bcc,
        HeaderId.ResentFrom, HeaderId.ResentSender, HeaderId.ResentReplyTo, HeaderId.ResentTo, HeaderId.ResentCc, HeaderId.ResentBcc,
    ];

    private static readonly ParserOptions Strict = CreateStrict();

    /// <summary>The defects of <paramref name="message"/>, parsed from <paramref name="raw"/>, in stream order.</summary>
    public static IReadOnlyList<MimeDefect> Find(MimeMessage message, ReadOnlyMemory<byte> raw)
    {
        ArgumentNullException.ThrowIfNull(message);
        var defects = new List<MimeDefect>();
        CheckMessageHeaders(message.Headers, defects);
        Walk(message.Body, raw, defects);
        defects.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        return defects;
    }

    private static void CheckMessageHeaders(HeaderList headers, List<MimeDefect> defects)
    {
        foreach (var header in headers)
        {
            var offset = header.Offset ?? -1;
            var raw = header.RawValue;
            if (AddressFields.Contains(header.Id) && !InternetAddressList.TryParse(Strict, raw, out _))
            {
                defects.Add(new MimeDefect("MalformedAddress", offset, header.Field));
            }
            else if ((header.Id == HeaderId.Date || header.Id == HeaderId.ResentDate) && !DateUtils.TryParse(raw, out _))
            {
                defects.Add(new MimeDefect("MalformedDate", offset, header.Field));
            }
            else if (header.Id is HeaderId.MessageId or HeaderId.ResentMessageId && MimeUtils.ParseMessageId(raw, 0, raw.Length) is null)
            {
                defects.Add(new MimeDefect("MalformedMessageId", offset, header.Field));
            }
        }
    }

    private static void Walk(MimeEntity? entity, ReadOnlyMemory<byte> raw, List<MimeDefect> defects)
    {
        if (entity is null)
        {
            return;
        }

        var offset = entity.Headers.Count > 0 ? entity.Headers[0].Offset ?? -1 : -1;
        if (entity.Headers[HeaderId.ContentType] is { } contentType
            && !ContentType.TryParse(Strict, Encoding.UTF8.GetBytes(contentType), out _))
        {
            defects.Add(new MimeDefect("MalformedContentType", offset, contentType.Trim()));
        }

        switch (entity)
        {
            case Multipart multipart:
                if (string.IsNullOrEmpty(multipart.ContentType.Boundary))
                {
                    defects.Add(new MimeDefect("MissingBoundaryParameter", offset, multipart.ContentType.MimeType));
                }
                else if (raw.Span.IndexOf(Encoding.ASCII.GetBytes("--" + multipart.ContentType.Boundary + "--")) < 0)
                {
                    // MimeKit accepts a multipart that the input ends inside of (RFC 2046 section 5.1.1); the
                    // close-delimiter is looked for in the input, as MimeKit does not say.
                    defects.Add(new MimeDefect("MissingFinalBoundary", offset, multipart.ContentType.Boundary));
                }

                foreach (var child in multipart)
                {
                    Walk(child, raw, defects);
                }

                break;
            case MessageDeliveryStatus status when status.StatusGroups.Count == 0:
                defects.Add(new MimeDefect("MalformedDeliveryStatus", offset, null));
                break;
            case MessagePart { Message: { } inner }:
                CheckMessageHeaders(inner.Headers, defects);
                Walk(inner.Body, raw, defects);
                break;
            case MimePart part:
                if (part.Headers[HeaderId.ContentTransferEncoding] is { } cte && !MimeUtils.TryParse(cte, out ContentEncoding _))
                {
                    defects.Add(new MimeDefect("UnknownTransferEncoding", offset, cte.Trim()));
                }

                if (part is TextPart && part.ContentType.Charset is { Length: > 0 } charset && !IsKnown(part.ContentType))
                {
                    defects.Add(new MimeDefect("UnknownCharset", offset, charset));
                }

                break;
        }
    }

    private static bool IsKnown(ContentType contentType)
    {
        try
        {
            return contentType.CharsetEncoding is not null
                || Encoding.GetEncoding((contentType.Charset ?? string.Empty).Trim().Trim('"')) is not null;
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private static ParserOptions CreateStrict()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.ParameterComplianceMode = RfcComplianceMode.Strict;
        options.Rfc2047ComplianceMode = RfcComplianceMode.Strict;
        return options;
    }
}
