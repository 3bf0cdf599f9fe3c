namespace ForecastWatch.Mail.Mime;

/// <summary>What was wrong with the input; the parser recovered and carried on.</summary>
public enum MimeDefectKind
{
    /// <summary>A header line without a colon, or with an invalid field name (RFC 5322 section 2.2).</summary>
    MalformedHeader,

    /// <summary>An mbox "From " separator line before the headers.</summary>
    MboxFromLine,

    /// <summary>One header field is longer than <see cref="MimeParserOptions.MaxHeaderLength"/>; it was dropped.</summary>
    HeaderTooLong,

    /// <summary>The header block exceeds <see cref="MimeParserOptions.MaxHeaderBlockBytes"/>; the rest was skipped.</summary>
    HeaderBlockTooLarge,

    /// <summary>More than <see cref="MimeParserOptions.MaxHeaderCount"/> header fields; the rest were skipped.</summary>
    TooManyHeaders,

    /// <summary>Nesting deeper than <see cref="MimeParserOptions.MaxNestingDepth"/>; the part was kept opaque.</summary>
    NestingTooDeep,

    /// <summary>More than <see cref="MimeParserOptions.MaxParts"/> parts; the rest of the multipart was kept opaque.</summary>
    TooManyParts,

    /// <summary>A line longer than <see cref="MimeParserOptions.MaxLineLength"/> octets (RFC 5322 section 2.1.1).</summary>
    LineTooLong,

    /// <summary>A multipart without a boundary parameter; treated as a single opaque part.</summary>
    MissingBoundaryParameter,

    /// <summary>A multipart ended without its closing boundary (RFC 2046 section 5.1.1).</summary>
    MissingFinalBoundary,

    /// <summary>The stream ended inside the header block (no blank line before end of input).</summary>
    TruncatedHeaders,

    /// <summary>An unparseable Content-Type; text/plain was assumed (RFC 2045 section 5.2).</summary>
    MalformedContentType,

    /// <summary>A Content-Transfer-Encoding we do not know; the content was treated as binary.</summary>
    UnknownTransferEncoding,

    /// <summary>A multipart or message part with a transfer encoding other than 7bit, 8bit or binary (RFC 2045 section 6.4).</summary>
    InvalidCompositeEncoding,

    /// <summary>Characters outside the base64 alphabet, or a truncated quantum.</summary>
    InvalidBase64,

    /// <summary>A malformed "=" escape in quoted-printable content.</summary>
    InvalidQuotedPrintable,

    /// <summary>An unknown charset; the text was decoded as UTF-8 when valid, else windows-1252.</summary>
    UnknownCharset,

    /// <summary>Bytes invalid in the declared charset (e.g. Latin-1 labelled UTF-8); decoded with the fallback.</summary>
    InvalidCharsetData,

    /// <summary>An RFC 2047 encoded-word that could not be decoded; it was kept as text.</summary>
    MalformedEncodedWord,

    /// <summary>An address that does not follow RFC 5322 section 3.4; what could be read was kept.</summary>
    MalformedAddress,

    /// <summary>A date that does not follow RFC 5322 section 3.3.</summary>
    MalformedDate,

    /// <summary>A message/delivery-status body that does not follow RFC 3464.</summary>
    MalformedDeliveryStatus,
}

/// <summary>One recovered problem in the input: the kind, the byte offset and the 1-based line where it was found.</summary>
/// <param name="Kind">What was wrong.</param>
/// <param name="Offset">Byte offset in the parsed stream (of the header or part concerned for lazily found defects).</param>
/// <param name="Line">1-based line number of <paramref name="Offset"/>.</param>
/// <param name="Detail">A short human-readable note (the header name, the charset, ...), or null.</param>
public sealed record MimeDefect(MimeDefectKind Kind, long Offset, int Line, string? Detail = null)
{
    /// <inheritdoc/>
    public override string ToString() => Detail is null ? $"{Kind} at line {Line} (offset {Offset})" : $"{Kind} at line {Line} (offset {Offset}): {Detail}";
}

/// <summary>Thrown by strict single-value <c>Parse</c> methods; the matching <c>TryParse</c> returns false instead.</summary>
public sealed class MimeParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public MimeParseException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MimeParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MimeParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the character index where parsing failed.</summary>
    public MimeParseException(string message, int errorIndex)
        : base($"{message} (at index {errorIndex})")
    {
        ErrorIndex = errorIndex;
    }

    /// <summary>Index into the input where the error was detected, or -1.</summary>
    public int ErrorIndex { get; } = -1;
}
