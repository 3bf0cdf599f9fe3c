using System.Text.Json.Nodes;
using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Domain.Predictions;

public sealed class ManifestParserTests
{
    private const string File = "seeds/predictions.json";

    private static readonly Dictionary<string, Article> Articles = new(StringComparer.Ordinal)
    {
        [TempSeeds.ArticleId] = new Article(
            new ArticleMetadata(
                TempSeeds.ArticleId, "A Title Line", "Test Outlet", [], null, "en", PartialDate.Parse("2026-05-14"), null, null, null,
                [new BoilerplateRange("title", 1, 1, null), new BoilerplateRange("faq", 7, 8, null)]),
            TempSeeds.ArticleText),
    };

    private static (IReadOnlyList<Prediction> Predictions, List<SeedError> Errors) Parse(params JsonObject[] entries)
    {
        var errors = new List<SeedError>();
        var predictions = ManifestParser.Parse(TempSeeds.Manifest(entries).ToJsonString(), File, Articles, errors);
        return (predictions, errors);
    }

    private static SeedError SingleError(JsonObject entry)
    {
        var (predictions, errors) = Parse(entry);
        Assert.Empty(predictions);
        return Assert.Single(errors);
    }

    [Fact]
    public void Parse_ValidEntries_ReturnsPredictionsWithOffsetsAndDates()
    {
        var (predictions, errors) = Parse(TempSeeds.Regulation(), TempSeeds.Departures(), TempSeeds.Prices(), TempSeeds.Undated());

        Assert.Empty(errors);
        Assert.Equal(4, predictions.Count);
        var regulation = predictions[0];
        Assert.Equal(TempSeeds.ArticleText.IndexOf("The regulator", StringComparison.Ordinal), regulation.QuoteStart);
        Assert.Equal(new DateOnly(2027, 5, 14), regulation.ResolveBy);
        Assert.True(regulation.ResolveByOverride);
        Assert.Equal(0.9, regulation.Probability);
        Assert.Equal(ProbabilitySource.Hedge, regulation.ProbabilitySource);
        Assert.Equal(Comparator.GreaterThan, predictions[1].Comparator);
        Assert.Equal((3d, 4d), (predictions[2].Low!.Value, predictions[2].High!.Value));
        Assert.True(predictions[3].Undated);
        Assert.Null(predictions[3].ResolveBy);
    }

