using ForecastWatch.Mail.Imap;

namespace ForecastWatch.Mail.Tests.Imap;

public sealed class ImapUidSetTests
{
    [Fact]
    public void Format_UnsortedWithRuns_CollapsesRanges()
    {
        Assert.Equal("1:3,5,7:8", ImapUidSet.Format([8, 3, 1, 2, 5, 7, 7]));
    }

    [Fact]
    public void Format_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => ImapUidSet.Format([]));
    }

    [Theory]
    [InlineData("4:2,9", new uint[] { 4, 3, 2, 9 })]
    [InlineData("7", new uint[] { 7 })]
    public void TryParse_Valid_Expands(string set, uint[] expected)
    {
        Assert.True(ImapUidSet.TryParse(set, out var uids));
        Assert.Equal(expected, uids);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1:*")]
    [InlineData("a")]
    [InlineData("1:4000000000")]
    public void TryParse_InvalidOrHuge_ReturnsFalse(string set)
    {
        Assert.False(ImapUidSet.TryParse(set, out _));
    }
}
