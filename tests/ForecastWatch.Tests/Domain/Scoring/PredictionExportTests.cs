using System.Text.Json;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class PredictionExportTests
{
    [Fact]
    public void ToCsvRow_Resolved_FieldsAlignWithHeaderAndScores()
    {
        var p = Fixtures.Resolved("a1", 0.8, 1, resolvedAt: Fixtures.At(2026, 7, 10)) with { Claim = "Rates, \"surely\", fall" };

        var rows = CsvTests.Parse(PredictionExport.CsvHeaderLine() + PredictionExport.ToCsvRow(p, ScoringSettings.Default));

        Assert.Equal(PredictionExport.CsvHeader, rows[0]);
        var row = rows[1].Select((v, i) => (Name: PredictionExport.CsvHeader[i], Value: v))
            .ToDictionary(static x => x.Name, static x => x.Value);
        Assert.Equal("Rates, \"surely\", fall", row["claim"]);
        Assert.Equal("resolved", row["state"]);
        Assert.Equal("1", row["outcome"]);
        Assert.Equal("0.04", row["brier"]);
        Assert.Equal("1", row["credit"]);
        Assert.Equal("2026-07-10T12:00:00Z", row["resolved_at"]);
        Assert.Equal("10", row["days_due_to_resolution"]);
        Assert.Equal("2026-06-30", row["resolve_by"]);
    }

    [Fact]
    public void ToJsonObject_OpenUndated_NullsForScoresAndDates()
    {
        var p = Fixtures.Open("o1", null);

        using var doc = JsonDocument.Parse(PredictionExport.ToJsonObject(p, ScoringSettings.Default));
        var root = doc.RootElement;

        Assert.Equal("o1", root.GetProperty("id").GetString());
        Assert.Equal("open", root.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("resolveBy").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("brier").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("outcome").ValueKind);
        Assert.Equal("Ann Author", root.GetProperty("authors")[0].GetString());
    }

    [Fact]
    public void ToJsonObject_PartialWithoutProbability_ScoredWithDefault()
    {
        var p = Fixtures.Resolved("p1", 0.5, 0.25) with { Probability = null };

        using var doc = JsonDocument.Parse(PredictionExport.ToJsonObject(p, ScoringSettings.Default));
        var root = doc.RootElement;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("probability").ValueKind);
        Assert.Equal(0.9, root.GetProperty("probabilityScored").GetDouble(), 12);
        Assert.Equal(0.4225, root.GetProperty("brier").GetDouble(), 9);
        Assert.Equal(0.25, root.GetProperty("credit").GetDouble(), 12);
    }

    [Fact]
    public void ToCsvRow_Void_NoScoresReasonKept()
    {
        var rows = CsvTests.Parse(PredictionExport.ToCsvRow(Fixtures.Void("v1", reason: "moot"), ScoringSettings.Default));

        var row = rows[0];
        Assert.Equal("void", row[Array.IndexOf(PredictionExport.CsvHeader, "state")]);
        Assert.Equal("moot", row[Array.IndexOf(PredictionExport.CsvHeader, "void_reason")]);
        Assert.Equal("", row[Array.IndexOf(PredictionExport.CsvHeader, "brier")]);
    }

    [Fact]
    public void ToJsonObject_ApostropheAndAccent_NotEscapedButValid()
    {
        var p = Fixtures.Resolved("j1", 0.8, 1) with { Claim = "xAI's caf\u00e9 \"quoted\" <tag>" };

        var json = PredictionExport.ToJsonObject(p, ScoringSettings.Default);
        using var doc = JsonDocument.Parse(json);

        Assert.Contains("xAI's caf\u00e9", json, StringComparison.Ordinal);
        Assert.Equal("xAI's caf\u00e9 \"quoted\" <tag>", doc.RootElement.GetProperty("claim").GetString());
    }
}
