namespace ForecastWatch.Mail.Encodings;

/// <summary>A stateful content decoder: input may be split anywhere between calls.</summary>
internal interface IMimeDecoder
{
    /// <summary>How many bytes <see cref="Decode"/> may write for <paramref name="inputLength"/> input bytes (plus pending state).</summary>
    int MaxDecodedLength(int inputLength);

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/>, which must hold <see cref="MaxDecodedLength"/> bytes.</summary>
    int Decode(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>Writes whatever a truncated final input leaves pending.</summary>
    int Flush(Span<byte> output);

    /// <summary>Number of malformed sequences seen since the last reset (lenient decoders skip or pass them through).</summary>
    int ErrorCount { get; }

    void Reset();
}

internal static class MimeDecoders
{
    public static IMimeDecoder? Create(ContentEncoding encoding) => encoding switch
    {
        ContentEncoding.Base64 => new Base64Decoder(),
        ContentEncoding.QuotedPrintable => new QuotedPrintableDecoder(),
        _ => null,
    };
}
