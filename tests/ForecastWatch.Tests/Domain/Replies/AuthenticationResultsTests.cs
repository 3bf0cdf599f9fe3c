using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class AuthenticationResultsTests
{
    [Fact]
    public void Parse_TypicalField_ReadsServerAndResults()
    {
        var results = AuthenticationResults.Parse("mx.example.test 1; dkim=pass (2048-bit key) header.d=example.test header.i=@example.test; spf=fail smtp.mailfrom=x@y.test; dmarc=pass (p=none) header.from=example.test");

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
}
