using System.Text;
using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.Tests.Encodings;

public sealed class QuotedPrintableEncoderTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("Grüße aus München =, trailing space \r\nnext line\t\r\n.dot\r\nFrom the start")]
    [InlineData("")]
    public void Encode_Decode_RoundTrips(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var encoded = QuotedPrintableEncoder.Encode(bytes);
        var decoder = new QuotedPrintableDecoder();
        var output = new byte[decoder.MaxDecodedLength(encoded.Length)];
        var n = decoder.Decode(encoded, output);
        n += decoder.Flush(output.AsSpan(n));

        Assert.Equal(text, Encoding.UTF8.GetString(output, 0, n));
        Assert.Equal(0, decoder.ErrorCount);
    }

    [Fact]
    public void Encode_LongLine_SoftBreaksWithin76()
    {
        var text = string.Concat(Enumerable.Repeat("äbc ", 100));

        var encoded = Encoding.ASCII.GetString(QuotedPrintableEncoder.Encode(Encoding.UTF8.GetBytes(text)));

        Assert.All(encoded.Split("\r\n"), l => Assert.True(l.Length <= 76, l));
        Assert.DoesNotContain(" \r\n", encoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_TrailingWhitespaceAndLeadingDot_Escaped()
    {
        var encoded = Encoding.ASCII.GetString(QuotedPrintableEncoder.Encode("a \r\n.b\r\nFrom x"u8));

        Assert.Equal("a=20\r\n=2Eb\r\n=46rom x", encoded);
    }
}

public sealed class Base64EncoderFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Filter_AnySplit_SameLinesAsOneShot(int chunk)
    {
        var data = new byte[1000];
        new Random(4).NextBytes(data);
        var sut = new Base64EncoderFilter();
        var writer = new System.Buffers.ArrayBufferWriter<byte>();

        for (var i = 0; i < data.Length; i += chunk)
        {
            sut.Filter(data.AsSpan(i, Math.Min(chunk, data.Length - i)), writer);
        }

        sut.Flush(writer);

        var text = Encoding.ASCII.GetString(writer.WrittenSpan);
        Assert.Equal(Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks) + "\r\n", text);
    }
}

public sealed class MimeCharsetsTests
{
    [Theory]
    [InlineData("utf-8", 65001)]
    [InlineData("UTF8", 65001)]
    [InlineData("latin1", 28591)]
    [InlineData("iso-8859-15", 28605)]
    [InlineData("windows-1251", 1251)]
    [InlineData("cp1252", 1252)]
    [InlineData("x-sjis", 932)]
    [InlineData("gb2312", 54936)]
    [InlineData("KOI8-R", 20866)]
    [InlineData("utf-8*en", 65001)]
    public void GetEncoding_KnownNamesAndAliases(string name, int codePage)
    {
        Assert.Equal(codePage, MimeCharsets.GetEncoding(name)!.CodePage);
    }

    [Theory]
    [InlineData("x-martian")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("unknown-8bit")]
    public void GetEncoding_Unknown_Null(string? name)
    {
        Assert.Null(MimeCharsets.GetEncoding(name));
    }
}
