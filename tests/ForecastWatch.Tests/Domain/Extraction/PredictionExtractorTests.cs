using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

public sealed class PredictionExtractorTests
{
    private static readonly PartialDate Published = PartialDate.OfMonth(2026, 5);

    private static IReadOnlyList<PredictionCandidate> Extract(string text, PartialDate? published = null, ExtractionOptions? options = null)
    {
        var result = PredictionExtractor.Extract(text, published ?? Published, options);
        foreach (var c in result.Candidates)
        {
            Assert.Equal(c.Quote, text[c.Start..c.End]);
        }

        return result.Candidates;
    }

    [Fact]
    public void Extract_NumberedVerdictWithDuration_ResolvesFromPublication()
    {
        const string text = """
            Our verdict

            Prediction 1: Within 18 months, the utility will retire its last coal plant in the state. The move will anger unions.

            Prediction 2: Regulators will approve the new grid tariff within 12 months.
            """;

        var found = Extract(text);

        Assert.Equal(3, found.Count);
        Assert.Equal("Within 18 months, the utility will retire its last coal plant in the state.", found[0].Quote);
        Assert.True(found[1].Undated);
        Assert.True(found[1].Confidence < found[0].Confidence);
        Assert.Equal(new DateOnly(2027, 11, 30), found[0].ResolveBy);
        Assert.Equal(CandidateSource.Verdict, found[0].Source);
        Assert.Equal("By 2027-11-30, the utility will retire its last coal plant in the state.", found[0].Claim);
        Assert.Equal(new DateOnly(2027, 5, 31), found[2].ResolveBy);
        Assert.Equal("will", found[2].Hedge);
        Assert.Equal(0.9, found[2].Probability);
    }

    [Fact]
    public void Extract_DayPrecisionPublication_ResolvesToTheDay()
    {
        var found = Extract("Analysts say the central bank will cut its policy rate within six months.",
            PartialDate.OfDay(new DateOnly(2026, 5, 14)));

        Assert.Equal(new DateOnly(2026, 11, 14), Assert.Single(found).ResolveBy);
    }

    [Fact]
    public void Extract_ConditionalThreshold_ReadsConditionThresholdAndMetric()
    {
        const string text =
            "What to watch next: If more than 20% of coalition lawmakers defect within three months, the government is finished.";

        var c = Assert.Single(Extract(text));

        // The claim is the event; the threshold is the condition's own (as the curated seeds model it).
        Assert.Equal(CandidateKind.Event, c.Kind);
        var d = Assert.IsType<CandidateCondition>(c.ConditionDetail);
        Assert.Equal(CandidateKind.Threshold, d.Kind);
        Assert.Equal(">", d.Comparator);
        Assert.Equal(20m, d.Threshold);
        Assert.Equal("%", d.Unit);
        Assert.Equal("coalition lawmakers defect", d.Metric);
        Assert.Equal(new DateOnly(2026, 8, 31), d.ResolveBy);
        Assert.Equal("If more than 20% of coalition lawmakers defect within three months", c.Condition);
        Assert.Equal(new DateOnly(2026, 8, 31), c.ResolveBy);
        Assert.Equal(CandidateSource.Outlook, c.Source);
    }

    [Fact]
    public void Extract_StatedProbability_WinsOverHedgeWords()
    {
        var c = Assert.Single(Extract("We see a 70% chance that the Federal Reserve will probably cut rates by June 2027."));

        Assert.Equal(0.7, c.Probability);
        Assert.Equal("70% chance", c.Hedge);
        Assert.Equal(new DateOnly(2027, 6, 30), c.ResolveBy);
    }

    [Fact]
    public void Extract_StatedProbabilityWithoutModal_IsAForecast()
    {
        var c = Assert.Single(Extract("\"We see a 60% chance of two more rate cuts before year-end,\" said the bank's chief economist."));

        Assert.Equal(0.6, c.Probability);
        Assert.Equal(new DateOnly(2026, 12, 31), c.ResolveBy);
    }

