namespace ForecastWatch.Mail.Imap;

/// <summary>A folder from LIST (RFC 3501 section 7.2.2).</summary>
/// <param name="Name">The decoded name (modified UTF-7 undone).</param>
/// <param name="EncodedName">The name as the server sent it.</param>
/// <param name="Delimiter">The hierarchy delimiter, or null for a flat namespace.</param>
/// <param name="Attributes">Name attributes such as <c>\HasNoChildren</c>, <c>\Noselect</c>, <c>\Sent</c>.</param>
public sealed record ImapFolder(string Name, string EncodedName, char? Delimiter, IReadOnlyList<string> Attributes)
{
    /// <summary>Whether the folder can be selected.</summary>
    public bool IsSelectable => !Attributes.Any(static a =>
        string.Equals(a, "\\Noselect", StringComparison.OrdinalIgnoreCase) || string.Equals(a, "\\NonExistent", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The state of the selected mailbox, from SELECT/EXAMINE and kept current by untagged responses.</summary>
public sealed class ImapMailbox
{
    internal ImapMailbox(string name)
    {
        Name = name;
    }

    /// <summary>The decoded mailbox name.</summary>
    public string Name { get; }

    /// <summary>Number of messages (EXISTS).</summary>
    public uint Count { get; internal set; }

    /// <summary>RECENT (IMAP4rev1 only).</summary>
    public uint Recent { get; internal set; }

    /// <summary>
    /// UIDVALIDITY (RFC 3501 section 2.3.1.1). When it differs from a stored value, every UID stored for this
    /// mailbox is void: discard them and resynchronize.
    /// </summary>
    public uint UidValidity { get; internal set; }

    /// <summary>The UID the next message will get, when the server said.</summary>
    public uint? UidNext { get; internal set; }

    /// <summary>The first unseen message's sequence number, when the server said.</summary>
    public uint? FirstUnseen { get; internal set; }

    /// <summary>HIGHESTMODSEQ (RFC 7162), when the server said.</summary>
    public ulong? HighestModSeq { get; internal set; }

    /// <summary>Flags defined in the mailbox.</summary>
    public IReadOnlyList<string> Flags { get; internal set; } = [];

    /// <summary>Flags the client may change permanently (<c>\*</c>: new keywords allowed).</summary>
    public IReadOnlyList<string> PermanentFlags { get; internal set; } = [];

    /// <summary>Whether the mailbox was opened read-only (EXAMINE, or [READ-ONLY]).</summary>
    public bool IsReadOnly { get; internal set; }
}
