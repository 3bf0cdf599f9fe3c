using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Tests.Domain.Prompts;

public sealed class PromptTokenTests
{
    private static PromptToken CreateSut(string secret = "test-secret-0123456789") => PromptToken.FromSecret(secret);

    [Fact]
    public void Create_SameInputs_StableAndVerifiable()
    {
        var sut = CreateSut();

        var token = sut.Create(42, "Editor@Example.test");

        Assert.Equal(token, sut.Create(42, "editor@example.test"));
        Assert.Matches("^p42\\.[a-z2-7]{20}$", token);
        Assert.True(sut.Verify(token, 42, "editor@example.test"));
        Assert.True(sut.Verify(token.ToUpperInvariant(), 42, "editor@example.test"));
    }

    [Fact]
    public void Verify_OtherRecipientPromptOrKey_False()
    {
        var sut = CreateSut();
        var token = sut.Create(42, "editor@example.test");

        Assert.False(sut.Verify(token, 42, "editor2@example.test"));
        Assert.False(sut.Verify(token, 43, "editor@example.test"));
        Assert.False(CreateSut("another-secret-0123456789").Verify(token, 42, "editor@example.test"));
        Assert.False(sut.Verify(token[..^1] + (token[^1] == 'a' ? 'b' : 'a'), 42, "editor@example.test"));
        Assert.False(sut.Verify("garbage", 42, "editor@example.test"));
        Assert.False(sut.Verify(null, 42, "editor@example.test"));
    }

    [Fact]
    public void Create_DifferentRecipients_DifferentTokens()
    {
        var sut = CreateSut();

        Assert.NotEqual(sut.Create(1, "a@example.test"), sut.Create(1, "b@example.test"));
    }

    [Fact]
    public void TryExtract_PlusAddress_ReturnsToken()
    {
        var token = CreateSut().Create(7, "a@example.test");

        Assert.True(PromptToken.TryExtract($"desk+{token}@example.test", out var found));
        Assert.Equal(token, found);
        Assert.True(PromptToken.TryReadPromptId(found, out var id));
        Assert.Equal(7, id);
        Assert.False(PromptToken.TryExtract("desk@example.test", out _));
        Assert.False(PromptToken.TryExtract("desk+hello@example.test", out _));
    }

    [Fact]
    public void Constructor_ShortKey_Throws()
    {
        Assert.Throws<ForecastWatch.Domain.DomainException>(() => PromptToken.FromSecret("short"));
    }
}
