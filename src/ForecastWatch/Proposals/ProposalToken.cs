using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Proposals;

/// <summary>
/// The token in the Reply-To of a proposal email, <c>desk+q&lt;mailId&gt;.&lt;mac&gt;@domain</c>: the prompt-token MAC
/// (same key) over the mail id and <c>proposals:</c> + recipient, so a prompt token can never pass for one.
/// </summary>
internal static class ProposalToken
{
    private const string Namespace = "proposals:";

    public static string Create(PromptToken key, long mailId, string recipient)
    {
        ArgumentNullException.ThrowIfNull(key);
        var prompt = key.Create(mailId, Namespace + PromptRouting.Normalize(recipient));
        return "q" + prompt[1..];
    }

    public static bool TryReadMailId([NotNullWhen(true)] string? token, out long mailId)
    {
        mailId = 0;
        return token is { Length: > 2 } && token[0] is 'q' or 'Q' && PromptToken.TryReadPromptId("p" + token[1..], out mailId);
    }

    public static bool Verify(PromptToken key, string token, long mailId, string recipient)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TryReadMailId(token, out var id) || id != mailId)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Create(key, mailId, recipient));
        var given = Encoding.ASCII.GetBytes(token.ToLowerInvariant());
        return expected.Length == given.Length && CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>
    /// <c>fw.proposals.&lt;mailId&gt;.&lt;installation&gt;@domain</c>: no other installation sending to the same desk issues it.
    /// </summary>
    public static string MessageId(long mailId, string installation, string domain) =>
        OwnMessageId.Create("proposals", mailId.ToString(CultureInfo.InvariantCulture), installation, domain);

    /// <summary>
    /// Reads the mail id from one of our proposal Message-IDs (<c>fw.proposals.&lt;id&gt;.&lt;installation&gt;@domain</c>,
    /// or <c>fw.proposals.&lt;id&gt;@domain</c> as first written). Whether it is really ours is for the caller to check
    /// against the id stored with that mail.
    /// </summary>
    public static bool TryReadMessageId(string messageId, string domain, out long mailId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(domain);
        mailId = 0;
        var id = messageId.Trim().Trim('<', '>');
        const string prefix = OwnMessageId.Prefix + "proposals.";
        var at = id.LastIndexOf('@');
        if (at <= prefix.Length || !id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(id[(at + 1)..], domain.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var local = id.AsSpan(prefix.Length, at - prefix.Length);
        var dot = local.IndexOf('.');
        var number = dot < 0 ? local : local[..dot];
        return (dot < 0 || OwnMessageId.IsInstallationId(local[(dot + 1)..].ToString()))
            && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out mailId) && mailId > 0;
    }
}
