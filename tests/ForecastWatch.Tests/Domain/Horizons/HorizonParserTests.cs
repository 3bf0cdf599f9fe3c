using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Tests.Domain.Horizons;

public sealed class HorizonParserTests
{
    private static readonly PartialDate May2026 = PartialDate.OfMonth(2026, 5);

    private static Horizon Parse(string text, string published)
    {
        Assert.True(HorizonParser.TryParse(text, PartialDate.Parse(published), out var h), $"'{text}' did not parse");
        return h;
    }

    [Theory]
    [InlineData("within 12 months", "2026-05", "2027-05-31")]
    [InlineData("within 12 months", "2026-05-14", "2027-05-14")]
    [InlineData("within six months", "2026-05", "2026-11-30")]
    [InlineData("within a year", "2026-05", "2027-05-31")]
    [InlineData("within 18 months", "2026-05", "2027-11-30")]
    [InlineData("in five years", "2026-05", "2031-05-31")]
    [InlineData("in five years", "2026-05-14", "2031-05-14")]
    [InlineData("In 5 years' time", "2026-05", "2031-05-31")]
    [InlineData("five years from now", "2026-05", "2031-05-31")]
    [InlineData("over the next two years", "2026-05", "2028-05-31")]
    [InlineData("within the next year", "2026-05", "2027-05-31")]
    [InlineData("in the coming year", "2026-05", "2027-05-31")]
    [InlineData("over the next decade", "2026-05", "2036-05-31")]
    [InlineData("within a 12-month period", "2026-05", "2027-05-31")]
    [InlineData("within 30 days", "2026-05-14", "2026-06-13")]
    [InlineData("within 30 days", "2026-05", "2026-06-30")]
    [InlineData("within six weeks", "2026-05-14", "2026-06-25")]
    [InlineData("within two quarters", "2026-05", "2026-11-30")]
    [InlineData("within a year and a half", "2026-05", "2027-11-30")]
    [InlineData("within one and a half years", "2026-05", "2027-11-30")]
    [InlineData("within 1.5 years", "2026-05", "2027-11-30")]
    [InlineData("within twenty-four months", "2026-05", "2028-05-31")]
    [InlineData("in a couple of years", "2026-05", "2028-05-31")]
    [InlineData("within 12 months", "2026", "2027-12-31")]
    [InlineData("within 12 months", "2026-Q2", "2027-06-30")]
    [InlineData("WITHIN SIX MONTHS", "2026-05", "2026-11-30")]
    public void TryParse_Duration_ResolvesFromPublication(string text, string published, string expected)
    {
        var h = Parse(text, published);

        Assert.Equal(DateOnly.Parse(expected), h.ResolveBy);
        Assert.Equal(HorizonKind.Duration, h.Kind);
        Assert.Null(h.Earliest);
        Assert.False(h.EndsBeforePublication);
    }

    [Theory]
    [InlineData("12-18 months", "2027-05-01", "2027-11-30")]
    [InlineData("12\u201318 months", "2027-05-01", "2027-11-30")]
    [InlineData("12 to 18 months", "2027-05-01", "2027-11-30")]
    [InlineData("in the next 6-12 months", "2026-11-01", "2027-05-31")]
    [InlineData("within two to three years", "2028-05-01", "2029-05-31")]
    [InlineData("in two or three years", "2028-05-01", "2029-05-31")]
    [InlineData("within a year or two", "2027-05-01", "2028-05-31")]
    [InlineData("between 12 and 18 months", "2027-05-01", "2027-11-30")]
    public void TryParse_Window_HasEarliestAndLatest(string text, string earliest, string latest)
    {
        var h = Parse(text, "2026-05");

        Assert.Equal(DateOnly.Parse(earliest), h.Earliest);
        Assert.Equal(DateOnly.Parse(latest), h.ResolveBy);
    }

