namespace ForecastWatch.Mail.Mime;

/// <summary>Limits and storage choices for <see cref="MimeMessage.LoadAsync"/>. Exceeding a limit adds a defect, never an exception.</summary>
public sealed class MimeParserOptions
{
    /// <summary>The defaults.</summary>
    public static MimeParserOptions Default { get; } = new();

    /// <summary>Largest single header field, folded lines included. <value>Default 64 KiB; at least 1 KiB.</value></summary>
    public int MaxHeaderLength { get; init; } = 64 * 1024;

    /// <summary>Largest header block of one entity. <value>Default 256 KiB.</value></summary>
    public int MaxHeaderBlockBytes { get; init; } = 256 * 1024;

    /// <summary>Most header fields kept per entity. <value>Default 1,000.</value></summary>
    public int MaxHeaderCount { get; init; } = 1000;

    /// <summary>Deepest multipart/message nesting descended into; the message itself is depth 0. <value>Default 32.</value></summary>
    public int MaxNestingDepth { get; init; } = 32;

    /// <summary>Most entities (parts) per message. <value>Default 1,000.</value></summary>
    public int MaxParts { get; init; } = 1000;

    /// <summary>Line length above which a defect is recorded (RFC 5322 section 2.1.1 says 998). <value>Default 998 octets.</value></summary>
    public int MaxLineLength { get; init; } = 998;

    /// <summary>Body bytes kept in memory per message before spooling to a temporary file. <value>Default 2 MiB.</value></summary>
    public long MemorySpoolThreshold { get; init; } = 2 * 1024 * 1024;

    /// <summary>Directory for spool files. <value>Default <see cref="Path.GetTempPath"/>.</value></summary>
    public string? TempDirectory { get; init; }

    internal void Validate()
    {
        if (MaxHeaderLength < 1024 || MaxHeaderBlockBytes < MaxHeaderLength || MaxHeaderCount < 1 || MaxNestingDepth < 0
            || MaxParts < 1 || MaxLineLength < 78 || MemorySpoolThreshold < 0)
        {
            throw new ArgumentException("MimeParserOptions: limits must be positive, MaxHeaderLength >= 1024, MaxHeaderBlockBytes >= MaxHeaderLength, MaxLineLength >= 78.");
        }
    }
}
