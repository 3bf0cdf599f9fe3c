using System.Net;
using System.Net.Sockets;

namespace ForecastWatch.Ingestion;

/// <summary>
/// The primary handler of the ingest HttpClient: gzip/brotli/deflate, no automatic redirects (the fetcher follows
/// them itself, checking each hop), and a connect callback that resolves the host and refuses non-public addresses
/// before a socket is opened, so the check holds for every hop and for whatever DNS answers at that moment.
/// </summary>
internal static class SafeHttpHandler
{
    public static SocketsHttpHandler Create(bool allowPrivateAddresses, TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        MaxResponseHeadersLength = 64,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivateAddresses, cancellationToken),
    };

    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivateAddresses,
        CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        // Link-local (cloud metadata at 169.254.169.254) stays out of reach even when private addresses are allowed.
        var allowed = addresses.Where(a => AddressPolicy.IsAllowed(a, allowPrivateAddresses)).ToArray();
        if (allowed.Length == 0)
        {
            var listed = string.Join(", ", addresses.Select(static a => a.ToString()));
            throw new ForbiddenDestinationException(addresses.Length == 0
                ? $"{endpoint.Host}: the name does not resolve."
                : allowPrivateAddresses
                    ? $"{endpoint.Host} resolves to {listed}: not a public address, and link-local, metadata, multicast and unspecified " +
                      "addresses are never fetched."
                    : $"{endpoint.Host} resolves to {listed}: not a public address (ForecastWatch:Ingest:AllowPrivateAddresses is off).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Connect to exactly the addresses checked above, never to a fresh lookup of the name.
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
