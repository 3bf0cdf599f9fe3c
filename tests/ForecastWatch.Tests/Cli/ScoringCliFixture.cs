using ForecastWatch.Cli;

namespace ForecastWatch.Tests.Cli;

/// <summary>A temp data directory with the repository's seeds imported and a few resolutions recorded through the CLI.</summary>
internal sealed class ScoringCliFixture : IAsyncDisposable
{
    private ScoringCliFixture(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public static async Task<ScoringCliFixture> CreateAsync()
    {
        var fixture = new ScoringCliFixture(Path.Combine(Path.GetTempPath(), "fw-scoring-cli-" + Guid.NewGuid().ToString("N")));
        await fixture.MustAsync("import", FindSeeds());
        await fixture.MustAsync("resolve", "ainews-table-api-price", "yes", "--by", "desk@example.org", "--evidence",
            "https://example.org/prices", "--now", "2026-05-01");
        await fixture.MustAsync("resolve", "ainews-table-independent-labs", "no", "--by", "chief@example.org", "--now", "2026-05-02");
        await fixture.MustAsync("resolve", "ainews-table-open-source-releases", "partial", "0.4", "--by", "desk@example.org", "--now",
            "2026-05-25T10:00:00Z");
        await fixture.MustAsync("resolve", "ainews-grok-claude-launch", "void", "project", "cancelled", "--by", "desk@example.org", "--now",
            "2026-05-28");
        return fixture;
    }

    public async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["--data", Directory, .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private async Task MustAsync(params string[] args)
    {
        var (code, _, err) = await RunAsync(args);
        Assert.True(code == ExitCodes.Ok, $"{string.Join(' ', args)} failed ({code}): {err}");
    }

    private static string FindSeeds()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seeds = Path.Combine(dir.FullName, "seeds");
            if (File.Exists(Path.Combine(seeds, "predictions.json")))
            {
                return seeds;
            }
        }

        throw new InvalidOperationException("The repository's seeds directory was not found above " + AppContext.BaseDirectory);
    }
}
