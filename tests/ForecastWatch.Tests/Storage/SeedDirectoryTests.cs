using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Storage;

public sealed class SeedDirectoryTests
{
    private static readonly Lazy<SeedSet> Seeds = new(static () =>
        SeedDirectory.LoadAsync(RepoSeeds.Directory, CancellationToken.None).GetAwaiter().GetResult());

    private static Prediction Get(string id) => Seeds.Value.Predictions.Single(p => p.Id == id);

    [Fact]
    public void LoadAsync_RepoSeeds_AreValid()
    {
        Assert.Empty(Seeds.Value.Errors);
        Assert.Equal(5, Seeds.Value.Articles.Count);
    }

    [Fact]
    public void LoadAsync_RepoSeeds_EveryQuoteIsVerbatimInTheBodyAtItsOffset()
    {
        var articles = Seeds.Value.Articles.ToDictionary(static a => a.Id);

        Assert.All(Seeds.Value.Predictions, p =>
        {
            var article = articles[p.ArticleId];
            Assert.Equal(p.Quote, article.Text.Substring(p.QuoteStart, p.Quote.Length));
            Assert.True(article.IsBody(p.QuoteStart, p.Quote.Length), p.Id);
        });
    }

    [Fact]
    public void LoadAsync_AINewsArticle_IsMonthPrecisionAndMarksItsFaqAsBoilerplate()
    {
        var ainews = Seeds.Value.Articles.Single(static a => a.Metadata.Outlet == "AINews");

        Assert.Equal(PartialDate.OfMonth(2026, 5), ainews.Metadata.Published);
        var faq = ainews.Text.IndexOf("常见问题", StringComparison.Ordinal);
        Assert.False(ainews.IsBody(faq, 4));
        Assert.All(Seeds.Value.Articles, static a => Assert.False(string.IsNullOrWhiteSpace(a.Metadata.DateNote)));
    }

    [Theory]
    [InlineData("ainews-regulation", "2027-05-31", false)]
    [InlineData("ainews-researcher-departures", "2026-11-30", false)]
    [InlineData("ainews-merged-product", "2027-11-30", false)]
    [InlineData("ainews-consolidation", "2027-05-31", false)]
    [InlineData("ainews-table-independent-labs", "2026-03-31", true)]
    [InlineData("ainews-table-api-price", "2026-03-31", true)]
    [InlineData("ainews-table-procurement-options", "2026-03-31", true)]
    [InlineData("ainews-table-open-source-releases", "2026-03-31", true)]
    [InlineData("ainews-attention-rewrite", "2027-11-30", false)]
    [InlineData("ainews-grok-claude-launch", "2026-06-30", false)]
    [InlineData("pulse-standardized-layer", "2031-12-31", false)]
    public void LoadAsync_DatedSeedPredictions_HaveTheIssuesResolveByDates(string id, string resolveBy, bool endsBeforePublication)
    {
        var p = Get(id);

        Assert.Equal(DateOnly.Parse(resolveBy, System.Globalization.CultureInfo.InvariantCulture), p.ResolveBy);
        Assert.Equal(endsBeforePublication, p.EndsBeforePublication);
        Assert.False(p.Undated);
    }

    [Theory]
    [InlineData("ainews-counter-alliance")]
    [InlineData("deeptrendlab-xai-dissolve")]
    [InlineData("ainews-safety-incident")]
    public void LoadAsync_UndatedSeedPredictions_HaveNoResolveBy(string id)
    {
        var p = Get(id);

        Assert.True(p.Undated);
        Assert.Null(p.ResolveBy);
    }

    [Fact]
    public void LoadAsync_ResearcherDepartures_DeparturesAreTheConditionThePartnershipTheClaim()
    {
        var p = Get("ainews-researcher-departures");

        Assert.Equal(PredictionKind.Event, p.Kind);
        Assert.Contains("effectively dead", p.Claim, StringComparison.Ordinal);
        Assert.Contains("senior researchers leave", p.Condition, StringComparison.Ordinal);
        var spec = p.ConditionSpec!;
        Assert.Equal((PredictionKind.Threshold, Comparator.GreaterThan, 15d, "%"),
            (spec.Kind, spec.Comparator!.Value, spec.Threshold!.Value, spec.Unit));
        Assert.Equal(new DateOnly(2026, 11, 30), spec.ResolveBy);
        Assert.Equal((false, true), (spec.Holds(9), spec.Holds(18)));
    }

    [Fact]
    public void LoadAsync_AttentionRewrite_IsAWindowFrom12To18Months()
    {
        Assert.Equal(new DateOnly(2027, 5, 1), Get("ainews-attention-rewrite").Earliest);
    }
}
