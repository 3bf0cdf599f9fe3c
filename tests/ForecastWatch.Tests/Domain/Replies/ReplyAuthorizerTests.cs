using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class ReplyAuthorizerTests
{
    private static readonly string[] Editors = ["editor@example.test", "editor2@example.test"];
    private static readonly ReplyAuthenticationSettings Required = new("mx.example.test", Require: true);

    [Fact]
    public void Authorize_EditorWithOwnToken_IsAllowed()
    {
        var result = ReplyAuthorizer.Authorize(["Editor@Example.test"], Editors, "editor@example.test", [],
            ReplyAuthenticationSettings.Off);

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
        var result = ReplyAuthorizer.Authorize(["editor2@example.test"], Editors, "editor@example.test", [],
            ReplyAuthenticationSettings.Off);

        Assert.Equal(ReplyRejection.TokenForOtherRecipient, result.Rejection);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Authorize_NotExactlyOneFrom_IsRefused(int count)
    {
        var from = Enumerable.Repeat("editor@example.test", count).ToArray();

        Assert.Equal(ReplyRejection.NoSingleSender,
            ReplyAuthorizer.Authorize(from, Editors, null, [], ReplyAuthenticationSettings.Off).Rejection);
    }

    [Fact]
    public void Authorize_RequiredAndDkimPass_IsAllowed()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null, ["mx.example.test; dkim=pass header.d=example.test"],
            Required);

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
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null,
            ["mx.example.test; dkim=pass; dmarc=fail header.from=example.test"], new("mx.example.test", Require: false));

        Assert.Equal(ReplyRejection.DmarcFailed, result.Rejection);
        Assert.True(result.HeldForReview);
        Assert.True(result.AuthenticationFailed);
    }

    [Fact]
    public void Authorize_TopmostOfOurHeadersWins()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null,
            ["mx.example.test; dmarc=pass", "mx.example.test; dmarc=fail"], Required);

        Assert.True(result.IsAllowed);
    }

    [Fact]
    public void Authorize_SettingsOff_IgnoresAuthenticationResults()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null, ["mx.example.test; dmarc=fail"],
            ReplyAuthenticationSettings.Off);

        Assert.True(result.IsAllowed);
    }

    private static readonly ReplyAuthenticationSettings RequiredStrict = new("mx.example.test", Require: true, DkimAlignment.Strict);

    private static ReplyAuthorization AuthorizeFrom(string from, ReplyAuthenticationSettings settings,
        params string[] authenticationResults) =>
        ReplyAuthorizer.Authorize([from], [from], null, authenticationResults, settings);

    [Fact]
    public void Authorize_RequiredAndUnalignedDkimPass_IsHeldNamingBothDomains()
    {
        var result = ReplyAuthorizer.Authorize(["editor@example.test"], Editors, null,
            ["mx.example.test; dkim=pass header.d=evil.test header.s=s1; dmarc=none"], Required);

        Assert.Equal(ReplyRejection.DkimNotAligned, result.Rejection);
        Assert.True(result.HeldForReview);
        Assert.True(result.AuthenticationFailed);
        Assert.Equal("dkim=pass by evil.test is not aligned with From domain example.test (relaxed); no dmarc=pass.", result.Detail);
    }

    [Theory]
    [InlineData("editor@example.test", "mail.example.test")]
    [InlineData("editor@news.example.test", "example.test")]
    [InlineData("editor@news.example.test", "other.example.test")]
    public void Authorize_SignerInTheSameOrganization_AllowedRelaxedHeldStrict(string from, string signer)
    {
        var header = $"mx.example.test; dkim=pass header.d={signer}";

        Assert.True(AuthorizeFrom(from, Required, header).IsAllowed);
        var strict = AuthorizeFrom(from, RequiredStrict, header);
        Assert.Equal(ReplyRejection.DkimNotAligned, strict.Rejection);
        Assert.Contains("(strict)", strict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_StrictAndExactSigner_IsAllowed()
    {
        Assert.True(
            AuthorizeFrom("editor@news.example.test", RequiredStrict, "mx.example.test; dkim=pass header.d=News.Example.Test.").IsAllowed);
    }

    [Fact]
    public void Authorize_DkimPassWithoutAnySigningDomain_IsHeldSayingSo()
    {
        var result = AuthorizeFrom("editor@example.test", Required, "mx.example.test; dkim=pass header.s=selector1");

        Assert.Equal(ReplyRejection.DkimNotAligned, result.Rejection);
        Assert.Contains("no header.d", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_OnlyHeaderI_CountsForRelaxedButNotStrict()
    {
        const string header = "mx.example.test; dkim=pass header.i=editor@mail.example.test";

        Assert.True(AuthorizeFrom("editor@example.test", Required, header).IsAllowed);
        Assert.Equal(ReplyRejection.DkimNotAligned, AuthorizeFrom("editor@mail.example.test", RequiredStrict, header).Rejection);
    }

    [Fact]
    public void Authorize_MalformedSigningDomain_IsHeldQuotingIt()
    {
        var result = AuthorizeFrom("editor@example.test", Required, "mx.example.test; dkim=pass header.d=exa..mple.test");

        Assert.Equal(ReplyRejection.DkimNotAligned, result.Rejection);
        Assert.Contains("'exa..mple.test'", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mx.example.test; dkim=pass header.d=esp.test; dkim=pass header.d=example.test")]
    [InlineData("mx.example.test; dkim=pass header.d=example.test; dkim=pass header.d=esp.test")]
    [InlineData("mx.example.test; dkim=fail header.d=esp.test; dkim=pass header.d=example.test")]
    public void Authorize_SeveralSignaturesOneAlignedPass_IsAllowed(string header)
    {
        Assert.True(AuthorizeFrom("editor@example.test", Required, header).IsAllowed);
    }

    [Fact]
    public void Authorize_SeveralSignaturesAlignedOneFailed_IsHeldListingThePasses()
    {
        var result = AuthorizeFrom("editor@example.test", Required,
            "mx.example.test; dkim=fail header.d=example.test; dkim=pass header.d=esp.test; dkim=pass header.d=list.test");

        Assert.Equal(ReplyRejection.DkimNotAligned, result.Rejection);
        Assert.StartsWith("dkim=pass by esp.test, list.test is not aligned", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_AlignedPassOnlyInForeignHeader_IsIgnored()
    {
        var forged = "evil.test; dkim=pass header.d=example.test; dmarc=pass header.from=example.test";

        Assert.Equal(ReplyRejection.AuthenticationMissing, AuthorizeFrom("editor@example.test", Required, forged).Rejection);
        var withOurs = AuthorizeFrom("editor@example.test", Required, forged, "mx.example.test; dkim=pass header.d=evil.test");
        Assert.Equal(ReplyRejection.DkimNotAligned, withOurs.Rejection);
    }

    [Fact]
    public void Authorize_DmarcPassWithUnalignedDkim_IsAllowed()
    {
        Assert.True(AuthorizeFrom("editor@example.test", Required,
            "mx.example.test; dkim=pass header.d=esp.test; dmarc=pass header.from=example.test").IsAllowed);
    }

    [Fact]
    public void Authorize_NotRequiredAndUnalignedDkimPass_IsAllowed()
    {
        Assert.True(AuthorizeFrom("editor@example.test", new("mx.example.test", Require: false),
            "mx.example.test; dkim=pass header.d=evil.test").IsAllowed);
    }

    [Fact]
    public void Authorize_RequiredAndOnlyFailedSignatures_IsRefusedAsUnauthenticated()
    {
        var result = AuthorizeFrom("editor@example.test", Required,
            "mx.example.test; dkim=fail header.d=example.test; dkim=neutral header.d=example.test");

        Assert.Equal(ReplyRejection.AuthenticationMissing, result.Rejection);
        Assert.False(result.HeldForReview);
    }

    [Fact]
    public void Authorize_CommentsCaseAndFolding_StillAligned()
    {
        Assert.True(AuthorizeFrom("Editor@EXAMPLE.test", Required,
            "MX.Example.Test;\r\n\tDKIM = Pass (good sig) Header . D = (signer) \"Mail.Example.TEST\"").IsAllowed);
    }

    [Theory]
    [InlineData("mx.example.test; dkim=fail header.d=example.test; arc=pass header.d=relay.example.net policy.trusted=yes; dkim=pass "
        + "header.d=example.test", "allowed")]
    [InlineData("mx.example.test; dkim=fail header.d=example.test; arc=pass header.d=relay.example.net policy.trusted=no", "ArcNotTrusted")]
    [InlineData("mx.example.test; dkim=pass header.d=relay.example.net; arc=pass header.d=relay.example.net policy.trusted=no",
        "ArcNotTrusted")]
    [InlineData("mx.example.test; dkim=fail header.d=example.test; arc=fail header.d=relay.example.net", "ArcNotTrusted")]
    [InlineData("mx.example.test; dkim=fail header.d=example.test; arc=temperror header.d=relay.example.net", "AuthenticationUnavailable")]
    [InlineData("mx.example.test; dkim=pass header.d=relay.example.net; arc=pass header.d=relay.example.net policy.trusted=yes; dkim=fail "
        + "header.d=example.test", "AuthenticationMissing")]
    [InlineData("mx.example.test; dkim=pass header.d=example.test; arc=fail header.d=relay.example.net", "allowed")]
    public void Authorize_ArcResults(string results, string expected)
    {
        var result = AuthorizeFrom("editor@example.test", Required, results);

        Assert.Equal(expected, result.IsAllowed ? "allowed" : result.Rejection.ToString());
        Assert.Equal(expected is "ArcNotTrusted" or "AuthenticationUnavailable", result.HeldForReview);
    }
}
