using System.Globalization;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// The article-level document model (issue 15, dates from the article): the period an outlook names once in its
/// title, standfirst, lead or a section heading, the sections that scope it, and the issuer's fiscal year. Unit tests on
/// the model, then whole short articles (written for these tests) through the extractor, each with a twin that must
/// keep what its own sentence says.
/// </summary>
public sealed class ArticleFrameTests
{
    private static readonly PartialDate October = PartialDate.OfDay(new DateOnly(2026, 10, 15));
    private static readonly PartialDate December = PartialDate.OfDay(new DateOnly(2026, 12, 4));

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private static ArticleFrame Frame(string text, PartialDate? published = null, int? fiscalEndMonth = null) =>
        ArticleFrame.Read(text, published ?? October, true, null, fiscalEndMonth);

    // ---- the model ----

    [Theory]
    [InlineData("Our 2027 outlook: growth slows, rates fall", "2027-12-31", "title")]
    [InlineData("Predictions for next year: ten calls on tech", "2027-12-31", "title")]
    [InlineData("This year's forecast for the wheat crop", "2026-12-31", "title")]
    [InlineData("Winter Outlook: a mild, wet season ahead for the north", "2027-02-28", "title")]
    [InlineData("Winter 2026/27 outlook: mild and wet", "2027-02-28", "title")]
    [InlineData("Steelmaker lifts guidance for the fiscal year ending March 2027", "2027-03-31", "title")]
    [InlineData("Shipbuilders to deliver record tonnage next year, ministry says", "2027-12-31", "title")]
    public void Title_NamesThePeriod(string title, string end, string from)
    {
        var frame = Frame(title + "\n\nThe agency published its numbers on Tuesday in a long report with many tables and notes.\n");

        Assert.NotNull(frame.Period);
        Assert.Equal(D(end), frame.Period.ResolveBy);
        Assert.Equal(from, frame.Period.From);
    }

    [Theory]
    [InlineData("Shipbuilders delivered record tonnage this year, ministry says")] // a past headline
    [InlineData("Spring 2026 Economic Forecast")] // the year names the edition
    [InlineData("Our 2025 outlook, revisited")] // a year already over
    [InlineData("Profits to rise in 2027 and 2028, survey finds")] // two years: no one period
    [InlineData("Central bank holds rates steady")] // no period at all
    [InlineData("Met service gives three-month winter weather outlook")] // the outlook covers the three months
    [InlineData("Revision from the autumn forecast is small, says council")] // an earlier edition
    public void Title_WithoutOnePeriodAhead_NamesNone(string title)
    {
        var frame = Frame(title + "\n\nThe agency published its numbers on Tuesday in a long report with many tables and notes.\n");

        Assert.Null(frame.Period);
    }

    [Fact]
    public void Lead_NamesThePeriodOnlyWithAnOutlookWord()
    {
        var withNoun = Frame("Chip makers\n\nThe trade body today released its forecasts for 2027, with memory leading the way again.\n");
        var without = Frame("Chip makers\n\nMemory makers sold more chips in 2027 than anyone had thought they would at the start.\n");

        var edition = Frame("Chip makers\n\nThe numbers are an upward revision of two points from the autumn forecast, the body said.\n");
        Assert.Null(edition.Period);
        Assert.Equal(D("2027-12-31"), withNoun.Period?.ResolveBy);
        Assert.Equal("lead", withNoun.Period?.From);
        Assert.Null(without.Period);
    }

    [Fact]
    public void Sections_ALookBackHasNoPeriod_ALaterHeadingTakesItsOwnOrTheArticles()
    {
        const string text = """
            My predictions for 2027

            Every December I make calls for the year ahead and own up to the old ones in the same column.

            Last year's calls

            I said phones would grow 3% and they grew 1.4%, which was not close at all to what I said.

            The new calls

            Phones will grow no more than 2% and three states will pass laws on labelling fakes.

            2028 and beyond: the long view

            Robots will be common in warehouses within a few years of the new rules coming in.
            """;
        var frame = Frame(text, December);
        var past = text.IndexOf("I said phones", StringComparison.Ordinal);
        var calls = text.IndexOf("Phones will grow", StringComparison.Ordinal);
        var longView = text.IndexOf("Robots will", StringComparison.Ordinal);

        Assert.Equal(D("2027-12-31"), frame.Period?.ResolveBy);
        Assert.Null(frame.PeriodAt(past));
        Assert.Equal(D("2027-12-31"), frame.PeriodAt(calls)?.ResolveBy);
        Assert.Equal(D("2028-12-31"), frame.PeriodAt(longView)?.ResolveBy);
    }

