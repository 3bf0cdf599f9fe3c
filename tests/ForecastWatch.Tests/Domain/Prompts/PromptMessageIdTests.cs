using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Tests.Domain.Prompts;

public sealed class PromptMessageIdTests
{
    [Fact]
    public void Create_ThenTryParse_RoundTrips()
    {
        var id = PromptMessageId.Create(12, 2, "Example.test");

        Assert.Equal("fw.prompt.12.2@example.test", id);
        Assert.True(PromptMessageId.TryParse($"<{id}>", "example.test", out var promptId, out var step));
        Assert.Equal(12, promptId);
        Assert.Equal(2, step);
    }

    [Theory]
    [InlineData("<fw.prompt.12.2@elsewhere.test>")]
    [InlineData("<abc@example.test>")]
    [InlineData("<fw.prompt.x.2@example.test>")]
    [InlineData("")]
    public void TryParse_ForeignOrMalformed_False(string value)
    {
        Assert.False(PromptMessageId.TryParse(value, "example.test", out _, out _));
    }
}
