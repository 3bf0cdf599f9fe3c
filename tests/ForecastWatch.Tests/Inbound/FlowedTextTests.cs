using ForecastWatch.Inbound;

namespace ForecastWatch.Tests.Inbound;

public sealed class FlowedTextTests
{
    [Theory]
    [InlineData("a \nb\n", false, "a b\n")]
    [InlineData("a\nb", false, "a\nb")]
    [InlineData("one \ntwo \nthree\n\nnext\n", false, "one two three\n\nnext\n")]
    [InlineData("long- \nword\n", true, "long-word\n")]
    [InlineData(" From me\n", false, "From me\n")]
    [InlineData("YES\n\n-- \nAnna \nEditor\n", false, "YES\n\n-- \nAnna Editor\n")]
    [InlineData("> quoted \n> more\nmine\n", false, "> quoted more\nmine\n")]
    [InlineData(">> deep \n> shallow\n", false, ">> deep \n> shallow\n")]
    [InlineData("", false, "")]
    public void Unwrap_Rfc3676(string input, bool delsp, string expected)
    {
        Assert.Equal(expected, FlowedText.Unwrap(input, delsp));
    }
}
