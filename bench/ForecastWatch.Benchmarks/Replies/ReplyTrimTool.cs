using System.Diagnostics;
using System.Globalization;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using MimeKit;

namespace ForecastWatch.Benchmarks.Replies;

/// <summary>Reply trimming throughput over the reply-style corpus (bodies decoded once, then trimmed repeatedly).</summary>
internal sealed class ReplyTrimTool : IBenchTool
{
    public string Name => "reply-trim";

    public string Description =>
        "Reply trimmer replies/s, MB/s of body text and bytes allocated/reply over tests/.../Replies/Corpus [--seconds N]";

    public async Task<int> RunAsync(string[] args)
    {
        var dir = Path.Combine(RepoRoot(), "tests", "ForecastWatch.Tests", "TestData", "ReplyCorpus");
        var bodies = new List<(string Text, bool Html)>();
        foreach (var file in Directory.GetFiles(dir, "*.eml").Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            using var message = await MimeMessage.LoadAsync(MimeInboundMailReader.Options, stream).ConfigureAwait(false);
            bodies.Add(MimeInboundMailReader.TextBody(message) is { Length: > 0 } text
                ? (text, false)
                : (MimeInboundMailReader.HtmlBody(message) ?? "", true));
        }

        var seconds = args.SkipWhile(static a => a != "--seconds").Skip(1).Select(static a => int.Parse(a, CultureInfo.InvariantCulture))
            .FirstOrDefault(5);
        var chars = bodies.Sum(static b => (long)b.Text.Length);
        Run(bodies, TimeSpan.FromSeconds(2));
        var (count, elapsed, allocated) = Run(bodies, TimeSpan.FromSeconds(seconds));
        var rounds = count / bodies.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reply-trim: {bodies.Count} corpus replies ({bodies.Count(static b => b.Html)} HTML-only), {count} trims in "
                + $"{elapsed.TotalSeconds:F1} s: " +
            $"{count / elapsed.TotalSeconds:F0} replies/s, {rounds * chars * 2 / 1048576.0 / elapsed.TotalSeconds:F1} MB/s of UTF-16 body "
                + $"text, {allocated / count} bytes allocated/reply"));
        return 0;
    }

    private static (long Count, TimeSpan Elapsed, long Allocated) Run(List<(string Text, bool Html)> bodies, TimeSpan duration)
    {
        long count = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            foreach (var (text, html) in bodies)
            {
                _ = html ? ReplyTrimmer.TrimHtml(text) : ReplyTrimmer.Trim(text);
                count++;
            }
        }

        return (count, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ForecastWatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
