using System.Text.Json;
using ForecastWatch.Cli;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Tests.Domain.Scoring;

namespace ForecastWatch.Tests.Cli;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task Export_Csv_OneRowPerAcceptedPredictionWithOutcomes()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, stderr) = await fixture.RunAsync("export", "--format", "csv");

        Assert.True(code == ExitCodes.Ok, stderr);
        var rows = CsvTests.Parse(stdout);
        Assert.Equal(PredictionExport.CsvHeader, rows[0]);
        Assert.Equal(15, rows.Count);
        var byId = rows.Skip(1).ToDictionary(static r => r[0]);
        var state = Array.IndexOf(PredictionExport.CsvHeader, "state");
        var outcome = Array.IndexOf(PredictionExport.CsvHeader, "outcome");
        Assert.Equal(("resolved", "0.4"),
            (byId["ainews-table-open-source-releases"][state], byId["ainews-table-open-source-releases"][outcome]));
        Assert.Equal("void", byId["ainews-grok-claude-launch"][state]);
        Assert.Equal("open", byId["ainews-regulation"][state]);
    }

    [Fact]
    public async Task Export_Json_ArrayOfObjects()
    {
        await using var fixture = await ScoringCliFixture.CreateAsync();

        var (code, stdout, _) = await fixture.RunAsync("export", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(14, doc.RootElement.GetArrayLength());
        var yes = doc.RootElement.EnumerateArray().Single(static e => e.GetProperty("id").GetString() == "ainews-table-api-price");
        Assert.Equal(1, yes.GetProperty("outcome").GetDouble());
        Assert.Equal("desk@example.org", yes.GetProperty("resolvedBy").GetString());
        Assert.Equal("https://example.org/prices", yes.GetProperty("evidence").GetString());
    }

    [Fact]
    public async Task Export_EmptyDatabase_HeaderOnlyOrEmptyArray()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fw-export-empty-" + Guid.NewGuid().ToString("N"));
        try
        {
            var csv = new StringWriter();
            var json = new StringWriter();

            Assert.Equal(ExitCodes.Ok, await CliApp.RunAsync(["--data", dir, "export"], csv, new StringWriter()));
            Assert.Equal(ExitCodes.Ok, await CliApp.RunAsync(["--data", dir, "export", "--format", "json"], json, new StringWriter()));

            Assert.Single(CsvTests.Parse(csv.ToString()));
            using var doc = JsonDocument.Parse(json.ToString());
            Assert.Equal(0, doc.RootElement.GetArrayLength());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
