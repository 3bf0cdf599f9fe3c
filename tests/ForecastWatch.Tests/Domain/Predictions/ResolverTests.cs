using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Tests.Domain.Predictions;

public sealed class ResolverTests
{
    private static readonly DateTimeOffset AsOf = new(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);

    internal static Prediction Event(string id = "p-event") => new()
    {
        Id = id,
        ArticleId = "a",
        Claim = "c",
        Quote = "q",
        QuoteStart = 0,
        ResolveBy = new DateOnly(2027, 5, 31),
        Kind = PredictionKind.Event,
        Editors = ["editor@example.test"],
    };

    private static Prediction Threshold() => Event("p-threshold") with
    {
        Kind = PredictionKind.Threshold,
        Metric = "share",
        Comparator = Comparator.GreaterThan,
        Threshold = 15,
        Unit = "%",
    };

    private static Prediction Range() => Event("p-range") with { Kind = PredictionKind.Range, Metric = "labs", Low = 3, High = 4 };

    private static ResolutionRequest Request(string verdict, ResolutionSource source = ResolutionSource.Cli, string? messageId = null,
        string by = "editor@example.test")
    {
        Assert.True(ResolutionCommand.TryParse(verdict, out var command, out var error), error);
        return new ResolutionRequest(command, by, AsOf, source, messageId, "a note", ["https://example.test/e"]);
    }

    /// <summary>Applies requests in order the way the store would, giving each recorded row the next id.</summary>
    private static (List<ResolutionRecord> Rows, ResolveOutcome Last) Apply(Prediction prediction, params ResolutionRequest[] requests)
    {
        var rows = new List<ResolutionRecord>();
        ResolveOutcome? last = null;
        foreach (var request in requests)
        {
            last = Resolver.Decide(prediction, rows, request);
            if (last is { Kind: ResolveOutcomeKind.Recorded, Resolution: { } r })
            {
                rows.Add(r with { Id = rows.Count + 1 });
            }
        }

        return (rows, last!);
    }

    [Fact]
    public void Decide_Yes_RecordsWhoWhenNoteAndEvidence()
    {
        var outcome = Resolver.Decide(Event(), [], Request("yes"));

        Assert.Equal(ResolveOutcomeKind.Recorded, outcome.Kind);
        var r = outcome.Resolution!;
        Assert.Equal((Verdict.Yes, "editor@example.test", AsOf, "a note"), (r.Verdict, r.ResolvedBy, r.ResolvedAt, r.Note));
        Assert.Equal(["https://example.test/e"], r.Evidence);
        Assert.Null(r.SupersedesId);
    }

