using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class DomainAlignmentTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("mail.news.example.com", "example.com")]
    [InlineData("news.bbc.co.uk", "bbc.co.uk")]
    [InlineData("bbc.co.uk", "bbc.co.uk")]
    [InlineData("co.uk", "co.uk")]
    [InlineData("a.b.example.com.au", "example.com.au")]
    [InlineData("example.uk", "example.uk")]
    [InlineData("localhost", "localhost")]
    public void OrganizationalDomain_KnownShapes_ArePublicSuffixPlusOneLabel(string domain, string expected)
    {
        Assert.Equal(expected, DomainAlignment.OrganizationalDomain(domain));
    }

    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("  example.com ", "example.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    [InlineData("[192.0.2.1]", null)]
    [InlineData("a..example", null)]
    [InlineData("exa mple.com", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_Variants_GiveLowerCaseAsciiOrNull(string? domain, string? expected)
    {
        Assert.Equal(expected, DomainAlignment.Normalize(domain));
    }

    [Theory]
    [InlineData("Editor@Mail.Example.COM", "mail.example.com")]
    [InlineData("<editor@example.com>", "example.com")]
    [InlineData("\"a@b\"@example.com", "example.com")]
    [InlineData("no-domain", null)]
    [InlineData(null, null)]
    public void OfAddress_Address_GivesItsDomain(string? address, string? expected)
    {
        Assert.Equal(expected, DomainAlignment.OfAddress(address));
    }

    [Theory]
    [InlineData("example.com", "example.com", DkimAlignment.Relaxed, true)]
    [InlineData("example.com", "example.com", DkimAlignment.Strict, true)]
    [InlineData("mail.example.com", "example.com", DkimAlignment.Relaxed, true)]
    [InlineData("mail.example.com", "example.com", DkimAlignment.Strict, false)]
    [InlineData("example.com", "news.example.com", DkimAlignment.Relaxed, true)]
    [InlineData("example.com", "news.example.com", DkimAlignment.Strict, false)]
    [InlineData("evil.com", "example.com", DkimAlignment.Relaxed, false)]
    [InlineData("example.org", "example.com", DkimAlignment.Relaxed, false)]
    [InlineData("attacker.co.uk", "bbc.co.uk", DkimAlignment.Relaxed, false)]
    [InlineData("co.uk", "bbc.co.uk", DkimAlignment.Relaxed, false)]
    [InlineData("com", "example.com", DkimAlignment.Relaxed, false)]
    [InlineData("news.bbc.co.uk", "bbc.co.uk", DkimAlignment.Relaxed, true)]
    public void IsAligned_SignerAndFrom_FollowsTheMode(string signer, string from, DkimAlignment mode, bool expected)
    {
        Assert.Equal(expected, DomainAlignment.IsAligned(signer, from, mode));
    }

    [Fact]
    public void IsAligned_SuffixMissingFromTheBuiltInList_LooksAlignedOnlyUnderRelaxed()
    {
        // The documented limit: github.io is a public suffix in the Public Suffix List's private section, not here.
        Assert.True(DomainAlignment.IsAligned("mallory.github.io", "alice.github.io", DkimAlignment.Relaxed));
        Assert.False(DomainAlignment.IsAligned("mallory.github.io", "alice.github.io", DkimAlignment.Strict));
    }
}
