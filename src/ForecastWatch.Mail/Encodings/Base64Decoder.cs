namespace ForecastWatch.Mail.Encodings;

/// <summary>
/// Lenient base64 decoder (RFC 2045 section 6.8): whitespace and other characters outside the alphabet are ignored
/// (counted as errors when not whitespace), and data after padding is decoded rather than dropped.
/// </summary>
internal sealed class Base64Decoder : IMimeDecoder
{
    private static readonly sbyte[] Table = BuildTable();

    private uint _accumulator;
    private int _count;
    private int _errors;

    public int ErrorCount => _errors;

    public int MaxDecodedLength(int inputLength) => (inputLength + 3) / 4 * 3 + 3;

    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var table = Table;
        var acc = _accumulator;
        var count = _count;
        var o = 0;
        var i = 0;

        // Fast path: at a quantum boundary, decode the rest of the current line with the vectorized decoder; the
        // line break (and anything unusual) goes through the lenient scalar loop below.
        while (true)
        {
            if (count == 0 && input.Length - i >= 16)
            {
                var rest = input[i..];
                if (rest.Length > 4096)
                {
                    // Bounded look-ahead keeps hostile input (no line breaks, junk every few bytes) linear.
                    rest = rest[..4096];
                }

                var lineLength = rest.IndexOfAny((byte)'\r', (byte)'\n');
                var full = (lineLength < 0 ? rest.Length : lineLength) & ~3;
                if (full >= 16)
                {
                    System.Buffers.Text.Base64.DecodeFromUtf8(rest[..full], output[o..], out var consumed, out var written, isFinalBlock: false);
                    o += written;
                    i += consumed;
                }
            }

            if (i >= input.Length)
            {
                break;
            }

            var x = input[i++];
            var s = table[x];
            if (s >= 0)
            {
                acc = (acc << 6) | (byte)s;
                if (++count == 4)
                {
                    output[o] = (byte)(acc >> 16);
                    output[o + 1] = (byte)(acc >> 8);
                    output[o + 2] = (byte)acc;
                    o += 3;
                    acc = 0;
                    count = 0;
                }
            }
            else if (x == (byte)'=')
            {
                // Padding: emit the complete bytes held, then start afresh (concatenated base64 streams occur).
                if (count == 2)
                {
                    output[o++] = (byte)(acc >> 4);
                }
                else if (count == 3)
                {
                    output[o++] = (byte)(acc >> 10);
                    output[o++] = (byte)(acc >> 2);
                }

                acc = 0;
                count = 0;
            }
            else if (s == -1)
            {
                _errors++;
            }
        }

        _accumulator = acc;
        _count = count;
        return o;
    }

    public int Flush(Span<byte> output)
    {
        var o = 0;
        if (_count == 2)
        {
            output[o++] = (byte)(_accumulator >> 4);
        }
        else if (_count == 3)
        {
            output[o++] = (byte)(_accumulator >> 10);
            output[o++] = (byte)(_accumulator >> 2);
        }
        else if (_count == 1)
        {
            _errors++;
        }

        _accumulator = 0;
        _count = 0;
        return o;
    }

    public void Reset()
    {
        _accumulator = 0;
        _count = 0;
        _errors = 0;
    }

    private static sbyte[] BuildTable()
    {
        var t = new sbyte[256];
        Array.Fill(t, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
        {
            t[alphabet[i]] = (sbyte)i;
        }

        // Whitespace is expected (line breaks every 76 characters): -2 skips without counting an error.
        t[' '] = t['\t'] = t['\r'] = t['\n'] = -2;
        t['='] = -3;
        return t;
    }
}
