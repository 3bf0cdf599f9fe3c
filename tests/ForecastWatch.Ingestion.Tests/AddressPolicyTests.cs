using System.Net;

namespace ForecastWatch.Ingestion.Tests;

/// <summary>Which addresses the fetcher may connect to, by default and with AllowPrivateAddresses (test servers).</summary>
public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]     // just below 100.64.0.0/10
    [InlineData("100.128.0.0")]        // just above it
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:93.184.216.34")] // IPv4-mapped public
    [InlineData("64:ff9b::808:808")]     // NAT64 of 8.8.8.8
    public void Public_AllowedInBothModes(string address)
    {
        Assert.True(AddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateAddresses: false));
        Assert.True(AddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateAddresses: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]          // carrier-grade NAT, RFC 6598
    [InlineData("100.127.255.254")]
    [InlineData("fc00::1")]             // unique local fc00::/7
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fec0::1")]             // site-local (deprecated)
    [InlineData("::ffff:127.0.0.1")]    // IPv4-mapped loopback
    [InlineData("::ffff:10.1.2.3")]     // IPv4-mapped private
    [InlineData("::127.0.0.1")]         // IPv4-compatible loopback
    [InlineData("64:ff9b::a00:1")]      // NAT64 of 10.0.0.1
    [InlineData("2002:c0a8:0101::1")]   // 6to4 of 192.168.1.1
    [InlineData("192.0.2.1")]           // documentation
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("2001:db8::1")]
    [InlineData("198.18.0.1")]          // benchmarking
    [InlineData("2001:0:4136:e378::1")] // Teredo
    public void PrivateOrSpecial_RefusedByDefault_AllowedForTestServers(string address)
    {
        Assert.False(AddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateAddresses: false));
        Assert.True(AddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateAddresses: true));
    }

    [Theory]
    [InlineData("169.254.169.254")]     // cloud metadata (AWS, GCP, Azure, OpenStack)
    [InlineData("169.254.170.2")]       // ECS task metadata
    [InlineData("169.254.0.1")]         // link-local
    [InlineData("fe80::1")]
    [InlineData("fe80::a9fe:a9fe")]
    [InlineData("fd00:ec2::254")]       // AWS metadata over IPv6 (inside fc00::/7, refused even so)
    [InlineData("100.100.100.200")]     // Alibaba Cloud metadata (inside 100.64/10)
    [InlineData("168.63.129.16")]       // Azure wire server (a public-looking host endpoint)
    [InlineData("::ffff:169.254.169.254")] // IPv4-mapped metadata
    [InlineData("::169.254.169.254")]   // IPv4-compatible metadata
    [InlineData("64:ff9b::a9fe:a9fe")]  // NAT64 of 169.254.169.254
    [InlineData("2002:a9fe:a9fe::1")]   // 6to4 of 169.254.169.254
    [InlineData("0.0.0.0")]             // "this host": reaches loopback on Linux
    [InlineData("0.1.2.3")]
    [InlineData("::")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("224.0.0.1")]           // multicast
    [InlineData("239.255.255.250")]
    [InlineData("ff02::1")]
    [InlineData("ff0e::1")]
    [InlineData("240.0.0.1")]           // reserved
    [InlineData("255.255.255.255")]     // broadcast
    public void MetadataLinkLocalUnspecifiedMulticast_RefusedEvenForTestServers(string address)
    {
        Assert.True(AddressPolicy.IsAlwaysForbidden(IPAddress.Parse(address)));
        Assert.False(AddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateAddresses: false));
        Assert.False(AddressPolicy.IsAllowed(IPAddress.Parse(address), allowPrivateAddresses: true));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://news.example.org/x")]
    [InlineData("gopher://news.example.org/x")]
    [InlineData("http://user:secret@news.example.org/x")]
    public void CheckUrl_OtherSchemesAndCredentials_Refused(string url) =>
        Assert.Throws<ForbiddenDestinationException>(() => AddressPolicy.CheckUrl(new Uri(url)));

    [Theory]
    [InlineData("http://news.example.org/x")]
    [InlineData("https://news.example.org:8443/x?y=1")]
    public void CheckUrl_HttpAndHttps_Pass(string url) => AddressPolicy.CheckUrl(new Uri(url));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("[::1]")]
    [InlineData("[fd00:ec2::254]")]
    public async Task ConnectAsync_LiteralNonPublicAddress_RefusedBeforeAnySocketOpens(string host)
    {
        var ex = await Assert.ThrowsAsync<ForbiddenDestinationException>(
            () => SafeHttpHandler.ConnectAsync(new DnsEndPoint(host, 80), allowPrivateAddresses: false, CancellationToken.None).AsTask());

        Assert.Contains("not a public address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NameResolvingToLoopback_RefusedByDefault()
    {
        var ex = await Assert.ThrowsAsync<ForbiddenDestinationException>(
            () => SafeHttpHandler.ConnectAsync(
                new DnsEndPoint("localhost", 80), allowPrivateAddresses: false, CancellationToken.None).AsTask());

        Assert.Contains("AllowPrivateAddresses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_MetadataWithPrivateAllowed_StillRefused()
    {
        var ex = await Assert.ThrowsAsync<ForbiddenDestinationException>(
            () => SafeHttpHandler.ConnectAsync(
                new DnsEndPoint("169.254.169.254", 80), allowPrivateAddresses: true, CancellationToken.None).AsTask());

        Assert.Contains("never fetched", ex.Message, StringComparison.Ordinal);
    }
}
