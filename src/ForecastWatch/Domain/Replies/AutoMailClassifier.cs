using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Tells machine mail (auto-replies, out-of-office notices, bounces, lists, bulk mail, our own mail looping back)
/// from mail a person wrote, using only the header fields. Machine mail must never be answered (RFC 3834 section 2).
/// </summary>
internal sealed partial class AutoMailClassifier
{
    private readonly string? _loopHeader;
    private readonly string[] _ownDomains;
    private readonly string? _ownPrefix;

    /// <summary>Creates a classifier.</summary>
    /// <param name="options">What identifies our own mail; null for none.</param>
    public AutoMailClassifier(AutoMailClassifierOptions? options = null)
    {
        _loopHeader = string.IsNullOrWhiteSpace(options?.LoopHeaderName) ? null : options.LoopHeaderName.Trim();
        _ownPrefix = string.IsNullOrEmpty(options?.OwnMessageIdPrefix) ? null : options.OwnMessageIdPrefix;
        _ownDomains = options?.OwnMessageIdDomains.Where(static d => !string.IsNullOrWhiteSpace(d)).Select(static d => d.Trim()).ToArray()
            ?? [];
    }

    /// <summary>Classifies a message from its header fields.</summary>
    /// <param name="headers">The header fields in order: name and unfolded, decoded value.</param>
    /// <returns>The kind of machine mail, or <see cref="AutoMailVerdict.Personal"/>.</returns>
    public AutoMailVerdict Classify(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var fields = new HeaderView(headers as IReadOnlyList<KeyValuePair<string, string>> ?? headers.ToList());

        // A DSN comes from a mailer-daemon with an empty Return-Path too; report it as a DSN so the caller can
        // mark the original message bounced (RFC 3464 section 2, RFC 6522 section 3).
        if (fields.Get("Content-Type") is { } contentType && IsReport(contentType, out var reportType))
        {
            return string.Equals(reportType, "delivery-status", StringComparison.OrdinalIgnoreCase)
                ? new AutoMailVerdict(AutoMailKind.DeliveryStatus, $"Content-Type: {contentType}")
                : new AutoMailVerdict(AutoMailKind.Report, $"Content-Type: {contentType}");
        }

        if (_loopHeader is not null && fields.Get(_loopHeader) is { } loop)
        {
            return new AutoMailVerdict(AutoMailKind.Loop, $"{_loopHeader}: {loop}");
        }

        if (fields.Get("Message-ID") is { } messageId && IsOwnMessageId(messageId))
        {
            return new AutoMailVerdict(AutoMailKind.Loop, $"Message-ID: {messageId}");
        }

        // RFC 3834 section 5.1: any value other than "no" marks automatic mail; comments may follow the keyword.
        if (fields.Get("Auto-Submitted") is { } autoSubmitted && !IsNo(autoSubmitted))
        {
            var kind = OutOfOfficeSubject().IsMatch(fields.Get("Subject") ?? string.Empty) ? AutoMailKind.OutOfOffice
                : AutoMailKind.AutoReply;
            return new AutoMailVerdict(kind, $"Auto-Submitted: {autoSubmitted}");
        }

        foreach (var name in (string[])["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-AutoReply-From", "X-Mail-Autoreply"])
        {
            if (fields.Get(name) is { } value)
            {
                return new AutoMailVerdict(AutoMailKind.AutoReply, $"{name}: {value}");
            }
        }

        // Outlook sets X-Auto-Response-Suppress on ordinary mail; only with the inbox-rules loop header is it the
        // server-side out-of-office rule answering.
        if (fields.Get("X-Auto-Response-Suppress") is { } suppress && fields.Get("X-MS-Exchange-Inbox-Rules-Loop") is { } rulesLoop)
        {
            return new AutoMailVerdict(AutoMailKind.OutOfOffice,
                $"X-Auto-Response-Suppress: {suppress}; X-MS-Exchange-Inbox-Rules-Loop: {rulesLoop}");
        }

        if (fields.Get("Precedence") is { } precedence)
        {
            var p = precedence.Trim().ToLowerInvariant();
            AutoMailKind? kind = p switch
            {
                "bulk" or "junk" => AutoMailKind.Bulk,
                "list" => AutoMailKind.MailingList,
                "auto_reply" => AutoMailKind.AutoReply,
                _ => null,
            };
            if (kind is { } k)
            {
                return new AutoMailVerdict(k, $"Precedence: {precedence}");
            }
        }

        foreach (var name in (string[])["List-Id", "List-Unsubscribe", "List-Post"])
        {
            if (fields.Get(name) is { } value)
            {
                return new AutoMailVerdict(AutoMailKind.MailingList, $"{name}: {value}");
            }
        }

        // RFC 5321 section 4.5.5: notifications are sent with a null reverse-path.
        if (fields.Get("Return-Path") is { } returnPath && IsNullPath(returnPath))
        {
            return new AutoMailVerdict(AutoMailKind.MailerDaemon, $"Return-Path: {returnPath}");
        }

        if (fields.Get("From") is { } from && IsDaemonAddress(from))
        {
            return new AutoMailVerdict(AutoMailKind.MailerDaemon, $"From: {from}");
        }

        if (fields.Get("Subject") is { } subject && OutOfOfficeSubject().IsMatch(subject))
        {
            return new AutoMailVerdict(AutoMailKind.OutOfOffice, $"Subject: {subject}");
        }

        return AutoMailVerdict.Personal;
    }

