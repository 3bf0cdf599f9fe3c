namespace ForecastWatch.Tests.Storage;

/// <summary>The repository's own <c>seeds/</c> directory, found by walking up from the test binaries.</summary>
internal static class RepoSeeds
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForecastWatch.sln")))
            {
                return Path.Combine(dir.FullName, "seeds");
            }
        }

        throw new DirectoryNotFoundException("ForecastWatch.sln not found above " + AppContext.BaseDirectory);
    }
}