    [Theory]
    [InlineData("FY27 guidance: more copper, less nickel", 6, "2027-06-30")]
    [InlineData("2026-27 budget: the minister's numbers", 3, "2027-03-31")]
    [InlineData("Forecasts for 2027/28: what the council expects", 3, "2028-03-31")]
    public void FiscalPeriod_EndsWhereTheIssuersYearEnds(string title, int endMonth, string end)
    {
        var frame = Frame(title + "\n\nThe company published its numbers on Tuesday in a long report with many tables and notes.\n",
            PartialDate.OfDay(new DateOnly(2026, 7, 21)), endMonth);

        Assert.Equal(D(end), frame.Period?.ResolveBy);
        Assert.True(frame.Period?.Fiscal);
    }

    [Fact]
    public void FiscalPeriod_WithoutAYearEnd_IsNotGuessed()
    {
        var frame = Frame("FY27 guidance: more copper, less nickel\n\nThe company published its numbers on Tuesday in a long report.\n",
            PartialDate.OfDay(new DateOnly(2026, 7, 21)));

        Assert.Null(frame.Period);
    }

    [Fact]
    public void RelativePeriod_WithoutAPublicationDate_IsNotGuessed()
    {
        var relative = ArticleFrame.Read("Predictions for next year\n\nA long lead paragraph that says nothing of dates at all here.\n",
            PartialDate.OfYear(1990), false);
        var absolute = ArticleFrame.Read("Predictions for 2027\n\nA long lead paragraph that says nothing of dates at all here.\n",
            PartialDate.OfYear(1990), false);

        Assert.Null(relative.Period);
        Assert.Equal(D("2027-12-31"), absolute.Period?.ResolveBy);
    }

    // ---- whole articles through the extractor ----

    private static List<PredictionCandidate> Extract(string text, PartialDate published) =>
        PredictionExtractor.Extract(text, published).Candidates.ToList();

    private static PredictionCandidate One(List<PredictionCandidate> found, string quotePart) =>
        Assert.Single(found, c => c.Quote.Contains(quotePart, StringComparison.Ordinal));

    [Fact]
    public void Outlook_SentenceWithoutHorizon_TakesTheTitlesPeriod_OneWithItsOwnKeepsIt()
    {
        const string text = """
            Ferry operators' 2027 outlook: more passengers, thinner margins

            The operators' association released its annual outlook on Monday, with traffic expected to keep growing.

            Passenger numbers are forecast to reach 41 million, the association said. Freight volumes are expected to grow 4% by 2029.
            """;
        var found = Extract(text, October);

        var implicitPeriod = One(found, "41 million");
        var ownHorizon = One(found, "4% by 2029");
        Assert.Equal(D("2027-12-31"), implicitPeriod.ResolveBy);
        Assert.Equal(D("2029-12-31"), ownHorizon.ResolveBy);
    }

    [Fact]
    public void NoOutlookPeriod_SentenceWithoutHorizon_StaysUndated()
    {
        const string text = """
            Ferry operators warn on fuel costs

            The operators' association released its annual report on Monday, with traffic expected to keep growing.

            Passenger numbers are forecast to reach 41 million, the association said.
            """;
        var found = Extract(text, October);

        Assert.Null(One(found, "41 million").ResolveBy);
    }

    [Fact]
    public void SeasonOutlook_ListUnderIt_TakesTheSeasonsEnd()
    {
        const string text = """
            Winter Outlook: wet north, dry south

            Forecasters at the weather service today issued their outlook for the coming months across the country.

            Highlights of the outlook:

            - Wetter-than-average conditions are favored in the northern valleys.
            - Snowfall in the eastern ranges will be near normal by 2028, the service said.
            """;
        var found = Extract(text, October);

        Assert.Equal(D("2027-02-28"), One(found, "Wetter-than-average").ResolveBy);
        Assert.Equal(D("2028-12-31"), One(found, "by 2028").ResolveBy);
    }

