using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Inbound;

/// <summary>What proves a reply's sender (<c>ForecastWatch:Inbox:Authentication</c>).</summary>
internal enum SenderAuthenticationMode
{
    /// <summary>Our own mail server's Authentication-Results (<c>Inbox:AuthServId</c>), as configured.</summary>
    AuthenticationResults,

    /// <summary>DKIM signatures verified by the worker itself (keys from DNS), and ARC from trusted sealers.</summary>
    Dkim,

    /// <summary>Nothing: the From address is believed. Closed networks only.</summary>
    None,
}

/// <summary>Sender evidence, spam flags and the no-backscatter rule of the inbound decision.</summary>
internal sealed partial class InboundProcessor
{
    /// <summary>Sets the Authentication-Results and policy the sender is judged by.</summary>
    private async Task GatherSenderEvidenceAsync(Decision d, CancellationToken cancellationToken)
    {
        if (d.Vouched || _settings.Mode == SenderAuthenticationMode.None)
        {
            // A released message was vouched for by an operator; with "none" nothing is checked.
            d.AuthenticationResults = [];
            d.Authentication = ReplyAuthenticationSettings.Off;
            return;
        }

        if (_settings.Mode == SenderAuthenticationMode.Dkim)
        {
            // Normally verified before the transaction (VerifySenderAsync); here only for a path that did not.
            d.AuthenticationResults = [d.Verified ?? await VerifyStoredAsync(d, cancellationToken).ConfigureAwait(false)];
            d.Authentication = new ReplyAuthenticationSettings(DkimSenderVerifier.AuthServId, Require: true,
                _settings.Authentication.Alignment);
            return;
        }

        d.AuthenticationResults = d.Mail.HeaderValues("Authentication-Results");
        d.Authentication = _settings.Authentication;
    }

    /// <summary>
    /// With <c>Inbox:Authentication = dkim</c>, the verifier's Authentication-Results for a message that will need
    /// them; null otherwise. Runs outside any transaction: its DNS lookups may take up to the DNS timeout.
    /// </summary>
    private async Task<string?> VerifySenderAsync(Func<Stream> open, InboundMail mail, CancellationToken cancellationToken)
    {
        if (_settings.Mode != SenderAuthenticationMode.Dkim || ReturnPathBounce(mail) is not null)
        {
            return null;
        }

        var auto = _classifier.Classify(mail.Headers);
        if (auto.IsAutomatic || auto.Kind == AutoMailKind.DeliveryStatus || SpamFlag(mail) is not null)
        {
            // Decided without looking at the sender: no DNS lookup.
            return null;
        }

        return await VerifyRawAsync(open(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> VerifyStoredAsync(Decision d, CancellationToken cancellationToken)
    {
        var bytes = await _raw.ReadAsync(d.Connection, d.Transaction, d.Record.Id, d.Record.Sha256, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The raw message of inbound #{d.Record.Id} is not stored.");
        return await VerifyRawAsync(new MemoryStream(bytes, writable: false), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> VerifyRawAsync(Stream raw, CancellationToken cancellationToken)
    {
        var verifier = _dkim ?? throw new InvalidOperationException("Inbox:Authentication is dkim but no DKIM verifier is registered.");
        await using (raw.ConfigureAwait(false))
        {
            return await verifier.VerifyAsync(raw, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Why a rejection must not be sent, or null: only a sender proven by authentication (or, when nothing is checked,
    /// an editor of the prediction) is answered, so a forged From never receives mail from us.
    /// </summary>
    private string? BackscatterReason(Decision d)
    {
        if (d.Vouched || ReplyAuthorizer.IsAuthenticated(d.Mail.From, d.AuthenticationResults, d.Authentication))
        {
            return null;
        }

        var checks = d.Authentication.AuthServId is { Length: > 0 };
        if (!checks && d.Stored is { } stored && d.Mail.From.Count == 1
            && _prompts.MayResolve(stored).Any(e => ReplyAuthorizer.SameAddress(e, d.Mail.From[0])))
        {
            return null;
        }

        return checks
            ? "the sender is not authenticated: rejections go only to authenticated senders"
            : "the sender is not an editor of this prediction: rejections go only to its editors";
    }

    /// <summary>Our server's spam verdict (SpamAssassin, rspamd): such mail is held, never answered.</summary>
    private static string? SpamFlag(InboundMail mail)
    {
        foreach (var value in mail.HeaderValues("X-Spam-Flag"))
        {
            if (value.Trim().StartsWith("yes", StringComparison.OrdinalIgnoreCase))
            {
                return "X-Spam-Flag: " + value.Trim();
            }
        }

        foreach (var value in mail.HeaderValues("X-Spam-Status"))
        {
            if (value.Trim().StartsWith("yes", StringComparison.OrdinalIgnoreCase))
            {
                var text = value.Trim();
                return "X-Spam-Status: " + (text.Length > 80 ? text[..80] + "..." : text);
            }
        }

        return null;
    }
}