    [Fact]
    public void Decide_SecondVerdictWithoutOverride_IsRefusedAsValue()
    {
        var (rows, last) = Apply(Event(), Request("yes"), Request("no"));

        Assert.Single(rows);
        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
        Assert.Contains("already resolved", last.Reason, StringComparison.Ordinal);
        Assert.Contains("OVERRIDE", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_Override_AppendsRowSupersedingTheFinalOne()
    {
        var (rows, last) = Apply(Event(), Request("yes"), Request("override no"));

        Assert.Equal(ResolveOutcomeKind.Recorded, last.Kind);
        Assert.Equal(2, rows.Count);
        Assert.Equal(1, rows[1].SupersedesId);
        Assert.Equal(Verdict.No, ResolutionState.Fold(Event(), rows).Final!.Verdict);
    }

    [Fact]
    public void Decide_SecondOverride_SupersedesTheFirstOverride()
    {
        var (rows, _) = Apply(Event(), Request("yes"), Request("override no"), Request("override partial 0.5"));

        Assert.Equal(2, rows[2].SupersedesId);
        Assert.Equal(Verdict.Partial, ResolutionState.Fold(Event(), rows).Final!.Verdict);
    }

    [Fact]
    public void Decide_OverrideWithNothingToOverride_IsRefused()
    {
        Assert.Equal(ResolveOutcomeKind.Refused, Resolver.Decide(Event(), [], Request("override yes")).Kind);
    }

    [Theory]
    [InlineData("value 17.5%", Verdict.Yes)]
    [InlineData("value 15", Verdict.No)]
    [InlineData("value 3", Verdict.No)]
    public void Decide_ValueOnThreshold_ComparesAndKeepsValue(string verdict, Verdict expected)
    {
        var outcome = Resolver.Decide(Threshold(), [], Request(verdict));

        Assert.Equal(expected, outcome.Resolution!.Verdict);
        Assert.NotNull(outcome.Resolution.Value);
    }

    [Theory]
    [InlineData("value 3", Verdict.Yes)]
    [InlineData("value 4", Verdict.Yes)]
    [InlineData("value 4.5", Verdict.No)]
    [InlineData("value 2", Verdict.No)]
    public void Decide_ValueOnRange_ChecksBoundsInclusive(string verdict, Verdict expected)
    {
        Assert.Equal(expected, Resolver.Decide(Range(), [], Request(verdict)).Resolution!.Verdict);
    }

    [Fact]
    public void Decide_ValueOnEvent_IsRefused()
    {
        var outcome = Resolver.Decide(Event(), [], Request("value 3"));

        Assert.Equal(ResolveOutcomeKind.Refused, outcome.Kind);
        Assert.Contains("event", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_Extend_MovesResolveByAndLeavesItUnresolved()
    {
        var (rows, last) = Apply(Event(), Request("extend 2027-12-31"));

        Assert.Equal(ResolveOutcomeKind.Recorded, last.Kind);
        var state = ResolutionState.Fold(Event(), rows);
        Assert.Null(state.Final);
        Assert.Equal(new DateOnly(2027, 12, 31), state.ResolveBy);
    }

    [Fact]
    public void Decide_ExtendGivesUndatedPredictionADate()
    {
        var undated = Event() with { ResolveBy = null, Undated = true };

        var (rows, _) = Apply(undated, Request("extend 2028-01-31"));

        Assert.Equal(new DateOnly(2028, 1, 31), ResolutionState.Fold(undated, rows).ResolveBy);
    }

    [Fact]
    public void Decide_ExtendToEarlierDate_IsRefused()
    {
        Assert.Equal(ResolveOutcomeKind.Refused, Resolver.Decide(Event(), [], Request("extend 2027-01-01")).Kind);
    }

    [Fact]
    public void Decide_ExtendAfterResolution_IsRefused()
    {
        var (_, last) = Apply(Event(), Request("no"), Request("extend 2028-01-01"));

        Assert.Equal(ResolveOutcomeKind.Refused, last.Kind);
    }

    [Fact]
    public void Decide_SameEmailMessageTwice_IsIdempotent()
    {
        var (rows, last) = Apply(Event(), Request("yes", ResolutionSource.Email, "<m1@example.test>"),
            Request("yes", ResolutionSource.Email, "<m1@example.test>"));

        Assert.Single(rows);
        Assert.Equal(ResolveOutcomeKind.AlreadyRecorded, last.Kind);
        Assert.Equal(1, last.Resolution!.Id);
    }

    [Fact]
    public void Decide_EmailFromSomeoneNotAnEditor_IsRefused()
    {
        var outcome = Resolver.Decide(Event(), [], Request("yes", ResolutionSource.Email, "<m2@example.test>", "outsider@example.test"));

        Assert.Equal(ResolveOutcomeKind.Refused, outcome.Kind);
        Assert.Contains("outsider@example.test", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CliFromSomeoneNotAnEditor_IsRecorded()
    {
        Assert.Equal(ResolveOutcomeKind.Recorded, Resolver.Decide(Event(), [], Request("yes", by: "operator@localhost")).Kind);
    }

    [Theory]
    [InlineData(EntryStatus.Proposed)]
    [InlineData(EntryStatus.Rejected)]
    public void Decide_NotAccepted_IsRefused(EntryStatus status)
    {
        Assert.Equal(ResolveOutcomeKind.Refused, Resolver.Decide(Event() with { Status = status }, [], Request("yes")).Kind);
    }

    [Fact]
    public void Decide_VoidWithReason_KeepsReasonInNote()
    {
        var outcome = Resolver.Decide(Event(), [], Request("void the deal never closed"));

        Assert.Equal(Verdict.Void, outcome.Resolution!.Verdict);
        Assert.Equal("the deal never closed; a note", outcome.Resolution.Note);
    }
}
