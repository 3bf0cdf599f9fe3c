using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.IO;

namespace ForecastWatch.Benchmarks.Mime;

/// <summary>Peak memory while parsing (and decoding) a large message with attachments: must not grow with attachment size.</summary>
internal sealed class MimeLargeMessageTool : IBenchTool
{
    public string Name => "mime-large";

    public string Description => "Peak memory parsing a large message with attachments [--mb 50] (compare --mb 10 and --mb 200)";

    public async Task<int> RunAsync(string[] args)
    {
        var mb = int.Parse(MimeCorpus.Option(args, "--mb") ?? "50", CultureInfo.InvariantCulture);
        var path = Path.Combine(Path.GetTempPath(), $"fw-mime-large-{Environment.ProcessId}.eml");
        try
        {
            await using (var file = File.Create(path))
            {
                long half = mb * 1024L * 1024 / 2;
                await new MimeMessageBuilder().From("a@example.com").To("b@example.com").Subject("large")
                    .TextBody("two large attachments").HtmlBody("<p>two large attachments</p>")
                    .Attach("one.bin", new PatternStream(half)).Attach("two.pdf", new PatternStream(half))
                    .WriteToAsync(file).ConfigureAwait(false);
            }

            var size = new FileInfo(path).Length;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var workingSetBefore = process.WorkingSet64;
            var peakBefore = process.PeakWorkingSet64;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            long decoded = 0;
            long maxHeap = 0;
            await using (var input = File.OpenRead(path))
            {
                using var message = await MimeMessage.LoadAsync(input).ConfigureAwait(false);
                maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
                foreach (var a in message.Attachments)
                {
                    var counter = new CountingStream();
                    await ((MimePart)a.Entity).DecodeToAsync(counter).ConfigureAwait(false);
                    decoded += counter.Count;
                    maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
                }
            }

            sw.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            Console.WriteLine($"message {size / 1048576.0:F1} MiB on disk, {decoded / 1048576.0:F1} MiB decoded from 2 attachments in {sw.Elapsed.TotalSeconds:F2} s");
            Console.WriteLine($"allocated during parse+decode: {allocated / 1048576.0:F2} MiB; managed heap high-water (sampled): {maxHeap / 1048576.0:F1} MiB");
            Console.WriteLine($"working set before {workingSetBefore / 1048576.0:F1} MiB, after {process.WorkingSet64 / 1048576.0:F1} MiB; peak working set {peakBefore / 1048576.0:F1} -> {process.PeakWorkingSet64 / 1048576.0:F1} MiB");
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
