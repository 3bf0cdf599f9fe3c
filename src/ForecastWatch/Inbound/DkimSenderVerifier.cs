using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Replies;
using MimeKit.Cryptography;

namespace ForecastWatch.Inbound;

/// <summary>
/// Verifies a reply's DKIM signatures ourselves (MimeKit's <see cref="DkimVerifier"/>, keys from
/// <see cref="DkimKeyLocator"/>) and, for mail forwarded by a trusted mailing system, its ARC chain
/// (<see cref="ArcVerifier"/>). The outcome is written as an Authentication-Results value under
/// <see cref="AuthServId"/>, so the same <see cref="ReplyAuthorizer"/> rules (alignment, holds) decide it.
/// </summary>
/// <remarks>
/// Per signature: <c>dkim=pass</c>, <c>dkim=fail</c> (bad signature or body hash, no key at the selector) or
/// <c>dkim=temperror</c> (the key could not be looked up: the reply is held). A message with ARC sets gets one
/// <c>arc=</c> result naming the newest sealer: with a chain that validates and a trusted sealer
/// (<c>policy.trusted=yes</c>), the results that sealer recorded on arrival (ARC-Authentication-Results of its
/// instance) are appended, so the original authentication survives the forwarder; an untrusted sealer or a broken
/// chain is held for review by <see cref="ReplyAuthorizer"/> unless an aligned signature passes on its own.
/// </remarks>
internal sealed class DkimSenderVerifier
{
    /// <summary>The authserv-id of the results this verifier writes.</summary>
    public const string AuthServId = "forecastwatch.dkim";

    private readonly Lazy<(DkimVerifier Dkim, ArcVerifier Arc)> _verifiers;
    private readonly IReadOnlyCollection<string> _trustedArcSealers;

    public DkimSenderVerifier(DkimKeyLocator keys, IReadOnlyCollection<string> trustedArcSealers)
        : this(() => keys, trustedArcSealers)
    {
    }

    /// <summary>
    /// The key locator (a DNS resolver that reads the system's name servers) and the verifiers are made at the first
    /// reply that needs them: a worker whose <c>Inbox:Authentication</c> is not <c>dkim</c> never loads them.
    /// </summary>
    public DkimSenderVerifier(Func<DkimKeyLocator> keys, IReadOnlyCollection<string> trustedArcSealers)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _verifiers = new(() =>
        {
            var locator = keys();
            return (new DkimVerifier(locator), new ArcVerifier(locator));
        });
        _trustedArcSealers = trustedArcSealers;
    }

    private DkimVerifier Dkim => _verifiers.Value.Dkim;

    private ArcVerifier Arc => _verifiers.Value.Arc;

    /// <summary>Reads the raw message and returns one Authentication-Results value for it.</summary>
    public async Task<string> VerifyAsync(Stream raw, CancellationToken cancellationToken)
    {
        using var message = await MimeKit.MimeMessage.LoadAsync(raw, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> VerifyAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var results = new StringBuilder(AuthServId);
        var signatures = 0;
        foreach (var header in message.Headers.Where(static h => h.Id == MimeKit.HeaderId.DkimSignature).ToList())
        {
            signatures++;
            var tags = Tags(header.Value);
            var d = tags.GetValueOrDefault("d") ?? "";
            var s = tags.GetValueOrDefault("s") ?? "";
            string result;
            try
            {
                result = await Dkim.VerifyAsync(message, header, cancellationToken).ConfigureAwait(false) ? "pass" : "fail";
            }
            catch (DkimDnsUnavailableException)
            {
                result = "temperror";
            }
            catch (DkimKeyMissingException)
            {
                result = "fail";
            }
            catch (Exception e) when (e is FormatException or ArgumentException or MimeKit.ParseException or NotSupportedException)
            {
                // A malformed signature field is a failed signature (RFC 6376 section 6.1.1: PERMFAIL).
                result = "fail";
            }

            results.Append(CultureInfo.InvariantCulture, $"; dkim={result} header.d={Token(d)} header.s={Token(s)}");
        }

        if (signatures == 0)
        {
            results.Append("; dkim=none");
        }

        if (await ArcResultsAsync(message, cancellationToken).ConfigureAwait(false) is { Length: > 0 } arc)
        {
            results.Append("; ").Append(arc);
        }

        return results.ToString();
    }

    /// <summary>
    /// The ARC result for a message that carries ARC sets, or null: <c>arc=pass header.d=sealer policy.trusted=yes</c>
    /// followed by the results the sealer recorded on arrival (its ARC-Authentication-Results), or
    /// <c>policy.trusted=no</c> for a valid chain by a sealer not in <c>Inbox:TrustedArcSealers</c>, or <c>arc=fail</c>
    /// for a broken chain, or <c>arc=temperror</c> when a seal's key could not be looked up.
    /// </summary>
    private async Task<string?> ArcResultsAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        if (!message.Headers.Contains(MimeKit.HeaderId.ArcSeal))
        {
            return null;
        }

        var seals = message.Headers.Where(static h => h.Id == MimeKit.HeaderId.ArcSeal).Select(static h => Tags(h.Value)).ToList();
        var newest = seals.MaxBy(static t =>
            int.TryParse(t.GetValueOrDefault("i"), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0);
        var sealer = DomainAlignment.Normalize(newest?.GetValueOrDefault("d"));
        var instance = newest?.GetValueOrDefault("i");
        var who = $" header.d={Token(sealer ?? "")}";
        ArcValidationResult validation;
        try
        {
            validation = await Arc.VerifyAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (DkimDnsUnavailableException)
        {
            return "arc=temperror" + who;
        }
        catch (Exception e) when (e is DkimKeyMissingException or FormatException or ArgumentException
                                       or MimeKit.ParseException or NotSupportedException)
        {
            return "arc=fail" + who;
        }

        if (validation.Chain != ArcSignatureValidationResult.Pass || sealer is null || instance is null)
        {
            return "arc=fail" + who;
        }

        if (!_trustedArcSealers.Any(t => string.Equals(DomainAlignment.Normalize(t), sealer, StringComparison.Ordinal)))
        {
            return "arc=pass" + who + " policy.trusted=no";
        }

        // "i=2; lists.example.org; dkim=pass header.d=...": the results after the instance and the authserv-id.
        foreach (var aar in message.Headers.Where(static h => h.Id == MimeKit.HeaderId.ArcAuthenticationResults))
        {
            var parts = aar.Value.Split(';', 3);
            if (parts.Length == 3 && Tags(parts[0]).GetValueOrDefault("i") == instance)
            {
                return "arc=pass" + who + " policy.trusted=yes; " + parts[2].Trim();
            }
        }

        return "arc=pass" + who + " policy.trusted=yes";
    }

    private static string Token(string value) =>
        value.Length == 0 ? "(none)" : value.Replace(";", string.Empty, StringComparison.Ordinal).Trim();

    private static Dictionary<string, string> Tags(string value)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in value.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                tags.TryAdd(part[..eq].Trim(), string.Concat(part[(eq + 1)..].Where(static c => !char.IsWhiteSpace(c))));
            }
        }

        return tags;
    }
}
