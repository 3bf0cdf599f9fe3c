using System.Globalization;
using System.Text.Json.Nodes;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

/// <summary>
/// Classes of forecast language and traps, each with sentences written for the class (not taken from a corpus) and
/// twins that must stay proposed or stay out: several values for several dates ("respectively", "from X in 2025 to Y in
/// 2026, and to Z"), a past fact beside the forecast, wording ("pegged at", "my own guess is"), context from a Q&amp;A
/// question or the previous sentence, negated conditions ("unless", "barring", "if X fails to"), undated conditionals,
/// and traps (a past promise quoted, a past forecast judged, a nowcast going on in the next paragraph).
/// </summary>
public sealed class ExtractionClauseClassesTests
{
    private static readonly PartialDate Published = PartialDate.OfDay(new DateOnly(2026, 10, 15));

    private static IReadOnlyList<PredictionCandidate> All(string text) =>
        PredictionExtractor.Extract("Probe\n\n" + text + "\n", Published).Candidates;

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private static decimal? Value(PredictionCandidate c) => c.Threshold ?? c.Low;

    // 1. Several values for several dates.
    [Theory]
    [InlineData("The bank expects growth of 2.1% and 1.8% in 2027 and 2028 respectively.", "2.1@2027-12-31 1.8@2028-12-31")]
    [InlineData("Unemployment is projected at 5.2% and 4.9% respectively in 2027 and 2029.", "5.2@2027-12-31 4.9@2029-12-31")]
    [InlineData("In 2027 and 2028, the deficit is forecast at 3.4% and 2.9% of GDP respectively.", "3.4@2027-12-31 2.9@2028-12-31")]
    [InlineData("Prices are forecast to rise from $70 in 2026 to $78 in 2027 and to $85 in 2028.", "78@2027-12-31 85@2028-12-31")]
    [InlineData("Output is expected to grow 1.1% and 2.2% in 2025 and 2027 respectively.", "2.2@2027-12-31")]
    public void SeveralValuesForSeveralDates_AreOneProposalPerFutureDate(string sentence, string expected)
    {
        var got = string.Join(' ', All(sentence).Select(static c => string.Create(CultureInfo.InvariantCulture,
            $"{Value(c)}@{c.ResolveBy:yyyy-MM-dd}")));

        Assert.Equal(expected, got);
    }

    [Fact]
    public void AChainOfSplitYears_GivesTheFutureValuesAtTheFiscalYearsEnd()
    {
        var found = PredictionExtractor.Extract("Probe\n\nCoal export earnings are forecast to fall from A$120 billion in 2024-25 to "
            + "A$105 billion in 2025-26, and to A$98 billion in 2026\u201327.\n", PartialDate.OfDay(D("2025-10-01"))).Candidates;

        var got = string.Join(' ', found.Select(static c =>
            string.Create(CultureInfo.InvariantCulture, $"{c.Threshold}@{c.ResolveBy:yyyy-MM-dd}")));
        Assert.Equal("105@2026-06-30 98@2027-06-30", got); // A$: years end 30 June; the 2024-25 starting point is not proposed
    }

