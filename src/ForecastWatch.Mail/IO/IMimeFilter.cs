using System.Buffers;

namespace ForecastWatch.Mail.IO;

/// <summary>A stateful byte transform (decoder, encoder, line-ending or dot-stuffing filter) that accepts input split anywhere.</summary>
internal interface IMimeFilter
{
    void Filter(ReadOnlySpan<byte> input, IBufferWriter<byte> output);

    /// <summary>Ends the input: writes anything held back.</summary>
    void Flush(IBufferWriter<byte> output);

    void Reset();
}
