using System.Buffers;

namespace ForecastWatch.Mail.IO;

/// <summary>Normalizes line endings to CRLF (bare LF and bare CR both become CRLF), as RFC 5322 section 2.3 requires on the wire.</summary>
internal sealed class CrlfFilter : IMimeFilter
{
    private bool _lastWasCr;

    public void Filter(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        var span = output.GetSpan((input.Length * 2) + 2);
        var o = 0;
        foreach (var b in input)
        {
            if (b == (byte)'\n')
            {
                if (!_lastWasCr)
                {
                    span[o++] = (byte)'\r';
                }

                span[o++] = (byte)'\n';
                _lastWasCr = false;
            }
            else
            {
                if (_lastWasCr)
                {
                    span[o++] = (byte)'\n';
                }

                if (b == (byte)'\r')
                {
                    span[o++] = (byte)'\r';
                    _lastWasCr = true;
                }
                else
                {
                    span[o++] = b;
                    _lastWasCr = false;
                }
            }
        }

        output.Advance(o);
    }

    public void Flush(IBufferWriter<byte> output)
    {
        if (_lastWasCr)
        {
            var span = output.GetSpan(1);
            span[0] = (byte)'\n';
            output.Advance(1);
            _lastWasCr = false;
        }
    }

    public void Reset() => _lastWasCr = false;
}
