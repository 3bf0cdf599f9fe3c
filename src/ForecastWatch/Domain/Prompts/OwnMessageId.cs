using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ForecastWatch.Domain.Prompts;

/// <summary>
/// The Message-IDs we write (RFC 5322 section 3.6.4): <c>fw.&lt;kind&gt;.&lt;key&gt;.&lt;installation&gt;@domain</c>. The
/// kind and key make an id deterministic for one outbox row; the installation id (random, created with the
/// database, see migration 0011) keeps two databases from ever writing the same id: after a reset, on a second
/// instance sending to the same mailbox. Servers that suppress duplicate Message-IDs would otherwise drop our mail.
/// </summary>
public static class OwnMessageId
{
    /// <summary>The local-part prefix of every id we write; the auto-mail classifier recognises it.</summary>
    public const string Prefix = "fw.";

    /// <summary>The id without angle brackets.</summary>
    /// <param name="kind">What the message is (<c>prompt</c>, <c>answer</c>, <c>digest</c>).</param>
    /// <param name="key">What makes it unique within the installation (dot-separated atoms).</param>
    /// <param name="installation">The installation id (<see cref="IsInstallationId"/>).</param>
    /// <param name="domain">The right-hand side (<c>ForecastWatch:Mailing:MessageIdDomain</c>).</param>
    public static string Create(string kind, string key, string installation, string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if (!IsInstallationId(installation))
        {
            throw new ArgumentException(
                $"'{installation}' is not an installation id (8 to 32 lower-case letters and digits).", nameof(installation));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{kind}.{key}.{installation}@{domain.Trim().ToLowerInvariant()}");
    }

    /// <summary>8 to 32 lower-case ASCII letters and digits: a dot-atom part that cannot be mistaken for a number.</summary>
    public static bool IsInstallationId([NotNullWhen(true)] string? value) =>
        value is { Length: >= 8 and <= 32 } && value.All(static c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c))
        && !value.All(char.IsAsciiDigit);
}
