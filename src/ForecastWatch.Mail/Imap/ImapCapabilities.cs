namespace ForecastWatch.Mail.Imap;

/// <summary>The capabilities this client uses, from the server's CAPABILITY list.</summary>
[Flags]
public enum ImapCapability : long
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>RFC 3501.</summary>
    Imap4Rev1 = 1 << 0,

    /// <summary>RFC 9051.</summary>
    Imap4Rev2 = 1 << 1,

    /// <summary>RFC 2595 / RFC 3501 section 6.2.1.</summary>
    StartTls = 1 << 2,

    /// <summary>LOGIN is refused (before TLS, typically).</summary>
    LoginDisabled = 1 << 3,

    /// <summary>RFC 2177.</summary>
    Idle = 1 << 4,

    /// <summary>RFC 6851.</summary>
    Move = 1 << 5,

    /// <summary>RFC 4315 (UID EXPUNGE, APPENDUID, COPYUID).</summary>
    UidPlus = 1 << 6,

    /// <summary>RFC 7888: non-synchronizing literals of any size.</summary>
    LiteralPlus = 1 << 7,

    /// <summary>RFC 7888: non-synchronizing literals up to 4096 octets.</summary>
    LiteralMinus = 1 << 8,

    /// <summary>RFC 4959: SASL initial response on the AUTHENTICATE line.</summary>
    SaslIR = 1 << 9,

    /// <summary>RFC 5161.</summary>
    Enable = 1 << 10,

    /// <summary>RFC 6855.</summary>
    Utf8Accept = 1 << 11,

    /// <summary>RFC 4731.</summary>
    ESearch = 1 << 12,

    /// <summary>RFC 7162.</summary>
    CondStore = 1 << 13,

    /// <summary>RFC 2971.</summary>
    Id = 1 << 14,

    /// <summary>RFC 2342.</summary>
    Namespace = 1 << 15,

    /// <summary>RFC 6154.</summary>
    SpecialUse = 1 << 16,
}

/// <summary>The server's capabilities: known ones as flags, plus the raw set and the SASL mechanisms.</summary>
public sealed class ImapCapabilities
{
    internal static readonly ImapCapabilities Empty = new([]);

    internal ImapCapabilities(IEnumerable<string> raw)
    {
        Raw = new HashSet<string>(raw, StringComparer.OrdinalIgnoreCase);
        AuthMechanisms = new HashSet<string>(
            Raw.Where(static r => r.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase)).Select(static r => r[5..].ToUpperInvariant()),
            StringComparer.OrdinalIgnoreCase);
        foreach (var r in Raw)
        {
            Flags |= r.ToUpperInvariant() switch
            {
                "IMAP4REV1" => ImapCapability.Imap4Rev1,
                "IMAP4REV2" => ImapCapability.Imap4Rev2,
                "STARTTLS" => ImapCapability.StartTls,
                "LOGINDISABLED" => ImapCapability.LoginDisabled,
                "IDLE" => ImapCapability.Idle,
                "MOVE" => ImapCapability.Move,
                "UIDPLUS" => ImapCapability.UidPlus,
                "LITERAL+" => ImapCapability.LiteralPlus,
                "LITERAL-" => ImapCapability.LiteralMinus,
                "SASL-IR" => ImapCapability.SaslIR,
                "ENABLE" => ImapCapability.Enable,
                "UTF8=ACCEPT" => ImapCapability.Utf8Accept,
                "ESEARCH" => ImapCapability.ESearch,
                "CONDSTORE" => ImapCapability.CondStore,
                "ID" => ImapCapability.Id,
                "NAMESPACE" => ImapCapability.Namespace,
                "SPECIAL-USE" => ImapCapability.SpecialUse,
                _ => ImapCapability.None,
            };
        }
    }

    /// <summary>Known capabilities.</summary>
    public ImapCapability Flags { get; }

    /// <summary>Every capability as sent.</summary>
    public IReadOnlySet<string> Raw { get; }

    /// <summary>SASL mechanisms from AUTH=... entries (upper case).</summary>
    public IReadOnlySet<string> AuthMechanisms { get; }

    /// <summary>Whether every flag in <paramref name="capability"/> is present.</summary>
    public bool Has(ImapCapability capability) => (Flags & capability) == capability;

    /// <inheritdoc/>
    public override string ToString() => string.Join(' ', Raw.Order(StringComparer.OrdinalIgnoreCase));
}
