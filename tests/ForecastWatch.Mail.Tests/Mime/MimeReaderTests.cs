using System.Text;
using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.IO;

namespace ForecastWatch.Mail.Tests.Mime;

public sealed class MimeReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task LoadAsync_HostileHugeHeader_DroppedAndBounded(int chunk)
    {
        var huge = "To: " + string.Join(",\r\n ", Enumerable.Range(0, 20_000).Select(i => $"user{i}@example.com"));
        var bytes = Encoding.ASCII.GetBytes("Subject: before\r\n" + huge + "\r\nX-After: yes\r\n\r\nbody");

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var sut = await TestMessages.LoadAsync(bytes, chunk);
        _ = sut.To;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(bytes.Length > 400_000);
        Assert.Equal("before", sut.Subject);
        Assert.Equal("yes", sut.Headers["X-After"]);
        Assert.Empty(sut.To);
        Assert.Equal("body", sut.TextBody);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.HeaderTooLong && d.Line == 2);

        // Debug builds allocate an async state machine per refill, so only realistic read sizes are held to the bound.
        Assert.True(chunk < 4096 || allocated < 1_000_000, $"allocated {allocated}");
    }

    [Fact]
    public async Task LoadAsync_TooManyHeaders_KeepsLimitWithDefect()
    {
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => $"X-H{i}: {i}\n")) + "\nbody";

        using var sut = await TestMessages.LoadAsync(text, options: new MimeParserOptions { MaxHeaderCount = 10 });

        Assert.Equal(10, sut.Headers.Count);
        Assert.Single(sut.Defects, d => d.Kind == MimeDefectKind.TooManyHeaders);
        Assert.Equal("body", sut.TextBody);
    }

    [Fact]
    public async Task LoadAsync_HeaderBlockTooLarge_StopsKeepingHeaders()
    {
        var text = string.Concat(Enumerable.Range(0, 100).Select(i => $"X-H{i}: {new string('v', 100)}\n")) + "\nbody";

        using var sut = await TestMessages.LoadAsync(text, options: new MimeParserOptions { MaxHeaderLength = 1024, MaxHeaderBlockBytes = 2048 });

        Assert.InRange(sut.Headers.Count, 15, 20);
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.HeaderBlockTooLarge);
        Assert.Equal("body", sut.TextBody);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task LoadAsync_NestingTooDeep_StopsDescending(int chunk)
    {
        var sb = new StringBuilder();
        const int depth = 50;
        for (var i = 0; i < depth; i++)
        {
            sb.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\n");
        }

        sb.Append("Content-Type: text/plain\n\ndeep\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            sb.Append($"--b{i}--\n");
        }

        using var sut = await TestMessages.LoadAsync(sb.ToString(), chunk, new MimeParserOptions { MaxNestingDepth = 5 });

        Assert.Equal(6, sut.Body.DescendantsAndSelf().Count());
        Assert.Contains(sut.Defects, d => d.Kind == MimeDefectKind.NestingTooDeep);
    }

    [Fact]
    public async Task LoadAsync_TooManyParts_RestDiscardedWithDefect()
    {
        var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=p\n\n");
        for (var i = 0; i < 100; i++)
        {
            sb.Append($"--p\nContent-Type: text/plain; name=f{i}.txt\n\npart {i}\n");
        }

        sb.Append("--p--\n");

        using var sut = await TestMessages.LoadAsync(sb.ToString(), options: new MimeParserOptions { MaxParts = 10 });

        Assert.Equal(9, Assert.IsType<Multipart>(sut.Body).Children.Count);
        Assert.Single(sut.Defects, d => d.Kind == MimeDefectKind.TooManyParts);
        Assert.DoesNotContain(sut.Defects, d => d.Kind == MimeDefectKind.MissingFinalBoundary);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task LoadAsync_LongBodyLine_ReportsLineTooLong(int chunk)
    {
        var text = "Subject: x\n\nshort\n" + new string('a', 1200) + "\nshort\n";

        using var sut = await TestMessages.LoadAsync(text, chunk);

        var defect = Assert.Single(sut.Defects);
        Assert.Equal(MimeDefectKind.LineTooLong, defect.Kind);
        Assert.Equal(4, defect.Line);
    }

    [Fact]
    public async Task LoadAsync_LinesAtLimit_NoDefect()
    {
        var text = "Subject: x\n\n" + string.Concat(Enumerable.Repeat(new string('a', 998) + "\n", 50));

        using var sut = await TestMessages.LoadAsync(text, 7);

        Assert.Empty(sut.Defects);
    }

    [Fact]
    public async Task LoadAsync_BoundaryLikeLinesInContent_NotSplit()
    {
        const string text = """
            Content-Type: multipart/mixed; boundary="abc"

            --abc
            Content-Type: text/plain

            --abcdef is not our boundary
            -- abc neither
            --abc--junk neither
            --abc
            Content-Type: text/plain; name=x.txt

            two
            --abc--
            """;

        using var sut = await TestMessages.LoadAsync(text, 1);

        Assert.Equal("--abcdef is not our boundary\r\n-- abc neither\r\n--abc--junk neither", sut.TextBody);
        Assert.Equal(2, Assert.IsType<Multipart>(sut.Body).Children.Count);
    }
}

[CollectionDefinition(nameof(SerialAllocationCollection), DisableParallelization = true)]
public sealed class SerialAllocationCollection
{
}

/// <summary>
/// Measures process-wide allocation (file reads resume on other threads), so it runs alone, not beside other tests.
/// </summary>
[Collection(nameof(SerialAllocationCollection))]
public sealed class MimeReaderLargeInputTests
{
    [Fact]
    public async Task LoadAsync_FiftyMegabyteAttachment_NotMaterialized()
    {
        const int size = 50 * 1024 * 1024;
        var path = Path.Combine(Path.GetTempPath(), $"fw-mime-test-{Guid.NewGuid():N}.eml");
        try
        {
            await using (var file = File.Create(path))
            {
                var builder = new MimeMessageBuilder().From("a@example.com").TextBody("big one")
                    .Attach("big.bin", new PatternStream(size));
                await builder.WriteToAsync(file);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            await using var input = File.OpenRead(path);
            using var sut = await MimeMessage.LoadAsync(input);
            var part = Assert.IsType<MimePart>(sut.Attachments.Single().Entity);
            var counter = new CountingStream();
            await part.DecodeToAsync(counter);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.Equal(size, counter.Count);
            Assert.Equal("big one", sut.TextBody);
            Assert.True(allocated < size / 10, $"allocated {allocated} bytes for a {size} byte attachment");
        }
        finally
        {
            File.Delete(path);
        }
    }

}
