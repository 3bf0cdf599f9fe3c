using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Tables and lists in styles the corpora lacked (issue 15, item 4): whitespace tables of records ("58-24") under group
/// headers, several starred forecast columns, ASCII arrow lists, bullets inside a live-blog entry, ranges in list items.
/// Written before the fix; each has a twin that must stay out (actual columns, past rows).
/// </summary>
public sealed class ExtractionTablesListsTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 14));

    private static List<PredictionCandidate> All(string body, PartialDate? published = null) =>
        PredictionExtractor.Extract("Desk copy\n\n" + body + "\n", published ?? Published).Candidates.ToList();

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void SportsProjectionTable_RecordCellsUnderConferenceHeaders_AreOneProposalPerCell()
    {
        var found = All("""
            Our model simulated the 2026-27 season 10,000 times. The regular season ends on April 12, 2027.

            Projected standings, 2026-27
            Team                 Proj. W-L    Playoff %    Title odds
            Eastern Conference
            Boston Celtics       58-24        99%          21%
            New York Knicks      54-28        96%          9%
            Western Conference
            Oklahoma City        61-21        99%          28%
            Denver Nuggets       49-33        78%          5%
            """);

        var cells = found.Where(static c => c.Source == CandidateSource.Table).ToList();
        Assert.Equal(12, cells.Count);
        var celtics = Assert.Single(cells, static c => c.Quote.Contains("58-24", StringComparison.Ordinal) && c.Threshold == 58m);
        Assert.Contains("Boston Celtics", celtics.Claim, StringComparison.Ordinal);
        Assert.Contains("win", celtics.Metric ?? celtics.Unit ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains(cells, static c => c.Quote.StartsWith("Denver", StringComparison.Ordinal) && c.Threshold == 5m && c.Unit == "%");
        Assert.DoesNotContain(cells, static c => c.Claim.Contains("Conference", StringComparison.Ordinal) && c.Threshold is null);
        Assert.DoesNotContain(cells, static c => c.Low == 24m || c.High == 24m); // a record is not a range
        Assert.All(cells, static c => Assert.Equal(D("2027-04-12"), c.ResolveBy));
    }

    [Fact]
    public void SportsTable_SeparateGroupTables_AndAPastSeasonTwinStaysOut()
    {
        var found = All("""
            Eastern Conference projections for the 2026-27 season

            Team             Proj. W-L   Playoff %
            Miami Heat       44-38       55%
            Orlando Magic    47-35       71%

            Last season's final standings (2025-26)

            Team             W-L         Seed
            Miami Heat       37-45       10
            Orlando Magic    41-41       7
            """);

        var cells = found.Where(static c => c.Source == CandidateSource.Table).ToList();
        Assert.Contains(cells, static c => c.Threshold == 44m);
        Assert.Contains(cells, static c => c.Threshold == 71m && c.Unit == "%");
        Assert.DoesNotContain(found, static c => c.Quote.Contains("37-45", StringComparison.Ordinal));
        Assert.DoesNotContain(found, static c => c.Quote.Contains("41-41", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2027 Shipments*", "2028 Shipments*", "2030 Shipments*", "* Forecast.")]
    [InlineData("2027F*", "2028F*", "2030F*", "*F = forecast")]
    [InlineData("2027*", "2028*", "2030*", "* forecast")]
    [InlineData("2027 (f)", "2028 (f)", "2030 (f)", "(f) = forecast")]
    public void SeveralStarredForecastColumns_AreAllRead_AndActualColumnsLeftOut(string h1, string h2, string h3, string note)
    {
        var found = All($"""
            The association's outlook for heat pump shipments, in thousand units.

            Region           2024     2025     {h1}     {h2}     {h3}
            Nordics          412      398      455      503      640
            Central Europe   690      655      720      810      1,050
            {note}
            """, PartialDate.OfDay(new DateOnly(2026, 5, 20)));

        var cells = found.Where(static c => c.Source == CandidateSource.Table).ToList();
        Assert.Equal(6, cells.Count);
        Assert.DoesNotContain(cells, static c => c.Threshold is 412m or 398m or 690m or 655m);
        Assert.Contains(cells, static c => c.Threshold == 503m && c.ResolveBy == D("2028-12-31"));
        Assert.Contains(cells, static c => c.Threshold == 1050m && c.ResolveBy == D("2030-12-31"));
        Assert.Contains(cells, static c => c.Threshold == 455m && c.ResolveBy == D("2027-12-31"));
    }

    [Theory]
    [InlineData("->")]
    [InlineData("=>")]
    [InlineData("-->")]
    [InlineData("\u2192")]
    public void AsciiArrowList_UnderALeadIn_CarriesTheUnit(string arrow)
    {
        var found = All($"""
            Copper stayed firm in September. Our quarterly copper forecasts:

            Q1 2027 {arrow} $9,800/t
            Q2 2027 {arrow} $10,100/t
            Q3 2027 {arrow} $10,400/t
            2H27 {arrow} $10,250/t

            Risks are skewed to the upside.
            """);

        var items = found.Where(static c => c.Source == CandidateSource.Table).ToList();
        Assert.Equal(4, items.Count);
        Assert.Contains(items, static c => c.Threshold == 9800m && c.ResolveBy == D("2027-03-31"));
        Assert.Contains(items, static c => c.Threshold == 10100m && c.ResolveBy == D("2027-06-30"));
        Assert.Contains(items, static c => c.Threshold == 10250m && c.ResolveBy == D("2027-12-31"));
        Assert.All(items, static c => Assert.Contains("/t", c.Unit ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public void ArrowList_UnitsFromTheLeadIn_KtAndBarrels()
    {
        var found = All("""
            Mine supply outlook (kt):
            2027 -> 1,240
            2028 -> 1,310

            Demand growth, bn bbl/d:
            2027 => 0.9
            2028 => 0.7
            """);

        var items = found.Where(static c => c.Source == CandidateSource.Table).ToList();
        Assert.Contains(items, static c => c.Threshold == 1240m && c.Unit == "kt" && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(items, static c => c.Threshold == 1310m && c.Unit == "kt");
        Assert.Contains(items, static c => c.Threshold == 0.7m && c.Unit == "bn bbl/d" && c.ResolveBy == D("2028-12-31"));
    }

    [Fact]
    public void ArrowList_PastQuartersTwin_StaysOut()
    {
        var found = All("""
            Realised copper prices so far:
            Q1 2026 -> $9,100/t
            Q2 2026 -> $9,350/t
            """);

        Assert.Empty(found);
    }

    [Fact]
    public void LiveBlogBullets_UnderALeadIn_CarryItsHorizonAndSubject()
    {
        var found = All("""
            Live: Reserve Bank decision

            10:42 Key projections in today's statement. The bank now sees, for the end of 2027:
            • inflation at 2.4 per cent
            • unemployment at 4.6 per cent
            • the cash rate at 3.35 per cent

            10:51 Markets barely moved. The dollar was flat at 64.2 US cents.

            11:05 From the statement, by mid-2028 the bank projects:
            - GDP growth of 2.3%
            - wages growth of 3.1%
            """);

        Assert.Contains(found, static c => c.Threshold == 2.4m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 4.6m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 3.35m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 2.3m && c.ResolveBy == D("2028-06-30"));
        Assert.Contains(found, static c => c.Threshold == 3.1m && c.ResolveBy == D("2028-06-30"));
        Assert.DoesNotContain(found, static c => c.Threshold == 64.2m);
    }

    [Fact]
    public void LiveBlogBullets_PastResultsTwin_StaysOut()
    {
        var found = All("""
            14:20 The figures released this morning for the September quarter:
            • inflation at 3.2 per cent
            • unemployment at 4.3 per cent
            """);

        Assert.DoesNotContain(found, static c => c.Threshold is 3.2m or 4.3m);
    }

    [Theory]
    [InlineData("- Unemployment: 1 to 3 per cent", 1, 3)]
    [InlineData("- Housing starts: 620,000 to 870,000", 620000, 870000)]
    [InlineData("1. Housing starts of between 620,000 and 870,000 a year", 620000, 870000)]
    [InlineData("* Inflation -> 2% to 2.5%", 2, 2.5)]
    public void ListItemRange_IsProposedAsTheRange(string item, double low, double high)
    {
        var found = All($"""
            What the commission projects for 2028:

            {item}
            """);

        var c = Assert.Single(found);
        Assert.Equal(CandidateKind.Range, c.Kind);
        Assert.Equal(((decimal)low, (decimal)high), (c.Low!.Value, c.High!.Value));
        Assert.Equal(D("2028-12-31"), c.ResolveBy);
    }

    [Fact]
    public void ListItem_SpanOfYears_IsDatedAtItsEnd()
    {
        var found = All("""
            The agency's outlook:

            - Global temperature: 1.5C above pre-industrial levels on average from 2029 to 2033
            """);

        var c = Assert.Single(found);
        Assert.Equal(D("2033-12-31"), c.ResolveBy);
        Assert.Equal(1.5m, c.Threshold);
    }
}
