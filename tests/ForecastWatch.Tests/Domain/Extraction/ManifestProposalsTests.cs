using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Extraction;

namespace ForecastWatch.Tests.Domain.Extraction;

public sealed class ManifestProposalsTests
{
    private const string Manifest = """
        {
          "predictions": [
            {
              "id": "curated-one",
              "article": "a1",
              "claim": "Kept as is.",
              "quote": "The regulator will act within 12 months.",
              "status": "accepted",
              "origin": "curated"
            }
          ]
        }
        """;

    private static PredictionCandidate Candidate(string quote, int start, DateOnly? resolveBy = null, string? horizon = null) => new()
    {
        Quote = quote,
        Start = start,
        End = start + quote.Length,
        Claim = quote,
        Horizon = horizon,
        ResolveBy = resolveBy,
        Kind = CandidateKind.Threshold,
        Metric = null,
        Comparator = ">",
        Threshold = 5,
        Hedge = "likely",
        Probability = 0.75,
        Confidence = 0.8,
    };

    [Fact]
    public void Merge_NewCandidate_IsAppendedAsProposedAndCuratedIsUnchanged()
    {
        var c = Candidate("Prices will rise within six months.", 100, new DateOnly(2026, 11, 30), "within six months");

        var merge = ManifestProposals.Merge(Manifest, [new ArticleProposals("a1", PartialDate.OfMonth(2026, 5), [c], [(0, 40)])]);

        var id = Assert.Single(merge.AddedIds);
        Assert.Equal(ManifestProposals.StableId("a1", c.Quote), id);
        Assert.Contains("\"status\": \"proposed\"", merge.Json, StringComparison.Ordinal);
        Assert.Contains("\"origin\": \"extracted\"", merge.Json, StringComparison.Ordinal);
        Assert.Contains("\"horizon\": \"within six months\"", merge.Json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"event\"", merge.Json, StringComparison.Ordinal); // a threshold without a metric becomes an event
        Assert.Contains("\"claim\": \"Kept as is.\"", merge.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_CandidateOverlappingAnExistingEntry_IsNotProposed()
    {
        var c = Candidate("The regulator will act within 12 months.", 0);

        var merge = ManifestProposals.Merge(Manifest, [new ArticleProposals("a1", null, [c], [(0, 40)])]);

        Assert.Empty(merge.AddedIds);
        Assert.Equal(1, merge.AlreadyCovered);
    }

    [Fact]
    public void Merge_Twice_AddsNothingTheSecondTime()
    {
        var c = Candidate("Prices will rise.", 100);
        var once = ManifestProposals.Merge(Manifest, [new ArticleProposals("a1", null, [c], [])]);

        var twice = ManifestProposals.Merge(once.Json, [new ArticleProposals("a1", null, [c], [])]);

        Assert.Empty(twice.AddedIds);
        Assert.Equal(once.Json, twice.Json);
    }

    [Fact]
    public void Merge_UnparseableHorizonText_WritesTheDateInstead()
    {
        var c = Candidate("| Solar | 42 | 55 |", 10, new DateOnly(2027, 12, 31), "2027 forecast (GW)");

        var merge = ManifestProposals.Merge(Manifest, [new ArticleProposals("a1", PartialDate.OfMonth(2026, 5), [c], [])]);

        Assert.Contains("\"resolveBy\": \"2027-12-31\"", merge.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"horizon\"", merge.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void SetStatus_KnownId_ChangesOnlyTheStatus()
    {
        var json = ManifestProposals.SetStatus(Manifest, "curated-one", "rejected", out var problem, out var previous);

        Assert.Null(problem);
        Assert.Equal("accepted", previous);
        Assert.Contains("\"status\": \"rejected\"", json, StringComparison.Ordinal);
        Assert.Contains("\"claim\": \"Kept as is.\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SetStatus_UnknownId_ReturnsAProblem()
    {
        Assert.Null(ManifestProposals.SetStatus(Manifest, "nope", "accepted", out var problem, out _));
        Assert.Contains("nope", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void StableId_IsLowercaseHyphenatedAndShortEnough()
    {
        var id = ManifestProposals.StableId("a-very-long-article-identifier-that-goes-on-2026-05", "Quote");

        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", id);
        Assert.True(id.Length <= 48);
        Assert.Equal(id, ManifestProposals.StableId("a-very-long-article-identifier-that-goes-on-2026-05", "Quote"));
    }
}
