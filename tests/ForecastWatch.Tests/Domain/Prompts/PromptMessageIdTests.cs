using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Tests.Domain.Prompts;

public sealed class PromptMessageIdTests
{
    [Fact]
    public void Create_ThenTryParse_RoundTrips()
    {
        var id = PromptMessageId.Create(12, 2, "i0123456789abcdef", "Example.test");

        Assert.Equal("fw.prompt.12.2.i0123456789abcdef@example.test", id);
        Assert.True(PromptMessageId.TryParse($"<{id}>", "example.test", out var promptId, out var step, out var installation));
        Assert.Equal(12, promptId);
        Assert.Equal(2, step);
        Assert.Equal("i0123456789abcdef", installation);
    }

    [Fact]
    public void TryParse_IdWrittenBeforeInstallationIds_NoInstallation()
    {
        Assert.True(PromptMessageId.TryParse("<fw.prompt.12.2@example.test>", "example.test", out var promptId, out var step,
            out var installation));
        Assert.Equal(12, promptId);
        Assert.Equal(2, step);
        Assert.Null(installation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("123456789")]
    [InlineData("I0123456789ABCDEF")]
    [InlineData("short")]
    [InlineData("i0123456789abcdef0123456789abcdef0")]
    public void Create_NotAnInstallationId_Throws(string installation)
    {
        Assert.Throws<ArgumentException>(() => PromptMessageId.Create(1, 0, installation, "example.test"));
    }

    [Theory]
    [InlineData("<fw.prompt.12.2@elsewhere.test>")]
    [InlineData("<abc@example.test>")]
    [InlineData("<fw.prompt.x.2@example.test>")]
    [InlineData("<fw.prompt.12.2.123456789@example.test>")]
    [InlineData("<fw.prompt.12.2.i0123.x@example.test>")]
    [InlineData("")]
    public void TryParse_ForeignOrMalformed_False(string value)
    {
        Assert.False(PromptMessageId.TryParse(value, "example.test", out _, out _));
    }
}
