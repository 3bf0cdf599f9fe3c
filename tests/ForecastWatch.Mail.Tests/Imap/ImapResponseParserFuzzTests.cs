using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
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

    private static readonly ImapParserLimits Limits = new() { MemoryLiteralLimit = 512, MaxLiteralSize = 64 * 1024, MaxTokenLength = 16 * 1024 };

    internal static byte[][] Seeds()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "Transcripts", "imap");
        return Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => string.Concat(File.ReadAllLines(f).Where(l => l.StartsWith("S:", StringComparison.Ordinal)).Select(l => (l.Length > 3 ? l[3..] : "") + "\r\n")))
            .Where(s => s.Length > 0)
            .Select(Encoding.UTF8.GetBytes)
            .ToArray();
    }

    internal static byte[] Mutate(Random random, byte[] seed)
    {
        ReadOnlySpan<byte> interesting = "(){}[]\"\\ \r\n0123456789~*+NIL"u8;
        var data = new List<byte>(seed);
        var count = random.Next(1, 6);
        for (var m = 0; m < count; m++)
        {
            var pos = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[pos] = (byte)random.Next(256);
                    break;
                case 1:
                    data.Insert(pos, interesting[random.Next(interesting.Length)]);
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(pos, Math.Min(data.Count - pos, random.Next(1, 16)));
                    break;
                case 3 when data.Count > 0:
                    var len = Math.Min(data.Count - pos, random.Next(1, 64));
                    data.InsertRange(random.Next(data.Count), data.GetRange(pos, len));
                    break;
                case 4:
                    var n = random.Next(3) switch { 0 => random.Next(10), 1 => random.Next(100_000), _ => int.MaxValue };
                    data.InsertRange(pos, Encoding.ASCII.GetBytes($"{{{n}}}\r\n"));
                    break;
                case 5:
                    data.InsertRange(pos, Enumerable.Repeat((byte)'(', random.Next(1, 100)));
                    break;
                default:
                    if (data.Count > 0)
                    {
                        data.RemoveRange(pos, data.Count - pos);
                    }

                    break;
            }
        }

        return [.. data];
    }

    /// <summary>Parses everything; returns null on a clean outcome, else a description of the failure.</summary>
    internal static async Task<string?> RunOneAsync(byte[] input, int chunkSize)
    {
        await using var connection = MailConnection.FromStream(new ChunkedReadStream(input, chunkSize), "fuzz", null, TimeProvider.System, Timeout.InfiniteTimeSpan);
        var parser = new ImapResponseParser(connection, Limits);
        try
        {
            for (var responses = 0; !connection.Buffered.IsEmpty || await connection.FillAsync(CancellationToken.None); responses++)
            {
                if (responses > input.Length)
                {
                    return "more responses than input bytes (no progress)";
                }

                var r = await parser.ReadResponseAsync(CancellationToken.None);
                _ = r.ToString();
                r.DisposeLiterals();
            }

            return null;
        }
        catch (Exception ex) when (ex is MailProtocolException or IOException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    [Fact]
    public async Task ReadResponseAsync_MutatedTranscripts_OnlyCleanFailures()
    {
        var seeds = Seeds();
        var random = new Random(20261123);
        var failures = new List<string>();

        for (var i = 0; i < Iterations && failures.Count < 5; i++)
        {
            var input = Mutate(random, seeds[random.Next(seeds.Length)]);
            var chunk = random.Next(2) == 0 ? 7 : 4096;
            var failure = await Task.Run(() => RunOneAsync(input, chunk)).WaitAsync(TimeSpan.FromSeconds(10));
            if (failure is not null)
            {
                failures.Add($"{failure} for input (base64) {Convert.ToBase64String(input)}");
            }
        }

        Assert.True(seeds.Length >= 5);
        Assert.Empty(failures);
    }
}
