using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;
using ForecastWatch.Ingestion;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Table and list cells the reader missed (issue 15, item 4, second round): currencies and units glued to the number,
/// negative cells, tables dated by prose away from them or by named periods, fiscal years, HTML tables with spans and
/// header rows, value-first and "Key forecasts:" lists. Written before the fix; each class has a twin that stays out.
/// </summary>
public sealed class ExtractionTablesDatesTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 14));

    private static List<PredictionCandidate> All(string body, PartialDate? published = null) =>
        PredictionExtractor.Extract("Desk copy\n\n" + body + "\n", published ?? Published).Candidates.ToList();

    private static List<PredictionCandidate> Cells(string body, PartialDate? published = null) =>
        All(body, published).Where(static c => c.Source == CandidateSource.Table).ToList();

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    // ---- 1. values the number parser missed ----

    [Theory]
    [InlineData("R17.20", 17.20, "ZAR")]
    [InlineData("NZ$1.2bn", 1.2, "NZD billion")]
    [InlineData("\u00A5150", 150, "JPY")]
    [InlineData("\u20A91,350", 1350, "KRW")]
    [InlineData("\u20AC1.2tn", 1.2, "EUR trillion")]
    [InlineData("2.5x", 2.5, "times")]
    [InlineData("25bps", 25, "basis points")]
    [InlineData("0.3pp", 0.3, "percentage points")]
    public void TableCell_CurrencyOrUnitGlued_IsReadWithItsUnit(string cell, double value, string unitPart)
    {
        var found = Cells($"""
            Our forecasts:

            | Indicator | 2025 | 2027F |
            |---|---|---|
            | Headline measure | 1 | {cell} |
            """);

        var c = Assert.Single(found);
        Assert.Equal((decimal)value, c.Threshold);
        Assert.Contains(unitPart, c.Unit ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(D("2027-12-31"), c.ResolveBy);
    }

    [Theory]
    [InlineData("(1.2)", -1.2)]
    [InlineData("\u22120.4", -0.4)]
    [InlineData("-0.4%", -0.4)]
    [InlineData("(0.5)%", -0.5)]
    public void TableCell_Negative_KeepsItsSign(string cell, double value)
    {
        var found = Cells($"""
            | Growth, % | 2025 | 2027F |
            |---|---|---|
            | Construction | 1.1 | {cell} |
            """);

        var c = Assert.Single(found);
        Assert.Equal((decimal)value, c.Threshold);
    }

    [Theory]
    [InlineData("a 3.00%-3.25% range", 3.00, 3.25)]
    [InlineData("$70\u2013$75/bbl", 70, 75)]
    [InlineData("1.5 to 2 per cent", 1.5, 2)]
    public void ListItem_RangeWithUnitsOnBothEnds_IsTheRange(string value, double low, double high)
    {
        var found = All($"""
            What the bank projects for the end of 2027:

            - Policy setting: {value}
            """);

        var c = Assert.Single(found);
        Assert.Equal(CandidateKind.Range, c.Kind);
        Assert.Equal(((decimal)low, (decimal)high), (c.Low!.Value, c.High!.Value));
    }

    [Fact]
    public void Prose_LakhCrore_IsReadAsOneValue()
    {
        var found = All("The ministry expects capital spending to reach Rs 8.5 lakh crore in 2027.");

        var c = Assert.Single(found);
        Assert.Equal(8.5m, c.Threshold);
        Assert.Contains("lakh crore", c.Unit ?? "", StringComparison.OrdinalIgnoreCase);
    }

    // ---- 2. tables dated by prose further up, captions after, headings, named periods ----

    [Fact]
    public void Table_DatedByProseTwoParagraphsUp_TakesThatYear()
    {
        var found = Cells("""
            Forecasts for 2027:

            The bank's economists revised their views after the September data.

            | Indicator | Forecast |
            |---|---|
            | GDP growth, % | 1.9 |
            | Inflation, % | 2.3 |
            """);

        Assert.Equal(2, found.Count);
        Assert.All(found, static c => Assert.Equal(D("2027-12-31"), c.ResolveBy));
    }

    [Fact]
    public void Table_DatedByACaptionAfterIt_TakesThatYear()
    {
        var found = Cells("""
            | Region | Forecast |
            |---|---|
            | North | 4.1% |
            | South | 3.6% |

            Table 2: Projected unemployment rates for 2028.
            """);

        Assert.Equal(2, found.Count);
        Assert.All(found, static c => Assert.Equal(D("2028-12-31"), c.ResolveBy));
    }

    [Fact]
    public void Table_UnderASectionHeadingOutlook_TakesItsYear()
    {
        var found = Cells("""
            Outlook 2027

            Prices are expected to ease through the year.

            | Metal | Average price |
            |---|---|
            | Copper ($/t) | 9,400 |
            | Zinc ($/t) | 2,650 |
            """);

        Assert.Equal(2, found.Count);
        Assert.All(found, static c => Assert.Equal(D("2027-12-31"), c.ResolveBy));
    }

    [Fact]
    public void Table_ActualsTwin_UnderAPastHeading_StaysOut()
    {
        var found = Cells("""
            Results 2025

            | Metal | Average price |
            |---|---|
            | Copper ($/t) | 9,100 |
            | Zinc ($/t) | 2,700 |
            """);

        Assert.Empty(found);
    }

    [Theory]
    [InlineData("Year to June 2027", "2027-06-30")]
    [InlineData("FY2028", "2028-06-30")]
    [InlineData("2027/28", "2028-06-30")]
    [InlineData("Dec-27", "2027-12-31")]
    [InlineData("Q4/27", "2027-12-31")]
    [InlineData("4Q27", "2027-12-31")]
    [InlineData("H1 CY27", "2027-06-30")]
    [InlineData("June 2028 year", "2028-06-30")]
    public void Table_NamedPeriodColumn_IsDatedAtItsEnd(string header, string end)
    {
        var found = Cells($"""
            Treasury forecasts. Years end 30 June.

            | Measure | 2025 | {header} |
            |---|---|---|
            | Unemployment rate, % | 4.0 | 4.6 |
            """);

        var c = Assert.Single(found);
        Assert.Equal(4.6m, c.Threshold);
        Assert.Equal(D(end), c.ResolveBy);
    }

    [Fact]
    public void ListItem_DatedByAnEarlierBullet_TakesItsYear()
    {
        var found = All("""
            The council's housing outlook:

            - 2027: completions recover
              - Auckland: 14,500 homes
              - Wellington: 3,200 homes
            """);

        Assert.Contains(found, static c => c.Threshold == 14500m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 3200m && c.ResolveBy == D("2027-12-31"));
    }

    // ---- 3. fiscal and statistical years in prose ----

    [Theory]
    [InlineData("Treasury expects the deficit to narrow to 2.1% of GDP in the year to June 2027.", "2027-06-30")]
    [InlineData("Treasury expects the deficit to narrow to 2.1% of GDP in the June 2028 year.", "2028-06-30")]
    [InlineData("The OBR expects the deficit to narrow to 2.1% of GDP in 2027-28.", "2028-03-31")]
    [InlineData("The RBI expects growth of 2.1% in FY28.", "2028-03-31")]
    [InlineData("The Bank of Japan expects core inflation of 2.1% in fiscal 2027.", "2028-03-31")]
    public void Prose_FiscalYear_IsDatedAtItsEnd(string sentence, string end)
    {
        var found = All(sentence);

        var c = Assert.Single(found);
        Assert.Equal(2.1m, c.Threshold);
        Assert.Equal(D(end), c.ResolveBy);
    }

    [Fact]
    public void Prose_SplitYear_InANewZealandArticleDated31December_EndsInJune()
    {
        var found = All(
            "The Treasury's half-year update, covering years to June, sees net debt peaking at 46% of GDP in 2027/28.",
            PartialDate.OfDay(new DateOnly(2026, 12, 31)));

        var c = Assert.Single(found);
        Assert.Equal(D("2028-06-30"), c.ResolveBy);
    }

    // ---- 4. HTML tables ----

    [Fact]
    public void HtmlTable_TheadWithGroupRowAndUnitsRow_AndRowspan_ReadsEveryForecastCell()
    {
        const string Html = """
            <html><head><title>Outlook</title></head><body><article>
            <h1>Outlook</h1>
            <p>The central bank published its new projections on Tuesday, and the staff see growth slowing next year.</p>
            <table>
              <thead>
                <tr><th rowspan="2">Indicator</th><th>Actual</th><th colspan="2">Forecast</th></tr>
                <tr><th>2025</th><th>2027</th><th>2028</th></tr>
                <tr><th></th><th>%</th><th>%</th><th>%</th></tr>
              </thead>
              <tbody>
                <tr><td>GDP growth</td><td>1.2</td><td>1.6*</td><td>1.8¹</td></tr>
                <tr><td>Inflation</td><td>3.1</td><td>2.4(p)</td><td>2.0</td></tr>
              </tbody>
            </table>
            <p>* Staff estimate. ¹ Assumes no change in policy.</p>
            </article></body></html>
            """;
        var page = HtmlArticleReader.Read(Html);
        var found = PredictionExtractor.Extract(page.Text, Published).Candidates
            .Where(static c => c.Source == CandidateSource.Table).ToList();

        Assert.Equal(4, found.Count);
        Assert.Contains(found, static c => c.Threshold == 1.6m && c.ResolveBy == D("2027-12-31") && c.Unit == "%");
        Assert.Contains(found, static c => c.Threshold == 1.8m && c.ResolveBy == D("2028-12-31"));
        Assert.Contains(found, static c => c.Threshold == 2.4m && c.ResolveBy == D("2027-12-31"));
        Assert.DoesNotContain(found, static c => c.Threshold is 1.2m or 3.1m);
    }

    [Fact]
    public void HtmlTable_RowspanLabel_IsRepeatedForTheRowsItSpans()
    {
        const string Html = """
            <html><body><article>
            <p>Regional forecasts from the statistics office, published with the quarterly review of the economy.</p>
            <table>
              <tr><th>Region</th><th>Measure</th><th>2027F</th></tr>
              <tr><td rowspan="2">North</td><td>Jobs growth %</td><td>1.1</td></tr>
              <tr><td>House prices %</td><td>3.4</td></tr>
            </table>
            </article></body></html>
            """;
        var page = HtmlArticleReader.Read(Html);

        Assert.Contains("| North | House prices % | 3.4 |", page.Text, StringComparison.Ordinal);
        var found = PredictionExtractor.Extract(page.Text, Published).Candidates
            .Where(static c => c.Source == CandidateSource.Table).ToList();
        Assert.Contains(found, static c => c.Threshold == 3.4m);
        Assert.Contains(found, static c => c.Threshold == 1.1m);
    }

    [Fact]
    public void Table_ActualsWithOneColumnFlaggedByAFootnote_ReadsOnlyThatColumn()
    {
        var found = Cells("""
            | Country | 2023 | 2024 | 2025 | 2026f |
            |---|---|---|---|---|
            | Kenya | 5.6 | 4.7 | 4.9 | 5.1 |
            | Ghana | 3.1 | 5.7 | 4.0 | 4.3 |
            f = forecast. Source: national statistics offices.
            """, PartialDate.OfDay(new DateOnly(2026, 3, 2)));

        Assert.Equal(2, found.Count);
        Assert.All(found, static c => Assert.Equal(D("2026-12-31"), c.ResolveBy));
    }

    [Fact]
    public void Table_ActualsOnlyTwin_StaysOut()
    {
        var found = Cells("""
            | Country | 2022 | 2023 | 2024 | 2025 |
            |---|---|---|---|---|
            | Kenya | 4.9 | 5.6 | 4.7 | 4.9 |
            | Ghana | 3.8 | 3.1 | 5.7 | 4.0 |
            Source: national statistics offices.
            """, PartialDate.OfDay(new DateOnly(2026, 3, 2)));

        Assert.Empty(found);
    }

    // ---- 5. lists ----

    [Fact]
    public void ValueFirstBullets_UnderALeadIn_AreOnePerItem()
    {
        var found = All("""
            The commission's forecasts for next year:

            • 2.1% — euro-area growth
            • 1.9% — euro-area inflation
            • 6.4% — unemployment
            """);

        Assert.Contains(found, static c => c.Threshold == 2.1m && c.ResolveBy == D("2027-12-31")
            && c.Claim.Contains("growth", StringComparison.Ordinal));
        Assert.Contains(found, static c => c.Threshold == 1.9m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 6.4m && c.ResolveBy == D("2027-12-31"));
    }

    [Fact]
    public void KeyForecastsBlock_LabelValuePairs_AreRead()
    {
        var found = All("""
            Key forecasts (2027):
            GDP growth: 1.4%
            CPI inflation: 2.2%
            Bank Rate: 3.25%
            """);

        Assert.Equal(3, found.Count);
        Assert.All(found, static c => Assert.Equal(D("2027-12-31"), c.ResolveBy));
    }

    [Fact]
    public void HtmlDefinitionList_IsReadAsLabelValuePairs()
    {
        const string Html = """
            <html><body><article>
            <p>The institute set out its central projections for 2027 in a note to clients on Monday morning.</p>
            <p>Central projections for 2027:</p>
            <dl>
              <dt>GDP growth</dt><dd>1.4%</dd>
              <dt>Unemployment</dt><dd>4.9%</dd>
            </dl>
            </article></body></html>
            """;
        var page = HtmlArticleReader.Read(Html);

        Assert.Contains("GDP growth: 1.4%", page.Text, StringComparison.Ordinal);
        var found = PredictionExtractor.Extract(page.Text, Published).Candidates;
        Assert.Contains(found, static c => c.Threshold == 1.4m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 4.9m && c.ResolveBy == D("2027-12-31"));
    }

    [Fact]
    public void KeyFiguresBlock_OfPastResults_StaysOut()
    {
        var found = All("""
            Key figures (2025):
            GDP growth: 1.1%
            CPI inflation: 2.9%
            """);

        Assert.Empty(found);
    }

    // ---- found on the development sets after the first pass ----

    [Fact]
    public void ArrowBullets_WithQuarterLabels_AreOnePerItem()
    {
        var found = All("""
            Our quarterly price path (LME cash, US$/t, quarterly averages):

            -> 1Q27: $11,200/t
            -> 2Q27: $11,800/t
            -> 2028 average: $12,000/t
            """);

        Assert.Contains(found, static c => c.Threshold == 11200m && c.ResolveBy == D("2027-03-31"));
        Assert.Contains(found, static c => c.Threshold == 11800m && c.ResolveBy == D("2027-06-30"));
        Assert.Contains(found, static c => c.Threshold == 12000m && c.ResolveBy == D("2028-12-31"));
    }

    [Fact]
    public void ArrowBullets_OfPastQuarters_StayOut()
    {
        var found = All("""
            Realised prices (LME cash, US$/t):

            -> 1Q26: $9,200/t
            -> 2Q26: $9,600/t
            """);

        Assert.Empty(found);
    }

    [Fact]
    public void AlignedTable_YearAndWordHeaders_ReadsTheColumnsAhead()
    {
        var found = Cells("""
            Worldwide Smartphone Forecast: Shipments by Platform (millions of units)

            Platform       2025 Shipments    2027 Shipments*    2030 Shipments*
            Android                 998.4            1,015.7            1,052.0
            iOS                     232.1              241.0              253.8

            * Forecast
            """, PartialDate.OfDay(new DateOnly(2026, 12, 4)));

        Assert.Equal(4, found.Count);
        Assert.Contains(found, static c => c.Threshold == 1015.7m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 253.8m && c.ResolveBy == D("2030-12-31"));
        Assert.DoesNotContain(found, static c => c.Threshold is 998.4m or 232.1m);
    }

    [Fact]
    public void AlignedTable_YearAndWordHeaders_AllPast_StaysOut()
    {
        var found = Cells("""
            Shipments by platform (millions of units)

            Platform       2024 Shipments    2025 Shipments
            Android                 990.2              998.4
            iOS                     229.0              232.1
            """, PartialDate.OfDay(new DateOnly(2026, 12, 4)));

        Assert.Empty(found);
    }

    [Fact]
    public void LeadIn_NamingAPressConference_StillLeadsTheForecastList()
    {
        var found = All("""
            Morgan Stanley's updated forecasts, sent to clients after the press conference:

            - Fed funds rate at 3.375% (midpoint) by end-2027
            - Real GDP growth of 1.7% next year
            """);

        Assert.Contains(found, static c => c.Threshold == 3.375m && c.ResolveBy == D("2027-12-31"));
        Assert.Contains(found, static c => c.Threshold == 1.7m && c.ResolveBy == D("2027-12-31"));
    }

    [Fact]
    public void Table_UnderOutlookHeading_CurrentColumnStaysOut()
    {
        var found = Cells("""
            Outlook 2027

            | Metal | Current | Average price |
            |---|---|---|
            | Copper ($/t) | 9,900 | 9,400 |
            """);

        var c = Assert.Single(found);
        Assert.Equal(9400m, c.Threshold);
    }
}
