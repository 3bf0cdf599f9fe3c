namespace ForecastWatch.Mailing;

/// <summary>A mail before it is written as RFC 5322 bytes: addresses, threading headers and both body parts.</summary>
public sealed record ComposedMail
{
    public required string From { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public string? ReplyTo { get; init; }

    public required string Subject { get; init; }

    /// <summary>Without angle brackets.</summary>
    public required string MessageId { get; init; }

    public string? InReplyTo { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Extra header fields in order (name, unstructured value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public DateTimeOffset Date { get; init; }

    public required string TextBody { get; init; }

    public string? HtmlBody { get; init; }
}
