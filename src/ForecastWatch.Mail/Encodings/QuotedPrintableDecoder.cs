namespace ForecastWatch.Mail.Encodings;

/// <summary>
/// Lenient quoted-printable decoder (RFC 2045 section 6.7): soft line breaks (with trailing whitespace after "=")
/// are removed, and a malformed "=" sequence is passed through literally and counted as an error.
/// </summary>
internal sealed class QuotedPrintableDecoder : IMimeDecoder
{
    private enum State : byte
    {
        Text,
        Equals,
        Hex,
        SoftCr,
        SoftSpace,
    }

    private State _state;
    private byte _saved;
    private int _spaces;
    private int _errors;

    public int ErrorCount => _errors;

    // A pending "=" plus up to 255 counted spaces may be re-emitted; cap the space count to keep this bound.
    public int MaxDecodedLength(int inputLength) => inputLength + 260;

    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var o = 0;
        var i = 0;
        while (i < input.Length)
        {
            if (_state == State.Text)
            {
                var rest = input[i..];
                var eq = rest.IndexOf((byte)'=');
                if (eq < 0)
                {
                    rest.CopyTo(output[o..]);
                    o += rest.Length;
                    break;
                }

                rest[..eq].CopyTo(output[o..]);
                o += eq;
                i += eq + 1;
                _state = State.Equals;
                continue;
            }

            var b = input[i];
            switch (_state)
            {
                case State.Equals:
                    if (IsHex(b))
                    {
                        _saved = b;
                        _state = State.Hex;
                        i++;
                    }
                    else if (b == (byte)'\r')
                    {
                        _state = State.SoftCr;
                        i++;
                    }
                    else if (b == (byte)'\n')
                    {
                        _state = State.Text;
                        i++;
                    }
                    else if (b is (byte)' ' or (byte)'\t')
                    {
                        _spaces = 1;
                        _state = State.SoftSpace;
                        i++;
                    }
                    else
                    {
                        _errors++;
                        output[o++] = (byte)'=';
                        _state = State.Text;
                    }

                    break;
                case State.Hex:
                    if (IsHex(b))
                    {
                        output[o++] = (byte)((HexValue(_saved) << 4) | HexValue(b));
                        i++;
                    }
                    else
                    {
                        _errors++;
                        output[o++] = (byte)'=';
                        output[o++] = _saved;
                    }

                    _state = State.Text;
                    break;
                case State.SoftCr:
                    if (b == (byte)'\n')
                    {
                        i++;
                    }

                    _state = State.Text;
                    break;
                case State.SoftSpace:
                    if (b is (byte)' ' or (byte)'\t')
                    {
                        if (_spaces < 255)
                        {
                            _spaces++;
                        }

                        i++;
                    }
                    else if (b == (byte)'\r')
                    {
                        _state = State.SoftCr;
                        i++;
                    }
                    else if (b == (byte)'\n')
                    {
                        _state = State.Text;
                        i++;
                    }
                    else
                    {
                        _errors++;
                        output[o++] = (byte)'=';
                        output.Slice(o, _spaces).Fill((byte)' ');
                        o += _spaces;
                        _state = State.Text;
                    }

                    break;
            }
        }

        return o;
    }

    public int Flush(Span<byte> output)
    {
        var o = 0;
        switch (_state)
        {
            case State.Equals:
                output[o++] = (byte)'=';
                _errors++;
                break;
            case State.Hex:
                output[o++] = (byte)'=';
                output[o++] = _saved;
                _errors++;
                break;
        }

        _state = State.Text;
        return o;
    }

    public void Reset()
    {
        _state = State.Text;
        _errors = 0;
        _spaces = 0;
    }

    internal static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;

    internal static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