    [Fact]
    public void Extract_HedgedThreshold_ReadsProbabilityAndCurrency()
    {
        var c = Assert.Single(Extract("Brent crude is unlikely to exceed $100 a barrel by the end of 2027, the agency said."));

        Assert.Equal("unlikely", c.Hedge);
        Assert.Equal(0.3, c.Probability);
        Assert.Equal(CandidateKind.Threshold, c.Kind);
        Assert.Equal(">", c.Comparator);
        Assert.Equal(100m, c.Threshold);
        Assert.Equal("USD", c.Unit);
        Assert.Equal(new DateOnly(2027, 12, 31), c.ResolveBy);
    }

    [Fact]
    public void Extract_Range_ReadsLowHighAndUnit()
    {
        var c = Assert.Single(
            Extract("The opposition is expected to win between 280 and 310 seats in the 2029 general election, by the end of 2029."));

        Assert.Equal(CandidateKind.Range, c.Kind);
        Assert.Equal(280m, c.Low);
        Assert.Equal(310m, c.High);
        Assert.Equal("seats", c.Unit);
        Assert.Equal(0.75, c.Probability);
    }

    [Fact]
    public void Extract_ForecastTableColumn_EachRowIsAPredictionForThatPeriod()
    {
        const string text = """
            Capacity outlook for the region.

            | Source | 2025 capacity (GW) | 2027 forecast (GW) | Change |
            |---|---|---|---|
            | Solar | 42 | 55-60 | +31% |
            | Offshore wind | 11.5 | 14 | +22% |
            | Gas peakers | 20 | N/A | n/a |
            """;

        var found = Extract(text);

        Assert.Equal(2, found.Count);
        Assert.All(found, c => Assert.Equal(new DateOnly(2027, 12, 31), c.ResolveBy));
        Assert.All(found, c => Assert.Equal(CandidateSource.Table, c.Source));
        Assert.Equal(CandidateKind.Range, found[0].Kind);
        Assert.Equal((55m, 60m), (found[0].Low!.Value, found[0].High!.Value));
        Assert.Equal("Solar", found[0].Metric);
        Assert.Equal("| Solar | 42 | 55-60", found[0].Quote); // the row up to its cell: one quote per proposal
        Assert.Equal(14m, found[1].Threshold);
        Assert.Equal("=", found[1].Comparator);
    }

    [Fact]
    public void Extract_ForecastColumnForAPastQuarter_IsKeptAndFlagged()
    {
        const string text = """
            | Metric | Actual (2025 Q1) | Forecast (2026 Q1) |
            |---|---|---|
            | Average ticket price | $48.00 | $52.50 |
            """;

        var c = Assert.Single(Extract(text));

        Assert.True(c.EndsBeforePublication);
        Assert.Equal(new DateOnly(2026, 3, 31), c.ResolveBy);
        Assert.Equal(52.50m, c.Threshold);
        Assert.Equal("USD", c.Unit);
    }

    [Fact]
    public void Extract_TableOfPastFigures_IsNotAForecast()
    {
        const string text = """
            | Club | 2024 Revenue (Est.) | Titles |
            |---|---|---|
            | Rovers | $120M | 3 |
            | United | $95M | 1 |
            """;

        Assert.Empty(Extract(text));
    }

    [Fact]
    public void Extract_ReportedDelayToAFuturePeriod_IsADatedClaim()
    {
        var c = Assert.Single(Extract("The first reactor was supposed to start in Q4 2025 but has been pushed to Q3 2026."));

        Assert.Equal(new DateOnly(2026, 9, 30), c.ResolveBy);
        Assert.Equal("Q3 2026", c.Horizon);
    }

    [Fact]
    public void Extract_UndatedVerdict_IsMarkedUndated()
    {
        var c = Assert.Single(Extract("Prediction 2: The takeover will trigger a counter-bid from a rival consortium."));

        Assert.True(c.Undated);
        Assert.Null(c.ResolveBy);
        Assert.Equal(CandidateKind.Event, c.Kind);
    }

