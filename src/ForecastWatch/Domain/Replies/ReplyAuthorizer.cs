namespace ForecastWatch.Domain.Replies;

/// <summary>Whether and how to check our mail server's Authentication-Results.</summary>
/// <param name="AuthServId">Our server's authserv-id (RFC 8601 section 2.5); null to ignore Authentication-Results.</param>
/// <param name="Require">Require dmarc=pass, or a dkim=pass whose signing domain is aligned with the From domain, from our server.</param>
/// <param name="Alignment">How a dkim=pass signing domain must match the From domain (RFC 7489 section 3.1.1).</param>
public sealed record ReplyAuthenticationSettings(string? AuthServId, bool Require, DkimAlignment Alignment = DkimAlignment.Relaxed)
{
    public static ReplyAuthenticationSettings Off { get; } = new(null, false);
}

/// <summary>The authorization decision.</summary>
/// <param name="Rejection">Why it is refused or held, or <see cref="ReplyRejection.None"/> when allowed.</param>
/// <param name="Sender">The single From address, when there is one.</param>
/// <param name="AuthenticationFailed">True when the sender failed authentication: never answer it.</param>
/// <param name="HeldForReview">True when the message is kept for a person to look at rather than refused.</param>
/// <param name="Detail">Words for the audit trail and <c>inbox list</c>.</param>
public sealed record ReplyAuthorization(ReplyRejection Rejection, string? Sender, bool AuthenticationFailed, bool HeldForReview,
    string Detail)
{
    public bool IsAllowed => Rejection == ReplyRejection.None;
}

/// <summary>
/// Decides whether the sender of a reply may resolve a prediction. Identity is the From address only: Reply-To and
/// Sender are chosen freely by whoever writes the message and are never consulted.
/// </summary>
public static class ReplyAuthorizer
{
    /// <param name="from">The From header's addresses.</param>
    /// <param name="allowedEditors">Addresses allowed to resolve this prediction.</param>
    /// <param name="tokenRecipient">The recipient the matched token was issued to, or null when matched otherwise.</param>
    /// <param name="authenticationResults">Every Authentication-Results field value, top of the message first.</param>
    /// <param name="settings">The Authentication-Results policy.</param>
    public static ReplyAuthorization Authorize(
        IReadOnlyList<string> from,
        IReadOnlyCollection<string> allowedEditors,
        string? tokenRecipient,
        IReadOnlyList<string> authenticationResults,
        ReplyAuthenticationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(allowedEditors);
        ArgumentNullException.ThrowIfNull(authenticationResults);
        ArgumentNullException.ThrowIfNull(settings);

        if (from.Count != 1 || string.IsNullOrWhiteSpace(from[0]))
        {
            return new ReplyAuthorization(ReplyRejection.NoSingleSender, null, false, false,
                $"From has {from.Count} addresses; exactly one is required.");
        }

        var sender = from[0].Trim();
        if (settings.AuthServId is { Length: > 0 } authServId)
        {
            // RFC 8601 section 5: only our own server's results count, and the topmost one is the newest; the
            // MTA is expected to strip copies carrying our authserv-id that arrived from outside.
            var ours = authenticationResults
                .Select(AuthenticationResults.Parse)
                .FirstOrDefault(r => r is not null && string.Equals(r.AuthServId, authServId, StringComparison.OrdinalIgnoreCase));
            var dmarc = ours?.ResultOf("dmarc");
            if (dmarc == "fail")
            {
                return new ReplyAuthorization(ReplyRejection.DmarcFailed, sender, true, true,
                    $"{authServId} reports dmarc=fail for {sender}.");
            }

            if (settings.Require && dmarc != "pass")
            {
                var dkim = EvaluateDkim(ours, sender, settings.Alignment);
                if (!dkim.Aligned && ours is not null
                    && ours.Results.Any(static r => r.Method is "dkim" or "arc" && r.Result == "temperror"))
                {
                    // The key could not be looked up (DNS timeout or failure): neither applied nor refused.
                    return new ReplyAuthorization(
                        ReplyRejection.AuthenticationUnavailable, sender, true, true,
                        $"A DKIM key lookup failed (dkim=temperror) and no aligned signature passed; held until someone looks or the mail "
                            + $"is re-read.");
                }

                if (!dkim.Aligned && ours?.ResultsOf("arc").FirstOrDefault() is { } arc
                    && !(arc.Result == "pass" && arc.Property("policy", "trusted") == "yes"))
                {
                    // Forwarded by a mailing system (it sealed an ARC set), which also broke the original signature:
                    // whether to believe that system is a person's call until it is listed as trusted.
                    var sealer = arc.Property("header", "d") ?? "(unknown)";
                    var why = arc.Result == "pass"
                        ? $"valid, but {sealer} is not in Inbox:TrustedArcSealers"
                        : $"broken (arc={arc.Result})";
                    return new ReplyAuthorization(
                        ReplyRejection.ArcNotTrusted, sender, true, true,
                        $"The reply came through {sealer}; its ARC chain is {why}, and no DKIM signature aligned with From passed.");
                }

                if (dkim.UnalignedPasses.Count > 0 && !dkim.Aligned && ours?.ResultsOf("arc").FirstOrDefault() is null)
                {
                    // A valid signature, but by someone other than the From domain: possibly a forwarder or a mail
                    // service signing for the editor, possibly a forgery. A person decides (inbox held/release).
                    var mode = settings.Alignment == DkimAlignment.Strict ? "strict" : "relaxed";
                    return new ReplyAuthorization(
                        ReplyRejection.DkimNotAligned, sender, true, true,
                        $"dkim=pass by {string.Join(", ", dkim.UnalignedPasses)} is not aligned with From domain "
                            + $"{dkim.FromDomain ?? "(none)"} ({mode}); no dmarc=pass.");
                }

                if (!dkim.Aligned)
                {
                    var seen = ours is null ? "no Authentication-Results from " + authServId
                        : $"dmarc={dmarc ?? "none"}, dkim={ours.ResultOf("dkim") ?? "none"}";
                    if (ours?.ResultsOf("arc").FirstOrDefault()?.Property("header", "d") is { } forwarder)
                    {
                        // A trusted forwarder's own record shows no aligned pass when the message reached it.
                        seen += $"; the trusted forwarder {forwarder} recorded no aligned pass on arrival";
                    }

                    return new ReplyAuthorization(ReplyRejection.AuthenticationMissing, sender, true, false,
                        $"Authentication required: {seen}.");
                }
            }
        }

        if (!allowedEditors.Any(e => SameAddress(e, sender)))
        {
            return new ReplyAuthorization(ReplyRejection.NotAnEditor, sender, false, false, $"{sender} may not resolve this prediction.");
        }

        if (tokenRecipient is not null && !SameAddress(tokenRecipient, sender))
        {
            return new ReplyAuthorization(ReplyRejection.TokenForOtherRecipient, sender, false, false,
                $"The token was issued to another recipient, not {sender}.");
        }

        return new ReplyAuthorization(ReplyRejection.None, sender, false, false, $"{sender} is an editor of this prediction.");
    }

