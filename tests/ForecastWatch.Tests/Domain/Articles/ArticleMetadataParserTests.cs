using ForecastWatch.Domain.Articles;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Domain.Articles;

public sealed class ArticleMetadataParserTests
{
    private const string File = "seeds/articles/x.meta.json";

    [Fact]
    public void Parse_ValidSidecar_ReturnsMetadataWithPrecision()
    {
        var errors = new List<SeedError>();

        var metadata = ArticleMetadataParser.Parse(TempSeeds.Metadata().ToJsonString(), File, errors);

        Assert.Empty(errors);
        Assert.NotNull(metadata);
        Assert.Equal(DatePrecision.Day, metadata.Published!.Value.Precision);
        Assert.Equal(2, metadata.Boilerplate.Count);
        Assert.Equal(["A. Writer"], metadata.Authors);
    }

    [Fact]
    public void Parse_MonthPrecisionWithoutDateNote_ReportsDateNote()
    {
        var json = TempSeeds.Metadata();
        json["published"] = "2026-05";
        var errors = new List<SeedError>();

        var metadata = ArticleMetadataParser.Parse(json.ToJsonString(), File, errors);

        Assert.Null(metadata);
        var error = Assert.Single(errors);
        Assert.Equal((File, TempSeeds.ArticleId, "dateNote"), (error.File, error.Item, error.Field));
    }

    [Fact]
    public void Parse_UnknownFieldAndBadDate_ReportsEachWithFileItemAndField()
    {
        var json = TempSeeds.Metadata();
        json["publisher"] = "x";
        json["published"] = "May 2026";
        var errors = new List<SeedError>();

        ArticleMetadataParser.Parse(json.ToJsonString(), File, errors);

        Assert.Contains(errors, e => e.Field == "publisher" && e.Message.Contains("unknown", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "published" && e.Message.Contains("May 2026", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.StartsWith($"{File}: {TempSeeds.ArticleId}: ", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BadBoilerplateKindAndRange_ReportsBoth()
    {
        var json = TempSeeds.Metadata();
        json["boilerplate"]![0]!["kind"] = "sidebar";
        json["boilerplate"]![1]!["endLine"] = 2;
        var errors = new List<SeedError>();

        ArticleMetadataParser.Parse(json.ToJsonString(), File, errors);

        Assert.Contains(errors, e => e.Field == "boilerplate.kind");
        Assert.Contains(errors, e => e.Field == "boilerplate.startLine");
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"id\": ")]
    public void Parse_NotAJsonObject_ReportsOneErrorAndReturnsNull(string json)
    {
        var errors = new List<SeedError>();

        Assert.Null(ArticleMetadataParser.Parse(json, File, errors));
        Assert.Single(errors);
    }
}
