namespace ForecastWatch.Mail.Mime;

/// <summary>Output choices for <see cref="MimeMessageBuilder"/>. Line ends are always CRLF (RFC 5322 section 2.1).</summary>
public sealed class MimeFormatOptions
{
    /// <summary>The defaults.</summary>
    public static MimeFormatOptions Default { get; } = new();

    /// <summary>Header lines are folded to stay within this length where possible (RFC 5322 section 2.1.1). <value>Default 78.</value></summary>
    public int PreferredLineLength { get; init; } = 78;

    /// <summary>Hard limit for any line, including body lines; longer text lines force quoted-printable. <value>Default 998.</value></summary>
    public int MaxLineLength { get; init; } = 998;

    /// <summary>Allow 8bit bodies for UTF-8 text (only when the transport offers 8BITMIME, RFC 6152). <value>Default false.</value></summary>
    public bool Allow8Bit { get; init; }

    /// <summary>Makes multipart boundaries; null uses random ones. Tests pass a deterministic generator.</summary>
    public Func<int, string>? BoundaryGenerator { get; init; }
}
