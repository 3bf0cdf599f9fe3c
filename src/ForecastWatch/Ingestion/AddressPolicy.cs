using System.Net;
using System.Net.Sockets;

namespace ForecastWatch.Ingestion;

/// <summary>The fetcher was asked to reach an address or scheme it must not reach.</summary>
internal sealed class ForbiddenDestinationException(string message) : HttpRequestException(message);

/// <summary>
/// Which IP addresses the fetcher may connect to: only public unicast ones, unless private addresses are allowed.
/// Checked on the resolved addresses at connect time, so neither a redirect nor a DNS answer that changes between
/// lookups (rebinding) can reach loopback, the LAN or a cloud metadata endpoint.
/// </summary>
internal static class AddressPolicy
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] == 0                                   // 0.0.0.0/8 "this network"
                || b[0] == 10                                    // RFC 1918
                || b[0] == 127                                   // loopback
                || (b[0] == 100 && (b[1] & 0xC0) == 64)          // 100.64.0.0/10 carrier-grade NAT (RFC 6598)
                || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)          // RFC 1918
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 192 && b[1] == 0 && b[2] == 2)       // documentation
                || (b[0] == 192 && b[1] == 168)                  // RFC 1918
                || (b[0] == 198 && (b[1] & 0xFE) == 18)          // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // documentation
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)     // documentation
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6Any.Equals(address)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC)                           // fc00::/7 unique local
        {
            return false;
        }

        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 address: judge that one.
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPublic(new IPAddress(v6[12..16]));
        }

        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return IsPublic(new IPAddress(v6[2..6]));
        }

        // ::/96 IPv4-compatible and documentation 2001:db8::/32
        return !(v6[..12].IndexOfAnyExcept((byte)0) < 0 || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8));
    }

    public static bool IsLinkLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return a.AddressFamily == AddressFamily.InterNetwork ? a.GetAddressBytes() is [169, 254, ..] : a.IsIPv6LinkLocal;
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
