using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class ReplyAuthorizerTests
{
    private static readonly string[] Editors = ["editor@example.test", "editor2@example.test"];
    private static readonly ReplyAuthenticationSettings Required = new("mx.example.test", Require: true);

    [Fact]
    public void Authorize_EditorWithOwnToken_IsAllowed()
    {
        var result = ReplyAuthorizer.Authorize(["Editor@Example.test"], Editors, "editor@example.test", [], ReplyAuthenticationSettings.Off);

        Assert.True(result.IsAllowed);
        Assert.Equal("Editor@Example.test", result.Sender);
    }

    [Fact]
    public void Authorize_Outsider_IsNotAnEditor()
    {
        var result = ReplyAuthorizer.Authorize(["outsider@example.test"], Editors, null, [], ReplyAuthenticationSettings.Off);

        Assert.Equal(ReplyRejection.NotAnEditor, result.Rejection);
        Assert.False(result.AuthenticationFailed);
    }

    [Fact]
    public void Authorize_TokenOfAnotherEditor_IsRefused()
    {
        var result = ReplyAuthorizer.Authorize(["editor2@example.test"], Editors, "editor@example.test", [], ReplyAuthenticationSettings.Off);

        Assert.Equal(ReplyRejection.TokenForOtherRecipient, result.Rejection);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Authorize_NotExactlyOneFrom_IsRefused(int count)
    {
        var from = Enumerable.Repeat("editor@example.test", count).ToArray();

        Assert.Equal(ReplyRejection.NoSingleSender, ReplyAuthorizer.Authorize(from, Editors, null, [], ReplyAuthenticationSettings.Off).Rejection);
    }

    [Fact]
    public void Authorize_RequiredAndDkimPass_IsAllowed()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null, ["mx.example.test; dkim=pass header.d=example.test"], Required);

        Assert.True(result.IsAllowed);
    }

    [Fact]
    public void Authorize_RequiredAndOnlyForeignPass_IsRefusedAsUnauthenticated()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null, ["evil.test; dmarc=pass; dkim=pass"], Required);

        Assert.Equal(ReplyRejection.AuthenticationMissing, result.Rejection);
        Assert.True(result.AuthenticationFailed);
    }

    [Fact]
    public void Authorize_DmarcFail_IsHeldForReview()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null, ["mx.example.test; dkim=pass; dmarc=fail header.from=example.test"], new("mx.example.test", Require: false));

        Assert.Equal(ReplyRejection.DmarcFailed, result.Rejection);
        Assert.True(result.HeldForReview);
        Assert.True(result.AuthenticationFailed);
    }

    [Fact]
    public void Authorize_TopmostOfOurHeadersWins()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null, ["mx.example.test; dmarc=pass", "mx.example.test; dmarc=fail"], Required);

        Assert.True(result.IsAllowed);
    }

    [Fact]
    public void Authorize_SettingsOff_IgnoresAuthenticationResults()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null, ["mx.example.test; dmarc=fail"], ReplyAuthenticationSettings.Off);

        Assert.True(result.IsAllowed);
    }
}
