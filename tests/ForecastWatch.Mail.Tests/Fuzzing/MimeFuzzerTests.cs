using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.IO;

namespace ForecastWatch.Mail.Tests.Fuzzing;

public sealed class MimeFuzzerTests
{
    [Fact]
    public async Task LoadAsync_MutatedInputs_NeverThrowNorHang()
    {
        var random = new Random(20261123);
        var seeds = MimeFuzzHarness.Seeds();
        var options = new MimeParserOptions { MaxHeaderLength = 4096, MaxHeaderBlockBytes = 16384, MaxParts = 50, MaxNestingDepth = 8 };
        int[] chunks = [1, 7, 4096];

        for (var i = 0; i < 400; i++)
        {
            var input = MimeFuzzHarness.Mutate(seeds[random.Next(seeds.Count)], random);
            var chunk = chunks[i % chunks.Length];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                using var message = await MimeMessage.LoadAsync(new ChunkedStream(input, chunk), options, cts.Token).WaitAsync(cts.Token);
                await MimeFuzzHarness.ExerciseAsync(message, cts.Token).WaitAsync(cts.Token);
            }
            catch (Exception ex)
            {
                var path = Path.Combine(Path.GetTempPath(), $"fw-mime-fuzz-{i}.eml");
                await File.WriteAllBytesAsync(path, input);
                Assert.Fail($"case {i} (chunk {chunk}) failed, input saved to {path}: {ex}");
            }
        }
    }
}
