namespace ForecastWatch.Tests.Mailing;

/// <summary>The repository's own seeds (five articles, the curated manifest), found by walking up from the test binaries.</summary>
internal static class RepoSeeds
{
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seeds");
                if (File.Exists(Path.Combine(candidate, "predictions.json")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("seeds/predictions.json not found above " + AppContext.BaseDirectory);
        }
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "fw-prompts-tests", Guid.NewGuid().ToString("N"));
}
