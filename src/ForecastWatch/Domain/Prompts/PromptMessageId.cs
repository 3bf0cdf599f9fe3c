using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ForecastWatch.Domain.Prompts;

/// <summary>
/// Our Message-IDs for prompt mail: <c>fw.prompt.&lt;promptId&gt;.&lt;step&gt;.&lt;installation&gt;@domain</c> (see
/// <see cref="OwnMessageId"/>). The same prompt step of one installation always gets the same id, so a resend after a
/// crash is recognisable as the same message. Ids written before migration 0011 have no installation part.
/// </summary>
public static class PromptMessageId
{
    private const string Prefix = "fw.prompt.";

    /// <summary>The id without angle brackets.</summary>
    public static string Create(long promptId, int step, string installation, string domain) =>
        OwnMessageId.Create("prompt", string.Create(CultureInfo.InvariantCulture, $"{promptId}.{step}"), installation, domain);

    /// <summary>Parses an id (with or without angle brackets) on the given domain, with or without an installation part.</summary>
    public static bool TryParse([NotNullWhen(true)] string? messageId, string domain, out long promptId, out int step) =>
        TryParse(messageId, domain, out promptId, out step, out _);

    /// <summary>
    /// Parses an id (with or without angle brackets) on the given domain; <paramref name="installation"/> is null for
    /// an id written before installation ids existed.
    /// </summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? messageId, string domain, out long promptId, out int step, out string? installation)
    {
        ArgumentNullException.ThrowIfNull(domain);
        promptId = 0;
        step = 0;
        installation = null;
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
        if (parts.Length == 3)
        {
            if (!OwnMessageId.IsInstallationId(parts[2]))
            {
                return false;
            }

            installation = parts[2];
        }

        return parts.Length is 2 or 3
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out promptId)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out step);
    }
}
