using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>One recipient block of a delivery status notification (RFC 3464 section 2.3).</summary>
/// <param name="FinalRecipient">The address from Final-Recipient, without its "rfc822;" type.</param>
/// <param name="OriginalRecipient">The address from Original-Recipient, or null.</param>
/// <param name="Action">failed, delayed, delivered, relayed or expanded (lower case), or null.</param>
/// <param name="Status">The RFC 3463 status code such as "5.1.1", or null.</param>
/// <param name="DiagnosticCode">Diagnostic-Code text without its "smtp;" type, or null.</param>
/// <param name="RemoteMta">Remote-MTA without its "dns;" type, or null.</param>
/// <param name="Fields">Every field of the block as (name, value).</param>
public sealed record DeliveryStatusRecipient(
    string? FinalRecipient,
    string? OriginalRecipient,
    string? Action,
    string? Status,
    string? DiagnosticCode,
    string? RemoteMta,
    IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>True when Action is "failed".</summary>
    public bool IsFailed => string.Equals(Action, "failed", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a permanent failure (status class 5, RFC 3463 section 3.1).</summary>
    public bool IsPermanentFailure => IsFailed && (Status is null || Status.StartsWith('5'));
}

/// <summary>A delivery status notification (RFC 3464) read from a multipart/report message.</summary>
public sealed class DeliveryStatusReport
{
    private DeliveryStatusReport(
        IReadOnlyList<KeyValuePair<string, string>> messageFields,
        IReadOnlyList<DeliveryStatusRecipient> recipients,
        string? originalMessageId,
        MimeMessage? originalMessage)
    {
        MessageFields = messageFields;
        Recipients = recipients;
        OriginalMessageId = originalMessageId;
        OriginalMessage = originalMessage;
    }

    /// <summary>The per-message fields (Reporting-MTA, Arrival-Date, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MessageFields { get; }

    /// <summary>Reporting-MTA without its "dns;" type, or null.</summary>
    public string? ReportingMta => StripType(Field(MessageFields, "Reporting-MTA"));

    /// <summary>One entry per recipient block.</summary>
    public IReadOnlyList<DeliveryStatusRecipient> Recipients { get; }

    /// <summary>
    /// The Message-ID (no brackets) of the message that bounced: from an Original-Message-ID field, else from the
    /// returned message or headers part; null when the report carries none.
    /// </summary>
    public string? OriginalMessageId { get; }

    /// <summary>The returned original message when attached as message/rfc822, or null.</summary>
    public MimeMessage? OriginalMessage { get; }

    internal static DeliveryStatusReport? From(MimeMessage message)
    {
        MimePart? statusPart = null;
        Multipart? report = null;
        foreach (var e in Walk(message.Body))
        {
            if (e is Multipart m && m.ContentType.MediaSubtype == "report")
            {
                report ??= m;
            }
            else if (e is MimePart p && p.ContentType.MediaType == "message"
                && p.ContentType.MediaSubtype is "delivery-status" or "global-delivery-status")
            {
                statusPart ??= p;
            }
        }

        if (statusPart is null)
        {
            return null;
        }

        var blocks = ParseBlocks(statusPart.GetText(), out var clean);
        if (!clean || blocks.Count == 0)
        {
            statusPart.AddDefect(new MimeDefect(MimeDefectKind.MalformedDeliveryStatus, statusPart.Offset, statusPart.Line, null));
        }

        var messageFields = blocks.Count > 0 ? blocks[0] : [];
        var recipients = new List<DeliveryStatusRecipient>();
        for (var i = 1; i < blocks.Count; i++)
        {
            var f = blocks[i];
            recipients.Add(new DeliveryStatusRecipient(
                StripType(Field(f, "Final-Recipient")),
                StripType(Field(f, "Original-Recipient")),
                Field(f, "Action")?.Trim().ToLowerInvariant(),
                Field(f, "Status")?.Trim().Split(' ', 2)[0],
                StripType(Field(f, "Diagnostic-Code")),
                StripType(Field(f, "Remote-MTA")),
                f));
        }

        var originalId = Field(messageFields, "Original-Message-ID") ?? Field(messageFields, "X-Original-Message-ID");
        MimeMessage? original = null;
        var container = (MimeEntity?)report ?? message.Body;
        foreach (var e in Walk(container))
        {
            if (e is MessagePart { Message: { } m } && original is null)
            {
                original = m;
                originalId ??= m.MessageId;
            }
            else if (e is MimePart p && p.ContentType.IsMimeType("text", "rfc822-headers") && originalId is null)
            {
                var headers = ParseBlocks(p.GetText(), out _);
                if (headers.Count > 0)
                {
                    originalId = Field(headers[0], "Message-ID");
                }
            }
        }

        if (originalId is not null)
        {
            var ids = MessageIds.ParseList(originalId);
            originalId = ids.Count > 0 ? ids[0] : originalId.Trim();
        }

        return new DeliveryStatusReport(messageFields, recipients, originalId, original);
    }

    private static IEnumerable<MimeEntity> Walk(MimeEntity root)
    {
        // Stay out of embedded messages: a forwarded bounce is not this message's report.
        var stack = new Stack<MimeEntity>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            if (e is Multipart m)
            {
                for (var i = m.Children.Count - 1; i >= 0; i--)
                {
                    stack.Push(m.Children[i]);
                }
            }
        }
    }

    /// <summary>Splits "Name: value" groups separated by blank lines (RFC 3464 section 2.1), unfolding continuations.</summary>
    internal static List<List<KeyValuePair<string, string>>> ParseBlocks(string text, out bool clean)
    {
        clean = true;
        var blocks = new List<List<KeyValuePair<string, string>>>();
        List<KeyValuePair<string, string>>? current = null;
        string? name = null;
        var value = new StringBuilder();

        void Finish()
        {
            if (name is not null)
            {
                current!.Add(new(name, value.ToString().Trim()));
                name = null;
                value.Clear();
            }
        }

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                Finish();
                if (current is { Count: > 0 })
                {
                    blocks.Add(current);
                }

                current = null;
                continue;
            }

            current ??= [];
            if (line[0] is ' ' or '\t' && name is not null)
            {
                value.Append(' ').Append(line.Trim());
                continue;
            }

            Finish();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                clean = false;
                continue;
            }

            name = line[..colon].Trim();
            value.Append(line[(colon + 1)..]);
        }

        Finish();
        if (current is { Count: > 0 })
        {
            blocks.Add(current);
        }

        return blocks;
    }

    private static string? Field(IReadOnlyList<KeyValuePair<string, string>> fields, string name)
    {
        foreach (var kv in fields)
        {
            if (kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return kv.Value;
            }
        }

        return null;
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
}
