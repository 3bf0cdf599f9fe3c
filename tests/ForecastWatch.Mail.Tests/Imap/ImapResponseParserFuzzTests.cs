using System.Text;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Tests.Fuzzing;

namespace ForecastWatch.Mail.Tests.Imap;

/// <summary>
/// Mutation fuzzing of the response parser with a fixed seed: every mutated input must either parse or fail with
/// <see cref="MailProtocolException"/> / <see cref="IOException"/> (end of data), never anything else, never hang.
/// The long run is <c>bench imap-fuzz</c>.
/// </summary>
public sealed class ImapResponseParserFuzzTests
{
    private const int Iterations = 4000;

    internal static byte[][] Seeds()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "Transcripts", "imap");
        return Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => string.Concat(File.ReadAllLines(f).Where(l => l.StartsWith("S:", StringComparison.Ordinal)).Select(l => (l.Length > 3 ? l[3..] : "") + "\r\n")))
            .Where(s => s.Length > 0)
            .Select(Encoding.UTF8.GetBytes)
            .ToArray();
    }

    [Fact]
    public async Task ReadResponseAsync_MutatedTranscripts_OnlyCleanFailures()
    {
        var seeds = Seeds();
        var random = new Random(20261123);
        var failures = new List<string>();

        for (var i = 0; i < Iterations && failures.Count < 5; i++)
        {
            var input = ImapFuzzHarness.Mutate(random, seeds[random.Next(seeds.Length)]);
            var chunk = random.Next(2) == 0 ? 7 : 4096;
            var failure = await Task.Run(() => ImapFuzzHarness.RunOneAsync(input, chunk)).WaitAsync(TimeSpan.FromSeconds(10));
            if (failure is not null)
            {
                failures.Add($"{failure} for input (base64) {Convert.ToBase64String(input)}");
            }
        }

        Assert.True(seeds.Length >= 5);
        Assert.Empty(failures);
    }
}
