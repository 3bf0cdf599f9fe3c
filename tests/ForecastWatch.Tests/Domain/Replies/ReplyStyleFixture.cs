using System.Globalization;
using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

/// <summary>
/// The reply-style corpus (TestData/ReplyStyles, written by its generate.py from the clients' layouts): each fixture
/// is a reply body with the first line, verdict, note and trimmed text its editor meant. Shared with the bench tool.
/// </summary>
internal sealed record ReplyStyleFixture(string Id, string Body, string First, string Verdict, string Note, string Trimmed)
{
    private const string Mark = "§§ ";

    /// <summary>What the trimmer and the verdict reader make of the body, in the fixture's terms.</summary>
    public ReplyStyleFixture Actual()
    {
        var trimmed = ReplyTrimmer.Trim(Body).Text;
        var reading = VerdictReader.Read(trimmed);
        var verdict = reading.Verdict?.Effective switch
        {
            null => "-",
            { Kind: ReplyVerdictKind.Partial, Fraction: { } f } => string.Create(CultureInfo.InvariantCulture, $"PARTIAL:{f:0.####}"),
            { } v => v.Kind.ToString().ToUpperInvariant(),
        };
        return this with { First = reading.Line, Verdict = verdict, Note = reading.Note, Trimmed = trimmed };
    }

    /// <summary>The fields that differ from <paramref name="actual"/>, or an empty list when the fixture is exactly right.</summary>
    public IReadOnlyList<string> Differences(ReplyStyleFixture actual)
    {
        var result = new List<string>();
        Compare("first", First, actual.First);
        Compare("verdict", Verdict, actual.Verdict);
        Compare("note", Note, actual.Note);
        Compare("trimmed", Trimmed, actual.Trimmed);
        return result;

        void Compare(string field, string expected, string got)
        {
            if (!string.Equals(expected, got, StringComparison.Ordinal))
            {
                result.Add($"{field}: expected \"{expected}\", got \"{got}\"");
            }
        }
    }

    public static IReadOnlyList<ReplyStyleFixture> Load(string path)
    {
        var fixtures = new List<ReplyStyleFixture>();
        string? id = null;
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var first = string.Empty;
        var verdict = string.Empty;
        List<string>? current = null;
        foreach (var line in File.ReadAllLines(path))
        {
            if (!line.StartsWith(Mark, StringComparison.Ordinal))
            {
                current?.Add(line);
                continue;
            }

            var field = line[Mark.Length..];
            var name = field.Split(' ', 2)[0];
            var value = field.Length > name.Length ? field[(name.Length + 1)..] : string.Empty;
            switch (name)
            {
                case "fixture":
                    Flush();
                    id = value;
                    fields.Clear();
                    current = null;
                    break;
                case "first":
                    first = value;
                    current = null;
                    break;
                case "verdict":
                    verdict = value;
                    current = null;
                    break;
                default:
                    current = fields[name] = [];
                    break;
            }
        }

        Flush();
        return fixtures;

        void Flush()
        {
            if (id is not null)
            {
                fixtures.Add(new ReplyStyleFixture(id, Text("body"), first, verdict, Text("note"), Text("trimmed")));
            }
        }

        string Text(string name) => fields.TryGetValue(name, out var lines) ? string.Join('\n', lines) : string.Empty;
    }

    public static string Directory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ForecastWatch.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? ".", "tests", "ForecastWatch.Tests", "TestData", "ReplyStyles");
    }
}
