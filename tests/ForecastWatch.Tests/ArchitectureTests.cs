using System.Text.RegularExpressions;

namespace ForecastWatch.Tests;

/// <summary>
/// Which parts of the application may refer to which: the arrows point from the command line and the composition root
/// (Hosting) down to the services, and from everything to Storage and Domain, never back. Read from the source, so
/// a <c>using</c>, a qualified name (<c>Hosting.X</c>, <c>ForecastWatch.Cli.Y</c>) and a type named in code all
/// count; comments and string literals do not.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string[] Layers =
        ["Domain", "Storage", "Mailing", "Inbound", "Ingestion", "Proposals", "Jobs", "Hosting", "Cli"];

    /// <summary>Folder (= namespace) of src/ForecastWatch, and what its code must not name.</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Domain", ["Storage", "Mailing", "Inbound", "Ingestion", "Proposals", "Jobs", "Hosting", "Cli"] },
        { "Storage", ["Mailing", "Inbound", "Ingestion", "Proposals", "Jobs", "Hosting", "Cli"] },
        // DigestService still reads its own cron through Jobs.JobSchedules (it names the period a digest covers).
        { "Mailing", ["Cli"] },
        { "Inbound", ["Jobs", "Cli"] },
        { "Ingestion", ["Jobs", "Cli"] },
        { "Proposals", ["Jobs", "Cli"] },
        { "Jobs", ["Cli"] },
        { "Hosting", ["Cli"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Sources_OfALayer_NameNoLayerAboveIt(string layer, string[] forbidden)
    {
        var root = Path.Combine(Path.GetDirectoryName(Storage.RepoSeeds.Directory)!, "src", "ForecastWatch", layer);
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        var found = files
            .SelectMany(file => References(File.ReadAllText(file))
                .Where(forbidden.Contains)
                .Select(target => $"{Path.GetRelativePath(root, file)} -> {target}"))
            .Distinct()
            .ToList();

        Assert.True(found.Count == 0, $"{layer} must not refer to {string.Join(", ", forbidden)}:\n  " + string.Join("\n  ", found));
    }

    [Fact]
    public void References_CountsUsingsAndQualifiedNamesButNotCommentsOrStrings()
    {
        const string code = """
            using ForecastWatch.Hosting;
            // Jobs.InboxJob in a comment
            /// <see cref="Cli.CliApp"/>
            var x = "Mailing.X";
            var y = Storage.OutboxStore.ListAsync(ForecastWatch.Domain.Thing.Value);
            """;

        Assert.Equal(["Domain", "Hosting", "Storage"], References(code).Order());
    }

    /// <summary>The application namespaces a source file refers to.</summary>
    private static HashSet<string> References(string source)
    {
        var code = StringsAndComments().Replace(source, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in QualifiedName().Matches(code))
        {
            if (Layers.Contains(m.Groups["layer"].Value))
            {
                names.Add(m.Groups["layer"].Value);
            }
        }

        return names;
    }

    // Raw strings, verbatim and regular strings and characters, then block and line comments (including ///).
    [GeneratedRegex(@"(?s)""{3}.*?""{3}|@""(?:[^""]|"""")*""|""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)+'|/\*.*?\*/|//[^\n]*")]
    private static partial Regex StringsAndComments();

    // ForecastWatch.Layer (a using or a qualified name), or Layer.X not preceded by another name part (Hosting.Options).
    [GeneratedRegex(@"(?<![\w.])(?:ForecastWatch\.(?<layer>[A-Z]\w*)\b|(?<layer>[A-Z]\w*)\.[A-Z])")]
    private static partial Regex QualifiedName();
}
