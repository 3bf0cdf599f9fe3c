using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class AuthenticationResultsTests
{
    [Fact]
    public void Parse_TypicalField_ReadsServerAndResults()
    {
        var results = AuthenticationResults.Parse("mx.example.test 1; dkim=pass (2048-bit key) header.d=example.test "
            + "header.i=@example.test; spf=fail smtp.mailfrom=x@y.test; dmarc=pass (p=none) header.from=example.test");

        Assert.NotNull(results);
        Assert.Equal("mx.example.test", results.AuthServId);
        Assert.Equal("pass", results.ResultOf("dkim"));
        Assert.Equal("fail", results.ResultOf("SPF"));
        Assert.Equal("pass", results.ResultOf("dmarc"));
    }

    [Fact]
    public void Parse_CommentsAndQuotes_AreNotResults()
    {
        var results = AuthenticationResults.Parse("mx.example.test; (dmarc=fail here is a comment) dkim/1=pass header.b=\"a;dmarc=fail\"");

        Assert.Equal("pass", results!.ResultOf("dkim"));
        Assert.Null(results.ResultOf("dmarc"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_Empty_ReturnsNull(string? value)
    {
        Assert.Null(AuthenticationResults.Parse(value));
    }

    [Fact]
    public void Parse_None_HasNoResults()
    {
        Assert.Empty(AuthenticationResults.Parse("mx.example.test; none")!.Results);
    }

    [Fact]
    public void Parse_DkimProperties_ReadsSigningDomainAndIdentity()
    {
        var dkim = AuthenticationResults.Parse(
            "mx.example.test; dkim=pass (2048-bit key) header.d=example.com header.i=@mail.example.com header.s=sel1")!.Results.Single();

        Assert.Equal("example.com", dkim.Property("header", "d"));
        Assert.Equal("@mail.example.com", dkim.Property("header", "i"));
        Assert.Equal("sel1", dkim.Property("HEADER", "S"));
        Assert.Null(dkim.Property("header", "b"));
    }

    [Fact]
    public void Parse_CfwsAroundEveryPunctuation_ReadsTheSameResult()
    {
        var dkim = AuthenticationResults.Parse(
            "mx.example.test (our mx) 1 ; dkim (sig) / 1 = (ok) pass (good)\r\n\theader (x) . d (y) = example.com")!.Results.Single();

        Assert.Equal(("dkim", "pass"), (dkim.Method, dkim.Result));
        Assert.Equal("example.com", dkim.Property("header", "d"));
    }

    [Fact]
    public void Parse_CommentsWithoutSpaces_StillSeparateWords()
    {
        var dkim = AuthenticationResults.Parse(
            "mx.example.test;dkim=pass(good signature)header.d=example.com(the signer)")!.Results.Single();

        Assert.Equal("pass", dkim.Result);
        Assert.Equal("example.com", dkim.Property("header", "d"));
    }

    [Fact]
    public void Parse_NestedCommentWithSemicolon_DoesNotEndTheResult()
    {
        var results = AuthenticationResults.Parse("mx.example.test; dkim=pass (a (nested; dmarc=fail) comment) header.d=example.com")!;

        Assert.Equal("example.com", Assert.Single(results.Results).Property("header", "d"));
        Assert.Null(results.ResultOf("dmarc"));
    }

    [Fact]
    public void Parse_QuotedValues_AreUnquoted()
    {
        var dkim = AuthenticationResults.Parse(
            "\"mx.example.test\"; dkim=pass header.d=\"example.com\" header.i=\"john \\\"jd\\\" doe\"@example.com")!;

        Assert.Equal("mx.example.test", dkim.AuthServId);
        Assert.Equal("example.com", dkim.Results[0].Property("header", "d"));
        Assert.Equal("john \"jd\" doe@example.com", dkim.Results[0].Property("header", "i"));
    }

    [Fact]
    public void Parse_UpperCaseNames_AreLowerCasedAndValuesKept()
    {
        var dkim = AuthenticationResults.Parse("MX.Example.Test; DKIM=PASS Header.D=Example.COM")!.Results.Single();

        Assert.Equal(("dkim", "pass"), (dkim.Method, dkim.Result));
        Assert.Equal(new AuthenticationProperty("header", "d", "Example.COM"), Assert.Single(dkim.Properties));
    }

    [Fact]
    public void Parse_UnquotedBase64Value_DoesNotSwallowTheNextProperty()
    {
        var dkim = AuthenticationResults.Parse("mx.example.test; dkim=pass header.b=ab/Cd+e= header.d=example.com")!.Results.Single();

        Assert.Equal("ab/Cd+e=", dkim.Property("header", "b"));
        Assert.Equal("example.com", dkim.Property("header", "d"));
    }

    [Fact]
    public void Parse_ReasonAndStrayWords_AreNotProperties()
    {
        var dkim = AuthenticationResults.Parse(
            "mx.example.test; dkim=pass reason=\"valid; signature\" stray header.d=example.com")!.Results.Single();

        Assert.Equal(new AuthenticationProperty("header", "d", "example.com"), Assert.Single(dkim.Properties));
    }

    [Fact]
    public void Parse_SeveralSignatures_KeepsEachWithItsProperties()
    {
        var results = AuthenticationResults.Parse(
            "mx.example.test; dkim=pass header.d=esp.test; dkim=fail header.d=example.com; dmarc=none")!;

        Assert.Equal(["esp.test", "example.com"], results.ResultsOf("dkim").Select(r => r.Property("header", "d")));
        Assert.Equal(["pass", "fail"], results.ResultsOf("DKIM").Select(r => r.Result));
    }

    [Fact]
    public void Parse_MalformedResult_SkipsOnlyThatOne()
    {
        var results = AuthenticationResults.Parse(
            "mx.example.test; dkim; =pass; spf=pass smtp.mailfrom=a@example.com; (unclosed comment dmarc=fail")!;

        var spf = Assert.Single(results.Results);
        Assert.Equal("spf", spf.Method);
        Assert.Equal("a@example.com", spf.Property("smtp", "mailfrom"));
    }
}
