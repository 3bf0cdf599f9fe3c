namespace ForecastWatch.Mail.Mime;

/// <summary>Interns common field names so parsing a header does not allocate a name string.</summary>
internal static class HeaderNames
{
    private static readonly string[] Known =
    [
        "Return-Path", "Received", "DKIM-Signature", "Authentication-Results", "ARC-Seal", "ARC-Message-Signature",
        "ARC-Authentication-Results", "Received-SPF", "From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject", "Date",
        "Message-ID", "Message-Id", "In-Reply-To", "References", "MIME-Version", "Mime-Version", "Content-Type",
        "Content-Transfer-Encoding", "Content-Disposition", "Content-ID", "Content-Id", "Content-Description",
        "Content-Language", "Auto-Submitted", "X-Auto-Response-Suppress", "Precedence", "List-Id", "List-Unsubscribe",
        "X-Mailer", "User-Agent", "Thread-Topic", "Thread-Index", "X-Priority", "Importance", "X-Originating-IP",
        "X-Gm-Message-State", "X-Google-Smtp-Source", "X-Received", "Delivered-To", "X-Spam-Status", "X-Spam-Score",
        "Reporting-MTA", "Arrival-Date", "Final-Recipient", "Original-Recipient", "Action", "Status", "Remote-MTA",
        "Diagnostic-Code", "Last-Attempt-Date", "X-Postfix-Queue-ID", "Original-Message-ID", "X-Original-Message-ID",
        "Organization", "Keywords", "Comments", "Resent-From", "Resent-To", "Resent-Date", "Resent-Message-ID",
        "Disposition-Notification-To", "X-MS-Exchange-Organization-SCL", "Content-Location", "Content-Base",
    ];

    private static readonly Dictionary<string, string> Table = Known.Distinct(StringComparer.Ordinal).ToDictionary(static s => s, StringComparer.Ordinal);
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Table.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<byte> name)
    {
        if (name.Length <= 64)
        {
            Span<char> chars = stackalloc char[name.Length];
            for (var i = 0; i < name.Length; i++)
            {
                chars[i] = (char)name[i];
            }

            if (Lookup.TryGetValue(chars, out var known))
            {
                return known;
            }

            return new string(chars);
        }

        return System.Text.Encoding.Latin1.GetString(name);
    }
}
