using System.Text.RegularExpressions;

namespace ForecastWatch.Inbound;

/// <summary>Bounces tied by the return path they came back to (VERP), whatever their format.</summary>
internal sealed partial class InboundProcessor
{
    /// <summary>The outbox id whose return path this message was delivered to, or null.</summary>
    private long? ReturnPathBounce(InboundMail mail)
    {
        if (_settings.ReturnPaths is not { } paths)
        {
            return null;
        }

        foreach (var recipient in mail.Recipients)
        {
            if (paths.TryRead(recipient, _settings.DeskAddress, out var id))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>
    /// Only MTAs write to a return path, so the message is a delivery report about row <paramref name="outboxId"/>:
    /// an RFC 3464 report (with or without Reporting-MTA) gives the status; a plain-text notice is read for an
    /// enhanced status code and for the words of a delay warning. Anything but a warning marks the row bounced.
    /// </summary>
    private async Task<InboundOutcome> BounceToReturnPathAsync(Decision d, long outboxId, CancellationToken cancellationToken)
    {
        var report = d.Mail.DeliveryReport;
        var failed = report?.Recipients.Where(static r => r.IsPermanentFailure).ToList() ?? [];
        var delayed = report?.Recipients.Where(static r => r.IsTransientFailure).ToList() ?? [];
        string? status;
        bool permanent;
        string detail;
        if (failed.Count > 0 || delayed.Count > 0)
        {
            permanent = failed.Count > 0;
            var first = permanent ? failed[0] : delayed[0];
            status = first.Status?.Trim();
            detail = ($"{(permanent ? "permanent" : "transient")} failure for {first.Recipient ?? "?"}: "
                + $"{first.Status} {first.Diagnostic}").TrimEnd();
        }
        else
        {
            var text = (d.Mail.TextBody ?? string.Empty) + "\n" + (d.Mail.Subject ?? string.Empty);
            status = EnhancedStatus().Match(text) is { Success: true } m ? m.Value : null;
            permanent = !(DelayWarning().IsMatch(text) || status?.StartsWith('4') == true && !GaveUp().IsMatch(text));
            var line = text.Split('\n').Select(static l => l.Trim()).FirstOrDefault(static l => l.Length > 0) ?? "(empty)";
            detail = $"{(permanent ? "permanent" : "transient")} failure (plain-text notice): "
                + $"{(line.Length > 160 ? line[..160] + "..." : line)}";
        }

        var marked = await Storage.OutboxStore.MarkBouncedByIdAsync(d.Connection, d.Transaction, outboxId, permanent, status, detail,
            cancellationToken).ConfigureAwait(false);
        return d.Outcome(
            Storage.InboundStatus.Bounce, permanent ? "Permanent" : "Transient",
            marked ? $"outbox #{outboxId} (return path): {detail}" : $"outbox #{outboxId} does not exist: {detail}", null);
    }

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedStatus();

    // Delay warnings (Postfix "This is only a warning", Exim "has not yet been delivered", sendmail "Warning: could not
    // send message for past 4 hours", Exchange "Delivery has been delayed"): the MTA keeps trying.
    [GeneratedRegex(@"only\s+a\s+warning|not\s+yet\s+been\s+delivered|will\s+(?:continue\s+to\s+)?(?:be\s+)?retr|"
        + @"delivery\s+(?:has\s+been\s+|is\s+)?delayed|warning:\s+could\s+not\s+send",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DelayWarning();

    [GeneratedRegex(@"gave\s+up|giving\s+up|retry\s+timeout\s+exceeded|could\s+not\s+be\s+delivered|undeliverable",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GaveUp();
}
