using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ForecastWatch.Domain.Prompts;

/// <summary>
/// Our Message-IDs for prompt mail: <c>&lt;fw.prompt.&lt;promptId&gt;.&lt;step&gt;@domain&gt;</c> (RFC 5322 section 3.6.4
/// msg-id). The same prompt step always gets the same id, so a resend after a crash is recognisable as the same
/// message.
/// </summary>
public static class PromptMessageId
{
    private const string Prefix = "fw.prompt.";

    /// <summary>The id without angle brackets.</summary>
    public static string Create(long promptId, int step, string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{promptId}.{step}@{domain.Trim().ToLowerInvariant()}");
    }

    /// <summary>Parses an id (with or without angle brackets) on the given domain.</summary>
    public static bool TryParse([NotNullWhen(true)] string? messageId, string domain, out long promptId, out int step)
    {
        ArgumentNullException.ThrowIfNull(domain);
        promptId = 0;
        step = 0;
        if (string.IsNullOrWhiteSpace(messageId))
        {
            return false;
        }

        var id = messageId.Trim().Trim('<', '>');
        var at = id.LastIndexOf('@');
        if (at < 0 || !id[(at + 1)..].Equals(domain.Trim(), StringComparison.OrdinalIgnoreCase)
            || !id.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = id[Prefix.Length..at].Split('.');
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out promptId)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out step);
    }
}