    [Fact]
    public void Parse_ResolveByAtMonthPrecision_UsesLastDayOfMonth()
    {
        var entry = TempSeeds.Regulation();
        entry["resolveBy"] = "2024-02";

        var (predictions, errors) = Parse(entry);

        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2024, 2, 29), predictions[0].ResolveBy);
        Assert.Equal(DatePrecision.Month, predictions[0].ResolveByPrecision);
    }

    [Fact]
    public void Parse_UnknownField_NamesFilePredictionAndField()
    {
        var entry = TempSeeds.Regulation();
        entry["confidence"] = 0.5;

        var error = SingleError(entry);

        Assert.Equal($"{File}: test-regulation: confidence: unknown field", error.ToString());
    }

    [Fact]
    public void Parse_QuoteNotVerbatim_ReportsQuote()
    {
        var entry = TempSeeds.Regulation();
        entry["quote"] = "The regulator will fine the firm";

        var error = SingleError(entry);

        Assert.Equal(("test-regulation", "quote"), (error.Item, error.Field));
        Assert.Contains("does not occur verbatim", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuoteOnlyInBoilerplate_ReportsBoilerplateLine()
    {
        var entry = TempSeeds.Regulation();
        entry["quote"] = "A Title Line";

        var error = SingleError(entry);

        Assert.Equal("quote", error.Field);
        Assert.Contains("only in boilerplate (line 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnparseableResolveBy_ReportsResolveBy()
    {
        var entry = TempSeeds.Regulation();
        entry["resolveBy"] = "next spring";

        Assert.Equal("resolveBy", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_UnparseableHorizon_ReportsHorizon()
    {
        var entry = TempSeeds.Regulation();
        entry.Remove("resolveBy");
        entry["horizon"] = "when pigs fly";

        var error = SingleError(entry);

        Assert.Equal("horizon", error.Field);
        Assert.Contains("when pigs fly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DatedWithoutHorizonOrResolveBy_ReportsHorizon()
    {
        var entry = TempSeeds.Regulation();
        entry.Remove("resolveBy");

        Assert.Equal("horizon", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_UndatedWithHorizon_ReportsHorizon()
    {
        var entry = TempSeeds.Undated();
        entry["horizon"] = "within 12 months";

        Assert.Equal("horizon", SingleError(entry).Field);
    }

    [Theory]
    [InlineData("Has-Capitals")]
    [InlineData("double--hyphen")]
    [InlineData("under_score")]
    [InlineData("this-id-is-far-too-long-to-fit-in-a-mail-subject-line")]
    public void Parse_BadId_ReportsId(string id)
    {
        var entry = TempSeeds.Regulation();
        entry["id"] = id;

        var error = SingleError(entry);

        Assert.Equal((id, "id"), (error.Item, error.Field));
    }

    [Fact]
    public void Parse_DuplicateId_ReportsSecond()
    {
        var (predictions, errors) = Parse(TempSeeds.Regulation(), TempSeeds.Regulation());

        Assert.Single(predictions);
        Assert.Equal(("test-regulation", "id"), (Assert.Single(errors).Item, errors[0].Field));
    }

    [Fact]
    public void Parse_UnknownArticle_ReportsArticle()
    {
        var entry = TempSeeds.Regulation();
        entry["article"] = "nope";

        Assert.Equal("article", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_ConditionNegated_SetsTheFlagEvenOnAnEventCondition()
    {
        var entry = TempSeeds.Regulation();
        entry["condition"] = "La Niña develops by March 2027";
        entry["conditionNegated"] = true;
        var twin = TempSeeds.Regulation();
        twin["condition"] = "La Niña develops by March 2027";

        var (predictions, errors) = Parse(entry);
        var (twins, twinErrors) = Parse(twin);

        Assert.Empty(errors.Concat(twinErrors));
        Assert.Equal((PredictionKind.Event, true), (predictions[0].ConditionSpec!.Kind, predictions[0].ConditionSpec!.Negated));
        Assert.Null(twins[0].ConditionSpec);
    }

    [Fact]
    public void Parse_ConditionNegatedNotABoolean_ReportsIt()
    {
        var entry = TempSeeds.Regulation();
        entry["condition"] = "La Niña develops";
        entry["conditionNegated"] = "yes";

        Assert.Equal("conditionNegated", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_ThresholdWithoutComparatorAndWithLow_ReportsBoth()
    {
        var entry = TempSeeds.Departures();
        entry.Remove("comparator");
        entry["low"] = 1;

        var (_, errors) = Parse(entry);

        Assert.Equal(["comparator", "low"], errors.Select(static e => e.Field!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_RangeWithLowAboveHigh_ReportsLow()
    {
        var entry = TempSeeds.Prices();
        entry["low"] = 5;

        Assert.Equal("low", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_EventWithMetric_ReportsMetric()
    {
        var entry = TempSeeds.Regulation();
        entry["metric"] = "fines";

        Assert.Equal("metric", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_ProbabilityWithoutHedge_ReportsHedge()
    {
        var entry = TempSeeds.Regulation();
        entry.Remove("hedge");

        Assert.Equal("hedge", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_ProbabilityOutOfRange_ReportsProbability()
    {
        var entry = TempSeeds.Regulation();
        entry["probability"] = 90;

        Assert.Equal("probability", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_WrongTypes_ReportsEveryField()
    {
        var entry = TempSeeds.Departures();
        entry["threshold"] = "fifteen";
        entry["tags"] = "talent";
        entry["undated"] = "no";

        var (_, errors) = Parse(entry);

        Assert.Equal(["tags", "threshold", "undated"], errors.Select(static e => e.Field!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_BadStatusOriginAndEditor_ReportsEach()
    {
        var entry = TempSeeds.Regulation();
        entry["status"] = "maybe";
        entry["origin"] = "human";
        entry["editors"] = new JsonArray("not-an-address");

        var (_, errors) = Parse(entry);

        Assert.Equal(["editors", "origin", "status"], errors.Select(static e => e.Field!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_ProposedWithoutCriteria_IsAccepted()
    {
        var entry = TempSeeds.Regulation();
        entry["status"] = "proposed";
        entry["origin"] = "extracted";
        entry.Remove("criteria");

        var (predictions, errors) = Parse(entry);

        Assert.Empty(errors);
        Assert.Equal(EntryStatus.Proposed, predictions[0].Status);
    }

    [Fact]
    public void Parse_AcceptedWithoutCriteria_ReportsCriteria()
    {
        var entry = TempSeeds.Regulation();
        entry.Remove("criteria");

        Assert.Equal("criteria", SingleError(entry).Field);
    }

    [Fact]
    public void Parse_EntryWithoutId_NamesItsPosition()
    {
        var entry = TempSeeds.Regulation();
        entry.Remove("id");

        var (_, errors) = Parse(TempSeeds.Prices(), entry);

        Assert.Equal(("predictions[2]", "id"), (Assert.Single(errors).Item, errors[0].Field));
    }

    [Fact]
    public void Parse_RootWithoutPredictions_ReportsPredictions()
    {
        var errors = new List<SeedError>();

        ManifestParser.Parse("{\"entries\": []}", File, Articles, errors);

        Assert.Equal(["entries", "predictions"], errors.Select(static e => e.Field!).Order(StringComparer.Ordinal));
    }
}
