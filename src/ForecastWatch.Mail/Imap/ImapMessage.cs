namespace ForecastWatch.Mail.Imap;

/// <summary>What to fetch (the UID is always fetched).</summary>
[Flags]
public enum ImapFetchItems
{
    /// <summary>Only the UID.</summary>
    Uid = 0,

    /// <summary>FLAGS.</summary>
    Flags = 1 << 0,

    /// <summary>RFC822.SIZE.</summary>
    Size = 1 << 1,

    /// <summary>INTERNALDATE.</summary>
    InternalDate = 1 << 2,

    /// <summary>ENVELOPE.</summary>
    Envelope = 1 << 3,

    /// <summary>The whole message, BODY.PEEK[] (does not set \Seen).</summary>
    Body = 1 << 4,

    /// <summary>The header only, BODY.PEEK[HEADER].</summary>
    Headers = 1 << 5,

    /// <summary>Everything above except the body.</summary>
    Summary = Flags | Size | InternalDate | Envelope,
}

/// <summary>An address from an ENVELOPE (RFC 3501 section 7.4.2); strings are as sent (RFC 2047 words not decoded).</summary>
public sealed record ImapAddress(string? Name, string? Mailbox, string? Host)
{
    /// <summary><c>mailbox@host</c>.</summary>
    public string Address => Host is null ? Mailbox ?? "" : $"{Mailbox}@{Host}";
}

/// <summary>The ENVELOPE structure; strings are as sent (RFC 2047 encoded-words are not decoded here).</summary>
public sealed record ImapEnvelope(
    string? Date,
    string? Subject,
    IReadOnlyList<ImapAddress> From,
    IReadOnlyList<ImapAddress> Sender,
    IReadOnlyList<ImapAddress> ReplyTo,
    IReadOnlyList<ImapAddress> To,
    IReadOnlyList<ImapAddress> Cc,
    IReadOnlyList<ImapAddress> Bcc,
    string? InReplyTo,
    string? MessageId);

/// <summary>One fetched message. Dispose it to delete a spooled body.</summary>
public sealed class ImapMessage : IDisposable
{
    internal ImapMessage(uint sequenceNumber, uint uid)
    {
        SequenceNumber = sequenceNumber;
        Uid = uid;
    }

    /// <summary>The message sequence number at fetch time.</summary>
    public uint SequenceNumber { get; }

    /// <summary>The UID (valid together with the mailbox's UIDVALIDITY).</summary>
    public uint Uid { get; }

    /// <summary>FLAGS, if fetched.</summary>
    public IReadOnlyList<string>? Flags { get; internal set; }

    /// <summary>RFC822.SIZE, if fetched.</summary>
    public long? Size { get; internal set; }

    /// <summary>INTERNALDATE, if fetched.</summary>
    public DateTimeOffset? InternalDate { get; internal set; }

    /// <summary>ENVELOPE, if fetched.</summary>
    public ImapEnvelope? Envelope { get; internal set; }

    /// <summary>The raw message (BODY[]), if fetched.</summary>
    public ImapLiteral? Body { get; internal set; }

    /// <summary>The raw header (BODY[HEADER]), if fetched.</summary>
    public ImapLiteral? Headers { get; internal set; }

    /// <summary>Whether FLAGS contains <paramref name="flag"/> (case-insensitive).</summary>
    public bool HasFlag(string flag) => Flags?.Contains(flag, StringComparer.OrdinalIgnoreCase) == true;

    /// <inheritdoc/>
    public void Dispose()
    {
        Body?.Dispose();
        Headers?.Dispose();
    }
}

/// <summary>How UID STORE changes flags.</summary>
public enum ImapStoreMode
{
    /// <summary>+FLAGS.</summary>
    Add,

    /// <summary>-FLAGS.</summary>
    Remove,

    /// <summary>FLAGS.</summary>
    Replace,
}

/// <summary>
/// Where messages went after COPY or MOVE (RFC 4315 COPYUID), when the server said.
/// </summary>
/// <param name="UidValidity">The destination's UIDVALIDITY.</param>
/// <param name="Map">Source UID to destination UID.</param>
public sealed record ImapCopyResult(uint UidValidity, IReadOnlyDictionary<uint, uint> Map);

/// <summary>Why IDLE returned.</summary>
/// <param name="Count">Messages in the mailbox afterwards.</param>
/// <param name="NewMessages">Whether EXISTS grew.</param>
/// <param name="Expunged">Whether messages were expunged.</param>
/// <param name="FlagsChanged">Whether the server reported flag changes.</param>
public sealed record ImapIdleResult(uint Count, bool NewMessages, bool Expunged, bool FlagsChanged);
