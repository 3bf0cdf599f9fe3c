using System.Text.Json.Nodes;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class ListCommandTests : IDisposable
{
    private static readonly string[] RequiredKeys =
    [
        "id", "article", "outlet", "claim", "quote", "madeOn", "resolveBy", "kind", "metric", "comparator", "threshold", "low",
        "high", "unit", "probability", "status", "hedge", "tags", "undated", "endsBeforePublication", "condition",
    ];

    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    private async Task<JsonArray> ListJsonAsync(params string[] extra)
    {
        var (code, output, error) = await CliRunner.RunAsync(["--data", _seeds.DataDir, "list", "--json", .. extra]);
        Assert.True(code == ExitCodes.Ok, error);
        return JsonNode.Parse(output)!.AsArray();
    }

    [Fact]
    public async Task List_Json_HasEveryDocumentedKey()
    {
        await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);

        var list = await ListJsonAsync("--now", "2026-06-01");

        Assert.Equal(4, list.Count);
        foreach (var item in list)
        {
            var keys = item!.AsObject().Select(static p => p.Key).ToHashSet();
            Assert.All(RequiredKeys, k => Assert.Contains(k, keys));
        }

        var departures = list.Single(static p => (string?)p!["id"] == "test-departures")!;
        Assert.Equal(("Test Outlet", "2026-05-14", "2026-11-14", "threshold", ">", 15d, "%", "open"), (
            (string?)departures["outlet"], (string?)departures["madeOn"], (string?)departures["resolveBy"], (string?)departures["kind"],
            (string?)departures["comparator"], (double?)departures["threshold"], (string?)departures["unit"],
            (string?)departures["status"]));
    }

    [Fact]
    public async Task List_StatusDue_IncludesOverdueAndExcludesOpen()
    {
        await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);

        var due = await ListJsonAsync("--status", "due", "--now", "2027-05-20");
        var overdue = await ListJsonAsync("--status", "overdue", "--now", "2027-05-20");

        Assert.Equal(["test-departures", "test-regulation"], due.Select(static p => (string)p!["id"]!).Order(StringComparer.Ordinal));
        Assert.Equal(["test-departures"], overdue.Select(static p => (string)p!["id"]!));
    }

    [Fact]
    public async Task List_Table_ShowsIdsStatusAndCount()
    {
        await CliRunner.RunAsync("--data", _seeds.DataDir, "import", _seeds.SeedsDir);

        var (code, output, _) = await CliRunner.RunAsync("--data", _seeds.DataDir, "list", "--now", "2027-05-20");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("test-undated", output, StringComparison.Ordinal);
        Assert.Contains("undated", output, StringComparison.Ordinal);
        Assert.Contains("4 prediction(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownStatus_ExitsTwo()
    {
        var (code, _, error) = await CliRunner.RunAsync("--data", _seeds.DataDir, "list", "--status", "late");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("late", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BadNow_ExitsTwoNamingTheOption()
    {
        var (code, _, error) = await CliRunner.RunAsync("--data", _seeds.DataDir, "list", "--now", "tomorrow");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--now", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_DatabaseFromNewerVersion_ExitsOneWithClearMessage()
    {
        Directory.CreateDirectory(_seeds.DataDir);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(_seeds.DataDir, "forecastwatch.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 42;";
            await command.ExecuteNonQueryAsync();
        }

        var (code, _, error) = await CliRunner.RunAsync("--data", _seeds.DataDir, "list");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("schema version 42", error, StringComparison.Ordinal);
    }
}

public sealed class ListCommandSeedTests : IDisposable
{
    private readonly TempSeeds _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task List_RepoSeedsDueOnJune2027_IncludesTwelveMonthRegulationButNotEighteenMonthProduct()
    {
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("--data", _temp.DataDir, "import", RepoSeeds.Directory)).Code);

        var (code, output, _) = await CliRunner.RunAsync("--data", _temp.DataDir, "list", "--status", "due", "--now", "2027-06-01",
            "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var ids = JsonNode.Parse(output)!.AsArray().Select(static p => (string)p!["id"]!).ToList();
        Assert.Contains("ainews-regulation", ids);
        Assert.DoesNotContain("ainews-merged-product", ids);
    }

    [Fact]
    public async Task List_RepoSeedsJson_ShowsTheIssuesPredictionsWithOutletAndDates()
    {
        await CliRunner.RunAsync("--data", _temp.DataDir, "import", RepoSeeds.Directory);

        var (_, output, _) = await CliRunner.RunAsync("--data", _temp.DataDir, "list", "--json", "--now", "2026-06-01");

        var byId = JsonNode.Parse(output)!.AsArray().ToDictionary(static p => (string)p!["id"]!);
        var regulation = byId["ainews-regulation"]!;
        Assert.Equal(("AINews", "2026-05", "2027-05-31", "open"), ((string?)regulation["outlet"], (string?)regulation["madeOn"],
            (string?)regulation["resolveBy"], (string?)regulation["status"]));
        Assert.Equal("2026-11-30", (string?)byId["ainews-researcher-departures"]!["resolveBy"]);
        Assert.Equal("2027-11-30", (string?)byId["ainews-merged-product"]!["resolveBy"]);
        var labs = byId["ainews-table-independent-labs"]!;
        Assert.Equal(("2026-03-31", true, "range", 3d, 4d), ((string?)labs["resolveBy"], (bool)labs["endsBeforePublication"]!,
            (string?)labs["kind"], (double?)labs["low"], (double?)labs["high"]));
        Assert.Equal(16d, (double?)byId["ainews-table-api-price"]!["low"]);
        Assert.Null((string?)byId["ainews-counter-alliance"]!["resolveBy"]);
        Assert.True((bool)byId["deeptrendlab-xai-dissolve"]!["undated"]!);
    }
}
