using System.Buffers;

namespace ForecastWatch.Mail.IO;

/// <summary>
/// SMTP DATA transparency (RFC 5321 section 4.5.2): a line that starts with "." gets one more "." in front. Expects CRLF input
/// (put a <see cref="CrlfFilter"/> first); <see cref="Flush"/> does not add the terminating ".", the SMTP client does.
/// </summary>
internal sealed class DotStuffingFilter : IMimeFilter
{
    private bool _atLineStart = true;

    public void Filter(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        while (!input.IsEmpty)
        {
            if (_atLineStart && input[0] == (byte)'.')
            {
                var dot = output.GetSpan(1);
                dot[0] = (byte)'.';
                output.Advance(1);
            }

            var nl = input.IndexOf((byte)'\n');
            var take = nl < 0 ? input.Length : nl + 1;
            output.Write(input[..take]);
            _atLineStart = nl >= 0;
            input = input[take..];
        }
    }

    public void Flush(IBufferWriter<byte> output)
    {
    }

    public void Reset() => _atLineStart = true;
}
