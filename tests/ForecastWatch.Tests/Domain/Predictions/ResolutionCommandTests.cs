using ForecastWatch.Domain.Predictions;

namespace ForecastWatch.Tests.Domain.Predictions;

public sealed class ResolutionCommandTests
{
    [Theory]
    [InlineData("YES", Verdict.Yes)]
    [InlineData("  no ", Verdict.No)]
    [InlineData("Partial", Verdict.Partial)]
    [InlineData("VOID", Verdict.Void)]
    public void TryParse_PlainVerdicts_Parse(string text, Verdict expected)
    {
        Assert.True(ResolutionCommand.TryParse(text, out var command, out _));
        Assert.Equal(expected, command.Verdict);
        Assert.False(command.IsOverride);
    }

    [Theory]
    [InlineData("PARTIAL 0.25", 0.25)]
    [InlineData("partial 60%", 0.6)]
    public void TryParse_PartialWithFraction_KeepsFraction(string text, double expected)
    {
        Assert.True(ResolutionCommand.TryParse(text, out var command, out _));
        Assert.Equal(expected, command.Fraction!.Value, 6);
    }

    [Theory]
    [InlineData("VALUE 17.5%", 17.5, "%")]
    [InlineData("value 16 USD", 16, "USD")]
    [InlineData("VALUE $16.00", 16, null)]
    [InlineData("value -3", -3, null)]
    public void TryParse_Value_KeepsNumberAndUnit(string text, double value, string? unit)
    {
        Assert.True(ResolutionCommand.TryParse(text, out var command, out _));
        Assert.True(command.IsValue);
        Assert.Equal((value, unit), (command.Value!.Value, command.ValueUnit));
    }

    [Fact]
    public void TryParse_ExtendWithDate_KeepsDate()
    {
        Assert.True(ResolutionCommand.TryParse("EXTEND 2027-06-30", out var command, out _));
        Assert.Equal((Verdict.Extend, new DateOnly(2027, 6, 30)), (command.Verdict, command.ExtendTo!.Value));
    }

    [Fact]
    public void TryParse_OverrideValue_IsOverrideAndValue()
    {
        Assert.True(ResolutionCommand.TryParse("override value 3", out var command, out _));
        Assert.True(command.IsOverride);
        Assert.True(command.IsValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("yes indeed")]
    [InlineData("partial 1.5")]
    [InlineData("partial half")]
    [InlineData("extend")]
    [InlineData("extend next year")]
    [InlineData("value")]
    [InlineData("value lots")]
    [InlineData("override")]
    [InlineData("override extend 2027-01-01")]
    public void TryParse_Malformed_ReturnsFalseWithMessage(string text)
    {
        Assert.False(ResolutionCommand.TryParse(text, out var command, out var error));
        Assert.Null(command);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
