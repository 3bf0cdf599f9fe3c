using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>An address in an address header: a <see cref="MailboxAddress"/> or a <see cref="GroupAddress"/> (RFC 5322 section 3.4).</summary>
public abstract class InternetAddress
{
    private protected InternetAddress(string? name) => Name = string.IsNullOrEmpty(name) ? null : name;

    /// <summary>The decoded display name, or null.</summary>
    public string? Name { get; }

    /// <summary>Formats for a header: non-ASCII names become RFC 2047 encoded-words, IDN domains punycode.</summary>
    internal abstract void Format(StringBuilder sb);

    /// <summary>A readable form, not encoded.</summary>
    public abstract override string ToString();

    internal static void FormatPhrase(StringBuilder sb, string name)
    {
        if (!Ascii.IsValid(name))
        {
            sb.AppendJoin(' ', Rfc2047.EncodeWords(name));
            return;
        }

        // Atoms separated by single spaces can go unquoted; anything else is a quoted-string (section 3.2.4).
        var plain = name.Length > 0 && name[0] != ' ' && name[^1] != ' ' && !name.Contains("  ", StringComparison.Ordinal) && !name.Contains("=?", StringComparison.Ordinal);
        foreach (var c in name)
        {
            if (c != ' ' && !AddressParser.IsAtext((byte)c))
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            sb.Append(name);
            return;
        }

        sb.Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            if (c is not ('\r' or '\n'))
            {
                sb.Append(c);
            }
        }

        sb.Append('"');
    }
}

/// <summary>One mailbox: an optional display name and local-part@domain.</summary>
public sealed class MailboxAddress : InternetAddress
{
    /// <summary>Creates a mailbox from an address "local@domain" and an optional display name.</summary>
    public MailboxAddress(string? name, string address)
        : base(name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        address = address.Trim();
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            throw new ArgumentException($"'{address}' is not an address of the form local@domain.", nameof(address));
        }

        LocalPart = address[..at].Trim('"');
        Domain = address[(at + 1)..];
        foreach (var c in address)
        {
            // Controls (CR, LF above all) would let an address inject header lines.
            if (char.IsControl(c))
            {
                throw new ArgumentException($"'{address}' contains a control character.", nameof(address));
            }
        }
    }

    internal MailboxAddress(string? name, string localPart, string domain)
        : base(name)
    {
        LocalPart = localPart;
        Domain = domain;
    }

    /// <summary>The local part, unquoted.</summary>
    public string LocalPart { get; }

    /// <summary>The domain as written (may be punycode "xn--..." or UTF-8); empty when the input had none.</summary>
    public string Domain { get; }

    /// <summary>"local@domain" (local part quoted when needed), or the local part alone when there is no domain.</summary>
    public string Address => Domain.Length == 0 ? LocalPart : FormatLocalPart(LocalPart) + "@" + Domain;

    /// <summary>The domain in Unicode (IDNA ToUnicode), or <see cref="Domain"/> when that fails.</summary>
    public string UnicodeDomain => ConvertDomain(Domain, toAscii: false);

    /// <summary>The domain in ASCII (IDNA ToASCII, punycode), or <see cref="Domain"/> when that fails.</summary>
    public string AsciiDomain => ConvertDomain(Domain, toAscii: true);

    /// <summary>Parses one mailbox strictly; throws <see cref="MimeParseException"/>.</summary>
    public static MailboxAddress Parse(string text)
    {
        if (!TryParse(text, out var mailbox))
        {
            throw new MimeParseException($"'{text}' is not a single valid mailbox (RFC 5322 section 3.4).");
        }

        return mailbox;
    }

    /// <summary>Parses one mailbox strictly: false unless the text is exactly one well-formed mailbox with a domain.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var list = AddressParser.Parse(Encoding.UTF8.GetBytes(text), out var clean);
        if (clean && list.Count == 1 && list[0] is MailboxAddress { Domain.Length: > 0 } m)
        {
            mailbox = m;
        }

        return mailbox is not null;
    }

    internal override void Format(StringBuilder sb)
    {
        if (Name is not null)
        {
            FormatPhrase(sb, Name);
            sb.Append(' ');
        }

        sb.Append('<').Append(FormatLocalPart(LocalPart));
        if (Domain.Length > 0)
        {
            sb.Append('@').Append(AsciiDomain);
        }

        sb.Append('>');
    }

    /// <inheritdoc/>
    public override string ToString() => Name is null ? Address : $"{Name} <{Address}>";

    private static string FormatLocalPart(string local)
    {
        var dotAtom = local.Length > 0 && local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal);
        foreach (var c in local)
        {
            if (c != '.' && c < 128 && !AddressParser.IsAtext((byte)c))
            {
                dotAtom = false;
                break;
            }
        }

        return dotAtom ? local : "\"" + local.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static readonly IdnMapping Idn = new() { AllowUnassigned = true };

    private static string ConvertDomain(string domain, bool toAscii)
    {
        if (domain.Length == 0 || domain[0] == '[')
        {
            return domain;
        }

        try
        {
            if (toAscii)
            {
                return Ascii.IsValid(domain) ? domain : Idn.GetAscii(domain);
            }

            return domain.Contains("xn--", StringComparison.OrdinalIgnoreCase) ? Idn.GetUnicode(domain) : domain;
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }
}

/// <summary>A named group of mailboxes, "Team: a@x, b@y;" (RFC 5322 section 3.4); may be empty ("undisclosed-recipients:;").</summary>
public sealed class GroupAddress : InternetAddress
{
    /// <summary>Creates a group.</summary>
    public GroupAddress(string name, IEnumerable<MailboxAddress> members)
        : base(name) => Members = [.. members];

    /// <summary>The group's mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> Members { get; }

    internal override void Format(StringBuilder sb)
    {
        FormatPhrase(sb, Name ?? "group");
        sb.Append(':');
        for (var i = 0; i < Members.Count; i++)
        {
            sb.Append(i == 0 ? " " : ", ");
            Members[i].Format(sb);
        }

        sb.Append(';');
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {string.Join(", ", Members)};";
}