    /// <summary>
    /// True when our results show that the From address is authentic: dmarc=pass, or a DKIM pass aligned with the From
    /// domain. Only such senders may receive a rejection (no backscatter to forged addresses).
    /// </summary>
    public static bool IsAuthenticated(IReadOnlyList<string> from, IReadOnlyList<string> authenticationResults,
        ReplyAuthenticationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(authenticationResults);
        ArgumentNullException.ThrowIfNull(settings);
        if (from.Count != 1 || settings.AuthServId is not { Length: > 0 } authServId)
        {
            return false;
        }

        var ours = authenticationResults
            .Select(AuthenticationResults.Parse)
            .FirstOrDefault(r => r is not null && string.Equals(r.AuthServId, authServId, StringComparison.OrdinalIgnoreCase));
        return ours?.ResultOf("dmarc") == "pass" || EvaluateDkim(ours, from[0].Trim(), settings.Alignment).Aligned;
    }

    private sealed record DkimVerdict(bool Aligned, string? FromDomain, IReadOnlyList<string> UnalignedPasses);

    // Any one aligned pass suffices (RFC 7489 section 4.2: one aligned identifier is enough). The signing domain
    // is header.d (RFC 8601 section 2.7.1). header.i is the AUID, equal to d= or a subdomain of it (RFC 6376
    // section 3.5), so its domain has the same organizational domain: usable for relaxed alignment when a
    // verifier reports only header.i, but not for strict, where it could match a From subdomain d= does not.
    private static DkimVerdict EvaluateDkim(AuthenticationResults? ours, string sender, DkimAlignment mode)
    {
        var fromDomain = DomainAlignment.OfAddress(sender);
        var unaligned = new List<string>();
        foreach (var result in ours?.ResultsOf("dkim") ?? [])
        {
            if (result.Result != "pass")
            {
                continue;
            }

            var d = result.Property("header", "d");
            var signer = DomainAlignment.Normalize(d);
            if (signer is null && d is null && mode == DkimAlignment.Relaxed)
            {
                signer = DomainAlignment.OfAddress(result.Property("header", "i"));
            }

            if (signer is not null && fromDomain is not null && DomainAlignment.IsAligned(signer, fromDomain, mode))
            {
                return new DkimVerdict(true, fromDomain, []);
            }

            unaligned.Add(signer ?? (d is null ? "an unnamed signer (no header.d)" : $"'{d}'"));
        }

        return new DkimVerdict(false, fromDomain, unaligned);
    }

    public static bool SameAddress(string a, string b) =>
        string.Equals(a.Trim().Trim('<', '>'), b.Trim().Trim('<', '>'), StringComparison.OrdinalIgnoreCase);
}