    [Fact]
    public void Extract_VagueHorizon_IsUndatedWithItsWords()
    {
        var found = Extract("Looking ahead, the league will almost certainly expand to 20 teams in the coming years.",
            options: new ExtractionOptions { MinConfidence = 0 });

        var c = Assert.Single(found);
        Assert.True(c.Undated);
        Assert.Equal("in the coming years", c.Horizon);
        Assert.Equal(0.93, c.Probability);
    }

    [Theory]
    [InlineData("In 2023 the company reported revenue of $4.2 billion, up 12% from a year earlier.")]
    [InlineData("Revenue rose 12% to $4.2bn in the first quarter of 2026.")]
    [InlineData("The summit will be held on March 3-5, 2027 in Geneva.")]
    [InlineData("The annual shareholder meeting is scheduled for June 30, 2027 in Omaha.")]
    [InlineData("Will the central bank cut rates within 12 months?")]
    [InlineData("The stadium holds 60,000 fans and cost $1.2 billion to build.")]
    [InlineData("Earlier this year the striker scored 30 goals in 34 games.")]
    [InlineData("The merger closed two years ago, after 18 months of review.")]
    public void Extract_NotAPrediction_FindsNothing(string sentence)
    {
        Assert.Empty(Extract(sentence, options: new ExtractionOptions { MinConfidence = 0 }));
    }

    [Fact]
    public void Extract_BoilerplateBlocks_AreSkipped()
    {
        const string text = """
            Home News Energy Markets Opinion Video Podcasts Events

            The grid operator warned of tight supplies this winter. Analysts said reserve margins were the lowest in a decade, and the
            """ + " " + """
            operator has already asked large users to cut demand.

            Energy Transition Summit
            Berlin, Germany
            October 13-15, 2026

            Ministers met on Tuesday to discuss the report, and officials said the talks were constructive.

            The operator reported a surplus last year. Its board approved the new plan in April, and the regulator published its review the
            """ + " " + """
            same week. The report ran to 300 pages and covered every region of the grid in detail.

            Related articles
            Oil will hit $150 by 2027, says veteran trader
            Why solar will overtake coal within five years

            Leave a Reply
            Your email address will not be published. Required fields are marked *
            """;

        Assert.Empty(Extract(text, options: new ExtractionOptions { MinConfidence = 0 }));
    }

