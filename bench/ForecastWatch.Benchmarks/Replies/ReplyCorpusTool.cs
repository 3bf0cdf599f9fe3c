using System.Globalization;
using ForecastWatch.Tests.Domain.Replies;

namespace ForecastWatch.Benchmarks.Replies;

/// <summary>
/// Share of the reply-style corpus read exactly right (first line, verdict, note and trimmed text all equal to the
/// fixture): the tuning set (corpus.txt), the held-out slice (heldout.txt) and the held-out real-world styles
/// (wild.txt), with the fixtures that differ; <c>--file PATH</c> scores another file of the same format.
/// </summary>
internal sealed class ReplyCorpusTool : IBenchTool
{
    public string Name => "reply-corpus";

    public string Description =>
        "Reply-style corpus: share exactly right on corpus.txt (tuning), heldout.txt and wild.txt (held out) [--show] [--file PATH]";

    public Task<int> RunAsync(string[] args)
    {
        var show = args.Contains("--show", StringComparer.Ordinal);
        var dir = Path.Combine(ReplyTrimTool.RepoRoot(), "tests", "ForecastWatch.Tests", "TestData", "ReplyStyles");
        var extra = args.SkipWhile(static a => a != "--file").Skip(1).Take(1).ToList();
        IEnumerable<string> files = extra.Count > 0 ? extra : ["corpus.txt", "heldout.txt", "wild.txt"];
        foreach (var file in files)
        {
            var fixtures = ReplyStyleFixture.Load(Path.Combine(dir, file));
            var wrong = 0;
            var wrongVerdicts = 0;
            foreach (var f in fixtures)
            {
                var actual = f.Actual();
                var differences = f.Differences(actual);
                if (differences.Count == 0)
                {
                    continue;
                }

                wrong++;
                if (f.Verdict != actual.Verdict && actual.Verdict != "-")
                {
                    wrongVerdicts++;
                }

                if (show)
                {
                    Console.WriteLine($"  {f.Id}: {string.Join("; ", differences).Replace("\n", "\\n", StringComparison.Ordinal)}");
                }
            }

            var right = fixtures.Count - wrong;
            var verdictRight = fixtures.Count(static f => f.Actual().Verdict == f.Verdict);
            var refused = fixtures.Count(static f => f.Actual().Verdict == "-" && f.Verdict != "-");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file)}: {right}/{fixtures.Count} exactly right ({100.0 * right / fixtures.Count:F1}%), "
                + $"verdict right {verdictRight}, refused (asked again) {refused}, "
                + $"wrong verdicts (a verdict other than the expected one): {wrongVerdicts}"));
        }

        return Task.FromResult(0);
    }
}
