using ForecastWatch.Mail.Imap;

namespace ForecastWatch.Mail.Tests.Imap;

public sealed class ImapUtf7Tests
{
    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Tom & Jerry", "Tom &- Jerry")]
    [InlineData("été", "&AOk-t&AOk-")]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    [InlineData("😀", "&2D3eAA-")]
    public void EncodeDecode_RoundTrips(string name, string encoded)
    {
        Assert.Equal(encoded, ImapUtf7.Encode(name));
        Assert.Equal(name, ImapUtf7.Decode(encoded));
    }

    [Theory]
    [InlineData("&", "&")]
    [InlineData("a&!!-b", "a&!!-b")]
    [InlineData("&AO-", "&AO-")]
    public void Decode_Malformed_KeepsText(string encoded, string expected)
    {
        Assert.Equal(expected, ImapUtf7.Decode(encoded));
    }
}
