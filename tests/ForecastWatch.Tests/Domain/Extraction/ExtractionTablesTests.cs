using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Estimates tables (actual and estimate columns, fiscal-year headers, ranges, units in the header or caption),
/// whitespace and flattened tables, date-only milestone cells, and continental number formats. Written before the fix.
/// </summary>
public sealed class ExtractionTablesTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 3, 10));

    private static List<PredictionCandidate> Run(string body, PartialDate? published = null) =>
        PredictionExtractor.Extract("Broker note\n\n" + body + "\n", published ?? Published).Candidates
            .Where(static c => c.Source == CandidateSource.Table).ToList();

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void EstimatesTable_OnlyEstimateColumnsAreForecasts_WithRangeAndHeaderUnit()
    {
        var cells = Run("""
            Analysts raised their estimates after the results.

            Key estimates
            | £m | FY25A | FY26A | FY27e | FY28e | FY29e |
            |---|---|---|---|---|---|
            | Revenue | 712 | 748 | 790-805 | 842 | 880 |
            | Adjusted EBIT | 61.2 | 66.0 | 70.5 | 75.1 | 80.3 |
            """);

        Assert.Equal(6, cells.Count);
        Assert.DoesNotContain(cells, static c => c.Threshold is 712m or 748m or 61.2m or 66.0m);
        var range = Assert.Single(cells, static c => c.Kind == CandidateKind.Range);
        Assert.Equal((790m, 805m), (range.Low!.Value, range.High!.Value));
        Assert.All(cells, static c => Assert.Equal("£m", c.Unit));
        Assert.Contains(cells, static c => c.Threshold == 880m);
    }

    [Theory]
    [InlineData("2026E", "2027F", true)]
    [InlineData("2026e", "2027f", true)]
    [InlineData("FY26e", "FY27e", false)]
    [InlineData("2025-26f", "2026-27f", false)]
    [InlineData("2025\u201326f", "2026\u201327f", false)]
    public void EstimateHeaders_AreReadWithTheirMark(string h1, string h2, bool calendarYears)
    {
        var cells = Run($"""
            GDP outlook, % y/y
            | Indicator | 2024A | {h1} | {h2} |
            |---|---|---|---|
            | GDP | 0,9 | 1,1 | 1,4 |
            """);

        Assert.Equal(2, cells.Count);
        Assert.Contains(cells, static c => c.Threshold == 1.1m);
        Assert.Contains(cells, static c => c.Threshold == 1.4m);
        if (calendarYears)
        {
            Assert.All(cells, static c => Assert.NotNull(c.ResolveBy));
        }
        else
        {
            // A fiscal year whose end the article does not state: proposed, with the reason, never a guessed date.
            Assert.All(cells, static c => Assert.Null(c.ResolveBy));
            Assert.All(cells, static c => Assert.Contains("fiscal year", c.UndatedReason, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Years end 30 June.", "2026-06-30")]
    [InlineData("The financial year to March.", "2026-03-31")]
    [InlineData("Figures in Rs crore.", "2026-03-31")]
    public void FiscalYearHeaders_EndWhereTheArticleSays(string cue, string resolveBy)
    {
        var cells = Run($"""
            Projections. {cue}
            | Item | 2024-25 | 2025-26f |
            |---|---|---|
            | Revenue | 410 | 455 |
            """, PartialDate.OfDay(new DateOnly(2025, 11, 20)));

        var c = Assert.Single(cells);
        Assert.Equal(455m, c.Threshold);
        Assert.Equal(D(resolveBy), c.ResolveBy);
    }

    [Fact]
    public void ACalendarOfDays_IsNotARoadmap()
    {
        var cells = Run("""
            Upcoming dates
            | Event | Date |
            |---|---|
            | Full-year results | 9 April 2027 |
            | Annual meeting | 14 May 2027 |
            """);

        Assert.Empty(cells);
    }

    [Fact]
    public void CaptionUnit_IsTheCellsUnit()
    {
        var cells = Run("""
            Table 2: Capital spending forecast (EUR bn)
            | Sector | 2026E | 2027E |
            |---|---|---|
            | Grid | 118,5 | 121,0 |
            """);

        Assert.Equal(2, cells.Count);
        Assert.Contains(cells, static c => c.Threshold == 118.5m);
        Assert.All(cells, static c => Assert.Equal("EUR bn", c.Unit));
    }

    [Fact]
    public void WhitespaceTable_WithEnDashFiscalHeaders()
    {
        var cells = Run("""
            Budget projections (A$bn). Years end 30 June.

            Item             2024–25    2025–26f    2026–27f
            Revenue            690.1       712.4       740.9
            Expenses           701.3       735.0       751.2
            """, PartialDate.OfDay(new DateOnly(2025, 12, 17)));

        Assert.Equal(4, cells.Count);
        Assert.DoesNotContain(cells, static c => c.Threshold is 690.1m or 701.3m);
        Assert.Contains(cells, static c => c.Threshold == 712.4m && c.ResolveBy == D("2026-06-30"));
        Assert.Contains(cells, static c => c.Threshold == 751.2m && c.ResolveBy == D("2027-06-30"));
    }

    [Fact]
    public void FlattenedTable_InOneLine_WithDecimalCommas()
    {
        var cells = Run("""
            The institute's spring projections:

            GDP growth (%): 2026: 0,1 | 2027: 0,4 | 2028: 1,3
            """);

        Assert.Equal(3, cells.Count);
        Assert.Contains(cells, static c => c.Threshold == 0.1m && c.ResolveBy == D("2026-12-31"));
        Assert.Contains(cells, static c => c.Threshold == 0.4m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(cells, static c => c.Threshold == 1.3m && c.ResolveBy == D("2028-12-31"));
    }

    [Fact]
    public void RoadmapTable_DateOnlyCells_AreEventsDueByThatDate()
    {
        var cells = Run("""
            The company set out its roadmap for the new chip.

            | Milestone | Target |
            |---|---|
            | Pilot line opens | H2 2026 |
            | First customer samples | Q1 2027 |
            | Volume production | 2028 |
            """);

        Assert.Equal(3, cells.Count);
        Assert.All(cells, static c => Assert.Equal(CandidateKind.Event, c.Kind));
        Assert.Contains(cells, static c => c.Claim.Contains("Pilot line opens", StringComparison.Ordinal)
            && c.ResolveBy == D("2026-12-31"));
        Assert.Contains(cells, static c => c.ResolveBy == D("2027-03-31"));
        Assert.Contains(cells, static c => c.ResolveBy == D("2028-12-31"));
    }

    [Fact]
    public void TableWithoutDateColumn_TakesTheDateFromTheProseOrSaysWhy()
    {
        var cells = Run("""
            The pollster's seat projection for the state election, whose votes are counted on 14 November 2026:

            | Party | Seats (projection) |
            |---|---|
            | Labour | 130-167 |
            | Liberal | 98-121 |
            """);

        Assert.Equal(2, cells.Count);
        Assert.All(cells, static c => Assert.Equal(D("2026-11-14"), c.ResolveBy));

        var undated = Run("""
            The pollster's seat projection:

            | Party | Seats (projection) |
            |---|---|
            | Labour | 130-167 |
            """);
        var u = Assert.Single(undated);
        Assert.Null(u.ResolveBy);
        Assert.False(string.IsNullOrEmpty(u.UndatedReason));
    }

    [Fact]
    public void ProseWithAYearSpan_IsNotATableHeader()
    {
        var all = PredictionExtractor.Extract(
            "Note\n\nExports grew   in 2024–25 and fell  in 2023–24, the office said.\nImports  1,2  3,4\n", Published).Candidates;

        Assert.Empty(all);
    }
}
