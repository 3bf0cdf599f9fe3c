using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Tests.Net;

namespace ForecastWatch.Mail.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing for the IMAP response parser, shared by the bounded test and the long-running bench tool:
/// IMAP-aware mutations (literals, deep nesting, truncation) and one parse run over a chunked stream.
/// </summary>
internal static class ImapFuzzHarness
{
    private static readonly ImapParserLimits Limits = new() { MemoryLiteralLimit = 512, MaxLiteralSize = 64 * 1024, MaxTokenLength = 16 * 1024 };

    public static byte[] Mutate(Random random, byte[] seed)
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
                    // RFC 9051 section 4.3 literals: tiny, large and overflowing octet counts.
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
    public static async Task<string?> RunOneAsync(byte[] input, int chunkSize)
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
}
