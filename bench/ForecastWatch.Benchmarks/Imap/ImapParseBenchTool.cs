using System.Diagnostics;
using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Benchmarks.Imap;

/// <summary>Response parser throughput in memory: N FETCH responses with ENVELOPE and an 8 KB BODY[] literal.</summary>
internal sealed class ImapParseBenchTool : IBenchTool
{
    public string Name => "imap-parse";

    public string Description => "IMAP response parser throughput in memory (FETCH with ENVELOPE + 8 KB body) [--count N] [--runs R]";

    public async Task<int> RunAsync(string[] args)
    {
        var count = ImapFetchBenchTool.IntArg(args, "--count", 20_000);
        var runs = ImapFetchBenchTool.IntArg(args, "--runs", 5);
        var body = new StringBuilder();
        while (body.Length < 8 * 1024)
        {
            body.Append("Line of a message body that is long enough to look like real text.\r\n");
        }

        var sb = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            sb.Append($"* {i} FETCH (UID {i} FLAGS (\\Seen) RFC822.SIZE {body.Length} INTERNALDATE \"23-Nov-2026 05:00:00 +0000\" ");
            sb.Append("ENVELOPE (\"Mon, 23 Nov 2026 05:00:00 +0000\" \"bench\" ((\"Desk\" NIL \"desk\" \"example.test\")) NIL NIL ((NIL NIL \"editor\" \"example.test\")) NIL NIL NIL \"<x@y>\") ");
            sb.Append($"BODY[] {{{body.Length}}}\r\n").Append(body).Append(")\r\n");
        }

        var data = Encoding.ASCII.GetBytes(sb.ToString());
        for (var run = 0; run < runs; run++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            await using var connection = MailConnection.FromStream(new MemoryStream(data, writable: false), "bench", null, TimeProvider.System, Timeout.InfiniteTimeSpan);
            var parser = new ImapResponseParser(connection);
            var parsed = 0;
            while (!connection.Buffered.IsEmpty || await connection.FillAsync(CancellationToken.None))
            {
                var r = await parser.ReadResponseAsync(CancellationToken.None);
                r.DisposeLiterals();
                parsed++;
            }

            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine($"run {run + 1}: {parsed} responses, {data.Length / 1048576.0:0.0} MB in {watch.Elapsed.TotalMilliseconds:0} ms: " +
                $"{data.Length / 1048576.0 / watch.Elapsed.TotalSeconds:0} MB/s, {parsed / watch.Elapsed.TotalSeconds:0} responses/s, {allocated / parsed / 1024.0:0.0} KB allocated/response");
        }

        return 0;
    }
}
