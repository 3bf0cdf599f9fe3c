using System.Text;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Decides whether a text part that declares one charset is really UTF-8: clients and list servers relabel UTF-8 bodies
/// as ISO-8859-1, windows-1252 or US-ASCII often enough that trusting the label turns "Sí" into "SÃ­". The MIME
/// reader calls <see cref="Decode"/> on a part's decoded content bytes (after base64/quoted-printable) and its
/// declared charset.
/// </summary>
/// <remarks>
/// The rule: the bytes are valid UTF-8 with at least one multi-byte sequence, and they are not valid in the declared
/// charset. For a multi-byte charset (Shift_JIS, GB2312, EUC-KR, Big5...) "not valid" means its strict decoder fails.
/// In a single-byte charset (ISO-8859-x, windows-125x, KOI8) every byte is some character, so there "not valid" means
/// the text only reads as UTF-8: genuine Latin-1 text is practically never a well-formed UTF-8 multi-byte sequence
/// ("Ã" followed by a byte in 0x80-0xBF), while UTF-8 read as Latin-1 always is. ASCII-only text keeps its label.
/// </remarks>
public static class MislabelledCharset
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// True when <paramref name="content"/> should be read as UTF-8 although it declares
    /// <paramref name="declaredCharset"/>.
    /// </summary>
    public static bool IsUtf8Mislabelled(ReadOnlySpan<byte> content, string? declaredCharset)
    {
        if (!HasMultiByteUtf8(content))
        {
            return false;
        }

        var declared = Find(declaredCharset);
        if (declared is null)
        {
            // An unknown label: the bytes are valid UTF-8, which is the best reading there is.
            return true;
        }

        if (declared.CodePage == Encoding.UTF8.CodePage)
        {
            return false;
        }

        if (declared.IsSingleByte)
        {
            return true;
        }

        var strict = (Encoding)declared.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        try
        {
            _ = strict.GetCharCount(content);
            return false;
        }
        catch (DecoderFallbackException)
        {
            return true;
        }
    }

    /// <summary>The part's text: as UTF-8 when it is mislabelled, else in its declared charset (UTF-8 when unknown).</summary>
    public static string Decode(ReadOnlySpan<byte> content, string? declaredCharset)
    {
        if (IsUtf8Mislabelled(content, declaredCharset))
        {
            return Encoding.UTF8.GetString(content);
        }

        return (Find(declaredCharset) ?? Encoding.UTF8).GetString(content);
    }

    // Valid UTF-8 (no stray continuation bytes, no overlongs or surrogates) that is not plain ASCII.
    private static bool HasMultiByteUtf8(ReadOnlySpan<byte> content)
    {
        var multiByte = false;
        foreach (var b in content)
        {
            if (b >= 0x80)
            {
                multiByte = true;
                break;
            }
        }

        if (!multiByte)
        {
            return false;
        }

        try
        {
            _ = StrictUtf8.GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding? Find(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        var name = charset.Trim().Trim('"');
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
