using System.Buffers;
using System.Buffers.Text;
using ForecastWatch.Mail.IO;

namespace ForecastWatch.Mail.Encodings;

/// <summary>Streaming base64 encoder writing CRLF-terminated lines of at most 76 characters (RFC 2045 section 6.8).</summary>
internal sealed class Base64EncoderFilter : IMimeFilter
{
    // 57 input bytes make exactly one 76-character line.
    private const int BytesPerLine = 57;
    private readonly byte[] _held = new byte[BytesPerLine];
    private int _heldCount;

    public void Filter(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        if (_heldCount > 0)
        {
            var take = Math.Min(BytesPerLine - _heldCount, input.Length);
            input[..take].CopyTo(_held.AsSpan(_heldCount));
            _heldCount += take;
            input = input[take..];
            if (_heldCount < BytesPerLine)
            {
                return;
            }

            WriteLine(_held, output);
            _heldCount = 0;
        }

        while (input.Length >= BytesPerLine)
        {
            WriteLine(input[..BytesPerLine], output);
            input = input[BytesPerLine..];
        }

        input.CopyTo(_held);
        _heldCount = input.Length;
    }

    public void Flush(IBufferWriter<byte> output)
    {
        if (_heldCount > 0)
        {
            WriteLine(_held.AsSpan(0, _heldCount), output);
            _heldCount = 0;
        }
    }

    public void Reset() => _heldCount = 0;

    private static void WriteLine(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(80);
        Base64.EncodeToUtf8(bytes, span, out _, out var written);
        span[written] = (byte)'\r';
        span[written + 1] = (byte)'\n';
        output.Advance(written + 2);
    }

    public static byte[] Encode(ReadOnlySpan<byte> data)
    {
        var writer = new ArrayBufferWriter<byte>((data.Length / 57 * 78) + 80);
        var filter = new Base64EncoderFilter();
        filter.Filter(data, writer);
        filter.Flush(writer);
        return writer.WrittenSpan.ToArray();
    }
}