    [Fact]
    public void PredictionsForNextYear_EndOfTheYear_IsThatYears_ThisYearStaysThisYear()
    {
        const string text = """
            My predictions for 2027

            Every December I make my calls for the coming year and own up to the old ones in the same column.

            Driverless taxis will carry paying passengers in 12 cities by the end of the year.

            Chip sales will rise 9% this year, the analysts I trust say, before a pause.
            """;
        var found = Extract(text, December);

        Assert.Equal(D("2027-12-31"), One(found, "12 cities").ResolveBy);
        Assert.Equal(D("2026-12-31"), One(found, "this year").ResolveBy);
    }

    [Fact]
    public void LookBackSection_SentenceWithoutHorizon_IsNotGivenTheOutlooksPeriod()
    {
        const string text = """
            My predictions for 2027

            Every December I make my calls for the coming year and own up to the old ones in the same column.

            Last year's calls

            I thought the index would reach 5,000, and it did not get close to that level at all.

            The new calls

            The index will reach 5,400, I think, as the cycle turns once more.
            """;
        var found = Extract(text, December);

        Assert.Equal(D("2027-12-31"), One(found, "5,400").ResolveBy);
        Assert.DoesNotContain(found, c => c.Quote.Contains("5,000", StringComparison.Ordinal) && c.ResolveBy == D("2027-12-31"));
    }

    [Fact]
    public void FiscalGuidance_FirstHalf_IsTheIssuersHalf_DecemberQuarterKeepsItsYear()
    {
        const string text = """
            FY27 GUIDANCE AND QUARTERLY REPORT

            The miner expects to ship 290 Mt of ore in the year ending 30 June 2027, in line with last year.

            Unit costs are expected to be at the lower end of guidance in the first half.
            The new mine remains on track for first production in the December quarter of 2027.
            Copper output is expected to reach 350 kt.
            """;
        var found = Extract(text, PartialDate.OfDay(new DateOnly(2026, 7, 21)));

        Assert.Equal(D("2026-12-31"), One(found, "first half").ResolveBy);
        Assert.Equal(D("2027-12-31"), One(found, "December quarter").ResolveBy);
        Assert.Equal(D("2027-06-30"), One(found, "350 kt").ResolveBy);
    }

    [Fact]
    public void CalendarYearCompany_FirstHalf_KeepsTheCalendarRule()
    {
        const string text = """
            2027 outlook: steady growth

            The retailer released its outlook for next year on Monday, with sales expected to keep growing.

            Margins are expected to improve in the first half.
            """;
        var found = Extract(text, October);

        Assert.Equal(D("2027-06-30"), One(found, "first half").ResolveBy);
    }

    [Fact]
    public void YearAsModifier_DatesTheSentence_NoYearStaysUndated()
    {
        const string text = """
            Chip makers brace for a slower cycle

            The trade body spoke to reporters on Tuesday about demand for memory and logic chips this quarter.

            Should data-centre spending slow, 2027 growth could fall to as little as 2%, the chair said.

            Should data-centre spending slow, growth could fall to as little as 1%, the chair added.
            """;
        var found = Extract(text, October);

        Assert.Equal(D("2027-12-31"), One(found, "as little as 2%").ResolveBy);
        Assert.Null(One(found, "as little as 1%").ResolveBy);
    }

    [Fact]
    public void SentenceBefore_InTheSameParagraph_GivesItsYear_NotAcrossParagraphs()
    {
        const string text = """
            Chip makers brace for a slower cycle

            The trade body spoke to reporters on Tuesday about demand for memory and logic chips this quarter.

            Memory sales are expected to rise 24.8% in 2027 on strong prices. Logic sales are seen up 14.1%.

            Analog sales are seen up 3.5%.
            """;
        var found = Extract(text, October);

        Assert.Equal(D("2027-12-31"), One(found, "14.1%").ResolveBy);
        Assert.Null(One(found, "3.5%").ResolveBy);
    }

    [Fact]
    public void QuarterLeadIn_DatesTheListUnderIt_NotTheParagraphAfter()
    {
        const string text = """
            Container freight weekly

            The composite index fell 3% this week to $1,812 per container, and is well below the same week last year.

            Our first-quarter outlook by lane (average spot rate per container):

              Shanghai-Rotterdam -> $2,450
              Shanghai-Genoa -> $2,900

            Charter rates are expected to ease to $40,000 a day, brokers said.
            """;
        var found = Extract(text, December);

        Assert.Equal(D("2027-03-31"), One(found, "Rotterdam").ResolveBy);
        Assert.Null(One(found, "$40,000").ResolveBy);
    }
}
