using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.Tests.Encodings;

/// <summary>Properties every decoder must have, whatever the input split.</summary>
public abstract class MimeDecoderTestsBase
{
    private protected abstract IMimeDecoder CreateSut();

    private protected byte[] DecodeInChunks(byte[] input, int chunk, out int errors)
    {
        var sut = CreateSut();
        var output = new List<byte>();
        for (var i = 0; i < input.Length; i += chunk)
        {
            var slice = input.AsSpan(i, Math.Min(chunk, input.Length - i));
            var buffer = new byte[sut.MaxDecodedLength(slice.Length)];
            var n = sut.Decode(slice, buffer);
            output.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var tail = new byte[16];
        output.AddRange(tail.AsSpan(0, sut.Flush(tail)).ToArray());
        errors = sut.ErrorCount;
        return [.. output];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Decode_RandomGarbage_NeverThrowsAndStaysWithinBound(int chunk)
    {
        var random = new Random(chunk);
        var garbage = new byte[10_000];
        random.NextBytes(garbage);

        var decoded = DecodeInChunks(garbage, chunk, out _);

        Assert.True(decoded.Length <= garbage.Length + 16);
    }

    [Fact]
    public void Reset_ClearsErrorsAndState()
    {
        var sut = CreateSut();
        var buffer = new byte[sut.MaxDecodedLength(3)];
        sut.Decode("=\u0001!"u8, buffer);

        sut.Reset();

        Assert.Equal(0, sut.ErrorCount);
        Assert.Equal(0, sut.Flush(buffer));
    }
}

public sealed class Base64DecoderTests : MimeDecoderTestsBase
{
    private protected override IMimeDecoder CreateSut() => new Base64Decoder();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Decode_LineBrokenBase64_RoundTrips(int chunk)
    {
        var data = new byte[5000];
        new Random(3).NextBytes(data);
        var encoded = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks));

        var decoded = DecodeInChunks(encoded, chunk, out var errors);

        Assert.Equal(data, decoded);
        Assert.Equal(0, errors);
    }

    [Theory]
    [InlineData("aGVsbG8=", "hello", 0)]
    [InlineData("aGVsbG8", "hello", 0)]
    [InlineData("aGV!sbG8=", "hello", 1)]
    [InlineData("aGk=aGk=", "hihi", 0)]
    [InlineData("a", "", 1)]
    public void Decode_EdgeCases_Lenient(string input, string expected, int expectedErrors)
    {
        var decoded = DecodeInChunks(System.Text.Encoding.ASCII.GetBytes(input), 3, out var errors);

        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(decoded));
        Assert.Equal(expectedErrors, errors);
    }
}

public sealed class QuotedPrintableDecoderTests : MimeDecoderTestsBase
{
    private protected override IMimeDecoder CreateSut() => new QuotedPrintableDecoder();

    [Theory]
    [InlineData("caf=C3=A9", "café", 0)]
    [InlineData("soft=\r\nbreak", "softbreak", 0)]
    [InlineData("soft=  \r\nbreak", "softbreak", 0)]
    [InlineData("soft=\nbreak", "softbreak", 0)]
    [InlineData("lower=c3=a9", "loweré", 0)]
    [InlineData("bad=ZZ", "bad=ZZ", 1)]
    [InlineData("bad=4", "bad=4", 1)]
    [InlineData("trailing=", "trailing=", 1)]
    [InlineData("a = b", "a = b", 1)]
    public void Decode_Cases_AtEveryChunkSize(string input, string expected, int expectedErrors)
    {
        foreach (var chunk in new[] { 1, 7, 4096 })
        {
            var decoded = DecodeInChunks(System.Text.Encoding.ASCII.GetBytes(input), chunk, out var errors);

            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(decoded));
            Assert.Equal(expectedErrors, errors);
        }
    }
}
