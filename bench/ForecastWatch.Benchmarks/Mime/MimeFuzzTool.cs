using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.Fuzzing;

namespace ForecastWatch.Benchmarks.Mime;

/// <summary>Long-running MIME mutation fuzzer: every case must parse and decode without an exception within a time limit.</summary>
internal sealed class MimeFuzzTool : IBenchTool
{
    public string Name => "mime-fuzz";

    public string Description => "MIME mutation fuzzer [--seconds N] [--seed N] [--dir CORPUS] (failing inputs saved to ./fuzz-failures)";

    public async Task<int> RunAsync(string[] args)
    {
        var seconds = int.Parse(MimeCorpus.Option(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        var seed = int.Parse(MimeCorpus.Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var seeds = MimeFuzzHarness.Seeds().ToList();
        var dir = MimeCorpus.Option(args, "--dir");
        if (dir is not null && MimeCorpus.Load(dir) is { } corpus)
        {
            seeds.AddRange(corpus.Take(200));
        }

        var random = new Random(seed);
        var options = new MimeParserOptions { MaxHeaderLength = 8192, MaxHeaderBlockBytes = 65536, MaxParts = 200, MaxNestingDepth = 16 };
        var sw = Stopwatch.StartNew();
        long cases = 0, failures = 0, defects = 0;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            var input = MimeFuzzHarness.Mutate(seeds[random.Next(seeds.Count)], random);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                using var message = await MimeMessage.LoadAsync(new MemoryStream(input), options, cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
                await MimeFuzzHarness.ExerciseAsync(message, cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
                defects += message.Defects.Count;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures++;
                Directory.CreateDirectory("fuzz-failures");
                var path = Path.Combine("fuzz-failures", $"case-{seed}-{cases}.eml");
                await File.WriteAllBytesAsync(path, input).ConfigureAwait(false);
                Console.WriteLine($"FAIL case {cases}: {ex.GetType().Name}: {ex.Message} -> {path}");
            }

            cases++;
        }

        Console.WriteLine($"{cases} cases in {sw.Elapsed.TotalSeconds:F0} s ({cases / sw.Elapsed.TotalSeconds:F0}/s), {failures} failures, {defects} defects reported");
        return failures == 0 ? 0 : 1;
    }
}
