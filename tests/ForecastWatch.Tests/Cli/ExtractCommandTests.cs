using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Domain.Extraction;

namespace ForecastWatch.Tests.Cli;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("fw-extract-");

    public void Dispose() => _temp.Delete(recursive: true);

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Extract_SeedArticleJson_HasEveryKeyAndTheTableRows()
    {
        var file = Path.Combine(ExtractionQualityTests.SeedsDirectory(), "articles", "ainews-xai-anthropic-alliance.txt");

        var (code, output, _) = await RunAsync("extract", file, "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var doc = JsonDocument.Parse(output);
        var items = doc.RootElement.EnumerateArray().ToList();
        string[] keys = ["quote", "start", "end", "claim", "horizon", "resolveBy", "undated", "kind", "metric", "comparator", "threshold",
            "low", "high", "unit", "hedge", "probability", "condition", "confidence"];
        Assert.All(items, i => Assert.All(keys, k => Assert.True(i.TryGetProperty(k, out _), k)));
        Assert.Equal(4, items.Count(static i => i.GetProperty("resolveBy").GetString() == "2026-03-31"));
        Assert.Contains(items, static i => i.GetProperty("resolveBy").GetString() == "2027-05-31"
            && i.GetProperty("quote").GetString()!.StartsWith("Regulatory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extract_PublishedOption_DatesAPlainFile()
    {
        var file = Write("a.txt", "The central bank will cut rates within six months.");

        var (code, output, _) = await RunAsync("extract", file, "--published", "2026-05-14", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("\"resolveBy\": \"2026-11-14\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_MonthWithoutYearInAYearOnlyArticle_ListsItUndatedAndSaysWhyOnStderr()
    {
        var file = Write("b.txt", "The company expects the new plant to open by September.");

        var (code, output, error) = await RunAsync("extract", file, "--published", "2026");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("[undated] The company expects the new plant to open by September.", output, StringComparison.Ordinal);
        Assert.Contains("'by September' names no year and the article is dated only to 2026", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_MonthWithoutYearJson_CarriesTheUndatedReason()
    {
        var file = Write("c.txt", "The company expects the new plant to open by September.");

        var (code, output, _) = await RunAsync("extract", file, "--published", "2026", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var doc = JsonDocument.Parse(output);
        var item = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.True(item.GetProperty("undated").GetBoolean());
        Assert.Contains("names no year", item.GetProperty("undatedReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_MissingFile_IsBadInput()
    {
        var (code, _, error) = await RunAsync("extract", Path.Combine(_temp.FullName, "nope.txt"), "--published", "2026");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_NoDate_ProposesUndatedAndSaysWhyNamingTheOption()
    {
        var (code, output, error) = await RunAsync("extract",
            Write("b.txt", "It will rain within a week.\n\nThe agency expects output to reach 40 GW by 2029."), "--json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("--published", error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(output);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Contains(items, static i => i.GetProperty("resolveBy").GetString() == "2029-12-31");
        Assert.Contains(items, static i => i.GetProperty("undated").GetBoolean() && i.GetProperty("undatedReason").GetString() is not null);
    }

    [Fact]
    public async Task Extract_HtmlPageWithoutSidecar_ReadsTheDateFromItsMetadataAndSkipsTheByline()
    {
        var page = """
            <html><head><meta property="article:published_time" content="2026-05-14T09:00:00+02:00"><title>Outlook</title></head>
            <body><nav>Home | News</nav><article><h1>Outlook</h1><p class="byline">By Ana Silva, 14 May 2026</p>
            <p>The central bank will cut rates within six months, economists expect.</p>
            <p>Inflation fell to 2.1% in April.</p></article><footer>Subscribe to our newsletter</footer></body></html>
            """;

        var (code, output, error) = await RunAsync("extract", Write("page.html", page), "--json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("2026-05-14", error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(output);
        var item = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        Assert.Equal("2026-11-14", item.GetProperty("resolveBy").GetString());
        Assert.StartsWith("The central bank", item.GetProperty("quote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_Directory_ReadsEveryArticleInOneCall()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_temp.FullName, "many"));
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(dir.FullName, $"a{i}.txt"),
                $"Title {i}\nPublished 14 May 2026\n\nThe agency expects prices to rise {i + 2}% in 2027.");
        }

        var (code, output, _) = await RunAsync("extract", dir.FullName, "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var doc = JsonDocument.Parse(output);
        var articles = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, articles.Count);
        Assert.All(articles, static a => Assert.Equal("2026-05-14", a.GetProperty("published").GetString()));
        Assert.All(articles, static a => Assert.Equal("2027-12-31",
            Assert.Single(a.GetProperty("candidates").EnumerateArray().ToList()).GetProperty("resolveBy").GetString()));
    }

    [Fact]
    public async Task Extract_BadPublishedDate_IsBadInput()
    {
        var (code, _, error) = await RunAsync("extract", Write("c.txt", "x"), "--published", "May 2026");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--published", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_BinaryFile_IsBadInput()
    {
        var path = Path.Combine(_temp.FullName, "d.bin");
        await File.WriteAllBytesAsync(path, [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 3]);

        var (code, _, error) = await RunAsync("extract", path, "--published", "2026");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("binary", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_HugeFile_IsRefusedBeforeReading()
    {
        var path = Path.Combine(_temp.FullName, "e.txt");
        using (var f = File.Create(path))
        {
            f.SetLength(50L * 1024 * 1024);
        }

        var (code, _, error) = await RunAsync("extract", path, "--published", "2026");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("too large", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_EmptyFile_PrintsAnEmptyArrayAndANote()
    {
        var (code, output, error) = await RunAsync("extract", Write("f.txt", ""), "--published", "2026", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("[]", output.Trim());
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_All_AddsProposalsOnceAndNeverTouchesCuratedEntries()
    {
        var seeds = Path.Combine(_temp.FullName, "seeds");
        CopyDirectory(ExtractionQualityTests.SeedsDirectory(), seeds);
        var manifest = Path.Combine(seeds, "predictions.json");

        // The extractor finds nothing outside the curated entries in the seeds: take one out so there is something to propose.
        var root = JsonNode.Parse(await File.ReadAllTextAsync(manifest))!;
        var entries = root["predictions"]!.AsArray();
        entries.Remove(entries.Single(static e => (string?)e!["id"] == "ainews-regulation"));
        await File.WriteAllTextAsync(manifest,
            root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var before = await File.ReadAllTextAsync(manifest);

        var first = await RunAsync("extract", "--all", seeds);
        var afterFirst = await File.ReadAllTextAsync(manifest);
        var second = await RunAsync("extract", "--all", seeds);

        Assert.Equal(ExitCodes.Ok, first.Code);
        Assert.Equal(ExitCodes.Ok, second.Code);
        Assert.StartsWith("proposed  ainews-xai-anthropic-2026-05-", first.Out, StringComparison.Ordinal);
        Assert.Contains("Regulatory intervention will occur within 12 months.", afterFirst, StringComparison.Ordinal);
        Assert.StartsWith("0 proposed", second.Out, StringComparison.Ordinal);
        Assert.Equal(afterFirst, await File.ReadAllTextAsync(manifest));
        var curated = Curated(before);
        Assert.Equal(curated, Curated(afterFirst).Take(curated.Count));
        Assert.Equal(ExitCodes.Ok, (await RunAsync("validate", seeds)).Code);
    }

    private static List<string> Curated(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("predictions").EnumerateArray()
            .Where(static p => p.GetProperty("origin").GetString() == "curated")
            .Select(static p => p.GetRawText())
            .ToList();
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
