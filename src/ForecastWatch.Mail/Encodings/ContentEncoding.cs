namespace ForecastWatch.Mail.Encodings;

/// <summary>A Content-Transfer-Encoding (RFC 2045 section 6).</summary>
public enum ContentEncoding
{
    /// <summary>No header, or 7bit.</summary>
    SevenBit,

    /// <summary>8bit: lines of octets, CRLF-delimited.</summary>
    EightBit,

    /// <summary>binary: any octets.</summary>
    Binary,

    /// <summary>quoted-printable (RFC 2045 section 6.7).</summary>
    QuotedPrintable,

    /// <summary>base64 (RFC 2045 section 6.8).</summary>
    Base64,

    /// <summary>An encoding name we do not know; treated as binary, with a defect.</summary>
    Unknown,
}

internal static class ContentEncodings
{
    public static ContentEncoding Parse(ReadOnlySpan<byte> value)
    {
        value = value.Trim(" \t\r\n\""u8);
        if (value.IsEmpty || System.Text.Ascii.EqualsIgnoreCase(value, "7bit"u8))
        {
            return ContentEncoding.SevenBit;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(value, "base64"u8))
        {
            return ContentEncoding.Base64;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(value, "quoted-printable"u8))
        {
            return ContentEncoding.QuotedPrintable;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(value, "8bit"u8))
        {
            return ContentEncoding.EightBit;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(value, "binary"u8))
        {
            return ContentEncoding.Binary;
        }

        // Seen in the wild: "x-uuencode" is left raw; "7-bit"/"8-bit" misspellings are harmless identities.
        if (System.Text.Ascii.EqualsIgnoreCase(value, "7-bit"u8) || System.Text.Ascii.EqualsIgnoreCase(value, "us-ascii"u8))
        {
            return ContentEncoding.SevenBit;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(value, "8-bit"u8))
        {
            return ContentEncoding.EightBit;
        }

        return ContentEncoding.Unknown;
    }

    public static string ToToken(ContentEncoding encoding) => encoding switch
    {
        ContentEncoding.EightBit => "8bit",
        ContentEncoding.Binary => "binary",
        ContentEncoding.QuotedPrintable => "quoted-printable",
        ContentEncoding.Base64 => "base64",
        _ => "7bit",
    };
}
