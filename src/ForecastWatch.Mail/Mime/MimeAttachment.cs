namespace ForecastWatch.Mail.Mime;

/// <summary>An attachment of a parsed message: a leaf part, or an attached message (message/rfc822).</summary>
public sealed class MimeAttachment
{
    internal MimeAttachment(MimeEntity entity) => Entity = entity;

    /// <summary>The underlying entity (<see cref="MimePart"/> or <see cref="MessagePart"/>).</summary>
    public MimeEntity Entity { get; }

    /// <summary>The file name, or for an attached message its subject plus ".eml", or null.</summary>
    public string? FileName => Entity.FileName
        ?? (Entity is MessagePart { Message.Subject: { } subject } ? subject + ".eml" : null);

    /// <summary>The content type.</summary>
    public ContentType ContentType => Entity.ContentType;

    /// <summary>The decoded size in octets (for an attached message, its size as written).</summary>
    public long Size => Entity switch
    {
        MimePart p => p.DecodedSize,
        MessagePart { Message: { } m } => MessageBytes(m).LongLength,
        _ => 0,
    };

    /// <summary>Opens the decoded content; dispose the stream.</summary>
    public Stream OpenRead() => Entity switch
    {
        MimePart p => p.OpenRead(),
        MessagePart { Message: { } m } => new MemoryStream(MessageBytes(m), writable: false),
        _ => Stream.Null,
    };

    private static byte[] MessageBytes(MimeMessage m)
    {
        using var ms = new MemoryStream();
        m.WriteToAsync(ms).GetAwaiter().GetResult();
        return ms.ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{FileName ?? "(unnamed)"} ({ContentType.MimeType})";
}