    private bool IsOwnMessageId(string messageId)
    {
        if (_ownDomains.Length == 0)
        {
            return false;
        }

        var value = messageId.Trim().Trim('<', '>');
        var at = value.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        if (_ownPrefix is not null && !value.StartsWith(_ownPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var domain = value[(at + 1)..].TrimEnd('>', ' ');
        return _ownDomains.Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsNo(string value)
    {
        var end = value.IndexOfAny([';', '(']);
        var keyword = (end < 0 ? value : value[..end]).Trim();
        return string.Equals(keyword, "no", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsNullPath(string returnPath)
    {
        var v = returnPath.Trim();
        return v.Length == 0 || v == "<>" || v.Replace(" ", string.Empty, StringComparison.Ordinal) == "<>";
    }

    internal static bool IsDaemonAddress(string from)
    {
        var address = ExtractAddress(from);
        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        return local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase)
            || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase);
    }

    // Enough of RFC 5322 section 3.4 to find the addr-spec: the last angle-addr, else the bare address.
    private static string ExtractAddress(string from)
    {
        var close = from.LastIndexOf('>');
        var open = close > 0 ? from.LastIndexOf('<', close) : -1;
        if (open >= 0)
        {
            return from[(open + 1)..close].Trim();
        }

        var withoutComments = Comment().Replace(from, " ");
        var token = withoutComments.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(static t => t.Contains('@', StringComparison.Ordinal));
        return (token ?? withoutComments).Trim().Trim('"');
    }

    internal static bool IsReport(string contentType, out string? reportType)
    {
        reportType = null;
        var parts = contentType.Split(';');
        if (!parts[0].Trim().Equals("multipart/report", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var parameter in parts.Skip(1))
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && parameter[..eq].Trim().Equals("report-type", StringComparison.OrdinalIgnoreCase))
            {
                reportType = parameter[(eq + 1)..].Trim().Trim('"');
            }
        }

        return true;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Comment();

    // Anchored at the start: an editor's "Re: [FW-x] Due: CEO out of office by 2027" is not a notice.
    // Multi-word phrases stand alone; single words need a separator after them.
    [GeneratedRegex(
        @"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:(?:out\s+of\s+(?:the\s+)?office|automatic\s+reply|auto(?:matic)?[-\s]?response|"
            + @"away\s+from\s+(?:the|my)\s+office|vacation\s+reply|abwesenheitsnotiz|automatische\s+antwort|nicht\s+im\s+büro|"
            + @"réponse\s+automatique|absent\s+du\s+bureau|respuesta\s+automática|fuera\s+de\s+(?:la\s+)?oficina|risposta\s+automatica|"
            + @"fuori\s+(?:sede|ufficio)|automatisch\s+antwoord|niet\s+aanwezig|resposta\s+automática|fora\s+do\s+escritório|"
            + @"automatiskt\s+svar|frånvaromeddelande|inte\s+på\s+kontoret)\b|(?:auto[-\s]?reply|autoreply|auto|vacation|on\s+vacation|"
            + @"abwesend|abwesenheit|absence|absent|ausente|assente|afwezig|afwezigheid|frånvaro|autosvar)\s*(?:[:\-–]|$))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutOfOfficeSubject();

    private readonly struct HeaderView(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        public string? Get(string name)
        {
            foreach (var (key, value) in headers)
            {
                if (string.Equals(key.Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return value ?? string.Empty;
                }
            }

            return null;
        }
    }
}