    [Theory]
    [InlineData("by Q2 2026", "2026-06-30", DatePrecision.Quarter, false)]
    [InlineData("2026 Q1", "2026-03-31", DatePrecision.Quarter, true)]
    [InlineData("Q1 2026", "2026-03-31", DatePrecision.Quarter, true)]
    [InlineData("Q3-2027", "2027-09-30", DatePrecision.Quarter, false)]
    [InlineData("2027-Q4", "2027-12-31", DatePrecision.Quarter, false)]
    [InlineData("Q2 '27", "2027-06-30", DatePrecision.Quarter, false)]
    [InlineData("1Q27", "2027-03-31", DatePrecision.Quarter, false)]
    [InlineData("by the first quarter of 2027", "2027-03-31", DatePrecision.Quarter, false)]
    [InlineData("by the end of the third quarter of 2026", "2026-09-30", DatePrecision.Quarter, false)]
    [InlineData("in the fourth quarter of next year", "2027-12-31", DatePrecision.Quarter, false)]
    [InlineData("by Q3", "2026-09-30", DatePrecision.Quarter, false)]
    [InlineData("by Q1", "2027-03-31", DatePrecision.Quarter, false)]
    [InlineData("by the end of 2027", "2027-12-31", DatePrecision.Year, false)]
    [InlineData("by end-2027", "2027-12-31", DatePrecision.Year, false)]
    [InlineData("by year-end 2027", "2027-12-31", DatePrecision.Year, false)]
    [InlineData("by year-end", "2026-12-31", DatePrecision.Year, false)]
    [InlineData("by the end of the year", "2026-12-31", DatePrecision.Year, false)]
    [InlineData("by mid-2027", "2027-06-30", DatePrecision.Month, false)]
    [InlineData("by mid\u20132027", "2027-06-30", DatePrecision.Month, false)]
    [InlineData("by the middle of 2027", "2027-06-30", DatePrecision.Month, false)]
    [InlineData("by early 2027", "2027-04-30", DatePrecision.Month, false)]
    [InlineData("by late 2026", "2026-12-31", DatePrecision.Year, false)]
    [InlineData("by mid-to-late 2027", "2027-12-31", DatePrecision.Year, false)]
    [InlineData("by the start of 2027", "2027-01-31", DatePrecision.Month, false)]
    [InlineData("by 2028", "2028-12-31", DatePrecision.Year, false)]
    [InlineData("in 2027", "2027-12-31", DatePrecision.Year, false)]
    [InlineData("next year", "2027-12-31", DatePrecision.Year, false)]
    [InlineData("by the end of next year", "2027-12-31", DatePrecision.Year, false)]
    [InlineData("early next year", "2027-04-30", DatePrecision.Month, false)]
    [InlineData("later this year", "2026-12-31", DatePrecision.Year, false)]
    [InlineData("this year", "2026-12-31", DatePrecision.Year, false)]
    [InlineData("next quarter", "2026-09-30", DatePrecision.Quarter, false)]
    [InlineData("by the end of the quarter", "2026-06-30", DatePrecision.Quarter, false)]
    [InlineData("next month", "2026-06-30", DatePrecision.Month, false)]
    [InlineData("H2 2026", "2026-12-31", DatePrecision.Quarter, false)]
    [InlineData("2027 H1", "2027-06-30", DatePrecision.Quarter, false)]
    [InlineData("in the second half of 2026", "2026-12-31", DatePrecision.Quarter, false)]
    [InlineData("by the first half of next year", "2027-06-30", DatePrecision.Quarter, false)]
    [InlineData("by the end of the decade", "2029-12-31", DatePrecision.Year, false)]
    [InlineData("by decade's end", "2029-12-31", DatePrecision.Year, false)]
    [InlineData("by the 2030s", "2039-12-31", DatePrecision.Year, false)]
    [InlineData("by March 2027", "2027-03-31", DatePrecision.Month, false)]
    [InlineData("by the end of Sept. 2026", "2026-09-30", DatePrecision.Month, false)]
    [InlineData("by March", "2027-03-31", DatePrecision.Month, false)]
    [InlineData("by summer 2027", "2027-08-31", DatePrecision.Month, false)]
    [InlineData("in the fall of 2026", "2026-11-30", DatePrecision.Month, false)]
    [InlineData("between 2027 and 2028", "2028-12-31", DatePrecision.Year, false)]
    [InlineData("in 2027-28", "2028-12-31", DatePrecision.Year, false)]
    [InlineData("in 2025", "2025-12-31", DatePrecision.Year, true)]
    public void TryParse_CalendarPeriod_EndsOnLastDay(string text, string expected, DatePrecision precision, bool flagged)
    {
        var h = Parse(text, "2026-05");

        Assert.Equal(DateOnly.Parse(expected), h.ResolveBy);
        Assert.Equal(precision, h.Precision);
        Assert.Equal(flagged, h.EndsBeforePublication);
        Assert.Equal(HorizonKind.Period, h.Kind);
    }

    [Theory]
    [InlineData("by June 30, 2027", "2027-06-30")]
    [InlineData("by 30 June 2027", "2027-06-30")]
    [InlineData("no later than 2027-06-30", "2027-06-30")]
    [InlineData("by June 30", "2026-06-30")]
    [InlineData("by February 29, 2028", "2028-02-29")]
    [InlineData("by Feb 29, 2027", "2027-02-28")]
    public void TryParse_Day_IsDayPrecision(string text, string expected)
    {
        var h = Parse(text, "2026-05");

        Assert.Equal(DateOnly.Parse(expected), h.ResolveBy);
        Assert.Equal(DatePrecision.Day, h.Precision);
        Assert.Equal(HorizonKind.Date, h.Kind);
    }

