using System.Text.RegularExpressions;
using ForecastWatch.Domain.Replies;
using MimeKit;

namespace ForecastWatch.Inbound;

/// <summary>Builds <see cref="InboundMail"/> from a message MimeKit loaded (bodies decoded, format=flowed un-wrapped).</summary>
internal sealed partial class MimeInboundMailReader : IInboundMailReader
{
    /// <summary>
    /// Header fields that keep the envelope recipient (with its +token), most trusted first: RFC 9228 Delivered-To
    /// (Postfix, Dovecot LMTP, Gmail), Postfix's X-Original-To, Exim's Envelope-To, X-Envelope-To (qmail, Courier,
    /// several hosted services), X-Delivered-To (Fastmail and others).
    /// </summary>
    internal static readonly string[] EnvelopeRecipientFields =
        ["Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "X-Delivered-To"];

    static MimeInboundMailReader()
    {
        MimeCharsets.EnsureRegistered();
    }

    /// <summary>MimeKit's lenient defaults, with the nesting bounded: a desk mailbox gets replies, not archives.</summary>
    internal static ParserOptions Options { get; } = CreateOptions();

    /// <summary>
    /// The top-level header fields as they were in the message: MimeKit keeps the Content-* fields with the body
    /// entity, so they are merged back in stream order.
    /// </summary>
    internal static IEnumerable<Header> AllHeaders(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        IEnumerable<Header> all = message.Body is { } body ? message.Headers.Concat(body.Headers) : message.Headers;
        return all.OrderBy(static h => h.Offset ?? long.MaxValue);
    }

    public async Task<InboundMail> ReadAsync(Stream raw, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            // Persistent: parts stay windows on the stored file (open until FromMessage is done), not copies in memory.
            message = await MimeMessage.LoadAsync(Options, raw, persistent: raw.CanSeek, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            // No header block at all (an empty or binary file): nothing to match, classify or read.
            return new InboundMail(null, [], [], [], [], null, null, null, null);
        }

        using (message)
        {
            return FromMessage(message);
        }
    }

    public static InboundMail FromMessage(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = AllHeaders(message).Select(static h => new KeyValuePair<string, string>(h.Field, h.Value)).ToList();
        var threadIds = new List<string>();
        if (message.InReplyTo is { Length: > 0 } inReplyTo)
        {
            threadIds.Add(inReplyTo.Trim('<', '>'));
        }

        threadIds.AddRange(message.References.Select(static r => r.Trim('<', '>')));
        return new InboundMail(
            message.MessageId?.Trim('<', '>'),
            headers,
            [.. message.From.Mailboxes.Select(static m => m.Address)],
            Recipients(message),
            threadIds,
            message.Subject,
            TextBody(message),
            HtmlBody(message),
            DeliveryReport(message));
    }

    /// <summary>
    /// The envelope recipients the servers recorded (<see cref="EnvelopeRecipientFields"/>, then the <c>for</c> clause
    /// of the topmost Received field that has one: the hop into our mailbox), then To and Cc. The token is looked for
    /// in that order, so what the server saw comes before what the sender wrote.
    /// </summary>
    internal static List<string> Recipients(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipients = new List<string>();
        foreach (var name in EnvelopeRecipientFields)
        {
            foreach (var header in message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                recipients.AddRange(Addresses(header.Value));
            }
        }

        // Servers prepend Received (RFC 5321 section 4.4), so the first one with "for" is the last hop: our own
        // server's. Lower ones were written by other hosts, or by the sender, and are not looked at.
        foreach (var header in message.Headers.Where(static h => h.Id == HeaderId.Received))
        {
            var value = header.Value;
            var date = value.LastIndexOf(';');
            var match = ReceivedFor().Match(date < 0 ? value : value[..date]);
            if (match.Success)
            {
                recipients.AddRange(Addresses(match.Groups[1].Value));
                break;
            }
        }

        recipients.AddRange(message.To.Mailboxes.Select(static m => m.Address));
        recipients.AddRange(message.Cc.Mailboxes.Select(static m => m.Address));
        return recipients;
    }

    private static IEnumerable<string> Addresses(string value)
    {
        if (InternetAddressList.TryParse(Options, value, out var list) && list.Mailboxes.Any())
        {
            return list.Mailboxes.Select(static m => m.Address);
        }

        // Envelope-To and friends sometimes hold a bare addr-spec that a strict header parser refuses.
        return BareAddress().Matches(value).Select(static m => m.Value);
    }

    /// <summary>The text/plain body (the first one that is not an attachment); format=flowed is un-wrapped (RFC 3676).</summary>
    internal static string? TextBody(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (FindBody(message.Body, static p => p.IsPlain) is not { } part)
        {
            return null;
        }

        var text = Decode(part);
        if (!part.IsFlowed)
        {
            return text;
        }

        return FlowedText.Unwrap(text, string.Equals(part.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The text/html body (the first one that is not an attachment).</summary>
    internal static string? HtmlBody(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return FindBody(message.Body, static p => p.IsHtml) is { } part ? Decode(part) : null;
    }

    /// <summary>
    /// The part's text in its declared charset. MimeKit falls back to ISO-8859-1 for a charset it cannot map (it
    /// did for Shift_JIS here); .NET's own lookup, with the code pages registered, knows the common legacy ones.
    /// </summary>
    internal static string Decode(TextPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var charset = part.ContentType.Charset?.Trim().Trim('"');
        if (part.Content is { } content && !(charset is { Length: > 0 } && IsUtf8(charset)))
        {
            // A UTF-8 body labelled Latin-1, windows-1252 or ASCII (or not labelled) reads as UTF-8, not as mojibake.
            using var bytes = new MemoryStream();
            content.DecodeTo(bytes);
            if (MislabelledCharset.IsUtf8Mislabelled(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), charset))
            {
                return System.Text.Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
            }
        }

        if (charset is { Length: > 0 } && !IsUnicodeOrAscii(charset))
        {
            try
            {
                return part.GetText(System.Text.Encoding.GetEncoding(charset));
            }
            catch (ArgumentException)
            {
                // Unknown to .NET as well: MimeKit's fallbacks below.
            }
        }

        return part.Text;
    }

    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static bool IsUnicodeOrAscii(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || charset.Equals("ascii", StringComparison.OrdinalIgnoreCase);

    // Depth first through multiparts, never into attached messages (a forwarded mail is not this mail's body).
    private static TextPart? FindBody(MimeEntity? entity, Func<TextPart, bool> wanted)
    {
        switch (entity)
        {
            case TextPart text when wanted(text) && !text.IsAttachment:
                return text;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    if (FindBody(child, wanted) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The report of a DSN (RFC 3464, through MimeKit's <see cref="MessageDeliveryStatus"/>), or null.</summary>
    internal static InboundDeliveryReport? DeliveryReport(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = Walk(message.Body).ToList();
        if (parts.OfType<MessageDeliveryStatus>().FirstOrDefault() is not { } status)
        {
            return null;
        }

        var groups = status.StatusGroups;
        var perMessage = groups.Count > 0 ? groups[0] : null;
        var recipients = groups.Skip(1).Select(static g => new InboundDeliveryRecipient(
            StripType(g["Final-Recipient"]) ?? StripType(g["Original-Recipient"]),
            g["Action"]?.Trim().ToLowerInvariant(),
            g["Status"]?.Trim().Split(' ', 2)[0],
            StripType(g["Diagnostic-Code"]))).ToList();

        // The report's own field first (some MTAs add it), else the returned message or its headers.
        var original = perMessage?["Original-Message-ID"] ?? perMessage?["X-Original-Message-ID"];
        original ??= parts.OfType<MessagePart>()
            .Select(static p => p.Message?.MessageId)
            .FirstOrDefault(static id => id is { Length: > 0 });
        if (original is not null)
        {
            original = MimeKit.Utils.MimeUtils.EnumerateReferences(original).FirstOrDefault() ?? original.Trim().Trim('<', '>');
        }

        return new InboundDeliveryReport(original, recipients);
    }

    // Stay out of embedded messages: a forwarded bounce is not this message's report.
    private static IEnumerable<MimeEntity> Walk(MimeEntity? root)
    {
        if (root is null)
        {
            yield break;
        }

        yield return root;
        if (root is Multipart multipart)
        {
            foreach (var child in multipart.SelectMany(Walk))
            {
                yield return child;
            }
        }
    }

    // "rfc822; user@example.com" -> "user@example.com" (RFC 3464 section 2.1.2 address-type / diagnostic-type).
    private static string? StripType(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var semi = value.IndexOf(';', StringComparison.Ordinal);
        var result = semi >= 0 && semi < 20 ? value[(semi + 1)..] : value;
        return result.Trim().Trim('<', '>');
    }

    private static ParserOptions CreateOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.MaxMimeDepth = 32;
        return options;
    }

    // RFC 5321 section 4.4: "for" Path, before the ";" that starts the date.
    [GeneratedRegex(@"\bfor\s+<?([^\s<>;@]+@[^\s<>;]+)>?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReceivedFor();

    [GeneratedRegex(@"[^\s<>,;:""()\[\]]+@[A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex BareAddress();
}
