namespace ForecastWatch.Tests;

/// <summary>
/// No line of C# under src/, tests/ or bench/ is longer than <see cref="MaxLineLength"/> characters (README.md, beside
/// the dotnet format rule). Read from the working tree, without git: every .cs file outside bin/ and obj/.
/// </summary>
public sealed partial class ArchitectureTests
{
    public const int MaxLineLength = 140;

    [Fact]
    public void Sources_HaveNoLineOver140Characters()
    {
        var repo = Path.GetDirectoryName(Storage.RepoSeeds.Directory)!;
        var files = new[] { "src", "tests", "bench" }
            .Select(folder => Path.Combine(repo, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(repo, file).Split(Path.DirectorySeparatorChar).Any(static d => d is "bin" or "obj"))
            .ToList();
        Assert.NotEmpty(files);

        var tooLong = files
            .SelectMany(file => File.ReadLines(file)
                .Select((line, index) => (line, number: index + 1))
                .Where(static l => l.line.Length > MaxLineLength)
                .Select(l => $"{Path.GetRelativePath(repo, file)}:{l.number} ({l.line.Length} characters)"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(tooLong.Count == 0, $"Lines over {MaxLineLength} characters:\n  " + string.Join("\n  ", tooLong));
    }
}
