using System.Text;
using ForecastWatch.Mail.Encodings;
using ForecastWatch.Mail.IO;

namespace ForecastWatch.Mail.Tests.IO;

public sealed class FilteredStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Read_DecoderOverChunkedSource_Decodes(int chunk)
    {
        var data = new byte[20_000];
        new Random(6).NextBytes(data);
        var encoded = Encoding.ASCII.GetBytes(Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks));
        using var sut = FilteredStream.ForReading(new ChunkedStream(encoded, chunk), leaveOpen: false, new DecoderFilter(new Base64Decoder()));

        var output = new MemoryStream();
        sut.CopyTo(output, 13);

        Assert.Equal(data, output.ToArray());
    }

    [Fact]
    public async Task Write_CrlfThenDotStuffing_Chained()
    {
        var target = new MemoryStream();
        var sut = FilteredStream.ForWriting(target, leaveOpen: true, new CrlfFilter(), new DotStuffingFilter());

        foreach (var piece in new[] { ".start\n", "mid\n.", "dot\r", "\nend" })
        {
            await sut.WriteAsync(Encoding.ASCII.GetBytes(piece));
        }

        await sut.CompleteAsync(CancellationToken.None);

        Assert.Equal("..start\r\nmid\r\n..dot\r\nend", Encoding.ASCII.GetString(target.ToArray()));
    }
}

public sealed class CrlfFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Filter_MixedLineEnds_AllCrlf(int chunk)
    {
        var input = Encoding.ASCII.GetBytes("a\nb\r\nc\rd\n\r\ne\r");
        var sut = new CrlfFilter();
        var writer = new System.Buffers.ArrayBufferWriter<byte>();

        for (var i = 0; i < input.Length; i += chunk)
        {
            sut.Filter(input.AsSpan(i, Math.Min(chunk, input.Length - i)), writer);
        }

        sut.Flush(writer);

        Assert.Equal("a\r\nb\r\nc\r\nd\r\n\r\ne\r\n", Encoding.ASCII.GetString(writer.WrittenSpan));
    }
}

public sealed class DotStuffingFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Filter_LeadingDots_Doubled(int chunk)
    {
        var input = Encoding.ASCII.GetBytes(".a\r\nb.c\r\n..\r\n.");
        var sut = new DotStuffingFilter();
        var writer = new System.Buffers.ArrayBufferWriter<byte>();

        for (var i = 0; i < input.Length; i += chunk)
        {
            sut.Filter(input.AsSpan(i, Math.Min(chunk, input.Length - i)), writer);
        }

        Assert.Equal("..a\r\nb.c\r\n...\r\n..", Encoding.ASCII.GetString(writer.WrittenSpan));
    }
}

public sealed class ContentSpoolTests
{
    [Fact]
    public void Append_PastThreshold_MovesToFileAndReadsBack()
    {
        var dir = Directory.CreateTempSubdirectory("fw-spool-").FullName;
        try
        {
            var data = new byte[100_000];
            new Random(8).NextBytes(data);
            using (var sut = new ContentSpool(threshold: 40_000, dir))
            {
                for (var i = 0; i < data.Length; i += 9_999)
                {
                    sut.Append(data.AsSpan(i, Math.Min(9_999, data.Length - i)));
                }

                Assert.True(sut.IsFileBacked);
                var back = new byte[data.Length];
                Assert.Equal(data.Length, sut.Read(0, back));
                Assert.Equal(data, back);
                using var range = sut.OpenRange(50_000, 10);
                var ten = new byte[10];
                Assert.Equal(10, range.Read(ten));
                Assert.Equal(data.AsSpan(50_000, 10).ToArray(), ten);
            }

            Assert.Empty(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Append_BelowThreshold_StaysInMemoryAcrossChunks()
    {
        using var sut = new ContentSpool(threshold: 1_000_000, null);
        var data = Enumerable.Range(0, 40_000).Select(i => (byte)i).ToArray();

        sut.Append(data);

        Assert.False(sut.IsFileBacked);
        var back = new byte[100];
        sut.Read(16_350, back);
        Assert.Equal(data.AsSpan(16_350, 100).ToArray(), back);
    }
}
