using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class ReplyMatcherTests
{
    private static readonly ReplyMatchSettings Settings = new("desk@example.test", "fw.example.test");

    private static ReplyEnvelope Envelope(string[]? recipients = null, string[]? thread = null, string? subject = null) =>
        new(["editor@example.test"], recipients ?? ["desk@example.test"], thread ?? [], subject);

    [Fact]
    public void Match_TokenInTo_MatchesByToken()
    {
        var match = ReplyMatcher.Match(
            Envelope(["desk+AbC123_xyz-789@example.test"], ["fw.prompt.7.1@fw.example.test"], "Re: [FW-ai-act] Due"), Settings);

        Assert.Equal(ReplyMatchKind.Token, match.Kind);
        Assert.Equal("AbC123_xyz-789", match.Token);
        Assert.Equal("ai-act", match.PredictionId);
    }

    [Fact]
    public void Match_TokenOnlyInDeliveredTo_MatchesByToken()
    {
        var match = ReplyMatcher.Match(Envelope(["desk@example.test", "other@example.test", "DESK+tok12345678@EXAMPLE.TEST"]), Settings);

        Assert.Equal("tok12345678", match.Token);
    }

    [Theory]
    [InlineData("other+tok12345678@example.test")]
    [InlineData("desk+tok12345678@elsewhere.test")]
    [InlineData("desk+short@example.test")]
    [InlineData("desk+bad/char12345@example.test")]
    [InlineData("+tok12345678@example.test")]
    public void Match_ForeignPlusAddress_IsNotAToken(string recipient)
    {
        Assert.Equal(ReplyMatchKind.None, ReplyMatcher.Match(Envelope([recipient]), Settings).Kind);
    }

    [Fact]
    public void Match_ReferencesToOurMessageId_MatchesByThread()
    {
        var match = ReplyMatcher.Match(Envelope(thread: ["CAF1@mail.gmail.com", "fw.prompt.42.2@FW.example.test"]), Settings);

        Assert.Equal(ReplyMatchKind.Thread, match.Kind);
        Assert.Equal("42", match.PromptId);
    }

    [Fact]
    public void Match_MessageIdOnOtherDomain_IsIgnored()
    {
        Assert.Equal(ReplyMatchKind.None, ReplyMatcher.Match(Envelope(thread: ["fw.prompt.42.2@evil.test"]), Settings).Kind);
    }

    [Fact]
    public void Match_SubjectTagOnly_MatchesBySubject()
    {
        var match = ReplyMatcher.Match(Envelope(subject: "AW: Re: [fw-EU-AI-Act] Due: something"), Settings);

        Assert.Equal(ReplyMatchKind.SubjectTag, match.Kind);
        Assert.Equal("eu-ai-act", match.PredictionId);
    }

    [Fact]
    public void Match_Nothing_IsNoMatch()
    {
        Assert.Same(ReplyMatch.NoMatch, ReplyMatcher.Match(Envelope(subject: "Lunch?"), Settings));
    }
}