    [Theory]
    [InlineData("Growth was 2.1% and 1.8% in 2024 and 2025 respectively.")]
    [InlineData("Prices rose from $60 in 2023 to $70 in 2025.")]
    public void SeveralPastValuesForPastDates_StayOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    // 2. A past fact beside the forecast.
    [Theory]
    [InlineData("After rising 3.1% last year, output is forecast to grow 2.4% in 2027.", 2.4)]
    [InlineData("Having fallen 12% in 2025, home sales are expected to recover by 8% in 2027.", 8)]
    [InlineData("Output is forecast to grow 2.4% in 2027, after a 3.1% rise in 2025.", 2.4)]
    [InlineData("Exports rose 6% last year and are projected to climb 4% in 2027.", 4)]
    [InlineData("Following a 0.5% contraction in the second quarter, the economy is expected to expand 1.2% in 2027.", 1.2)]
    public void APastFactBesideTheForecast_DoesNotGiveTheValue(string sentence, double value)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal((decimal)value, Value(c));
        Assert.Equal(D("2027-12-31"), c.ResolveBy);
    }

    [Fact]
    public void AFutureValueBeforeTheForecast_StaysAProposal()
    {
        var found = All("After 2.1% growth in 2027, the economy is expected to slow to 1.5% in 2028.");

        Assert.Contains(found, static c => c.Threshold == 1.5m && c.ResolveBy == new DateOnly(2028, 12, 31));
    }

    [Fact]
    public void APastFactWithoutAForecast_StaysOut()
    {
        Assert.Empty(All("After rising 3.1% last year, output grew 2.4% in the first half."));
    }

    // 3. Wording.
    [Theory]
    [InlineData("Growth for 2027 is pegged at 6.5% by the finance ministry.")]
    [InlineData("The company guided to revenue of $4.2bn in 2027.")]
    [InlineData("Labour is backed to win the seat in 2029.")]
    [InlineData("I would wager that the index ends above 6,000 in 2027.")]
    [InlineData("My own guess is that unemployment peaks at 5.5% in 2027.")]
    [InlineData("A second rate cut is pencilled in for March 2027.")]
    [InlineData("We have it at 2.25% by the end of 2027.")]
    [InlineData("The consensus is for two more cuts by mid-2027.")]
    [InlineData("The project is on course for completion in 2028.")]
    [InlineData("Turnout is set to exceed 70% in 2028.")]
    public void ForecastWording_IsProposed(string sentence)
    {
        var c = Assert.Single(All(sentence));

        Assert.NotNull(c.ResolveBy);
    }

    [Theory]
    [InlineData("The currency was pegged at 7.8 to the dollar in 1983.")]
    [InlineData("I wagered $50 on the result in 2024.")]
    [InlineData("My guess was wrong in 2024.")]
    [InlineData("The consensus was for growth of 2% in 2025, and growth came in at 2.3%.")]
    public void PastTwinsOfForecastWording_StayOut(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    /// <summary>Every cue phrase is found, and the pre-scan lets it through: a trigger word missing from the pre-scan fails here.</summary>
    [Theory]
    [InlineData("Growth is pegged at")]
    [InlineData("The company guided to")]
    [InlineData("The colt is backed to win")]
    [InlineData("The mare is fancied to win")]
    [InlineData("I would wager that")]
    [InlineData("My own guess is that")]
    [InlineData("A cut is pencilled in for")]
    [InlineData("We have it at")]
    [InlineData("They have them at")]
    [InlineData("The consensus is for")]
    [InlineData("The consensus forecast is for")]
    [InlineData("The project is on course for")]
    [InlineData("Turnout is set to")]
    [InlineData("The party is favoured to")]
    [InlineData("Analysts reckon")]
    public void CuePhrases_AreFound_AndPassThePreScan(string phrase)
    {
        Assert.True(PredictionExtractor.MayBeForecast(phrase), "the pre-scan skips: " + phrase);
        Assert.True(PredictionExtractor.HasForecastCue(phrase), "no cue in: " + phrase);
    }

    // 4. Context: a Q&A question, the previous sentence.
    [Theory]
    [InlineData("Q: Where will the policy rate be by the end of 2027?\n\nA: Around 3%.", 3, "2027-12-31")]
    [InlineData("Q: How many homes will the city build in 2028? A: About 12,000.", 12000, "2028-12-31")]
    [InlineData("Q: What will inflation be in 2027?\n\nA: I think it will settle near 2.5%.", 2.5, "2027-12-31")]
    [InlineData("Question: Where do you see oil prices at the end of 2027?\n\nAnswer: Somewhere near $80 a barrel.", 80, "2027-12-31")]
    public void AnAnswer_TakesTheQuestionsHorizon(string text, double value, string resolveBy)
    {
        var c = Assert.Single(All(text));

        Assert.Equal((decimal)value, Value(c));
        Assert.Equal(D(resolveBy), c.ResolveBy);
    }

    [Theory]
    [InlineData("Q: Where were rates at the end of 2025?\n\nA: Around 4%.")]
    [InlineData("Q: How many homes did the city build in 2025? A: About 9,000.")]
    public void AnAnswerToAQuestionAboutThePast_StaysOut(string text)
    {
        Assert.Empty(All(text));
    }

    [Fact]
    public void ASentenceWithoutADate_TakesThePreviousSentencesYear()
    {
        var found = All("The central bank published its outlook for 2028 on Tuesday. It expects unemployment to peak at 5.4%.");

        Assert.Contains(found, static c => c.Threshold == 5.4m && c.ResolveBy == new DateOnly(2028, 12, 31));
    }

    [Fact]
    public void APastYearInThePreviousSentence_IsNotCarried()
    {
        var found = All("Unemployment peaked at 5.9% in 2024. The bank expects it to fall to 4.8%.");

        Assert.All(found, static c => Assert.Null(c.ResolveBy));
    }

    // 6. Negated conditions, undated conditionals.
    [Theory]
    [InlineData("Unless the strike ends, output will drop 15% next month.", "the strike ends")]
    [InlineData("Barring a recession, unemployment will stay below 5% through 2027.", "a recession")]
    [InlineData("Absent further rate cuts, house prices will fall 3% in 2027.", "further rate cuts")]
    [InlineData("If La Niña fails to develop by March, rainfall will be 20% below average in 2027.", "La Niña develops by March")]
    [InlineData("Prices will rise 4% in 2027 unless the central bank raises rates above 5%.",
        "the central bank raises rates above 5%")]
    public void NegatedConditions_NameTheEventAndAreNegated(string sentence, string condition)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal(condition, c.Condition);
        Assert.True(Assert.IsType<CandidateCondition>(c.ConditionDetail).Negated);
    }

    [Fact]
    public void ANegatedConditionsQuantity_IsTheEventsQuantity()
    {
        var c = Assert.Single(All("If inflation does not fall below 3% by June 2027, the bank will raise rates to 5%."));

        var d = Assert.IsType<CandidateCondition>(c.ConditionDetail);
        Assert.True(d.Negated);
        Assert.Equal("inflation falls below 3% by June 2027", c.Condition);
        Assert.Equal("<", d.Comparator);
        Assert.Equal(3m, d.Threshold);
        Assert.Equal(5m, c.Threshold);
    }

    [Theory]
    [InlineData("If inflation falls below 3% by June 2027, the bank will cut rates to 2%.")]
    [InlineData("Provided that demand holds up, sales will reach 40,000 units in 2027.")]
    public void PositiveConditions_AreNotNegated(string sentence)
    {
        var c = Assert.Single(All(sentence));

        Assert.False(Assert.IsType<CandidateCondition>(c.ConditionDetail).Negated);
    }

    [Fact]
    public void AbsentAsAnAdjective_IsNoCondition()
    {
        var c = Assert.Single(All("The minister was absent from the vote, but spending will rise 4% in 2027."));

        Assert.Null(c.Condition);
    }

    [Fact]
    public void ANegatedCondition_IsWrittenToTheManifestAndTheJson()
    {
        var c = Assert.Single(All("Barring a recession, unemployment will stay below 5% through 2027."));

        var entry = ManifestProposals.ToEntry("a1", c, Published);
        Assert.Equal("a recession", (string?)entry["condition"]);
        Assert.True((bool?)entry["conditionNegated"]);
        Assert.Equal("event", (string?)entry["conditionKind"]);
        var json = ForecastWatch.Ingestion.ExtractionJson.ToJson([c]);
        Assert.True((bool?)JsonNode.Parse(json)!.AsArray()[0]!["conditionSpec"]!["negated"]);
    }

    [Theory]
    [InlineData("Prices may climb to $120 a barrel if the strait is closed.")]
    [InlineData("Unemployment could rise to 6% if the recession deepens.")]
    public void UndatedConditionalsWithAValue_AreProposedAsNeedingADate(string sentence)
    {
        var c = Assert.Single(All(sentence));

        Assert.Null(c.ResolveBy);
        Assert.NotNull(c.UndatedReason);
        Assert.NotNull(c.Condition);
    }

    [Fact]
    public void ABareModalConditionalWithoutAValue_StaysCommentary()
    {
        Assert.Empty(All("If the startup adopts this approach, it could democratize safety research."));
    }

    // 7. Traps: a past promise quoted, a past forecast judged, a nowcast in the next paragraph.
    [Theory]
    [InlineData("The chancellor promised in her first Budget that the deficit target was 3% by 2028.")]
    [InlineData("In her first Budget the chancellor promised that debt was to fall to 60% of GDP by 2029.")]
    [InlineData("The mayor pledged during his campaign to build 10,000 homes by 2028.")]
    [InlineData("Forecasts published a year ago overestimated growth in 2027 by a full point.")]
    [InlineData("The bank's projections for 2027 proved too optimistic, the review found.")]
    [InlineData("Last spring's polls underestimated support for the party in the 2028 race.")]
    public void PastPromisesAndJudgedForecasts_AreNotProposed(string sentence)
    {
        Assert.Empty(All(sentence));
    }

    [Theory]
    [InlineData("The chancellor promised on Tuesday that debt will fall to 60% of GDP by 2029.")]
    [InlineData("The bank now expects growth of 1.5% in 2027, after its earlier forecasts overestimated demand.")]
    public void PresentTwinsOfPromisesAndJudgements_AreProposed(string sentence)
    {
        Assert.Single(All(sentence));
    }

    [Fact]
    public void ANowcastGoingOnInTheNextParagraph_IsNotProposed()
    {
        Assert.Empty(All("If an election were held tomorrow, Labour would win 311 seats, the poll suggests.\n\n"
            + "The Conservatives would be reduced to 144 MPs, the model suggests."));
    }

    [Fact]
    public void AWouldSentenceAfterAForecastParagraph_IsStillRead()
    {
        var found = All("The party expects to win 320 seats at the 2029 election.\n\n"
            + "The Conservatives would be reduced to 144 MPs in 2029, the model suggests.");

        Assert.Contains(found, static c => c.Threshold == 144m);
    }

    // 5. Numbers in words, dates that need the article's context.
    private static IReadOnlyList<PredictionCandidate> On(string published, string text) =>
        PredictionExtractor.Extract("Probe\n\n" + text + "\n", PartialDate.OfDay(D(published))).Candidates;

    [Theory]
    [InlineData("Solar will supply a tenth of the country's power by 2028.", 10)]
    [InlineData("Wind is expected to provide a fifth of electricity by 2030.", 20)]
    [InlineData("A third of cars sold in 2030 will be electric.", 33.3)]
    public void FractionsInWords_AreTheValue(string sentence, double value)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal((decimal)value, c.Threshold);
        Assert.Equal("%", c.Unit);
    }

    [Theory]
    [InlineData("The central bank may cut rates twice more in 2027.", 2)]
    [InlineData("The Fed is expected to hike thrice more by the end of 2027.", 3)]
    public void CountsOfTimesInWords_AreTheValue(string sentence, double value)
    {
        var c = Assert.Single(All(sentence));

        Assert.Equal((decimal)value, c.Threshold);
    }

    [Fact]
    public void TwiceAsAComparison_IsNoValue()
    {
        var c = Assert.Single(All("The fleet is forecast to be twice as large by 2030."));

        Assert.Null(c.Threshold);
    }

    [Theory]
    [InlineData("2026-10-15", "Mortgage rates will be a full point lower this time next year.", "2027-10-15")]
    [InlineData("2026-11-20", "Rainfall from December to February is likely to be above average.", "2027-02-28")]
    [InlineData("2026-11-20", "Temperatures between December and February are expected to run 1C above normal.", "2027-02-28")]
    [InlineData("2026-11-20", "January rainfall is expected to be above normal across the south.", "2027-01-31")]
    [InlineData("2026-06-10", "July to September is likely to be warmer than average.", "2026-09-30")]
    public void DatesThatNeedThePublicationDate_AreDated(string published, string sentence, string resolveBy)
    {
        var c = Assert.Single(On(published, sentence));

        Assert.Equal(D(resolveBy), c.ResolveBy);
    }

    [Theory]
    [InlineData("Last January rainfall was 40% above normal.")]
    [InlineData("The chipmaker will report December sales on Friday.")]
    public void AMonthFigureInThePastOrAReleaseOfIt_StaysOut(string sentence)
    {
        Assert.Empty(On("2026-11-20", sentence));
    }

    [Theory]
    [InlineData("The Premier League table after eight games.\n\nArsenal are expected to win the title this season.", "2026-10-15",
        "2027-05-31")]
    [InlineData("NBA preview.\n\nThe Celtics are expected to win 55 games this season.", "2026-10-15", "2027-06-30")]
    [InlineData("NFL week 6.\n\nThe Chiefs are expected to reach the playoffs again this season.", "2026-10-15", "2027-02-28")]
    [InlineData("AFL season preview.\n\nThe Swans are tipped to make the top four this season.", "2026-03-01", "2026-09-30")]
    [InlineData("Premier League: the promoted sides.\n\nAll three are expected to go straight back down next season.", "2026-10-15",
        "2028-05-31")]
    public void ThisSeason_EndsWhenTheArticlesLeagueEndsItsSeason(string text, string published, string resolveBy)
    {
        var c = Assert.Single(On(published, text));

        Assert.Equal(D(resolveBy), c.ResolveBy);
    }

    [Fact]
    public void ThisSeason_WithoutAKnownLeague_StaysAnUndatedEvent()
    {
        var c = Assert.Single(All("The club is expected to finish in the top four this season."));

        Assert.Null(c.ResolveBy);
        Assert.NotNull(c.UndatedReason);
    }

    [Fact]
    public void ThisSeason_InARoundUpOfLeaguesThatEndApart_StaysUndated()
    {
        var c = Assert.Single(All("From the Premier League to the NBA.\n\nThe club is expected to finish in the top four this season."));

        Assert.Null(c.ResolveBy);
    }
}
