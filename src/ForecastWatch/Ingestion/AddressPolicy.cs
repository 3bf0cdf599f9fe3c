using System.Net;
using System.Net.Sockets;

namespace ForecastWatch.Ingestion;

/// <summary>The fetcher was asked to reach an address or scheme it must not reach.</summary>
internal sealed class ForbiddenDestinationException(string message) : HttpRequestException(message);

/// <summary>
/// Which IP addresses the fetcher may connect to: only public unicast ones, unless private addresses are allowed;
/// link-local, cloud metadata, unspecified, multicast and reserved addresses never. Checked on the resolved addresses at
/// connect time, so neither a redirect nor a DNS answer that changes between lookups (rebinding) can reach loopback,
/// the LAN or a cloud metadata endpoint. An IPv6 address that carries an IPv4 one (IPv4-mapped, IPv4-compatible,
/// NAT64, 6to4) is judged by that IPv4 address.
/// </summary>
internal static class AddressPolicy
{
    /// <summary>Cloud metadata and host endpoints outside link-local space (AWS IPv6, Alibaba, Azure's wire server).</summary>
    private static readonly IPAddress[] Metadata =
    [
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("168.63.129.16"),
    ];

    /// <summary>The one decision: may the fetcher open a connection to <paramref name="address"/>?</summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivateAddresses) =>
        allowPrivateAddresses ? !IsAlwaysForbidden(address) : IsPublic(address);

    /// <summary>
    /// Refused whatever the settings say: unspecified (<c>0.0.0.0/8</c>, <c>::</c>), link-local (<c>169.254.0.0/16</c>
    /// with the metadata endpoint <c>169.254.169.254</c>, <c>fe80::/10</c>), the other known metadata addresses,
    /// multicast, and the reserved and broadcast block <c>240.0.0.0/4</c>.
    /// </summary>
    public static bool IsAlwaysForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (EmbeddedIPv4(address) is { } v4)
        {
            address = v4;
        }

        if (Array.Exists(Metadata, m => m.Equals(address)))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] == 0 || (b[0] == 169 && b[1] == 254) || b[0] >= 224;
        }

        return address.AddressFamily != AddressFamily.InterNetworkV6
            || IPAddress.IPv6Any.Equals(address) || address.IsIPv6LinkLocal || address.IsIPv6Multicast;
    }

    /// <summary>Public unicast: not loopback, private, shared, link-local, documentation, benchmarking or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsAlwaysForbidden(address))
        {
            return false;
        }

        if (EmbeddedIPv4(address) is { } v4)
        {
            address = v4;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] == 10                                  // RFC 1918
                || b[0] == 127                                   // loopback
                || (b[0] == 100 && (b[1] & 0xC0) == 64)          // 100.64.0.0/10 carrier-grade NAT (RFC 6598)
                || (b[0] == 172 && (b[1] & 0xF0) == 16)          // RFC 1918
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 192 && b[1] == 0 && b[2] == 2)       // documentation
                || (b[0] == 192 && b[1] == 88 && b[2] == 99)     // 6to4 relay anycast (deprecated)
                || (b[0] == 192 && b[1] == 168)                  // RFC 1918
                || (b[0] == 198 && (b[1] & 0xFE) == 18)          // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // documentation
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));   // documentation
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        return !(IPAddress.IPv6Loopback.Equals(address)
            || address.IsIPv6SiteLocal                           // fec0::/10, deprecated
            || (v6[0] & 0xFE) == 0xFC                            // fc00::/7 unique local
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) // 2001:db8::/32 documentation
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0)       // 2001::/32 Teredo (a tunnel)
            || (v6[0] == 0x01 && v6[1] == 0 && v6[2..8].IndexOfAnyExcept((byte)0) < 0) // 100::/64 discard
            || v6[..10].IndexOfAnyExcept((byte)0) < 0);          // the rest of ::/80 (IPv4-compatible handled above)
    }

    /// <summary>The IPv4 address an IPv6 one carries: ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d, 2002:AABB:CCDD::.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        // ::a.b.c.d (IPv4-compatible, deprecated), but not :: and ::1.
        if (v6[..12].IndexOfAnyExcept((byte)0) < 0 && (v6[12] | v6[13]) != 0)
        {
            return new IPAddress(v6[12..16]);
        }

        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(v6[12..16]);
        }

        return v6[0] == 0x20 && v6[1] == 0x02 ? new IPAddress(v6[2..6]) : null;
    }

    /// <summary>Only http and https, with a host; throws <see cref="ForbiddenDestinationException"/> otherwise.</summary>
    public static void CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(url.Host))
        {
            throw new ForbiddenDestinationException($"{Describe(url)}: only http and https URLs are fetched.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new ForbiddenDestinationException($"{Describe(url)}: URLs with credentials are not fetched.");
        }
    }

    internal static string Describe(Uri url) => url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : url.OriginalString;
}
