using System.Buffers;
using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.IO;

/// <summary>Adapts an <see cref="IMimeDecoder"/> to the filter chain.</summary>
internal sealed class DecoderFilter(IMimeDecoder decoder) : IMimeFilter
{
    public IMimeDecoder Decoder { get; } = decoder;

    public void Filter(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Decoder.MaxDecodedLength(input.Length));
        output.Advance(Decoder.Decode(input, span));
    }

    public void Flush(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(8);
        output.Advance(Decoder.Flush(span));
    }

    public void Reset() => Decoder.Reset();
}
