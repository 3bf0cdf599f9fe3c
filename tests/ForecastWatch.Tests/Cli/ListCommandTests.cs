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
            (string?)departures["comparator"], (double?)departures["threshold"], (string?)departures["unit"], (string?)departures["status"]));
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
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_seeds.DataDir, "forecastwatch.db")};Pooling=False"))
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