    [Fact]
    public void Extract_AnnotatedLines_AreSkipped()
    {
        const string text =
            "Sponsored: our fund will double your money within 12 months.\nThe regulator will publish new rules within 12 months.";

        var found = Extract(text, options: new ExtractionOptions { ExcludedLines = [new LineRange(1, 1)] });

        Assert.StartsWith("The regulator", Assert.Single(found).Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmptyText_ReturnsNoteAndNothing()
    {
        var result = PredictionExtractor.Extract("   \n ", Published);

        Assert.Empty(result.Candidates);
        Assert.Contains("empty", Assert.Single(result.Notes), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Extract_BinaryText_ReturnsNoteAndNothing()
    {
        var bytes = new char[4096];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (char)(i * 7 % 32);
        }

        var result = PredictionExtractor.Extract(new string(bytes), Published);

        Assert.Empty(result.Candidates);
        Assert.Contains("binary", Assert.Single(result.Notes), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("La banque centrale va probablement baisser ses taux dans les 12 mois. Les analystes prévoient une hausse de 3 % du PIB "
        + "en 2027 et une inflation à 2 %.")]
    [InlineData("中央银行预计将在12个月内降息。分析师预计2027年国内生产总值将增长3%。")]
    [InlineData("Центральный банк, вероятно, снизит ставку в течение 12 месяцев.")]
    public void Extract_OtherLanguage_ReturnsNoteAndNothing(string text)
    {
        var result = PredictionExtractor.Extract(text, Published);

        Assert.Empty(result.Candidates);
        Assert.Contains("not in English", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TooLong_ReturnsNote()
    {
        var result = PredictionExtractor.Extract(new string('a', 101), Published, new ExtractionOptions { MaxChars = 100 });

        Assert.Empty(result.Candidates);
        Assert.Contains("limit", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_LargeAdversarialInput_CompletesWithCandidates()
    {
        var para = "Within within within 12 12 - - months by by Q Q 2026 if if if , , will will (((( | | | 50% 50% chance of of. ";
        var text = string.Concat(Enumerable.Repeat(para, 20_000)) + "\nThe regulator will publish new rules within 12 months.";

        var result = PredictionExtractor.Extract(text, Published);

        Assert.Contains(result.Candidates, static c => c.ResolveBy == new DateOnly(2027, 5, 31));
    }

    [Fact]
    public void Extract_RepeatedSentence_IsProposedOnce()
    {
        const string text =
            "The regulator will publish new rules within 12 months.\n\nThe regulator will publish new rules within 12 months.";

        Assert.Single(Extract(text));
    }

    private static readonly ExtractionOptions KeepAll = new() { MinConfidence = 0 };

    [Theory]
    [InlineData("This will ease congestion downtown but will raise fares.")]
    [InlineData("That will add years to the project and further strain the budget.")]
    [InlineData("It will also make the service harder to fund.")]
    [InlineData("This move would anger the drivers' union.")]
    [InlineData("But this will not end the dispute over the depot.")]
    public void Extract_AnaphoricFollowOnWithoutHorizon_IsNotASeparatePrediction(string followOn)
    {
        var text = "Prediction 2: The city will open a second subway line within two years. " + followOn;

        var c = Assert.Single(Extract(text, options: KeepAll));

        Assert.Equal("The city will open a second subway line within two years.", c.Quote);
    }

    [Fact]
    public void Extract_SeveralElaborations_AllPointAtTheSamePrediction()
    {
        const string text = "Prediction 4: The airline will retire its oldest jets within a year. This will cut fuel costs. This will also "
            + "free up gates at the hub.";

        Assert.Single(Extract(text, options: KeepAll));
    }

    [Theory]
    [InlineData("This will lead to a wave of layoffs at the smaller operator.")]
    [InlineData("That will likely trigger a strike by the operator's engineers.")]
    [InlineData("It will result in a formal antitrust complaint.")]
    public void Extract_AnaphoricFollowOnNamingANewEvent_IsKeptUndatedAndTiedToThePrevious(string followOn)
    {
        var text = "Prediction 1: The utility will merge its two grid operators within a year. " + followOn;

        var found = Extract(text);

        Assert.Equal(2, found.Count);
        Assert.Equal(followOn, found[1].Quote);
        Assert.True(found[1].Undated);
        Assert.Equal("Follows from the previous prediction: " + found[0].Claim, found[1].Condition);
    }

    [Fact]
    public void Extract_AnaphoricFollowOnWithItsOwnHorizon_IsASeparatePrediction()
    {
        const string text =
            "Prediction 3: The senate will pass the bill within three months. It will then be signed into law by the end of 2026.";

        var found = Extract(text);

        Assert.Equal(2, found.Count);
        Assert.Equal(new DateOnly(2026, 12, 31), found[1].ResolveBy);
        Assert.Null(found[1].Condition);
    }

    [Fact]
    public void Extract_AnaphoricSentenceAfterAFact_IsStillAPrediction()
    {
        const string text = "The union rejected the offer on Monday. That will make a strike almost inevitable.";

        var c = Assert.Single(Extract(text, options: KeepAll));

        Assert.Equal("That will make a strike almost inevitable.", c.Quote);
    }

    [Fact]
    public void Extract_FollowOnWithItsOwnSubject_IsASeparatePrediction()
    {
        const string text =
            "Prediction 5: Regulators will approve the new grid tariff within 12 months. Households will pay more for power.";

        Assert.Equal(2, Extract(text, options: KeepAll).Count);
    }

    [Fact]
    public void Extract_AnaphoricSentenceInTheNextParagraph_IsNotTiedToThePrevious()
    {
        const string text =
            "Prediction 6: The port will double its capacity within three years.\n\nThis will reshape shipping on the coast.";

        Assert.Equal(2, Extract(text, options: KeepAll).Count);
    }

    [Theory]
    [InlineData("2026-05", "2026-06-30")]
    [InlineData("2026-06-20", "2026-06-30")]
    [InlineData("2026-08", "2027-06-30")]
    public void Extract_MonthWithoutYear_ResolvesToTheNextSuchMonth(string published, string expected)
    {
        var c = Assert.Single(Extract("The central bank will cut rates at its June meeting, analysts say.", PartialDate.Parse(published)));

        Assert.Equal(DateOnly.Parse(expected), c.ResolveBy);
        Assert.Equal("at its June meeting", c.Horizon);
        Assert.Null(c.UndatedReason);
    }

    [Fact]
    public void Extract_MonthWithoutYearInAYearOnlyArticle_IsUndatedWithAReasonAndANote()
    {
        const string text = "The company expects the new plant to open by September.";

        var result = PredictionExtractor.Extract(text, PartialDate.OfYear(2026));

        var c = Assert.Single(result.Candidates);
        Assert.True(c.Undated);
        Assert.Equal("by September", c.Horizon);
        Assert.Contains("2026-09-30 or 2027-09-30", c.UndatedReason, StringComparison.Ordinal);
        Assert.Equal($"undated at 0-{text.Length}: {c.UndatedReason}", Assert.Single(result.Notes));
        Assert.Equal(text, c.Claim);
    }

    [Fact]
    public void Extract_DatedPrediction_HasNoUndatedReasonOrNote()
    {
        var result = PredictionExtractor.Extract("The company expects the new plant to open by September 2027.", PartialDate.OfYear(2026));

        Assert.Null(Assert.Single(result.Candidates).UndatedReason);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void Extract_NoPublicationDate_RelativeHorizonIsUndatedWithTheReason()
    {
        var empty = PredictionExtractor.Extract("   ", (PartialDate?)null);
        var month = PredictionExtractor.Extract("The company expects the new plant to open by September.", (PartialDate?)null);

        Assert.Equal(["The text is empty.", "The article has no publication date: only absolute horizons were dated."], empty.Notes);
        var c = Assert.Single(month.Candidates);
        Assert.True(c.Undated);
        Assert.Contains("by September", c.UndatedReason, StringComparison.Ordinal);
        Assert.Contains("no publication date", month.Notes[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The agency expects output to reach 40 GW by 2029.", "2029-12-31")]
    [InlineData("The plant is on track to open in the first half of 2028.", "2028-06-30")]
    [InlineData("Prices will stay high from March 2027 to March 2028, the bank forecasts.", "2028-03-31")]
    public void Extract_NoPublicationDate_AbsoluteHorizonIsDated(string text, string resolveBy)
    {
        var c = Assert.Single(PredictionExtractor.Extract(text, (PartialDate?)null).Candidates);

        Assert.Equal(DateOnly.Parse(resolveBy, System.Globalization.CultureInfo.InvariantCulture), c.ResolveBy);
        Assert.False(c.EndsBeforePublication);
    }

    [Fact]
    public void Extract_NoPublicationDate_DurationStaysUndated()
    {
        var c = Assert.Single(
            PredictionExtractor.Extract("The central bank will cut rates within six months.", (PartialDate?)null).Candidates);

        Assert.True(c.Undated);
        Assert.Contains("six months", c.Horizon, StringComparison.Ordinal);
        Assert.Equal($"'{c.Horizon}' is counted from the publication date, and the article has none: give it a date.", c.UndatedReason);
    }
}
