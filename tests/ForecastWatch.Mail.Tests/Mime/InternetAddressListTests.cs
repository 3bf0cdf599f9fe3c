using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Mail.Tests.Mime;

public sealed class InternetAddressListTests
{
    [Theory]
    [InlineData("a@example.com", null, "a@example.com")]
    [InlineData("Anna Schmidt <anna@example.com>", "Anna Schmidt", "anna@example.com")]
    [InlineData("\"Schmidt, Anna\" <anna@example.com>", "Schmidt, Anna", "anna@example.com")]
    [InlineData("\"quoted local\"@example.com", null, "\"quoted local\"@example.com")]
    [InlineData("anna@example.com (Anna S.)", "Anna S.", "anna@example.com")]
    [InlineData("=?utf-8?q?Zo=C3=AB?= <z@example.com>", "Zoë", "z@example.com")]
    [InlineData("Zoë Brontë <zoe@bücher.example>", "Zoë Brontë", "zoe@bücher.example")]
    [InlineData("<@route.example:a@example.com>", null, "a@example.com")]
    [InlineData("Tom O'Brien <tom.o'brien@example.com>", "Tom O'Brien", "tom.o'brien@example.com")]
    [InlineData("(comment) a@example.com", null, "a@example.com")]
    public void ParseLenient_SingleMailbox(string input, string? name, string address)
    {
        var sut = InternetAddressList.ParseLenient(input);

        var mailbox = Assert.IsType<MailboxAddress>(Assert.Single(sut));
        Assert.Equal(name, mailbox.Name);
        Assert.Equal(address, mailbox.Address);
    }

    [Fact]
    public void ParseLenient_GroupsAndJunk_KeepsGoodAddresses()
    {
        var sut = InternetAddressList.ParseLenient("Team: a@x.example, B <b@x.example>;, junk>>, c@y.example, undisclosed-recipients:;");

        Assert.Equal(["a@x.example", "b@x.example", "c@y.example"], sut.Mailboxes.Select(m => m.Address).Where(a => a.Contains('@', StringComparison.Ordinal)));
        var group = Assert.IsType<GroupAddress>(sut[0]);
        Assert.Equal("Team", group.Name);
        Assert.Equal(2, group.Members.Count);
        Assert.Empty(Assert.IsType<GroupAddress>(sut[^1]).Members);
    }

    [Theory]
    [InlineData("a@example.com, b@example.com")]
    [InlineData("G: a@example.com;")]
    public void TryParse_Valid_True(string input)
    {
        Assert.True(InternetAddressList.TryParse(input, out var list));
        Assert.NotEmpty(list);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no address here")]
    [InlineData("a@example.com, <unclosed@example.com")]
    [InlineData("\"unterminated <a@b.c>")]
    public void TryParse_Malformed_FalseAndParseThrows(string input)
    {
        Assert.False(InternetAddressList.TryParse(input, out _));
        Assert.Throws<MimeParseException>(() => InternetAddressList.Parse(input));
    }

    [Fact]
    public void MailboxAddress_IdnDomain_BothForms()
    {
        var sut = MailboxAddress.Parse("x@xn--bcher-kva.example");

        Assert.Equal("bücher.example", sut.UnicodeDomain);
        Assert.Equal("xn--bcher-kva.example", sut.AsciiDomain);
    }

    [Fact]
    public void MailboxAddress_TryParse_RejectsLists()
    {
        Assert.False(MailboxAddress.TryParse("a@b.example, c@d.example", out _));
        Assert.True(MailboxAddress.TryParse("A <a@b.example>", out var m));
        Assert.Equal("A", m.Name);
    }
}
