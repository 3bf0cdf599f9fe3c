using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Tests.Fuzzing;
using ForecastWatch.Mail.Tests.Net;

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

    [Fact]
    public async Task ReadResponseAsync_MutatedTranscripts_BufferedPathMatchesIncrementalReader()
    {
        var seeds = Seeds();
        var random = new Random(20261124);
        var mismatches = new List<string>();

        for (var i = 0; i < Iterations / 2 && mismatches.Count < 5; i++)
        {
            var input = ImapFuzzHarness.Mutate(random, seeds[random.Next(seeds.Length)]);
            var chunk = random.Next(3) switch { 0 => 7, 1 => 4096, _ => 1 << 20 };
            var fast = await Task.Run(() => DescribeParseAsync(input, chunk, bufferedFastPath: true)).WaitAsync(TimeSpan.FromSeconds(10));
            var slow = await Task.Run(() => DescribeParseAsync(input, chunk, bufferedFastPath: false)).WaitAsync(TimeSpan.FromSeconds(10));
            if (fast != slow)
            {
                mismatches.Add($"chunk {chunk}: fast path gave\n{fast}\nincremental reader gave\n{slow}\nfor input (base64) {Convert.ToBase64String(input)}");
            }
        }

        Assert.Empty(mismatches);
    }

    /// <summary>Every response (with literal contents) and the final error, as text to compare two parser paths.</summary>
    private static async Task<string> DescribeParseAsync(byte[] input, int chunkSize, bool bufferedFastPath)
    {
        var limits = new ImapParserLimits { MemoryLiteralLimit = 512, MaxLiteralSize = 64 * 1024, MaxTokenLength = 16 * 1024, BufferedFastPath = bufferedFastPath };
        var sb = new StringBuilder();
        await using var connection = MailConnection.FromStream(new ChunkedReadStream(input, chunkSize), "fuzz", null, TimeProvider.System, Timeout.InfiniteTimeSpan);
        var parser = new ImapResponseParser(connection, limits);
        try
        {
            while (!connection.Buffered.IsEmpty || await connection.FillAsync(CancellationToken.None))
            {
                var r = await parser.ReadResponseAsync(CancellationToken.None);
                sb.Append(r.Kind).Append(' ').Append(r.Tag).Append(' ').Append(r.Code).Append(' ').AppendLine(r.ToString());
                foreach (var literal in Literals(r.Values))
                {
                    sb.Append("  literal ").AppendLine(Convert.ToBase64String(literal.ToArray()));
                }

                r.DisposeLiterals();
            }
        }
        catch (Exception ex) when (ex is MailProtocolException or IOException)
        {
            sb.Append(ex.GetType().Name).Append(": ").AppendLine(ex.Message);
        }

        return sb.ToString();
    }

    private static IEnumerable<ImapLiteral> Literals(IEnumerable<ImapValue> values)
    {
        foreach (var v in values)
        {
            if (v.Literal is { } literal)
            {
                yield return literal;
            }

            if (v.Items is { } items)
            {
                foreach (var inner in Literals(items))
                {
                    yield return inner;
                }
            }
        }
    }
}
