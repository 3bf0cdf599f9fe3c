using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class ReturnPathTests
{
    private static readonly ReturnPath Paths = new("0123456789abcdef0123456789abcdef"u8);

    [Fact]
    public void Create_ThenTryRead_GivesTheOutboxId()
    {
        var address = Paths.Create("desk@example.test", 42);

        Assert.Matches(@"^desk\+b42\.[0-9a-f]{16}@example\.test$", address);
        Assert.True(Paths.TryRead("<" + address.ToUpperInvariant() + ">", "desk@example.test", out var id));
        Assert.Equal(42, id);
    }

    [Theory]
    [InlineData("desk@example.test")]
    [InlineData("desk+b42.0000000000000000@example.test")]
    [InlineData("desk+p12.abcdefghijklmnopqrst@example.test")]
    [InlineData("other+b42.0000000000000000@example.test")]
    [InlineData("")]
    public void TryRead_AddressWeDidNotIssue_IsFalse(string address)
    {
        Assert.False(Paths.TryRead(address, "desk@example.test", out _));
    }

    [Fact]
    public void TryRead_SameIdOtherDomain_IsFalse()
    {
        var address = Paths.Create("desk@example.test", 7).Replace("example.test", "example.org", StringComparison.Ordinal);

        Assert.False(Paths.TryRead(address, "desk@example.test", out _));
    }
}
