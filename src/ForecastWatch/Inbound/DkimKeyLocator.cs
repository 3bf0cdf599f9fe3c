using System.Collections.Concurrent;
using System.Net;
using DnsClient;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace ForecastWatch.Inbound;

/// <summary>The DKIM key could not be looked up (timeout, SERVFAIL, no server): the reply is held, never decided.</summary>
internal sealed class DkimDnsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The selector publishes no key (NXDOMAIN, no TXT, an empty or unusable p=): the signature fails.</summary>
internal sealed class DkimKeyMissingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Finds DKIM public keys in DNS (<c>selector._domainkey.domain</c> TXT, RFC 6376 section 3.6.2) with DnsClient:
/// a timeout per query, the answer's TTL (at most <see cref="MaxCacheTime"/>) as the cache lifetime, and a failed
/// lookup told apart from a missing key.
/// </summary>
internal sealed class DkimKeyLocator : DkimPublicKeyLocatorBase
{
    public static readonly TimeSpan MaxCacheTime = TimeSpan.FromHours(1);

    private readonly ILookupClient _dns;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (AsymmetricKeyParameter Key,
        DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public DkimKeyLocator(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout, TimeProvider time)
    {
        var options = servers.Count == 0
            ? new LookupClientOptions()
            : new LookupClientOptions([.. servers.Select(static s => new NameServer(s))]);
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseCache = false;
        options.ThrowDnsErrors = false;
        options.UseTcpFallback = true;
        options.ContinueOnDnsError = false;
        _dns = new LookupClient(options);
        _time = time;
    }

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector,
        CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector,
        CancellationToken cancellationToken = default)
    {
        var name = $"{selector}._domainkey.{domain}";
        if (!(methods ?? "dns/txt").Split(':').Any(static m => m.Trim().Equals("dns/txt", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DkimKeyMissingException($"{name}: no supported key query method in q={methods}.");
        }

        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }

        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(name, QueryType.TXT, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException e)
        {
            throw new DkimDnsUnavailableException($"{name}: DNS lookup failed ({e.Code}).", e);
        }

        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new DkimKeyMissingException($"{name}: no such domain (NXDOMAIN).");
        }

        if (response.HasError)
        {
            throw new DkimDnsUnavailableException($"{name}: DNS lookup failed ({response.ErrorMessage}).");
        }

        var record = response.Answers.TxtRecords().FirstOrDefault()
            ?? throw new DkimKeyMissingException($"{name}: no TXT record.");
        AsymmetricKeyParameter key;
        try
        {
            key = GetPublicKey(string.Concat(record.Text));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or MimeKit.ParseException)
        {
            throw new DkimKeyMissingException($"{name}: the TXT record holds no usable key.", e);
        }

        var ttl = TimeSpan.FromSeconds(Math.Max(0, record.TimeToLive));
        _cache[name] = (key, now + (ttl < MaxCacheTime ? ttl : MaxCacheTime));
        return key;
    }
}
