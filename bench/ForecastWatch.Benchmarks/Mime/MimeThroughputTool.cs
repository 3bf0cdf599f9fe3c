using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Benchmarks.Mime;

/// <summary>Parse-only and parse+extract throughput over the generated corpus, single thread, after warm-up.</summary>
internal sealed class MimeThroughputTool : IBenchTool
{
    private static TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public string Name => "mime-throughput";

    public string Description => "MIME parse-only and parse+extract MB/s, msgs/s, bytes allocated/message [--dir DIR] [--rounds N]";

    public async Task<int> RunAsync(string[] args)
    {
        var corpus = MimeCorpus.Load(MimeCorpus.Option(args, "--dir") ?? MimeCorpus.DefaultDirectory);
        if (corpus is null)
        {
            return 1;
        }

        var rounds = int.Parse(MimeCorpus.Option(args, "--rounds") ?? "10", CultureInfo.InvariantCulture);
        WarmUp = TimeSpan.FromSeconds(int.Parse(MimeCorpus.Option(args, "--warmup") ?? "10", CultureInfo.InvariantCulture));
        long totalBytes = corpus.Sum(static m => (long)m.Length);
        Console.WriteLine($"corpus: {corpus.Count} messages, {totalBytes / 1048576.0:F2} MiB; {rounds} timed rounds (best reported) after {WarmUp.TotalSeconds:F0} s of warm-up");

        await ReportDefectsAsync(corpus).ConfigureAwait(false);
        if (args.Contains("--calibrate"))
        {
            await MeasureAsync("calibrate", corpus, totalBytes, rounds, extract: null).ConfigureAwait(false);
        }

        var mode = MimeCorpus.Option(args, "--mode");
        if (mode is null or "parse")
        {
            await MeasureAsync("parse-only", corpus, totalBytes, rounds, extract: false).ConfigureAwait(false);
        }

        if (mode is null or "extract")
        {
            await MeasureAsync("parse+extract", corpus, totalBytes, rounds, extract: true).ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task MeasureAsync(string label, List<byte[]> corpus, long totalBytes, int rounds, bool? extract)
    {
        // Warm up for a while, not a fixed count: on a busy machine the tier-1 JIT thread is starved, and measuring
        // before tiering settles reports tier-0 code (5x slower) instead of the steady state.
        var warm = Stopwatch.StartNew();
        for (var w = 0; w < 5 || warm.Elapsed < WarmUp; w++)
        {
            await RoundAsync(corpus, extract).ConfigureAwait(false);
        }

        // The machine is shared: besides the best wall-clock round, report throughput per CPU-second over all rounds
        // (process CPU time, GC threads included; summed because /proc accounting has 10 ms granularity), which does
        // not count time spent waiting for a core.
        var best = double.MaxValue;
        var totalCpu = 0.0;
        long allocated = 0;
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            await RoundAsync(corpus, extract).ConfigureAwait(false);
            sw.Stop();
            process.Refresh();
            totalCpu += (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        var mb = totalBytes / 1048576.0;
        Console.WriteLine($"{label,-14} wall: {mb / best,7:F1} MB/s {corpus.Count / best,8:F0} msgs/s | cpu: {mb * rounds / totalCpu,7:F1} MB/s {corpus.Count * rounds / totalCpu,8:F0} msgs/s | {allocated / rounds / (double)corpus.Count / 1024,6:F1} KB allocated/msg");
    }

    private static async Task RoundAsync(List<byte[]> corpus, bool? extract)
    {
        long sink = 0;
        if (extract is null)
        {
            // Machine calibration: copy each message through a stream and count its lines (a floor for any parser).
            var buffer = new byte[128 * 1024];
            foreach (var bytes in corpus)
            {
                var n = await new MemoryStream(bytes, writable: false).ReadAsync(buffer).ConfigureAwait(false);
                sink += buffer.AsSpan(0, n).Count((byte)'\n') + buffer.AsSpan(0, n).IndexOf("\n--"u8);
            }

            GC.KeepAlive(sink);
            return;
        }

        foreach (var bytes in corpus)
        {
            using var message = await MimeMessage.LoadAsync(new MemoryStream(bytes, writable: false)).ConfigureAwait(false);
            if (extract == true)
            {
                sink += Extract(message);
            }
        }

        GC.KeepAlive(sink);
    }

    internal static long Extract(MimeMessage message)
    {
        long sink = 0;
        sink += message.Subject?.Length ?? 0;
        sink += message.From.Mailboxes.FirstOrDefault()?.Address.Length ?? 0;
        sink += message.MessageId?.Length ?? 0;
        sink += message.InReplyTo?.Length ?? 0;
        sink += message.References.Count;
        sink += message.Date?.Day ?? 0;
        sink += message.TextBody?.Length ?? 0;
        sink += message.HtmlBody?.Length ?? 0;
        foreach (var a in message.Attachments)
        {
            using var s = a.OpenRead();
            s.CopyTo(Stream.Null);
            sink += a.FileName?.Length ?? 0;
        }

        return sink;
    }

    private static async Task ReportDefectsAsync(List<byte[]> corpus)
    {
        var kinds = new Dictionary<MimeDefectKind, int>();
        int withText = 0, withHtml = 0, attachments = 0, dsn = 0;
        foreach (var bytes in corpus)
        {
            using var m = await MimeMessage.LoadAsync(new MemoryStream(bytes)).ConfigureAwait(false);
            Extract(m);
            withText += m.TextBody is null ? 0 : 1;
            withHtml += m.HtmlBody is null ? 0 : 1;
            attachments += m.Attachments.Count;
            dsn += m.DeliveryStatus is null ? 0 : 1;
            foreach (var d in m.Defects)
            {
                kinds[d.Kind] = kinds.GetValueOrDefault(d.Kind) + 1;
            }
        }

        Console.WriteLine($"check: {withText} text bodies, {withHtml} html bodies, {attachments} attachments, {dsn} DSNs; defects: "
            + (kinds.Count == 0 ? "none" : string.Join(", ", kinds.Select(static k => $"{k.Key}={k.Value}"))));
    }
}
