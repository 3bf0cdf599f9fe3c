using System.Text.Json;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class ScorecardFormatterTests
{
    private static Scorecard CreateCard()
    {
        var builder = new ScorecardBuilder(ScoreDimension.Outlet, new DateOnly(2026, 8, 1));
        foreach (var p in Fixtures.WorkedExample())
        {
            builder.Add(p);
        }

        builder.Add(Fixtures.Resolved("b1", 0.6, 1, outlet: "Beta, \"the\" Daily"));
        return builder.Build();
    }

    [Fact]
    public void ToCsv_WorkedExample_ParsesBackWithHeaderGroupsAndOverall()
    {
        var rows = CsvTests.Parse(ScorecardFormatter.ToCsv(CreateCard()));

        Assert.Equal(ScorecardFormatter.CsvHeader, rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(ScorecardFormatter.CsvHeader.Length, r.Count));
        var alpha = rows[1];
        Assert.Equal(["outlet", "Alpha", "1", "false", "5", "3.5", "0.7"], alpha.Take(7));
        Assert.Equal("0.1205", alpha[Array.IndexOf(ScorecardFormatter.CsvHeader, "mean_brier")]);
        Assert.Equal("0.3975", alpha[Array.IndexOf(ScorecardFormatter.CsvHeader, "skill_vs_base_rate")]);
        Assert.Equal("Beta, \"the\" Daily", rows[2][1]);
        Assert.Equal("", rows[2][Array.IndexOf(ScorecardFormatter.CsvHeader, "rank")]);
        Assert.Equal("", rows[2][Array.IndexOf(ScorecardFormatter.CsvHeader, "skill_vs_base_rate")]);
        Assert.Equal(["all", "all"], rows[3].Take(2));
        Assert.Equal("6", rows[3][Array.IndexOf(ScorecardFormatter.CsvHeader, "scored")]);
    }

    [Fact]
    public void ToJson_WorkedExample_ValidJsonWithScoresCalibrationAndVoids()
    {
        using var doc = JsonDocument.Parse(ScorecardFormatter.ToJson(CreateCard()));
        var root = doc.RootElement;

        Assert.Equal("outlet", root.GetProperty("dimension").GetString());
        Assert.Equal("2026-08-01", root.GetProperty("asOf").GetString());
        var alpha = root.GetProperty("groups")[0];
        Assert.Equal("Alpha", alpha.GetProperty("key").GetString());
        Assert.Equal(1, alpha.GetProperty("rank").GetInt32());
        Assert.Equal(0.1205, alpha.GetProperty("meanBrier").GetDouble(), 9);
        Assert.Equal(0.298791, alpha.GetProperty("ciLow").GetDouble(), 6);
        Assert.Equal(10, alpha.GetProperty("calibration").GetArrayLength());
        Assert.Equal(2, alpha.GetProperty("calibration")[8].GetProperty("count").GetInt32());
        var beta = root.GetProperty("groups")[1];
        Assert.True(beta.GetProperty("smallSample").GetBoolean());
        Assert.Equal(JsonValueKind.Null, beta.GetProperty("rank").ValueKind);
        Assert.Equal(JsonValueKind.Null, beta.GetProperty("skillVsBaseRate").ValueKind);
        Assert.Equal(1, root.GetProperty("voidCount").GetInt32());
        Assert.Equal("a6", root.GetProperty("voids")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void ToTable_WorkedExample_ShowsRankSmallSampleMarkCalibrationAndVoids()
    {
        var text = ScorecardFormatter.ToTable(CreateCard());
        var lines = text.Split('\n');

        Assert.StartsWith("Scorecard by outlet as of 2026-08-01", text, StringComparison.Ordinal);
        Assert.Contains(lines, static l => l.TrimStart().StartsWith("1  Alpha", StringComparison.Ordinal)
            && l.Contains("70.0%", StringComparison.Ordinal) && l.Contains("0.121", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.Contains("Beta, \"the\" Daily *", StringComparison.Ordinal));
        Assert.Contains(lines, static l =>
            l.TrimStart().StartsWith("80-90%", StringComparison.Ordinal) && l.Contains("82.5%", StringComparison.Ordinal));
        Assert.Contains("Void (1, excluded from scores)", text, StringComparison.Ordinal);
        Assert.Contains("a6", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTable_ControlCharactersInData_Neutralised()
    {
        var builder = new ScorecardBuilder(ScoreDimension.Outlet, new DateOnly(2026, 8, 1));
        builder.Add(Fixtures.Resolved("c1", 0.6, 1, outlet: "Evil\u001b[31m\nOutlet"));

        var text = ScorecardFormatter.ToTable(builder.Build());

        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("Evil [31m Outlet", text, StringComparison.Ordinal);
    }
}
