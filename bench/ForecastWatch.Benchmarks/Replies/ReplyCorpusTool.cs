using System.Globalization;
using ForecastWatch.Tests.Domain.Replies;

namespace ForecastWatch.Benchmarks.Replies;

/// <summary>
/// Share of the reply-style corpus read exactly right (first line, verdict, note and trimmed text all equal to the
/// fixture): the tuning set (corpus.txt) and the held-out slice (heldout.txt), with the fixtures that differ.
/// </summary>
internal sealed class ReplyCorpusTool : IBenchTool
{
    public string Name => "reply-corpus";

    public string Description => "Reply-style corpus: share exactly right on corpus.txt and on the held-out heldout.txt [--show]";

    public Task<int> RunAsync(string[] args)
    {
        var show = args.Contains("--show", StringComparer.Ordinal);
        var dir = Path.Combine(ReplyTrimTool.RepoRoot(), "tests", "ForecastWatch.Tests", "TestData", "ReplyStyles");
        foreach (var file in (string[])["corpus.txt", "heldout.txt"])
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
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file}: {right}/{fixtures.Count} exactly right ({100.0 * right / fixtures.Count:F1}%), wrong verdicts (a verdict other than the expected one): {wrongVerdicts}"));
        }

        return Task.FromResult(0);
    }
}