    [Fact]
    public void TryParse_DayRange_IsWindowOfDays()
    {
        var h = Parse("October 13-15, 2026", "2026-05");

        Assert.Equal(new DateOnly(2026, 10, 13), h.Earliest);
        Assert.Equal(new DateOnly(2026, 10, 15), h.ResolveBy);
    }

    [Theory]
    [InlineData("within 1 month", "2026-01-31", "2026-02-28")]
    [InlineData("within 1 month", "2028-01-31", "2028-02-29")]
    [InlineData("within a month", "2026-01", "2026-02-28")]
    [InlineData("within a month", "2026-02", "2026-03-31")]
    [InlineData("within a year", "2028-02-29", "2029-02-28")]
    [InlineData("within 12 months", "2027-02", "2028-02-29")]
    [InlineData("within four years", "2024-02-29", "2028-02-29")]
    [InlineData("within three months", "2026-11-30", "2027-02-28")]
    [InlineData("within 3 months", "2026-Q4", "2027-03-31")]
    [InlineData("within one quarter", "2026-Q1", "2026-06-30")]
    [InlineData("within a week", "2026-12-28", "2027-01-04")]
    [InlineData("next week", "2026-05-14", "2026-05-24")]
    public void TryParse_MonthEndAndLeapYears_Clamp(string text, string published, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Parse(text, published).ResolveBy);
    }

    [Theory]
    [InlineData("12 months")]
    [InlineData("2027")]
    [InlineData("in the coming months")]
    [InlineData("within weeks")]
    [InlineData("soon")]
    [InlineData("for five years")]
    [InlineData("in may")]
    [InlineData("Q2")]
    [InlineData("the next months")]
    [InlineData("")]
    [InlineData("banana")]
    public void TryParse_NotADatedHorizon_ReturnsFalse(string text)
    {
        Assert.False(HorizonParser.TryParse(text, May2026, out _));
    }

    [Fact]
    public void FindAll_RunningText_ReturnsOffsetsIntoText()
    {
        const string text = "Prediction 3: Regulatory intervention will occur within 12 months. The FTC will act by Q2 2027.";

        var found = HorizonParser.FindAll(text, May2026);

        Assert.Equal(2, found.Count);
        Assert.Equal("within 12 months", text.Substring(found[0].Start, found[0].Length));
        Assert.Equal(new DateOnly(2027, 5, 31), found[0].Horizon.ResolveBy);
        Assert.Equal("by Q2 2027", found[1].Horizon.Text);
        Assert.Equal(new DateOnly(2027, 6, 30), found[1].Horizon.ResolveBy);
    }

    [Fact]
    public void FindAll_TableHeader_FindsQuarterFlaggedBeforePublication()
    {
        var found = HorizonParser.FindAll("| Metric | Pre-Partnership (2025 Q1) | Post-Partnership Forecast (2026 Q1) |", May2026);

        Assert.Equal(2, found.Count);
        Assert.Equal(new DateOnly(2026, 3, 31), found[1].Horizon.ResolveBy);
        Assert.True(found[1].Horizon.EndsBeforePublication);
    }

    [Theory]
    [InlineData("Revenue grew 20% over the past 12 months.")]
    [InlineData("The deal closed two years ago.")]
    [InlineData("Earlier this year the company hired 300 people.")]
    [InlineData("He worked there for five years.")]
    [InlineData("The firm has 2027 employees and 12 months of runway.")]
    [InlineData("In the last 18 months, prices doubled.")]
    [InlineData("Three years later, it collapsed.")]
    public void FindAll_PastOrNonHorizonNumbers_FindsNothing(string text)
    {
        Assert.Empty(HorizonParser.FindAll(text, May2026));
    }

    [Fact]
    public void FindAll_OverlappingPhrases_PrefersLongest()
    {
        var found = HorizonParser.FindAll("They expect a decision by the end of Q3 2026.", May2026);

        var m = Assert.Single(found);
        Assert.Equal("by the end of Q3 2026", m.Horizon.Text);
    }

    [Theory]
    [InlineData("Prices will fall in the coming months.", "in the coming months")]
    [InlineData("A deal is expected within weeks.", "within weeks")]
    [InlineData("The lab will soon release it.", "soon")]
    [InlineData("It will happen in the near future.", "in the near future")]
    [InlineData("Over the next few years, costs will fall.", "Over the next few years")]
    public void FindVague_UndatedForwardPhrase_IsFound(string text, string phrase)
    {
        var m = Assert.Single(HorizonParser.FindVague(text));

        Assert.Equal(phrase, m.Text);
        Assert.Empty(HorizonParser.FindAll(text, May2026));
    }

    [Fact]
    public void FindAll_HugeInput_CompletesLinearly()
    {
        var text = string.Concat(Enumerable.Repeat("within within 12 12 12 - - months by by Q Q 2026 ", 20_000)) + "within 12 months";

        var found = HorizonParser.FindAll(text, May2026);

        Assert.Equal(new DateOnly(2027, 5, 31), Assert.Single(found).Horizon.ResolveBy);
    }

    [Theory]
    [InlineData("by September", "2026-05", "2026-09-30")]
    [InlineData("by May", "2026-05", "2026-05-31")]
    [InlineData("by April", "2026-05", "2027-04-30")]
    [InlineData("by April", "2026-05-14", "2027-04-30")]
    [InlineData("by September", "2026-Q2", "2026-09-30")]
    [InlineData("by September", "2026-Q3", "2026-09-30")]
    [InlineData("before January", "2026-11", "2027-01-31")]
    [InlineData("by June 30", "2026-05-14", "2026-06-30")]
    [InlineData("by May 10", "2026-05-14", "2027-05-10")]
    [InlineData("by Q3", "2026-Q2", "2026-09-30")]
    public void TryParse_MonthWithoutYear_IsTheNextOneOnOrAfterPublication(string text, string published, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Parse(text, published).ResolveBy);
    }

    [Theory]
    [InlineData("by September", "2026", "2026-09-30 or 2027-09-30")]
    [InlineData("by January", "2026", "2026-01-31 or 2027-01-31")]
    [InlineData("by May", "2026-Q2", "2026-05-31 or 2027-05-31")]
    [InlineData("by May 10", "2026-05", "2026-05-10 or 2027-05-10")]
    [InlineData("by Q3", "2026", "2026-09-30 or 2027-09-30")]
    public void FindUnplaced_MonthWithoutYearInACoarselyDatedArticle_IsUndatedWithTheReason(string text, string published, string choices)
    {
        var date = PartialDate.Parse(published);

        Assert.Empty(HorizonParser.FindAll(text, date));
        var u = Assert.Single(HorizonParser.FindUnplaced(text, date));
        Assert.Equal((0, text.Length, text), (u.Start, u.Length, u.Text));
        Assert.Contains("dated only to " + published, u.Reason, StringComparison.Ordinal);
        Assert.Contains(choices, u.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("by September 2027")]
    [InlineData("within six months")]
    [InlineData("in may")]
    [InlineData("by Q3 2026")]
    public void FindUnplaced_DatedOrNoHorizon_FindsNothing(string text)
    {
        Assert.Empty(HorizonParser.FindUnplaced(text, PartialDate.OfYear(2026)));
    }

    [Theory]
    [InlineData("The central bank will cut rates at its June meeting.", "2026-05", "at its June meeting", "2026-06-30")]
    [InlineData("The central bank will cut rates at its June meeting.", "2026-08-03", "at its June meeting", "2027-06-30")]
    [InlineData("Profits will recover in the September quarter.", "2026-10", "in the September quarter", "2027-09-30")]
    [InlineData("At their March summit the leaders will sign the treaty.", "2026-01", "At their March summit", "2026-03-31")]
    public void FindAll_MonthNamingAComingEvent_IsTheNextSuchMonth(string text, string published, string words, string expected)
    {
        var h = Assert.Single(HorizonParser.FindAll(text, PartialDate.Parse(published)));

        Assert.Equal(words, h.Horizon.Text);
        Assert.Equal(words, text.Substring(h.Start, h.Length));
        Assert.Equal(DateOnly.Parse(expected), h.Horizon.ResolveBy);
        Assert.Equal(DatePrecision.Month, h.Horizon.Precision);
        Assert.False(h.Horizon.EndsBeforePublication);
    }

    [Theory]
    [InlineData("The board may march in the streets at its may meeting.")]
    [InlineData("Sales fell after the June meeting.")]
    public void FindAll_MonthWordThatIsNotAComingEventMonth_FindsNothing(string text)
    {
        Assert.Empty(HorizonParser.FindAll(text, May2026));
    }

    [Fact]
    public void FindUnplaced_MonthNamingAComingEventInAYearOnlyArticle_SaysWhy()
    {
        var u = Assert.Single(HorizonParser.FindUnplaced("The central bank will cut rates at its June meeting.", PartialDate.OfYear(2026)));

        Assert.Equal("at its June meeting", u.Text);
        Assert.Contains("2026-06-30 or 2027-06-30", u.Reason, StringComparison.Ordinal);
    }
}
