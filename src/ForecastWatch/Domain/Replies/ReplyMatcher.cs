using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Replies;

/// <summary>The addressing facts of an incoming message that matching and authorization look at.</summary>
/// <param name="From">The From mailboxes' addresses (normally one).</param>
/// <param name="Recipients">Addresses from To, Cc, Delivered-To and X-Original-To, in that order.</param>
/// <param name="ThreadIds">Message-IDs from In-Reply-To, then References (without angle brackets).</param>
/// <param name="Subject">The decoded subject, or null.</param>
public sealed record ReplyEnvelope(
    IReadOnlyList<string> From,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> ThreadIds,
    string? Subject);

/// <summary>How a reply was tied to a prompt or prediction.</summary>
public enum ReplyMatchKind
{
    None,
    Token,
    Thread,
    SubjectTag,
}

/// <summary>The result of matching: the best candidate found, strongest evidence first.</summary>
/// <param name="Kind">Which rule matched.</param>
/// <param name="Token">The prompt token from a recipient address (for <see cref="ReplyMatchKind.Token"/>).</param>
/// <param name="PromptId">The prompt id from one of our Message-IDs (for <see cref="ReplyMatchKind.Thread"/>).</param>
/// <param name="PredictionId">The prediction id from the <c>[FW-&lt;id&gt;]</c> subject tag, when present (any kind).</param>
public sealed record ReplyMatch(ReplyMatchKind Kind, string? Token, string? PromptId, string? PredictionId)
{
    public static ReplyMatch NoMatch { get; } = new(ReplyMatchKind.None, null, null, null);
}

/// <summary>Where our prompts live: the desk address that carries tokens and the domain of our Message-IDs.</summary>
/// <param name="DeskAddress">The desk's address without a token, e.g. <c>desk@example.test</c>.</param>
/// <param name="MessageIdDomain">The right-hand side of the Message-IDs we generate.</param>
public sealed record ReplyMatchSettings(string DeskAddress, string MessageIdDomain)
{
    /// <summary>
    /// The installation ids whose Message-IDs are ours (<c>fw.prompt.&lt;id&gt;.&lt;n&gt;.&lt;installation&gt;@domain</c>):
    /// a thread id of another installation sending to the same mailbox is not a thread of ours. Null: any.
    /// </summary>
    public IReadOnlyCollection<string>? Installations { get; init; }

    /// <summary>
    /// Whether ids without an installation part (written before installation ids existed) are ours. Only a database
    /// that sent such mail should accept them; after a reset they would point at the wrong prompt.
    /// <value>Default: true.</value>
    /// </summary>
    public bool AcceptLegacyIds { get; init; } = true;
}

/// <summary>
/// Ties a reply to a prompt: by the token in any recipient address (<c>desk+&lt;token&gt;@domain</c>), else by
/// In-Reply-To/References pointing at one of our Message-IDs (<c>fw.prompt.&lt;id&gt;.&lt;n&gt;@domain</c>), else by the
/// <c>[FW-&lt;id&gt;]</c> subject tag. Only extracts candidates; verifying the token is the caller's job.
/// </summary>
public static partial class ReplyMatcher
{
    public static ReplyMatch Match(ReplyEnvelope envelope, ReplyMatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(settings);

        var predictionId = SubjectTag(envelope.Subject);
        foreach (var recipient in envelope.Recipients)
        {
            if (TryGetToken(recipient, settings.DeskAddress, out var token))
            {
                return new ReplyMatch(ReplyMatchKind.Token, token, null, predictionId);
            }
        }

        foreach (var id in envelope.ThreadIds)
        {
            if (TryGetPromptId(id, settings, out var promptId))
            {
                return new ReplyMatch(ReplyMatchKind.Thread, null, promptId, predictionId);
            }
        }

        return predictionId is null ? ReplyMatch.NoMatch : new ReplyMatch(ReplyMatchKind.SubjectTag, null, null, predictionId);
    }

    /// <summary>Extracts the token from <c>local+token@domain</c> when local and domain are the desk's.</summary>
    public static bool TryGetToken(string address, string deskAddress, out string token)
    {
        token = string.Empty;
        var (deskLocal, deskDomain) = Split(deskAddress);
        var (local, domain) = Split(address.Trim().Trim('<', '>'));
        if (deskLocal.Length == 0 || !string.Equals(domain, deskDomain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus <= 0 || !string.Equals(local[..plus], deskLocal, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var candidate = local[(plus + 1)..];
        if (!TokenShape().IsMatch(candidate))
        {
            return false;
        }

        token = candidate;
        return true;
    }

    public static bool TryGetPromptId(string messageId, string domain, out string promptId) =>
        TryGetPromptId(messageId, new ReplyMatchSettings(string.Empty, domain), out promptId);

    /// <summary>The prompt id of one of our Message-IDs: our domain, and one of our installations (or a legacy id, if accepted).</summary>
    public static bool TryGetPromptId(string messageId, ReplyMatchSettings settings, out string promptId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(settings);
        promptId = string.Empty;
        var m = PromptMessageId().Match(messageId.Trim().Trim('<', '>'));
        if (!m.Success || !string.Equals(m.Groups[3].Value, settings.MessageIdDomain, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var installation = m.Groups[2];
        var ours = installation.Success
            ? settings.Installations is not { } known || known.Contains(installation.Value, StringComparer.OrdinalIgnoreCase)
            : settings.AcceptLegacyIds;
        if (!ours)
        {
            return false;
        }

        promptId = m.Groups[1].Value;
        return true;
    }

    public static string? SubjectTag(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var m = SubjectTagPattern().Match(subject);
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    private static (string Local, string Domain) Split(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? (string.Empty, string.Empty) : (address[..at], address[(at + 1)..]);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-.=]{8,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShape();

    [GeneratedRegex(
        @"^fw\.prompt\.([A-Za-z0-9\-]{1,64})\.\d{1,9}(?:\.([a-z0-9]{8,32}))?@(.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PromptMessageId();

    [GeneratedRegex(@"\[FW-([a-z0-9][a-z0-9-]{0,63})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectTagPattern();
}
